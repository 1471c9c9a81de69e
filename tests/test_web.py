"""The HTTP API through the framework's test client, and the page in headless Chromium, against an
index built from real photos."""

from __future__ import annotations

import io
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

import segsearch
from segsearch.web import create_app


@pytest.fixture(scope="module")
def client(built_index: Path):
    with TestClient(create_app(built_index, max_upload_bytes=2 * 1024 * 1024)) as c:
        yield c


def test_class_query_api_matches_the_python_api(client: TestClient, built_index: Path) -> None:
    from segsearch.search import Searcher
    from segsearch.store import Index

    body = client.get("/api/search", params={"q": "person and not dog", "k": 5}).json()
    with Searcher(Index.open(built_index)) as s:
        expected = [h.as_dict() for h in s.search("person and not dog", k=5)]
    assert body["hits"] == expected and len(expected) == 5 and body["order"] == "score"
    assert body["read_as"] == "person and no dog"  # how the words were read (`query.parser.reading`)
    assert client.get("/api/search", params={"q": "people", "k": 1}).json()["read_as"] is None
    # dates or looks alone rank by when the photos were taken, and say so
    every = client.get("/api/search", params={"q": "photos from 2000 to this year", "k": 5}).json()
    taken = [h["taken"] for h in every["hits"]]
    assert every["order"] == "newest" and len(taken) == 5 and taken == sorted(taken, reverse=True)
    oldest = client.get("/api/search", params={"q": "my oldest photos", "k": 5}).json()
    taken = [h["taken"] for h in oldest["hits"]]
    assert oldest["order"] == "oldest" and len(taken) == 5 and taken == sorted(taken)
    assert oldest["note"] == "segsearch takes 'oldest' as the order of the photos, oldest first"
    page2 = client.get("/api/search", params={"q": "person and not dog", "k": 5, "offset": 5}).json()["hits"]
    assert not {h["image_id"] for h in page2} & {h["image_id"] for h in expected}
    assert "ignored" not in body
    # a describing word no network sees: the same hits as without it, and a note naming it
    tall = client.get("/api/search", params={"q": "tall person and not dog", "k": 5}).json()
    assert tall["hits"] == expected and tall["ignored"] == ["tall"] and "'tall'" in tall["note"]
    # typed as a question, with a word the vocabulary does not know and nothing in it is near
    asked = client.get("/api/search", params={"q": "What photos have a person with xylophones, but no dog?", "k": 5}).json()
    assert asked["hits"] == expected and asked["ignored"] == ["xylophones"] and "does not know 'xylophones'" in asked["note"]
    assert "`" not in asked["note"]  # in web wording, as the errors
    # a kind no network tells apart: the hits of the whole it is searched as, and a note saying so
    kind = client.get("/api/search", params={"q": "a tall squirrel", "k": 5}).json()
    assert kind["hits"] and kind["hits"] == client.get("/api/search", params={"q": "an animal", "k": 5}).json()["hits"]
    assert kind["broadened"] == [{"word": "squirrel", "concept": "animal"}] and kind["ignored"] == ["tall"]
    assert "'tall'" in kind["note"] and "no network tells 'squirrel' from other animals" in kind["note"]
    assert "broadened" not in body


def test_bad_queries_are_one_line_400s(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "car and dgo"})  # a slip from dog: an error, not left out
    assert r.status_code == 400 and "did you mean 'dog'" in r.json()["error"] and "\n" not in r.json()["error"]
    assert r.json()["did_you_mean"] == {"typed": "dgo", "meant": "dog"}  # for the page's corrected query
    assert "did_you_mean" not in client.get("/api/search", params={"q": "(car"}).json()
    unicorn = client.get("/api/search", params={"q": "car and unicorn"})  # far from every word: left out, named
    assert unicorn.status_code == 200 and unicorn.json()["ignored"] == ["unicorn"]
    assert client.get("/api/search", params={"q": "(car"}).status_code == 400
    assert client.get("/api/search").status_code == 422


