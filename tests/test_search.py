"""Search on an index built from real photos, checked against the SQLite rows independently."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from segsearch.classes import CLASS_ID
from segsearch.errors import InputError
from segsearch.search import Searcher
from segsearch.store import Index


def stored_counts(index_dir: Path) -> tuple[dict[int, dict[str, tuple[int, float]]], dict[int, str]]:
    """image id → class → (segments, total area), read straight from the segments table."""
    con = sqlite3.connect(index_dir / "index.db")
    names = {v: k for k, v in CLASS_ID.items()}
    per_image: dict[int, dict[str, tuple[int, float]]] = defaultdict(dict)
    for image_id, cls, n, area in con.execute(
            "select image_id, class_id, count(*), sum(area) from segments group by image_id, class_id"):
        per_image[image_id][names[cls]] = (n, area)
    paths = dict(con.execute("select id, path from images where status = 'indexed'"))
    return per_image, paths


@pytest.fixture(scope="module")
def searcher(built_index: Path):
    with Searcher(Index.open(built_index)) as s:
        yield s


def count(c: dict[str, tuple[int, float]], name: str) -> int:
    return c.get(name, (0, 0.0))[0]


def area(c: dict[str, tuple[int, float]], name: str) -> float:
    return c.get(name, (0, 0.0))[1]


PREDICATES = {
    "person": lambda c: count(c, "person") >= 1,
    "person and not dog": lambda c: count(c, "person") >= 1 and count(c, "dog") == 0,
    "at least 2 people": lambda c: count(c, "person") >= 2,
    "exactly 1 person": lambda c: count(c, "person") == 1,
    "dog or cat": lambda c: count(c, "dog") + count(c, "cat") >= 1,
    "person > 20%": lambda c: area(c, "person") > 0.20,
    "not person": lambda c: count(c, "person") == 0,
    "(cat or dog) and not person": lambda c: (count(c, "dog") + count(c, "cat")) >= 1 and count(c, "person") == 0,
}


@pytest.mark.parametrize("query", sorted(PREDICATES))
def test_class_query_returns_exactly_the_satisfying_images(searcher: Searcher, built_index: Path, query: str) -> None:
    per_image, paths = stored_counts(built_index)
    expected = {paths[i] for i in paths if PREDICATES[query](per_image.get(i, {}))}
    hits = searcher.search(query, k=1000)
    assert {h.path for h in hits} == expected
    assert len(hits) == len(expected)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_query_results_are_not_trivial(searcher: Searcher) -> None:
    assert len(searcher.search("person", k=1000)) >= 5
    assert 0 < len(searcher.search("at least 2 people", k=1000)) < len(searcher.search("person", k=1000))


def test_ranking_is_by_prominence_and_matches_name_the_classes(searcher: Searcher) -> None:
    hits = searcher.search("person", k=3)
    assert len(hits) == 3
    assert hits[0].score >= hits[1].score >= hits[2].score > 0
    for hit in hits:
        assert hit.matches and {m.class_name for m in hit.matches} == {"person"}
        total = sum(m.area for m in hit.matches)
        assert hit.score <= total + 1e-6


def test_example_search_ranks_person_photos_above_cat_photos(searcher: Searcher, photo_dir: Path, built_index: Path) -> None:
    per_image, paths = stored_counts(built_index)
    query = photo_dir / "samples" / "astronaut.jpg"
    result = searcher.search_image(query, k=30, any_class=True)
    assert result.query_objects and result.query_objects[0].class_name == "person"
    ranked = [h.path for h in result.hits]
    assert str(query) not in ranked  # the query itself is excluded
    person_ranks = [i for i, h in enumerate(result.hits) if count(per_image[h.image_id], "person")]
    cat_ranks = [i for i, h in enumerate(result.hits) if count(per_image[h.image_id], "cat") and not count(per_image[h.image_id], "person")]
    assert person_ranks and cat_ranks
    assert max(person_ranks[:5]) < min(cat_ranks)
    top = result.hits[0]
    assert top.matches[0].query_object == 1 and top.matches[0].class_name == "person"
    assert 0 < top.matches[0].similarity <= 1.0


def test_example_search_same_class_by_default_and_where_filter(searcher: Searcher, photo_dir: Path) -> None:
    query = photo_dir / "samples" / "cats" / "chelsea.png"
    result = searcher.search_image(query, k=10)
    assert result.query_objects[0].class_name == "cat"
    assert all(m.class_name == "cat" for h in result.hits for m in h.matches)
    filtered = searcher.search_image(photo_dir / "samples" / "astronaut.jpg", k=50, where="not dog")
    assert filtered.hits
    dog_images = {h.path for h in searcher.search("dog", k=1000)}
    assert not dog_images & {h.path for h in filtered.hits}


def test_object_selection_and_bad_object_number(searcher: Searcher, photo_dir: Path) -> None:
    query = photo_dir / "samples" / "astronaut.jpg"
    one = searcher.search_image(query, k=5, object_number=1)
    assert all(m.query_object == 1 for h in one.hits for m in h.matches)
    with pytest.raises(InputError, match="does not exist"):
        searcher.search_image(query, object_number=99)


def test_whole_image_fallback_when_the_query_has_no_object(searcher: Searcher, tmp_path: Path) -> None:
    from PIL import Image

    blank = tmp_path / "sky.png"
    Image.new("RGB", (300, 200), (135, 180, 235)).save(blank)
    result = searcher.search_image(blank, k=5)
    assert result.whole_image and not result.query_objects
    assert len(result.hits) == 5 and all(not h.matches for h in result.hits)


def test_more_like_an_indexed_image_uses_its_stored_segments(searcher: Searcher, photo_dir: Path) -> None:
    astronaut = str(photo_dir / "samples" / "astronaut.jpg")
    image_id = next(i for p, i in searcher.index.file_states().items() if p.decode() == astronaut).image_id
    stored = searcher.search_indexed(image_id, k=5)
    fresh = searcher.search_image(astronaut, k=5)
    assert all(h.image_id != image_id for h in stored.hits)  # the image itself is left out
    assert [o.class_name for o in stored.query_objects] == [o.class_name for o in fresh.query_objects]
    assert [h.path for h in stored.hits] == [h.path for h in fresh.hits]  # same model, same segments
    with pytest.raises(InputError, match="no indexed image"):
        searcher.search_indexed(10**9)


@pytest.mark.parametrize("query", sorted(PREDICATES))
def test_top_k_pages_agree_with_the_full_ranking(searcher: Searcher, query: str) -> None:
    full = [(h.path, round(h.score, 6)) for h in searcher.search(query, k=1000)]
    scores = [s for _, s in full]
    assert scores == sorted(scores, reverse=True)  # most prominent first
    for k, offset in ((1, 0), (3, 0), (2, 1), (5, 3)):
        page = [(h.path, round(h.score, 6)) for h in searcher.search(query, k=k, offset=offset)]
        assert page == full[offset:offset + k]
