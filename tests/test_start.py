"""Runs anywhere: a class search without torch, readers that see new commits, and every user
mistake as one line with a non-zero exit (CLI) or a 4xx with web wording (API)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import pick_photos


def _run(*args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "segsearch", *args], capture_output=True, text=True, timeout=timeout)


def test_class_search_and_stats_import_neither_torch_nor_faiss(built_index: Path) -> None:
    code = (
        "import sys, segsearch\n"
        "from segsearch.query import parse\n"
        "parse('people on the beach')\n"
        f"s = segsearch.open_index({str(built_index)!r})\n"
        "assert s.search('person', k=3)\n"
        "s.index.stats(); s.index.failures()\n"
        "print(sorted(m for m in ('torch', 'faiss', 'scipy.ndimage') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_reader_that_stays_open_sees_photos_indexed_later(tmp_path: Path) -> None:
    import segsearch

    photos = pick_photos(8)
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for p in photos[:4]:
        shutil.copy(p, first)
    for p in photos[4:6]:
        shutil.copy(p, later)
    index = tmp_path / "idx"
    assert _run("index", str(first), "--index", str(index), "--models", "voc").returncode == 0
    with segsearch.open_index(index) as searcher:
        query_id = searcher.search("person", k=1)[0].image_id
        before_class = {h.image_id for h in searcher.search("person", k=50)}
        before_example = {h.image_id for h in searcher.search_indexed(query_id, k=50).hits}
        assert _run("index", str(later), "--index", str(index)).returncode == 0  # another process
        after_class = {h.image_id for h in searcher.search("person", k=50)}
        after_example = {h.image_id for h in searcher.search_indexed(query_id, k=50).hits}
        new_ids = {state.image_id for raw, state in searcher.index.file_states().items() if b"/later/" in raw}
    assert len(new_ids) == 2
    assert after_class - before_class <= new_ids and after_class >= before_class
    # every new photo with a person is now found by example search too
    new_person = (after_class - before_class)
    assert new_person and new_person <= after_example - before_example


@pytest.mark.parametrize("args, message", [
    (["search", "1000000000000000000000 dogs"], "a count must be a whole number up to 10,000, got 1000000000000000000000"),
    (["search", "person > 0.9"], "percentage"),
    (["search", "car", "--object", "2"], "--object applies to search by example"),
    (["search", "car", "--where", "dog"], "--where applies to search by example"),
    (["search", "car", "--contact-sheet", "out.txt"], "name an .html or .png file"),
    (["search", "(" * 40 + "dog" + ")" * 40], "nested too deeply"),
    (["search", " and ".join(["dog"] * 300)], "query too long"),
    (["segment", "nope.jpg"], "no such file: nope.jpg"),
    (["segment", "{photo}", "--device", "tpu"], "unknown device 'tpu'"),
    (["segment", "{photo}", "--device", "cuda:0"], "no usable CUDA GPU"),
    (["segment", "{photo}", "--weights", "{models}/deeplabv3_mobilenetv2_dm05_voc.tflite"], "is not the weight file of"),
    (["segment", "{photo}", "--weights", "/no/such/weights.tflite"], "does not exist"),
    (["segment", "{photo}", "--overlay", "out-without-extension"], "name a .png, .jpg or .webp file"),
    (["index", "{empty}"], "no image files found"),
    (["index", "{photo}", "--device", "cpu", "--helpers", "2"], "--helpers works beside networks that run in batches"),
    (["index", "{photo}", "--helpers", "2", "--ray", "local"], "--helpers and --ray both say where"),
    (["reindex-vectors", "--faiss-factory", "Flat", "--index", "{missing}"], "no index at"),
    (["check", "--repair", "--index", "{missing}"], "no index at"),
])
def test_user_mistakes_are_one_line_and_nonzero(args: list[str], message: str, built_index: Path,
                                                tmp_path: Path) -> None:
    from .conftest import MODELS_DIR

    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a photo")
    photo = str(pick_photos(3)[0])
    args = [a.format(photo=photo, models=MODELS_DIR, empty=tmp_path / "empty", missing=tmp_path / "new-index")
            for a in args]
    if args[0] == "search":
        args += ["--index", str(built_index)]
    if args[0] == "index":
        args += ["--index", str(tmp_path / "new-index")]
    proc = _run(*args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "new-index").exists()


@pytest.mark.parametrize("args, message", [
    (["reindex-vectors"], "Missing option '--faiss-factory'"),
    (["index", "x", "--commit-every", "0"], "Invalid value for '--commit-every'"),
    (["search", "car", "-k", "0"], "Invalid value for '-k'"),
])
def test_usage_errors_are_clicks_own_message_with_exit_2(args: list[str], message: str) -> None:
    proc = _run(*args)
    assert proc.returncode == 2 and message in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr


def test_help_shows_flags_without_a_metavar_and_there_is_a_version() -> None:
    help_text = _run("index", "--help").stdout
    assert "--prune" in help_text and "<bool>" not in help_text
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("segsearch ")


def test_web_errors_are_4xx_in_web_wording(built_index: Path) -> None:
    from fastapi.testclient import TestClient

    from segsearch.web import create_app

    with TestClient(create_app(built_index)) as client:
        for q in ("unicorn", "1000000000000000000000 dogs", "(" * 40 + "dog" + ")" * 40, "sky"):
            r = client.get("/api/search", params={"q": q})
            assert r.status_code == 400, (q, r.text)
            assert "--" not in r.json()["error"] and "`" not in r.json()["error"]
        bad = client.post("/api/search/image", files={"file": ("q.jpg", b"not an image", "image/jpeg")})
        assert bad.status_code == 400 and "/tmp" not in bad.json()["error"]
        assert "the uploaded file" in bad.json()["error"]
        photo = pick_photos(3)[0].read_bytes()
        r = client.post("/api/search/image", files={"file": ("q.jpg", photo, "image/jpeg")}, data={"object": "99"})
        assert r.status_code == 400 and r.json()["error"].startswith("object 99 does not exist")