def test_example_upload_lists_objects_and_ranks_people_first(client: TestClient, photo_dir: Path) -> None:
    data = (photo_dir / "samples" / "astronaut.jpg").read_bytes()
    r = client.post("/api/search/image", files={"file": ("q.jpg", data, "image/jpeg")}, data={"k": "5"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query_objects"][0]["class"] == "person" and not body["whole_image"]
    assert all(h["path"] != str(photo_dir / "samples" / "astronaut.jpg") for h in body["hits"])  # itself left out
    assert all(m["class"] == "person" for h in body["hits"] for m in h["matches"])
    one = client.post("/api/search/image", files={"file": ("q.jpg", data, "image/jpeg")},
                      data={"k": "5", "object": "1"}).json()
    assert all(m["query_object"] == 1 for h in one["hits"] for m in h["matches"])
    # the person matched: nothing noted; where no photo can show one, the API says so
    assert "unmatched" not in body and "unmatched_note" not in body
    none = client.post("/api/search/image", files={"file": ("q.jpg", data, "image/jpeg")},
                       data={"k": "5", "where": "no person"}).json()
    assert none["hits"] and none["unmatched"][:1] == [1]
    assert none["unmatched_note"].startswith("no photo here has an object like #1 person")


def test_uploads_are_checked_and_never_indexed(client: TestClient) -> None:
    before = client.get("/api/stats").json()["images"]
    r = client.post("/api/search/image", files={"file": ("x.jpg", b"not an image", "image/jpeg")})
    assert r.status_code == 400 and "cannot use" in r.json()["error"]
    big = client.post("/api/search/image", files={"file": ("big.jpg", b"\xff" * (3 * 1024 * 1024), "image/jpeg")})
    assert big.status_code == 413
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (90, 120, 200)).save(buf, "PNG")
    plain = client.post("/api/search/image", files={"file": ("sky.png", buf.getvalue(), "image/png")}).json()
    assert plain["whole_image"] is True and plain["query_objects"] == []
    assert client.get("/api/stats").json()["images"] == before
    assert "index" not in client.get("/api/stats").json()  # no server paths leak to the page


def test_images_thumbnails_masks_and_more_like_this(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "person", "k": 1}).json()["hits"][0]
    info = client.get(f"/api/images/{hit['image_id']}").json()
    assert info["path"] == hit["path"] and info["segments"][0]["class"]
    # each segment says what colours describe it, as the search's matches of it do
    colours = {s["segment_id"]: s["colours"] for s in info["segments"]}
    assert all(isinstance(c, list) for c in colours.values()) and any(colours.values())
    assert all(colours[m["segment_id"]] == m["colours"] for m in hit["matches"])
    thumb = client.get(f"/api/images/{hit['image_id']}/thumb", params={"size": 300})
    assert thumb.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320
    full = client.get(f"/api/images/{hit['image_id']}/file")
    assert full.status_code == 200 and full.content == Path(hit["path"]).read_bytes()
    seg = info["segments"][0]
    mask = Image.open(io.BytesIO(client.get(f"/api/segments/{seg['segment_id']}/mask.png").content))
    assert mask.mode == "RGBA" and max(mask.size) <= 64
    similar = client.get(f"/api/images/{hit['image_id']}/similar", params={"object": 1, "k": 3}).json()
    assert similar["hits"] and all(h["image_id"] != hit["image_id"] for h in similar["hits"])


def test_nothing_outside_the_index_is_reachable(client: TestClient) -> None:
    assert client.get("/api/images/999999/file").status_code == 404
    assert client.get("/api/images/999999/thumb").status_code == 404
    assert client.get("/api/segments/999999/mask.png").status_code == 404
    assert client.get("/static/../../pyproject.toml").status_code == 404
    assert client.get("/api/images/..%2F..%2Fetc%2Fpasswd/file").status_code in (404, 422)


