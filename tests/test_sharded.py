"""Sharded indexes (`segsearch.store.sharded`): the same answers as one plain index holding the same
photos (class ranking to the tie, example search, every word), on real photos and on a synthetic
library built to be full of ties; and the commands around an index (stats, check and repair,
failures, prune, the web server, eval) on shards."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from segsearch.cli import app
from segsearch.errors import IndexCorrupt, IndexMismatch, QueryError
from segsearch.query import parse
from segsearch.regions import CompactMask, ImageRegions, Segment, l2_normalise
from segsearch.search import Searcher
from segsearch.store import Index, ModelIdentity, NewImage, ShardedIndex, open_store
from segsearch.store.sharded import shard_dir, shard_of

from .conftest import index_databases
from .test_fuzz import generated_queries
from .test_postings import STRUCTURED

runner = CliRunner()
VOC_QUERIES = ["person", "car and person", "dog or cat", "at least 2 people", "not person", "chair and table",
               "person > 20%", "bus or train", "bottle and not person", "exactly 1 person", "cat",
               "fewer than 3 people and not car", "(cat or dog) and sofa", "person < 5%"]


@pytest.fixture(scope="module")
def sharded_index(photo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The photos of `built_index`, indexed through the command line into 3 shards."""
    directory = tmp_path_factory.mktemp("sharded")
    result = runner.invoke(app, ["index", str(photo_dir), "--index", str(directory), "--models", "voc",
                                 "--shards", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["indexed"] == 26
    return directory


def test_sharded_index_answers_as_the_plain_index(built_index: Path, sharded_index: Path, photo_dir: Path) -> None:
    assert len(index_databases(sharded_index)) == 3
    with Searcher(Index.open(built_index)) as plain, Searcher(open_store(sharded_index)) as sharded:
        assert isinstance(sharded.index, ShardedIndex)
        per_shard = sharded.index.stats()["images_per_shard"]
        # each photo lives in the shard its absolute path hashes to (the paths, under pytest's
        # temporary folder of the run, differ run to run: so does the spread, 2 to 13 a shard)
        placed = [0, 0, 0]
        for photo in (p for p in photo_dir.rglob("*") if p.is_file()):
            placed[shard_of(os.fsencode(os.path.abspath(photo)), 3)] += 1
        assert per_shard == placed and sum(placed) == 26 and min(placed) >= 1
        # colours: 1, 2, 6 photos; a date alone: every photo, newest first; by how many people
        for query in VOC_QUERIES + ["a brown dog", "a grey car or a grey bird", "people but no white person",
                                    "photos from 2000 to this year", "old photos", "recent photos of people",
                                    "my oldest pictures of a person and no dog", "the photo with the most people",
                                    "the fewest people"]:
            for k, offset in ((20, 0), (5, 3)):
                a = [(h.path, h.score, [(m.class_name, m.bbox) for m in h.matches]) for h in plain.search(query, k, offset)]
                b = [(h.path, h.score, [(m.class_name, m.bbox) for m in h.matches]) for h in sharded.search(query, k, offset)]
                assert a == b, query
            assert {plain.index.image_record(i).path for i in plain.matching_image_ids(query)} == \
                {sharded.index.image_record(i).path for i in sharded.matching_image_ids(query)}  # type: ignore[union-attr]
        for photo in sorted(photo_dir.rglob("*.jpg"))[:4]:
            a_hits = plain.search_indexed(plain.index.image_id_of(photo), k=20).hits  # type: ignore[arg-type]
            b_hits = sharded.search_indexed(sharded.index.image_id_of(photo), k=20).hits  # type: ignore[arg-type]
            assert a_hits and [(h.path, round(h.score, 6), [(m.class_name, m.bbox, m.query_object) for m in h.matches])
                               for h in a_hits] == \
                [(h.path, round(h.score, 6), [(m.class_name, m.bbox, m.query_object) for m in h.matches]) for h in b_hits]
            # ids are global: every id the answer names opens the right photo and segment
            for hit in b_hits:
                assert sharded.index.image_record(hit.image_id).path == hit.path  # type: ignore[union-attr]
                for m in hit.matches:
                    seg = sharded.index.segment(m.segment_id)
                    assert seg is not None and list(seg.bbox) == m.bbox
        scene_a = plain.search_indexed(plain.index.image_id_of(photo), k=10, mode="scene").hits  # type: ignore[arg-type]
        scene_b = sharded.search_indexed(sharded.index.image_id_of(photo), k=10, mode="scene").hits  # type: ignore[arg-type]
        assert [(h.path, round(h.score, 6)) for h in scene_a] == [(h.path, round(h.score, 6)) for h in scene_b]


def test_commands_on_a_sharded_index(sharded_index: Path, photo_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "idx"
    shutil.copytree(sharded_index, copy)
    stats = json.loads(runner.invoke(app, ["stats", "--index", str(copy), "--json"]).stdout)
    assert stats["shards"] == 3 and stats["images"] == 26 and sum(stats["images_per_shard"]) == 26
    assert stats["segments"] == sum(stats["segments_per_class"].values()) > 26
    check = runner.invoke(app, ["check", "--index", str(copy), "--json"])
    assert check.exit_code == 0 and json.loads(check.stdout)["ok"] and json.loads(check.stdout)["images"] == 26

    # one shard's vector files lost: check names the shard, repair rebuilds it from SQLite
    shutil.rmtree(shard_dir(copy, 1) / "vectors")
    broken = runner.invoke(app, ["check", "--index", str(copy), "--json"])
    report = json.loads(broken.stdout)
    assert broken.exit_code == 1 and report["missing_vectors"] > 0
    assert [name for name, shard in report["shards"].items() if not shard["ok"]] == ["shard-001"]
    text = runner.invoke(app, ["check", "--index", str(copy)]).stdout
    assert "shard-001: segments without vector" in text and "shard-000:" not in text
    assert runner.invoke(app, ["check", "--index", str(copy), "--repair"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["check", "--index", str(copy), "--json"]).stdout)["ok"]

    # a shard count the index does not have: one line, nothing changed
    wrong = runner.invoke(app, ["index", str(photo_dir), "--index", str(copy), "--shards", "2"])
    assert wrong.exit_code == 1 and wrong.stderr.strip() == \
        f"error: index at {copy.absolute()} has 3 shards, not 2: build a new index to change the shard count"

    # failures and prune: a broken file is recorded in its shard, a deleted one pruned from its shard
    photos = tmp_path / "photos"
    shutil.copytree(photo_dir, photos)
    (photos / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    one = tmp_path / "one"
    assert runner.invoke(app, ["index", str(photos), "--index", str(one), "--models", "voc", "--shards", "2"]).exit_code == 0
    failed = json.loads(runner.invoke(app, ["failures", "--index", str(one), "--json"]).stdout)
    assert [Path(f["path"]).name for f in failed] == ["broken.jpg"]
    gone = sorted(photos.rglob("*.jpg"))[:3]
    for p in gone:
        p.unlink()
    pruned = json.loads(runner.invoke(app, ["index", str(photos), "--index", str(one), "--prune", "--json"]).stdout)
    assert pruned["pruned"] == 3 and pruned["indexed"] == 0
    paths = [p for db in index_databases(one) for (p,) in sqlite3.connect(db).execute("select path from images")]
    assert len(paths) == 24 and not {str(p) for p in gone} & set(paths)
    assert json.loads(runner.invoke(app, ["check", "--index", str(one), "--json"]).stdout)["ok"]


def _without_ids(hit: dict) -> dict:
    """A hit as JSON without its ids (which differ between a plain and a sharded index)."""
    return {**{k: v for k, v in hit.items() if k != "image_id"},
            "matches": [{k: v for k, v in m.items() if k != "segment_id"} for m in hit["matches"]]}


def test_web_server_on_a_sharded_index(sharded_index: Path, built_index: Path) -> None:
    import uvicorn

    from segsearch.web import create_app

    from .test_web import _free_port

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(sharded_index), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        base = f"http://127.0.0.1:{port}"
        body = json.loads(urllib.request.urlopen(f"{base}/api/search?q=person&k=8").read())
        with Searcher(Index.open(built_index)) as plain:
            assert [_without_ids(h) for h in body["hits"]] == [_without_ids(h.as_dict()) for h in plain.search("person", k=8)]
        top = body["hits"][0]
        detail = json.loads(urllib.request.urlopen(f"{base}/api/images/{top['image_id']}").read())
        assert detail["path"] == top["path"] and detail["segments"]
        segment_id = detail["segments"][0]["segment_id"]
        assert urllib.request.urlopen(f"{base}/api/segments/{segment_id}/mask.png").read()[:4] == b"\x89PNG"
        like = json.loads(urllib.request.urlopen(f"{base}/api/images/{top['image_id']}/similar?k=5").read())
        assert like["hits"] and all(h["path"] != top["path"] for h in like["hits"])
    finally:
        server.should_exit = True
        thread.join(10)


def _library(n: int, seed: int, tied: bool = True) -> list[NewImage]:
    """Synthetic photos built to tie: few labels, areas and confidences from a handful of values,
    so that many images share a score (`tied=False`: drawn from ranges, as real scores are);
    paths in shuffled order, embeddings random."""
    rng = np.random.default_rng(seed)
    labels = [15, 12, 8, 7, 9, 11]  # person, dog, cat, car, chair, diningtable (VOC ids)
    areas = [0.05, 0.1, 0.2, 0.4]
    mask = CompactMask.encode(np.ones((4, 4), bool))
    images = []
    for number in rng.permutation(n):
        segments = []
        for _ in range(int(rng.integers(0, 4))):
            emb = l2_normalise(rng.standard_normal(8).astype(np.float32))
            area, confidence = ((float(rng.choice(areas)), float(rng.choice([0.5, 1.0]))) if tied else
                                (float(rng.uniform(0.01, 0.6)), float(rng.uniform(0.5, 1.0))))
            segments.append(Segment(int(rng.choice(labels)), area, (0, 0, 4, 4), confidence,
                                    np.full(21, 1 / 21, np.float32), mask, emb))
        path = f"/library/{number % 7}/img_{number:05d}.jpg"
        images.append(NewImage(path.encode(), path, 100, int(number), None, (64, 48),
                               ImageRegions(segments, l2_normalise(rng.standard_normal(8).astype(np.float32)))))
    return images


def test_sharded_ranking_equals_unsharded_with_many_ties(tmp_path: Path) -> None:
    """2000 synthetic photos into one index and into 5 shards: every query of the structured set,
    generated queries and paging give the same images, scores and order (ties by path), from SQL
    and from the class lists; example search gives the same photos and scores."""
    identity = ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, 8)
    library = _library(2000, seed=3)
    with Index.open(tmp_path / "plain", writable=True, model=identity) as writer:
        for start in range(0, len(library), 500):
            writer.add_images(library[start:start + 500])
    with open_store(tmp_path / "sharded", writable=True, model=identity, shards=5) as writer:
        assert isinstance(writer, ShardedIndex)
        for start in range(0, len(library), 500):
            writer.add_images(library[start:start + 500])
    placed = [shard_of(i.raw_path, 5) for i in library]
    assert min(np.bincount(placed)) > 300  # the hash spreads the photos
    queries = VOC_QUERIES + STRUCTURED + generated_queries(300, seed=5)
    with Searcher(Index.open(tmp_path / "plain")) as plain, Searcher(open_store(tmp_path / "sharded")) as sharded:
        tied = 0
        for route in ("sql", "lists"):
            if route == "lists":
                plain.index.keep_class_lists(wait=True)
                sharded.index.keep_class_lists(wait=True)
                assert plain.index.class_lists_current() and sharded.index.class_lists_current()
            for query in queries:
                try:
                    ast = parse(query)
                    want = plain.index.top_images(ast, plain.resolver, 30, route=route)[0]
                except QueryError:
                    with pytest.raises(QueryError):
                        sharded.index.top_images(parse(query), sharded.resolver, 30, route=route)
                    continue
                got = sharded.index.top_images(ast, sharded.resolver, 30, route=route)[0]
                assert [(r.path, r.score) for r in want] == [(r.path, r.score) for r in got], (route, query)
                tied += sum(a.score == b.score for a, b in zip(want, want[1:]))
                for k, offset in ((7, 0), (7, 7), (10, 23)):
                    assert [r.path for r in plain.index.top_images(ast, plain.resolver, k, offset, route=route)[0]] == \
                        [r.path for r in sharded.index.top_images(ast, sharded.resolver, k, offset, route=route)[0]]
                assert len(plain.matching_image_ids(query)) == len(sharded.matching_image_ids(query))
        assert tied > 1000  # the library is full of ties, so their order is what is checked
        rng = np.random.default_rng(9)
        for _ in range(10):
            query = l2_normalise(rng.standard_normal(8).astype(np.float32))
            a_hits = plain.search_embeddings(query[None], [15], [0.2], k=20)
            b_hits = sharded.search_embeddings(query[None], [15], [0.2], k=20)
            assert len(a_hits) == 20
            assert [(h.path, round(h.score, 6)) for h in a_hits] == [(h.path, round(h.score, 6)) for h in b_hits]
            a_scene, b_scene = plain.search_whole_image(query, k=20), sharded.search_whole_image(query, k=20)
            assert [(h.path, round(h.score, 6)) for h in a_scene] == [(h.path, round(h.score, 6)) for h in b_scene]


def test_opening_with_a_shard_count_the_index_lacks_is_a_mismatch(tmp_path: Path) -> None:
    identity = ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, 8)
    with open_store(tmp_path / "plain", writable=True, model=identity):
        pass
    with pytest.raises(IndexMismatch, match="has 1 shard, not 4"):
        open_store(tmp_path / "plain", shards=4)
    with open_store(tmp_path / "four", writable=True, model=identity, shards=4) as idx:
        assert isinstance(idx, ShardedIndex) and idx.shards == 4
    with pytest.raises(IndexMismatch, match="has 4 shards, not 1"):
        open_store(tmp_path / "four", shards=1)
    with open_store(tmp_path / "four") as idx:  # without a count: whatever the index has
        assert idx.stats()["shards"] == 4
    shutil.rmtree(shard_dir(tmp_path / "four", 2))  # a lost shard is named, with what to do
    with pytest.raises(IndexCorrupt, match=r"shard shard-002 of the index at .*four is missing or empty: restore it"):
        open_store(tmp_path / "four")
    with open_store(tmp_path / "four", writable=True, model=identity) as idx:  # a writer re-creates it, empty
        assert idx.stats()["images_per_shard"] == [0, 0, 0, 0]


def test_eval_on_a_sharded_index(tmp_path: Path) -> None:
    """`segsearch eval --shards 3` scores exactly what the plain index scores."""
    from .conftest import EVAL_DIR

    reports = []
    for extra in ([], ["--shards", "3", "--keep-index", str(tmp_path / "kept")]):
        result = runner.invoke(app, ["eval", str(EVAL_DIR), "--limit", "12", "--models", "voc", "--json", *extra])
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.stdout))
    plain, sharded = reports
    assert len(index_databases(tmp_path / "kept")) == 3 and sharded["images"] == plain["images"] == 12
    for key in ("class_query", "segmentation", "example", "words"):
        assert sharded[key] == plain[key] and plain[key], key
