"""Search the way photo people search: --like, --under, --paths and export, each against an
independent oracle on the real photos of the shared index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from segsearch.store.catalogue import Filters


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "segsearch", *args], capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def searcher(built_index: Path):  # type: ignore[no-untyped-def]
    import segsearch

    with segsearch.open_index(built_index) as s:
        yield s


def test_example_search_says_when_no_photo_has_its_main_object(  # type: ignore[no-untyped-def]
        searcher, photo_dir: Path, built_index: Path) -> None:
    """A cat's photo against photos without a cat ranked them by their whole scenes and said nothing
    of it, so that the list read as cats. Where no hit shows the largest object searched, the
    search says so; the oracle is the hits' stored segments of that class (the matching is by
    class, and reads every segment of this small index). A matched main object is not noted."""
    import sqlite3

    from segsearch.classes import CLASS_ID

    with sqlite3.connect(built_index / "index.db") as con:
        def having(name: str) -> set[int]:
            return {i for (i,) in con.execute("select distinct image_id from segments where class_id = ?",
                                              (CLASS_ID[name],))}
        shown = {name: having(name) for name in ("cat", "person")}
    notes = {}
    for photo, where in (("cats/chelsea.png", None), ("cats/chelsea.png", "not cat"), ("astronaut.jpg", None),
                         ("astronaut.jpg", "not person")):
        result = searcher.search_image(photo_dir / "samples" / photo, k=10, where=where)
        main = result.query_objects[0].class_name
        hits = {h.image_id for h in result.hits}
        assert result.hits and main in ("cat", "person")
        assert (result.unmatched[:1] == [1]) == (not hits & shown[main]), (photo, where)
        note = result.unmatched_note()
        assert (note is not None) == (not hits & shown[main])
        assert note is None or note.startswith(f"no photo here has an object like #1 {main}")
        notes[photo, where] = note
    # both kinds of answer are met here: the index's one cat is the query itself, which is left out
    assert notes["astronaut.jpg", None] is None and notes["cats/chelsea.png", None] is not None
    query = str(photo_dir / "samples" / "astronaut.jpg")
    cli = run("search", "--image", query, "--where", "not person", "--index", str(built_index))
    assert cli.returncode == 0 and "note: no photo here has an object like #1 person" in cli.stderr
    assert "note:" not in run("search", "--image", query, "--index", str(built_index)).stderr


def test_like_equals_image_of_the_same_file(searcher, photo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    astronaut = photo_dir / "samples" / "astronaut.jpg"
    like = searcher.like(astronaut, k=10)
    image = searcher.search_image(astronaut, k=10)
    assert [o.class_name for o in like.query_objects] == [o.class_name for o in image.query_objects]
    assert [o.colours for o in like.query_objects] == [o.colours for o in image.query_objects]  # as stored
    assert any(o.colours for o in image.query_objects)
    assert [h.image_id for h in like.hits] == [h.image_id for h in image.hits]
    assert [round(h.score, 4) for h in like.hits] == [round(h.score, 4) for h in image.hits]
    with pytest.raises(Exception, match="not in the index"):
        searcher.like(photo_dir / "no-such.jpg")


def test_under_keeps_exactly_the_photos_under_the_folder(searcher, photo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    everything = searcher.search("person", k=100)
    coco = str(photo_dir / "coco") + os.sep
    scoped = searcher.search("person", k=100, filters=Filters.of(under=photo_dir / "coco"))
    assert [h.image_id for h in scoped] == [h.image_id for h in everything if h.path.startswith(coco)]
    assert scoped and len(scoped) < len(everything)
    # a folder whose name extends another's is not "under" it
    assert not searcher.search("person", k=100, filters=Filters.of(under=str(photo_dir / "co")))
    query_id = next(h.image_id for h in everything if not h.path.startswith(coco))
    example = searcher.search_indexed(query_id, k=50, filters=Filters.of(under=photo_dir / "coco"))
    assert example.hits and all(h.path.startswith(coco) for h in example.hits)
    assert searcher.matching_image_ids("person", filters=Filters.of(under=photo_dir / "samples")) == \
        {h.image_id for h in everything if not h.path.startswith(coco)}


def test_paths_prints_one_path_per_hit(built_index: Path) -> None:
    listed = run("search", "person", "--index", str(built_index), "--paths", "-k", "10")
    as_json = json.loads(run("search", "person", "--index", str(built_index), "--json", "-k", "10").stdout)
    assert listed.returncode == 0 and listed.stdout.splitlines() == [h["path"] for h in as_json]
    assert run("search", "person", "--index", str(built_index), "--paths", "--json").returncode == 2


def test_export_links_the_ranked_results(built_index: Path, tmp_path: Path) -> None:
    out = tmp_path / "picked"
    proc = run("export", "person", str(out), "--index", str(built_index), "-k", "5", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    hits = json.loads(run("search", "person", "--index", str(built_index), "--json", "-k", "5").stdout)
    assert [r["path"] for r in rows] == [h["path"] for h in hits]
    names = sorted(p.name for p in out.iterdir())
    assert names == [Path(r["exported"]).name for r in rows] and names[0].startswith("001-")
    assert all((out / n).is_symlink() and (out / n).resolve() == Path(r["path"]).resolve()
               for n, r in zip(names, rows))
    copied = tmp_path / "copies"
    assert run("export", "person", str(copied), "--index", str(built_index), "-k", "2", "--copy").returncode == 0
    assert all(p.is_file() and not p.is_symlink() for p in copied.iterdir())
    # exporting again keeps the folder as it is (each photo once), links or copies
    for folder, more in ((out, ["-k", "5"]), (copied, ["-k", "2", "--copy"])):
        before = sorted(p.name for p in folder.iterdir())
        again = run("export", "person", str(folder), "--index", str(built_index), *more)
        assert again.returncode == 0 and "note" not in again.stderr, again.stderr
        assert sorted(p.name for p in folder.iterdir()) == before
    # another query's results beside them: said, and nothing of the first is overwritten
    other = run("export", "person", str(out), "--index", str(built_index), "-k", "2", "--copy")
    assert other.returncode == 0 and "also holds 5 other file(s)" in other.stderr, other.stderr
    assert sum(p.is_symlink() for p in out.iterdir()) == 5 and len(list(out.iterdir())) == 7


def test_export_into_a_file_or_where_links_cannot_be_made_is_one_line(built_index: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file given as the folder was "cannot create ...: File exists"; a drive where no link can be
    made (FAT) or a full disk was a traceback. Each is one line, naming how much was written."""
    from segsearch.errors import InputError
    from segsearch.export import export_hits
    from segsearch.search import Searcher
    from segsearch.store import Index

    (tmp_path / "a file").write_text("mine")
    exported = run("export", "person", str(tmp_path / "a file"), "--index", str(built_index))
    assert exported.returncode != 0 and "Traceback" not in exported.stderr
    assert exported.stderr.strip().splitlines() == [f"error: {tmp_path / 'a file'} is a file, not a folder: "
                                                    "give a folder to export into"]
    assert (tmp_path / "a file").read_text() == "mine"
    with Searcher(Index.open(built_index)) as searcher:
        hits = searcher.search("person", k=3)

    def no_links(self: Path, target: Path) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(Path, "symlink_to", no_links)
    with pytest.raises(InputError, match=r"cannot write 001-.* Operation not permitted \(0 photo\(s\) written "
                                         r"before it\); --copy copies the files where links cannot be made"):
        export_hits(hits, tmp_path / "fat")
    assert [path.name[:4] for _, path in export_hits(hits, tmp_path / "copied", copy=True)] == ["001-", "002-", "003-"]