# --- the page in a real browser -------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_index: Path):
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(built_index), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_page_in_headless_chromium(server: str, photo_dir: Path, tmp_path: Path, built_index: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium binary: scripts/install-chromium.sh could not install Debian's chromium")
    from playwright.sync_api import sync_playwright

    from segsearch.colours import COLOURS
    from segsearch.search import Searcher
    from segsearch.store import Index

    with Searcher(Index.open(built_index)) as s:
        colour = next(c for c in COLOURS if s.search(f"{c} person", k=1))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server + "/")
        page.fill("#query", "person and not dog")
        page.click("#query-form button")
        page.wait_for_selector("#results .card img.photo")
        assert page.locator("#results .card").count() > 0
        assert "person" in page.locator("#results .card .box span").first.inner_text()

        page.set_input_files("#upload", str(photo_dir / "samples" / "astronaut.jpg"))
        page.wait_for_selector("#example-stage .box")
        page.locator("#example-stage .box").first.click()
        page.wait_for_function("document.querySelector('#status').textContent.includes('#1')")
        page.wait_for_selector("#results .card img.photo")
        thumbs = page.locator("#results .card img.photo")
        assert thumbs.count() > 0
        page.wait_for_function("[...document.querySelectorAll('#results img.photo')].every(i => i.complete && i.naturalWidth > 0)")
        page.screenshot(path=str(tmp_path / "results.png"), full_page=False)

        # the upload is in the URL by its content hash; another object re-searches without re-analysis
        assert "upload=" in page.url and "object=1" in page.url
        # draw a box around the astronaut's face: a region query, kept in the URL
        photo = page.locator("#example-stage img.photo").bounding_box()
        assert photo is not None
        page.mouse.move(photo["x"] + photo["width"] * 0.3, photo["y"] + photo["height"] * 0.05)
        page.mouse.down()
        page.mouse.move(photo["x"] + photo["width"] * 0.5, photo["y"] + photo["height"] * 0.2, steps=5)
        page.mouse.move(photo["x"] + photo["width"] * 0.7, photo["y"] + photo["height"] * 0.45, steps=5)
        page.mouse.up()
        page.wait_for_function("location.search.includes('box=')")
        page.wait_for_function("document.querySelector('#status').textContent.includes('your region')")
        page.wait_for_selector("#example-stage .box.region")
        page.go_back()  # Back: the object query again
        page.wait_for_function("location.search.includes('object=1') && !location.search.includes('box=')")
        page.locator("#results .card").first.click()
        page.wait_for_selector("#detail[open] #detail-segments button")
        # pointing at an object in the list shows that object's mask alone, and its outline
        shown = """() => [...document.querySelectorAll('#detail-stage img.mask')]
                          .filter(m => getComputedStyle(m).opacity !== '0').map(m => m.dataset.object)"""
        every = page.evaluate(shown)
        assert len(every) == page.locator("#detail-segments li").count() >= 2
        page.locator("#detail-segments li").nth(1).hover()
        assert page.evaluate(shown) == [every[1]]
        assert page.evaluate("""() => [...document.querySelectorAll('#detail-stage .box')]
                                .filter(b => getComputedStyle(b).opacity === '1').map(b => b.dataset.object)""") \
            == [every[1]]
        page.locator("#detail-title").hover()
        assert page.evaluate(shown) == every
        # when it was taken, as the date words search it (the fixture's photos carry no EXIF date)
        assert re.fullmatch(r"taken \d{4}-\d\d-\d\d \d\d:\d\d \(the file's date\) ·",
                            page.locator("#detail-taken").inner_text().strip())
        original = page.locator("#detail-original").get_attribute("href")
        assert original and original.endswith("/file")
        assert page.request.get(server + original).status == 200  # the original photo opens
        page.locator("#detail-segments button").first.click()
        page.wait_for_function("document.querySelector('#status').textContent.startsWith('more like')")
        assert "like=" in page.url
        page.go_back()  # Back returns to the example search by the upload
        page.wait_for_function("location.search.includes('upload=')")
        page.wait_for_function("document.querySelector('#status').textContent.includes('#1')")
        page.wait_for_selector("#results .card img.photo")

        # a URL with state is a bookmark: it opens with its results, and paging keeps it in the URL
        page.goto(server + "/?q=person")
        page.wait_for_selector("#results .card img.photo")
        assert page.locator("#query").input_value() == "person"
        page.screenshot(path=str(tmp_path / "word-query.png"), full_page=False)
        # a colour query outlines the segments of that colour, named by it
        page.goto(server + f"/?q={colour}%20person")
        page.wait_for_selector("#results .card img.photo")
        labels = page.locator("#results .card").first.locator(".box span").all_inner_texts()
        assert labels and all(t.startswith(f"{colour} person") for t in labels), labels
        # a date alone ranks by date: each card says its day, not a score
        page.goto(server + "/?q=photos%20from%202000%20to%20this%20year")
        page.wait_for_selector("#results .card img.photo")
        captions = page.locator("#results .card figcaption").all_inner_texts()
        assert captions and all(re.match(r"\d+\. taken \d{4}-\d\d-\d\d", c) for c in captions), captions[:2]
        # words left out are named even when nothing matches
        page.goto(server + "/?q=at%20least%2050%20tall%20dogs")
        page.wait_for_function("document.querySelector('#status').textContent.startsWith('no matching images')")
        assert "does not see 'tall'" in page.locator("#status").inner_text()
        # and what each condition finds alone (no photo has 50 dogs; some have people)
        page.goto(server + "/?q=at%20least%2050%20dogs%20and%20a%20person")
        page.wait_for_function("document.querySelector('#status').textContent.startsWith('no matching images')")
        assert re.search(r"alone: at least 50 dogs in none \(dog in (none|1 photo|\d+ photos)\), person in \d+ photos",
                         page.locator("#status").inner_text())
        # only the conditions some photos meet are offered: the person, and the dog alone where some photo has one
        with segsearch.open_index(built_index) as searcher:
            dogs = len(searcher.matching_image_ids("dog"))
        assert page.locator("#status a.part").all_inner_texts() == \
            ["search for “dog”"] * bool(dogs) + ["search for “person”"]
        page.locator("#status a.part", has_text="person").click()
        page.wait_for_selector("#results .card img.photo")
        assert page.locator("#query").input_value() == "person" and "q=person" in page.url
        # a mistyped word: the error offers the corrected query, and one click searches it
        page.fill("#query", "Persn, not a dog")
        page.click("#query-form button")
        page.wait_for_selector("#status #correction")
        assert "did you mean 'person'" in page.locator("#status").inner_text()
        page.click("#status #correction")
        page.wait_for_selector("#results .card img.photo")
        assert page.locator("#query").input_value() == "person, not a dog" and "q=person" in page.url
        # a mistyped phrase, typed with extra spaces: the correction is the phrase
        page.fill("#query", "Traffic   lite")
        page.click("#query-form button")
        page.wait_for_selector("#status #correction")
        assert page.locator("#status #correction").inner_text() == "search for “traffic light”"
        # a photo of a cat, the index's only cat (itself, left out): the results are said to be no cats
        page.set_input_files("#upload", str(photo_dir / "samples" / "cats" / "chelsea.png"))
        page.wait_for_function("document.querySelector('#status').textContent.includes('no photo here has')")
        assert "no photo here has an object like #1 cat" in page.locator("#status").inner_text()
        # labels of boxes whose corners meet ("#1 dining table" and "#3 table" of a photo of a cup on a
        # table) are moved apart, each below those before it inside its own box; the oracle: the same
        # labels at their boxes' corners, as drawn before, do cover each other
        covering = page.evaluate("""() => {
            const st = stage("", "boxes"); Object.assign(st.style, { width: "400px", height: "300px", position: "relative" });
            document.body.append(st);
            for (const [b, label] of [[[0, 0, 300, 200], "#1 dining table (coco)"], [[10, 5, 200, 150], "#3 table"],
                                      [[12, 8, 100, 100], "#2 cup"], [[300, 250, 320, 262], "#6 light"]])
              st.append(box(b, 400, 300, "", label));
            const count = () => { const r = [...st.querySelectorAll('.box > span')].map(t => t.getBoundingClientRect());
              let n = 0;
              for (let i = 0; i < r.length; i++) for (let j = 0; j < i; j++)
                n += r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom;
              return n; };
            st.querySelectorAll('.box > span').forEach(t => t.style.top = "0px");
            const before = count();
            declutter(st);
            const inside = [...st.querySelectorAll('.box > span')].filter(t => t.style.top !== "0px").every(t =>
              t.getBoundingClientRect().bottom <= t.parentElement.getBoundingClientRect().bottom);
            return [before, count(), inside]; }""")
        assert covering == [3, 0, True], covering
        browser.close()
    assert (tmp_path / "results.png").stat().st_size > 10_000


