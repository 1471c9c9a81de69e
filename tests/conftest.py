"""Shared fixtures: the real default model, a folder of real photos, an index built from them."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from segsearch.models import Segmenter

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = PROJECT_ROOT.parent / "shared" / "evaldata" / "coco-voc-100"
MODELS_DIR = PROJECT_ROOT.parent / "shared" / "models"
# Tests read the shared weights explicitly (runtime code never looks beside the checkout), and
# never download: the user cache is a fresh temporary folder.
os.environ["SEGSEARCH_MODELS"] = str(MODELS_DIR)


def ground_truth() -> dict[str, set[str]]:
    """Photo id → VOC classes present, from the data set's classes.tsv."""
    truth = {}
    for line in (EVAL_DIR / "classes.tsv").read_text().splitlines():
        ident, _, classes = line.partition("\t")
        truth[ident] = {c for c in classes.split(",") if c}
    return truth


def pick_photos(n: int) -> list[Path]:
    """n labelled photos, the first ones with objects plus two without, in a stable order."""
    truth = ground_truth()
    with_objects = [i for i in sorted(truth) if truth[i]][: n - 2]
    empty = [i for i in sorted(truth) if not truth[i]][:2]
    return [EVAL_DIR / "JPEGImages" / f"{i}.jpg" for i in with_objects + empty]


def skimage_photo(name: str) -> Image.Image:
    from skimage import data

    return Image.fromarray(getattr(data, name)())


@pytest.fixture(scope="session")
def segmenter() -> Segmenter:
    return Segmenter.load()


@pytest.fixture(scope="session")
def photo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 labelled photos plus scikit-image's astronaut (person) and chelsea (cat), in subfolders."""
    root = tmp_path_factory.mktemp("photos")
    (root / "coco").mkdir()
    (root / "samples" / "cats").mkdir(parents=True)
    for path in pick_photos(24):
        shutil.copy(path, root / "coco" / path.name)
    skimage_photo("astronaut").save(root / "samples" / "astronaut.jpg", quality=92)
    skimage_photo("chelsea").save(root / "samples" / "cats" / "chelsea.png")
    return root


@pytest.fixture(scope="session")
def built_index(photo_dir: Path, segmenter: Segmenter, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from segsearch.indexer import index_photos

    directory = tmp_path_factory.mktemp("index")
    summary = index_photos([photo_dir], directory, models="voc")
    assert summary.indexed == 26 and not summary.failed
    return directory


def index_databases(index_dir: Path) -> list[Path]:
    """The SQLite files of an index: its own, or each shard's."""
    shards = sorted(index_dir.glob("shard-*/index.db"))
    return shards if (index_dir / "shards.json").exists() else [index_dir / "index.db"]


def stored(directory: Path) -> dict[str, list[tuple]]:
    """path → its segments (label, area, box, confidence, histogram, mask, embedding), as stored
    (in every shard of a sharded index)."""
    rows: dict[str, list[tuple]] = {}
    for db in index_databases(directory):
        con = sqlite3.connect(db)
        here: dict[str, list[tuple]] = {}
        for path, *segment in con.execute(
                "select i.path, s.class_id, s.area, s.x0, s.y0, s.x1, s.y1, s.confidence, s.histogram, s.mask, "
                "s.embedding from segments s join images i on i.id = s.image_id order by i.path, s.id"):
            here.setdefault(path, []).append(tuple(segment))
        con.close()
        assert not set(here) & set(rows), "a photo in two shards"
        rows.update(here)
    return rows


def stored_colours(directory: Path) -> dict[str, list[tuple[int, int, float]]]:
    """path → its image_colours rows (label, colour, share), as stored."""
    rows: dict[str, list[tuple[int, int, float]]] = {}
    for db in index_databases(directory):
        con = sqlite3.connect(db)
        for path, label, colour, share in con.execute(
                "select i.path, c.class_id, c.colour, c.share from image_colours c join images i on i.id = c.image_id "
                "order by i.path, c.class_id, c.colour"):
            rows.setdefault(path, []).append((label, colour, share))
        con.close()
    return rows


def stored_chroma(directory: Path) -> dict[str, float | None]:
    """path → its share with a hue (`images.chroma`), as stored."""
    rows: dict[str, float | None] = {}
    for db in index_databases(directory):
        con = sqlite3.connect(db)
        rows.update(con.execute("select path, chroma from images where status = 'indexed'").fetchall())
        con.close()
    return rows


def resume_cleanly(cmd: list[str], index_dir: Path, total: int) -> str:
    """Run an interrupted indexing command again; the index (plain or sharded) then holds `total`
    images, each once, and `check` is clean. Returns the resumed run's standard output."""
    import subprocess

    from segsearch.store import open_store

    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    paths = []
    for db in index_databases(index_dir):
        con = sqlite3.connect(db)
        paths += [p for (p,) in con.execute("select path from images")]
        con.close()
    assert len(paths) == len(set(paths)) == total
    with open_store(index_dir) as idx:
        report = idx.check()
    assert report.ok, report
    assert report.images == total
    return resumed.stdout


def committed_images(index_dir: Path) -> int:
    """Image rows an indexing process has committed so far to an index, plain or sharded (0 while
    a file is being created)."""
    total = 0
    for db in index_databases(index_dir):
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            try:
                total += con.execute("select count(*) from images").fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error:
            pass
    return total


def class_fraction(seg, name: str) -> float:
    return seg.class_fractions().get(name, 0.0)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


@pytest.fixture(scope="session")
def three_network_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from segsearch.indexer import index_photos

    directory = tmp_path_factory.mktemp("three")
    summary = index_photos(sorted((EVAL_DIR / "JPEGImages").glob("*.jpg"))[:30], directory)  # the default networks
    assert summary.indexed == 30
    return directory