def test_box_query_finds_the_photos_of_the_boxed_thing(searcher, photo_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A composite of a cat (left) and the astronaut (right): boxing the cat finds the indexed cat
    photo first, boxing the astronaut finds people; a box over no object is a region query."""
    from PIL import Image

    from .conftest import skimage_photo

    cat, person = skimage_photo("chelsea"), skimage_photo("astronaut").resize((451, 451))
    canvas = Image.new("RGB", (cat.width + person.width, max(cat.height, person.height)), (128, 128, 128))
    canvas.paste(cat, (0, 0))
    canvas.paste(person, (cat.width, 0))
    query = tmp_path / "both.jpg"
    canvas.save(query, quality=92)
    cats = searcher.search_box(query, (0, 0, cat.width, cat.height), k=5)
    assert [o.class_name for o in cats.query_objects] == ["cat"]
    assert Path(cats.hits[0].path).name == "chelsea.png"
    people = searcher.search_box(query, (cat.width, 0, canvas.width, canvas.height), k=5)
    assert [o.class_name for o in people.query_objects] == ["person"]
    assert people.hits and all(any(m.class_name == "person" for m in h.matches) for h in people.hits)
    region = searcher.search_box(query, (0, canvas.height - 40, 40, canvas.height), k=5)
    assert [o.class_name for o in region.query_objects] == ["region"] and region.hits
    proc = run("search", "--image", str(query), "--box", "0,0,99999,10", "--index", str(searcher.index.directory))
    assert proc.returncode == 1 and "is not inside" in proc.stderr


def test_a_camera_said_keeps_the_photos_its_exif_names(tmp_path: Path) -> None:
    """"photos from my iphone" and "photos from my phone" had searched for phones in the photos,
    and "taken with my canon" been refused ("does not see 'canon'"). The camera's EXIF make and
    model is now recorded, and a camera said where photos are taken with one keeps its photos: real
    photos given the EXIF of two iPhones, a Canon and a Samsung, one given none."""
    import segsearch
    from fastapi.testclient import TestClient
    from PIL import Image

    from segsearch.web import create_app
    from .conftest import pick_photos

    folder = tmp_path / "roll"
    folder.mkdir()
    cameras = {"a.jpg": ("Apple", "iPhone 12"), "b.jpg": ("Apple", "iPhone 8"), "c.jpg": ("Canon", "Canon EOS 80D"),
               "d.jpg": ("samsung", "SM-G991B"), "e.jpg": None}
    for (name, camera), source in zip(cameras.items(), pick_photos(5)):
        exif = Image.Exif()
        if camera:
            exif[0x010F], exif[0x0110] = camera
        Image.open(source).save(folder / name, exif=exif, quality=90)
    index = tmp_path / "idx"
    segsearch.index([folder], index, models="voc")
    with segsearch.open_index(index) as s:
        def names(query: str) -> set[str]:
            return {Path(h.path).name for h in s.search(query, k=10)}

        every = {"a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"}
        assert names("person or not person") == every
        iphones = {"a.jpg", "b.jpg"}
        assert names("photos from my iphone") == names("shot on an iphone") == names("iphone pics") == iphones
        assert names("pictures taken with my canon") == names("canon") == {"c.jpg"}
        assert names("my samsung photos") == names("galaxy photos") == {"d.jpg"}
        assert names("photos from my phone") == names("pics on my mobile") == {"a.jpg", "b.jpg", "d.jpg"}
        assert names("(person or not person) on my iphone or my canon") == {"a.jpg", "b.jpg", "c.jpg"}
        people = names("people")
        assert names("people shot on my iphone") == people & {"a.jpg", "b.jpg"}
        assert names("gopro videos") == set()
        # each hit says its camera, as read (lower case, the make once), and so does the web page's view
        hits = {Path(h.path).name: h for h in s.search("person or not person", k=10)}
    assert {name: hit.camera for name, hit in hits.items()} == {
        "a.jpg": "apple iphone 12", "b.jpg": "apple iphone 8", "c.jpg": "canon eos 80d", "d.jpg": "samsung sm-g991b",
        "e.jpg": None}
    with TestClient(create_app(index)) as client:
        for hit in hits.values():
            info = client.get(f"/api/images/{hit.image_id}").json()
            assert (info["camera"], info["taken"], info["taken_from"]) == (hit.camera, hit.when_taken(), "file")
    run_ = run("search", "photos from my iphone", "--index", str(index))
    assert "takes 'from my iphone' as the camera that took the photos" in run_.stderr
    # each line names the camera that took it where the search says a camera
    lines = [line for line in run_.stdout.splitlines() if line.strip()[:2].rstrip(".").isdigit()]
    assert sorted(line.rsplit("(", 1)[1] for line in lines) == ["apple iphone 12)", "apple iphone 8)"]
    assert "(" not in run("search", "person or not person", "--index", str(index)).stdout.replace("(voc)", "")


def test_date_filters_use_exif_time_else_the_file_time(tmp_path: Path) -> None:
    """Photos taken 2019-07-04 and 2021-12-24 (EXIF), one without EXIF whose file time is
    2020-05-01 and one whose file time is now: each window returns exactly the photos taken in
    it, and says where the time came from."""
    import segsearch
    from PIL import Image

    from .conftest import pick_photos

    folder = tmp_path / "trip"
    folder.mkdir()
    photos = pick_photos(5)[:3]
    dated = {"summer.jpg": "2019:07:04 10:00:00", "xmas.jpg": "2021:12:24 18:30:00"}
    for (name, when), source in zip(dated.items(), photos):
        img = Image.open(source)
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = when
        img.save(folder / name, exif=exif, quality=90)
    Image.open(photos[2]).save(folder / "plain.jpg", quality=90)
    Image.open(photos[2]).rotate(90, expand=True).save(folder / "new.jpg", quality=90)  # its file time: now
    import datetime

    file_time = datetime.datetime(2020, 5, 1, 12, tzinfo=datetime.timezone.utc).timestamp()
    os.utime(folder / "plain.jpg", (file_time, file_time))
    index = tmp_path / "idx"
    segsearch.index([folder], index, models="voc")
    every = "person or not person"

    def names(*args: str, query: str = every) -> dict[str, str]:
        proc = run("search", query, "--index", str(index), "--json", *args)
        assert proc.returncode == 0, proc.stderr
        return {Path(h["path"]).name: h["taken_from"] for h in json.loads(proc.stdout)}

    assert names() == {"summer.jpg": "exif", "xmas.jpg": "exif", "plain.jpg": "file", "new.jpg": "file"}
    assert names("--taken-after", "2020-01-01") == {"xmas.jpg": "exif", "plain.jpg": "file", "new.jpg": "file"}
    assert names("--taken-before", "2020-01-01") == {"summer.jpg": "exif"}
    assert names("--taken-after", "2019-07-04", "--taken-before", "2019-07-05") == {"summer.jpg": "exif"}
    assert names("--taken-after", "2019-07-04T10:01") == {"xmas.jpg": "exif", "plain.jpg": "file", "new.jpg": "file"}
    # a year in the words is when the photos were taken, narrowing the date filters
    assert names(query=f"({every}) 2021") == {"xmas.jpg": "exif"}
    assert names(query=f"({every}) from 2019 to 2020") == {"summer.jpg": "exif", "plain.jpg": "file"}
    assert names("--taken-after", "2019-07-05", query=f"({every}) 2019 2020") == {"plain.jpg": "file"}
    # so are days counted back from today
    assert names(query=f"({every}) this year") == {"new.jpg": "file"}
    assert names(query=f"({every}) from 2021 to this year") == {"xmas.jpg": "exif", "new.jpg": "file"}
    assert names(query=f"({every}) last year") == {}
    assert names(query="photos from 2021") == {"xmas.jpg": "exif"}  # a date alone: every photo taken then
    alone = run("search", "photos from 2019 to this year", "--index", str(index), "--json")
    assert [Path(h["path"]).name for h in json.loads(alone.stdout)] == \
        ["new.jpg", "xmas.jpg", "plain.jpg", "summer.jpg"]  # dates alone rank by date, newest first
    listed = run("search", "photos from 2019 to 2021", "--index", str(index)).stdout.splitlines()
    assert [line.split()[1:] for line in listed[1:]] == [["2021-12-24", str(folder / "xmas.jpg")],
                                                         ["2020-05-01", str(folder / "plain.jpg")],
                                                         ["2019-07-04", str(folder / "summer.jpg")]]  # their days
    noted = run("search", f"({every}) 2021", "--index", str(index))
    assert "takes '2021' as when the photos were taken" in noted.stderr
    # order words alone ask for every photo by date: "recent" newest first, "old" oldest first
    for words, order in (("recent photos", ["new.jpg", "xmas.jpg", "plain.jpg", "summer.jpg"]),
                         ("my oldest pictures", ["summer.jpg", "plain.jpg", "xmas.jpg", "new.jpg"]),
                         ("old photos from 2019 to 2021", ["summer.jpg", "plain.jpg", "xmas.jpg"])):
        ranked = run("search", words, "--index", str(index), "--json")
        assert [Path(h["path"]).name for h in json.loads(ranked.stdout)] == order, words
    # before a word for photos they order what a query finds
    everyone = f"({every})"
    for words, order in ((f"recent photos of {everyone}", ["new.jpg", "xmas.jpg", "plain.jpg", "summer.jpg"]),
                         (f"old pictures of {everyone}", ["summer.jpg", "plain.jpg", "xmas.jpg", "new.jpg"])):
        ranked = run("search", words, "--index", str(index), "--json")
        assert [Path(h["path"]).name for h in json.loads(ranked.stdout)] == order, words
    shown = run("search", "old photos", "--index", str(index))
    assert shown.stdout.splitlines()[1].split()[1] == "2019-07-04"  # its day, not a score
    assert "takes 'old' as the order of the photos, oldest first" in shown.stderr
    sheet = tmp_path / "old.html"  # the contact sheet says the days too
    assert run("search", "old photos", "--index", str(index), "--contact-sheet", str(sheet)).returncode == 0
    assert "1. taken 2019-07-04<br>" in sheet.read_text() and "score" not in sheet.read_text()
    assert "as the order" not in run("search", "old people", "--index", str(index)).stderr  # a look of people
    bad = run("search", every, "--index", str(index), "--taken-after", "last tuesday")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_png_contact_sheet_is_sized_to_the_hits_and_marks_missing_files(searcher, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from PIL import Image

    from segsearch.render import CAPTION_HEIGHT, GAP, THUMB_SIZE, contact_sheet

    hits = searcher.search("person", k=2)
    gone = replace(hits[1], path=str(tmp_path / "deleted-since.jpg"))
    sheet = Image.open(contact_sheet([hits[0], gone], tmp_path / "two.png", "people"))
    assert sheet.size == (2 * (THUMB_SIZE + GAP) + GAP, 28 + THUMB_SIZE + CAPTION_HEIGHT + 2 * GAP)
    # the second tile is the marked "missing" tile: its red border, not a photo
    x0, y0 = GAP + THUMB_SIZE + GAP, 28 + GAP
    import numpy as np

    tile = np.asarray(sheet.crop((x0, y0, x0 + THUMB_SIZE, y0 + THUMB_SIZE)).convert("RGB")).astype(int)
    reds = int(((tile[..., 0] > 150) & (tile[..., 1] < 90) & (tile[..., 2] < 90)).sum())
    assert reds > 500
    one = Image.open(contact_sheet(hits[:1], tmp_path / "one.png", "people"))
    assert one.width == THUMB_SIZE + 2 * GAP


def test_default_example_ranking_adds_scene_similarity_to_object_matches(searcher) -> None:  # type: ignore[no-untyped-def]
    """The default score of every hit is its object score plus SCENE_WEIGHT x its whole-image
    similarity, each computed by the pure modes (an oracle from the parts)."""
    from segsearch.search import SCENE_WEIGHT

    query = searcher.search("person", k=1)[0].image_id
    combined = searcher.search_indexed(query, k=8).hits
    objects = {h.image_id: h.score for h in searcher.search_indexed(query, k=100, mode="objects").hits}
    scene = {h.image_id: h.score for h in searcher.search_indexed(query, k=100, mode="scene").hits}
    for hit in combined:
        expected = objects.get(hit.image_id, 0.0) + SCENE_WEIGHT * max(scene[hit.image_id], 0.0)
        assert hit.score == pytest.approx(expected, abs=1e-5)
    assert [h.score for h in combined] == sorted((h.score for h in combined), reverse=True)
    with pytest.raises(Exception, match="unknown example-search mode"):
        searcher.search_indexed(query, mode="vibes")


def test_several_example_photos_all_or_any(searcher, photo_dir: Path, built_index: Path) -> None:  # type: ignore[no-untyped-def]
    """--all keeps the photos that are matches of every query photo (an intersection of the single
    searches' candidates, scores added); --any is the union with the best score."""
    a, b = photo_dir / "samples" / "astronaut.jpg", photo_dir / "samples" / "cats" / "chelsea.png"
    pool = 100
    single = [{h.image_id: h.score for h in searcher.search_image(p, k=pool).hits} for p in (a, b)]
    both = searcher.search_images([a, b], k=10)
    assert {h.image_id for h in both.hits} <= set(single[0]) & set(single[1])
    for hit in both.hits:
        assert hit.score == pytest.approx(single[0][hit.image_id] + single[1][hit.image_id], abs=1e-5)
    either = searcher.search_images([a, b], k=10, require_all=False)
    for hit in either.hits:
        assert hit.score == pytest.approx(max(s.get(hit.image_id, 0.0) for s in single), abs=1e-5)
    # each hit says what every query photo matched in it, by the objects' numbers across the photos
    # (the matches of the second photo's searches were dropped, or named the first photo's objects)
    # (here the cat's photo first: the index's one cat is itself, so every match is the astronaut's)
    alone = [{h.image_id: h.matches for h in searcher.search_image(p, k=pool).hits} for p in (b, a)]
    first = len(searcher.search_image(b, k=1).query_objects)
    either = searcher.search_images([b, a], k=10, require_all=False)
    assert [o.number for o in either.query_objects] == list(range(1, len(either.query_objects) + 1))
    for result in (searcher.search_images([b, a], k=10), either):
        for hit in result.hits:
            expected = [(m.query_object + shift, m.segment_id) for shift, matches in zip((0, first), alone)
                        for m in matches.get(hit.image_id, [])]
            assert sorted((m.query_object, m.segment_id) for m in hit.matches) == sorted(expected)
            for m in hit.matches:
                assert result.query_objects[m.query_object - 1].class_name == m.class_name
    assert any(m.query_object > first for h in either.hits for m in h.matches)
    # and says which photo's main object no result shows: the cat (only itself), not the person
    assert either.unmatched[:1] == [1] and first + 1 not in either.unmatched
    assert either.unmatched_note().startswith("no photo here has an object like #1 cat")
    proc = run("search", "--image", str(b), "--image", str(a), "--any", "--index", str(built_index), "-k", "3")
    assert proc.returncode == 0 and "note: no photo here has an object like #1 cat" in proc.stderr
    proc = run("search", "--image", str(a), "--image", str(b), "--index", str(built_index), "--json", "-k", "3")
    assert proc.returncode == 0 and [h["image_id"] for h in json.loads(proc.stdout)] == [h.image_id for h in both.hits[:3]]
    assert run("search", "--image", str(a), "--any", "--index", str(built_index)).returncode == 2


def test_a_ginger_cat_is_found_by_the_words_people_use_for_its_coat(searcher) -> None:  # type: ignore[no-untyped-def]
    """chelsea's ginger coat is dull and shaded, which the pixel rule names brown (measured: brown
    is the one colour describing its cat segment); "an orange cat" and "a ginger cat" find it as
    "a brown cat" does, and show it as brown (what the pixels are); other colours do not."""
    from segsearch.colours import describing

    def found(query: str) -> dict[str, list[str | None]]:
        return {Path(h.path).name: [m.colour for m in h.matches] for h in searcher.search(query, k=100)}

    for query in ("a brown cat", "an orange cat", "a ginger cat", "orange cats", "a cat that is ginger"):
        assert found(query).get("chelsea.png") == ["brown"], query
    for query in ("a black cat", "a white cat", "a blue cat", "an orange person", "a ginger dog"):
        assert "chelsea.png" not in found(query), query
    hit = next(h for h in searcher.search("cat", k=100) if Path(h.path).name == "chelsea.png")
    colours = searcher.index.segment_colours([m.segment_id for m in hit.matches])
    assert [describing(c) for c in colours.values()] == [["brown"]]


def _upright_shape(path: Path) -> tuple[int, int]:
    from PIL import Image, ImageOps

    with Image.open(path) as img:
        return ImageOps.exif_transpose(img).size


def test_shape_words_keep_the_photos_of_that_shape(searcher, photo_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"vertical photos", "horizontal photos of people", "panoramas": the photos of that shape as
    their files say once turned upright (the oracle: Pillow's size after EXIF orientation), of the
    rest of the query's matches; a photo stored sideways with an EXIF turn counts as it is seen."""
    import segsearch
    from PIL import Image

    from .conftest import pick_photos

    def found(s, query: str) -> set[str]:  # type: ignore[no-untyped-def]
        return {Path(h.path).name for h in s.search(query, k=100)}

    every = {p.name: _upright_shape(p) for p in photo_dir.rglob("*") if p.is_file()}
    vertical = {n for n, (w, h) in every.items() if h > w}
    horizontal = {n for n, (w, h) in every.items() if w > h}
    assert vertical and horizontal and len(vertical | horizontal) < len(every)  # a square photo is neither
    assert found(searcher, "vertical photos") == found(searcher, "vertical") == vertical
    assert found(searcher, "horizontal photos of people") == found(searcher, "people") & horizontal
    assert found(searcher, "a vertical photo of a person") == found(searcher, "people") & vertical
    assert found(searcher, "panoramas") == set()
    square = {n for n, (w, h) in every.items() if max(w, h) <= 1.02 * min(w, h)}
    assert "astronaut.jpg" in square and found(searcher, "square photos") == square
    assert found(searcher, "photos in portrait orientation") == vertical

    folder = tmp_path / "shapes"
    folder.mkdir()
    source = Image.open(pick_photos(1)[0]).convert("RGB")
    w, h = source.size
    source.crop((0, h // 4, w, h // 4 + w // 5 * 2)).save(folder / "wide.jpg", quality=90)  # 5:2
    source.crop((0, 0, h // 3, h)).save(folder / "tall.jpg", quality=90)  # 1:3, a vertical panorama
    source.crop((0, 0, w, w * 11 // 20)).save(folder / "sixteen-nine.jpg", quality=90)  # 1.82: no panorama
    exif = Image.Exif()
    exif[0x0112] = 6  # stored wider than tall, seen turned a quarter: taller than wide
    source.save(folder / "turned.jpg", exif=exif, quality=90)
    segsearch.index([folder], tmp_path / "idx", models="voc")
    with segsearch.open_index(tmp_path / "idx") as shapes:
        assert found(shapes, "panoramas") == found(shapes, "panoramic photos") == {"wide.jpg", "tall.jpg"}
        assert found(shapes, "vertical photos") == {"tall.jpg", "turned.jpg"}
        assert found(shapes, "horizontal") == {"wide.jpg", "sixteen-nine.jpg"}
        # a shape said negated: every other photo ("not vertical": the 5:2 and 16:9 crops)
        assert found(shapes, "not vertical photos") == {"wide.jpg", "sixteen-nine.jpg"}
        assert found(shapes, "no panoramas") == {"sixteen-nine.jpg", "turned.jpg"}


def test_a_search_that_finds_nothing_says_what_each_condition_finds_alone(  # type: ignore[no-untyped-def]
        searcher, built_index: Path) -> None:
    """"people on the beach" found nothing and said only "no matching images", leaving the user to
    guess which word no photo answers. Each condition alone is now counted (the oracle: the same
    word searched alone), and the CLI, the API and the page say so."""
    import itertools

    from fastapi.testclient import TestClient

    from segsearch.search import Apart
    from segsearch.vocabulary import plural_forms
    from segsearch.web import create_app

    words = ["person", "dog", "cat", "car", "bus", "sofa", "train", "horse", "bird", "bottle", "chair", "boat",
             "bicycle", "airplane", "sheep", "cow"]  # the fixture's index is the VOC network's
    found = {w: searcher.matching_image_ids(w) for w in words}
    a, b = next((a, b) for a, b in itertools.combinations(words, 2)
                if found[a] and found[b] and not searcher.search(f"{a} and {b}"))
    assert searcher.found_apart(f"{a} and {b}") == [Apart(a, len(found[a]), True), Apart(b, len(found[b]), True)]
    counted = searcher.found_apart(f"at least 2 {plural_forms(a)[0]} and no {b} and (cat or dog) and car > 1%")
    assert [part.said for part in counted] == [f"at least 2 {plural_forms(a)[0]}", f"no {b}", "cat or dog", "car > 1%"]
    # each condition said is words that search for it: searched alone, the same photos
    assert all(part.photos == len(searcher.matching_image_ids(part.said)) for part in counted)
    assert searcher.found_apart(f"{a} before 1990") == [Apart(a, len(found[a]), True),
                                                       Apart("photos taken up to 1989-12-31", 0, False)]
    assert searcher.found_apart(a) == [] and searcher.found_apart("photos from 1990") == []  # one condition
    # a count no photo meets said alone ("two dogs": no matching images, and not a word of the 7
    # photos of a dog) comes with the thing alone; a count that allows none of it ("fewer than 50")
    # is not narrower than the thing, and a part that finds photos needs no more said
    many = f"at least 50 {plural_forms(a)[0]}"
    assert searcher.found_apart(many) == [Apart(many, 0, True, Apart(a, len(found[a]), True))]
    assert searcher.found_apart(f"{many} and {b}") == [Apart(many, 0, True, Apart(a, len(found[a]), True)),
                                                       Apart(b, len(found[b]), True)]
    assert searcher.found_apart(f"fewer than 50 {plural_forms(a)[0]}") == []
    photos = {n: "none" if n == 0 else "1 photo" if n == 1 else f"{n} photos" for n in (len(found[a]), len(found[b]))}
    said = f"no photo has all of them; alone: {a} in {photos[len(found[a])]}, {b} in {photos[len(found[b])]}"
    cli = run("search", f"{a} and {b}", "--index", str(built_index))
    assert cli.returncode == 0 and "no matching images" in cli.stdout and said in cli.stderr
    exported = run("export", f"big {a} and {b}", str(built_index.parent / "none"), "--index", str(built_index))
    assert exported.returncode == 0 and said in exported.stderr and "does not see 'big'" in exported.stderr
    with TestClient(create_app(built_index)) as client:
        body = client.get("/api/search", params={"q": f"{a} and {b}"}).json()
        assert body["hits"] == [] and body["apart_note"] == said
        assert body["apart"] == [{"said": a, "photos": len(found[a]), "searchable": True},
                                 {"said": b, "photos": len(found[b]), "searchable": True}]
        assert "apart" not in client.get("/api/search", params={"q": a}).json()
        body = client.get("/api/search", params={"q": many}).json()
        assert body["apart"] == [{"said": many, "photos": 0, "searchable": True,
                                  "broader": {"said": a, "photos": len(found[a]), "searchable": True}}]
        assert body["apart_note"] == f"{many} in none ({a} in {photos[len(found[a])]})"
    cli = run("search", many, "--index", str(built_index))
    assert cli.returncode == 0 and f"note: {many} in none ({a} in {photos[len(found[a])]})" in cli.stderr


def test_the_most_of_a_thing_ranks_the_photos_by_how_many_of_it_they_show(three_network_index: Path) -> None:
    """"the photo with the most people" finds the photos of people, most people first: each hit's
    count is that of the photo's stored segments (the detector's boxes where it boxed any, else 1
    where a segmentation found some: regions are no count of people), the counts never rise down the list (never fall for
    "the fewest"), the score breaks ties, pages continue the order, and the command line and the
    API say the order and each count."""
    from collections import Counter

    import segsearch
    from fastapi.testclient import TestClient

    from segsearch.web import create_app

    with segsearch.open_index(three_network_index) as s:
        ids = {net: s.index.space.label_id(net, "person") for net in ("voc", "ade20k", "coco")}
        people = s.search("people", k=100)
        per = Counter((seg.image_id, seg.class_id) for seg in
                      s.index.segments_of_labels([h.image_id for h in people], list(ids.values())))

        def counted(image_id: int) -> int:  # the oracle, from the segments
            return per[(image_id, ids["coco"])] or min(1, max(per[(image_id, ids["voc"])], per[(image_id, ids["ade20k"])]))

        most, fewest = s.search("the photo with the most people", k=100), s.search("the fewest people", k=100)
        for ranked in (most, fewest):
            assert sorted(h.path for h in ranked) == sorted(h.path for h in people) and len(people) >= 10
            assert [h.count for h in ranked] == [counted(h.image_id) for h in ranked]
            assert all(h.count >= 1 for h in ranked)  # each shows people, boxed or not
        assert [h.count for h in most] == sorted((h.count for h in most), reverse=True) and most[0].count >= 10
        assert [h.count for h in fewest] == sorted(h.count for h in fewest)
        for a, b in zip(most, most[1:]):
            assert a.count > b.count or a.score >= b.score  # ties: the more prominent first
        assert [h.path for h in s.search("the most people", k=4, offset=3)] == [h.path for h in most[3:7]]
        assert [h.path for h in s.search("people", k=100)] == [h.path for h in people]  # by score, as before
        assert all(h.count is None for h in people)
        # what is counted is what the query searches for: cars on the road, most cars first
        cars = s.search("the picture with the most cars on the road", k=100)
        assert cars and [h.count for h in cars] == sorted((h.count for h in cars), reverse=True)
        assert {h.path for h in cars} == {h.path for h in s.search("cars on the road", k=100)}
    shown = run("search", "the photo with the most people", "--index", str(three_network_index), "-k", "3")
    assert shown.returncode == 0, shown.stderr
    assert "takes 'most' as the order of the photos, most people first" in shown.stderr
    assert shown.stdout.splitlines()[1].split()[1] == f"×{most[0].count}"  # its count, not a score
    with TestClient(create_app(three_network_index)) as client:
        body = client.get("/api/search", params={"q": "the fewest people", "k": 5}).json()
    assert (body["order"], body["counted"]) == ("fewest", "people")
    assert [h["count"] for h in body["hits"]] == [h.count for h in fewest[:5]]
    assert body["note"] == "segsearch takes 'fewest' as the order of the photos, fewest people first"