def test_an_upload_is_analysed_once(client: TestClient, photo_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Object clicks and pages reuse the kept analysis: the networks run once per photo."""
    searcher = client.app.state.searcher  # type: ignore[attr-defined]
    calls = []
    real = searcher.query_photo
    monkeypatch.setattr(searcher, "query_photo", lambda *a, **k: calls.append(1) or real(*a, **k))
    buf = io.BytesIO()
    Image.open(photo_dir / "samples" / "astronaut.jpg").save(buf, "JPEG", quality=77)  # bytes no test sent before
    photo = buf.getvalue()
    first = client.post("/api/search/image", files={"file": ("a.jpg", photo, "image/jpeg")}).json()
    upload = first["upload_id"]
    again = client.get(f"/api/uploads/{upload}/search", params={"object": 1, "k": 3, "offset": 1})
    assert again.status_code == 200 and again.json()["query_objects"] == first["query_objects"]
    region = client.get(f"/api/uploads/{upload}/search", params={"box": "0,0,60,60", "k": 3})
    assert region.status_code == 200 and region.json()["photo_objects"] == first["query_objects"]
    assert client.get(f"/api/uploads/{upload}/search", params={"box": "1,2,3"}).status_code == 422
    assert client.get(f"/api/uploads/{upload}/search", params={"box": "0,0,99999,5"}).status_code == 400
    client.post("/api/search/image", files={"file": ("same.jpg", photo, "image/jpeg")})
    assert len(calls) == 1
    assert client.get("/api/uploads/" + "0" * 32 + "/search").status_code == 410
    assert client.get("/api/uploads/not-a-hash/search").status_code == 422


def test_date_filters_in_the_api(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "person", "k": 50}).json()["hits"]
    assert everything and all(h["taken_from"] in ("exif", "file") for h in everything)
    future = client.get("/api/search", params={"q": "person", "taken_after": "2100-01-01"}).json()["hits"]
    past = client.get("/api/search", params={"q": "person", "k": 50, "taken_before": "2100-01-01"}).json()["hits"]
    assert future == [] and [h["image_id"] for h in past] == [h["image_id"] for h in everything]
    assert client.get("/api/search", params={"q": "person", "taken_after": "soon"}).status_code == 422
