"""Indexing real photos into a real SQLite file and real FAISS shards; incremental runs; crashes."""

from __future__ import annotations

import os
import shutil
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from segsearch.errors import IndexLocked, IndexMismatch, QueryError
from segsearch.images import decode
from segsearch.indexer import Indexer
from segsearch.labels import SHOWN_AS
from segsearch.store import Index, ModelIdentity

from .conftest import committed_images, ground_truth, resume_cleanly


def identity(segmenter) -> ModelIdentity:
    return ModelIdentity(segmenter.spec.name, segmenter.weights_sha256, segmenter.feature_dim)


def test_stats_show_the_expected_classes(built_index: Path) -> None:
    with Index.open(built_index) as idx:
        stats = idx.stats()
    assert stats["images"] == 26 and stats["failed"] == 0
    assert stats["segments_per_class"]["person"] >= 5
    assert "cat" in stats["segments_per_class"]  # chelsea
    truth = ground_truth()
    labelled = {c for classes in truth.values() for c in classes}
    shown = {SHOWN_AS.get(("voc", c), c) for c in labelled | {"cat", "person", "bottle", "chair", "diningtable", "sofa"}}
    assert set(stats["segments_per_class"]) <= shown  # VOC's codes in words: "dining table"
    assert not {"diningtable", "pottedplant", "tvmonitor"} & set(stats["segments_per_class"])


def test_every_segment_has_exactly_one_vector(built_index: Path) -> None:
    with Index.open(built_index) as idx:
        report = idx.check()
        assert report.ok, report
        assert idx.vectors.count() == report.segments
    con = sqlite3.connect(built_index / "index.db")
    dims = {len(b) for (b,) in con.execute("select embedding from segments")}
    assert dims == {320 * 4}
    areas = [a for (a,) in con.execute("select area from segments")]
    assert min(areas) >= 0.005


def _fresh_index(tmp_path: Path, photos: list[Path]) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for p in photos:
        shutil.copy(p, folder / p.name)
    return folder


def test_incremental_reindex_modify_and_prune(tmp_path: Path, photo_dir: Path, segmenter) -> None:
    photos = sorted((photo_dir / "coco").glob("*.jpg"))[:4]
    folder = _fresh_index(tmp_path, photos)
    with Index.open(tmp_path / "idx", writable=True, model=identity(segmenter)) as idx:
        first = Indexer(idx, segmenter).run([folder])
        assert first.indexed == 4
        again = Indexer(idx, segmenter).run([folder])
        assert (again.indexed, again.unchanged) == (0, 4)

        # touched but identical: not re-indexed, mtime remembered
        os.utime(folder / photos[0].name, ns=(time.time_ns(), time.time_ns()))
        touched = Indexer(idx, segmenter).run([folder])
        assert (touched.indexed, touched.unchanged) == (0, 4)

        # modified content: re-indexed, old segments replaced
        shutil.copy(photo_dir / "samples" / "astronaut.jpg", folder / photos[1].name)
        changed = Indexer(idx, segmenter).run([folder])
        assert (changed.indexed, changed.unchanged) == (1, 3)
        hits = [h.path for h in __import__("segsearch.search", fromlist=["Searcher"]).Searcher(idx).search("person")]
        assert str(folder / photos[1].name) in hits

        (folder / photos[2].name).unlink()
        kept = Indexer(idx, segmenter).run([folder])
        assert kept.pruned == 0
        pruned = Indexer(idx, segmenter).run([folder], prune=True)
        assert pruned.pruned == 1
        report = idx.check()
        assert report.ok and report.images == 3


def test_second_writer_fails_fast_and_other_model_is_refused(tmp_path: Path, segmenter) -> None:
    with Index.open(tmp_path, writable=True, model=identity(segmenter)):
        with pytest.raises(IndexLocked, match=f"locked by PID {os.getpid()}"):
            Index.open(tmp_path, writable=True, model=identity(segmenter))
    other = ModelIdentity("deeplabv3-mobilenetv2-dm05", "9403bc6d", 160)
    with pytest.raises(IndexMismatch, match="built with --models deeplabv3-mobilenetv2"):
        Index.open(tmp_path, writable=True, model=other)


def test_an_index_keeps_the_region_settings_it_was_built_with(tmp_path: Path) -> None:
    """Settings recorded before a setting existed read as what was done then (boxes were not
    refined: `refine_boxes` 0), and indexing such an index again keeps them; asking for other
    settings is one line naming the difference."""
    import dataclasses

    import segsearch
    from segsearch.regions import RegionSettings

    from .conftest import pick_photos

    folder = tmp_path / "photos"
    folder.mkdir()
    for photo in pick_photos(3)[:2]:
        shutil.copy(photo, folder / photo.name)
    index_dir = tmp_path / "idx"
    segsearch.index([folder], index_dir, models="voc,coco")
    con = sqlite3.connect(index_dir / "index.db")
    (recorded,) = con.execute("select value from meta where key = 'region_settings'").fetchone()
    assert json.loads(recorded)["refine_boxes"] == RegionSettings().refine_boxes > 0
    older = {k: v for k, v in json.loads(recorded).items() if k != "refine_boxes"}
    with con:
        con.execute("update meta set value = ? where key = 'region_settings'", (json.dumps(older),))
    con.close()
    with Index.open(index_dir) as idx:
        assert idx.settings == dataclasses.replace(RegionSettings(), refine_boxes=0.0)
    shutil.copy(pick_photos(3)[2], folder / "third.jpg")
    assert segsearch.index([folder], index_dir).indexed == 1  # its own settings: no mismatch
    with pytest.raises(IndexMismatch, match=r"other region settings: refine-boxes 0 \(asked 0.2\)"):
        segsearch.index([folder], index_dir, settings=RegionSettings())


# batch 3: the GPU-style path, whose regions are still being extracted by the workers while the
# next batch runs and the finished ones wait to be stored
@pytest.mark.parametrize(("kill_after", "batch_size"), [(3, 1), (9, 1), (9, 3)])
def test_killed_indexer_resumes_without_duplicates(tmp_path: Path, photo_dir: Path, kill_after: int,
                                                   batch_size: int) -> None:
    """SIGKILL while a batch of files is being analysed (4 files per transaction)."""
    index_dir = tmp_path / "idx"
    cmd = [sys.executable, "-m", "segsearch", "index", str(photo_dir), "--index", str(index_dir), "--json",
           "--commit-every", "4", "--batch-size", str(batch_size)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while committed_images(index_dir) < kill_after and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = committed_images(index_dir)
    assert 0 < done_before < 26

    check = subprocess.run([sys.executable, "-m", "segsearch", "check", "--index", str(index_dir), "--json"],
                           capture_output=True, text=True)
    report = json.loads(check.stdout)
    # SQLite holds whole images; vector files may lag the last commits (then check says so and fails)
    assert report["sqlite_ok"] and report["images"] == done_before and report["orphan_vectors"] == 0
    assert report["summary_mismatches"] == 0
    assert (check.returncode == 0) == report["ok"] == (report["missing_vectors"] == 0)

    resume_cleanly(cmd, index_dir, 26)


def test_ctrl_c_with_helper_processes_stops_in_one_line_and_resumes(tmp_path: Path, photo_dir: Path) -> None:
    """Ctrl-C reaches the whole process group, the helper processes too (`--helpers`): the run
    stops with its one 'interrupted' line (each helper used to print a traceback of its own),
    keeps what was committed, leaves no helper process and no shared-memory block behind, and the
    same command finishes the job."""
    index_dir = tmp_path / "idx"
    cmd = [sys.executable, "-m", "segsearch", "index", str(photo_dir), "--index", str(index_dir), "--json",
           "--commit-every", "2", "--batch-size", "2", "--device", "cpu", "--helpers", "2"]
    shm = Path("/dev/shm")
    blocks_before = set(os.listdir(shm)) if shm.is_dir() else set()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 240
    while committed_images(index_dir) < 4 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the indexing process and its helpers
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.startswith("interrupted: everything committed so far is kept") and err.count("\n") == 1, err
    def run_left() -> bool:  # any process of the run (helpers, the shared-memory tracker) still there
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return False
        return True
    gone_by = time.time() + 10
    while run_left() and time.time() < gone_by:
        time.sleep(0.1)
    assert not run_left()
    assert (set(os.listdir(shm)) if shm.is_dir() else set()) <= blocks_before
    assert 0 < committed_images(index_dir) < 26
    resume_cleanly(cmd, index_dir, 26)


def downgrade_to_schema_1(index_dir: Path) -> None:
    """Rewrite image_classes as the first release laid it out (a rowid table)."""
    con = sqlite3.connect(index_dir / "index.db")
    con.executescript("""
        BEGIN;
        DROP INDEX ix_image_classes_class_score;
        ALTER TABLE image_classes RENAME TO new_layout;
        CREATE TABLE image_classes (image_id INTEGER NOT NULL, class_id INTEGER NOT NULL,
            count INTEGER NOT NULL, area FLOAT NOT NULL, score FLOAT NOT NULL,
            PRIMARY KEY (image_id, class_id), FOREIGN KEY(image_id) REFERENCES images (id) ON DELETE CASCADE);
        CREATE INDEX ix_image_classes_class_score ON image_classes (class_id, score);
        INSERT INTO image_classes SELECT * FROM new_layout;
        DROP TABLE new_layout;
        DROP INDEX ix_images_taken;
        ALTER TABLE images DROP COLUMN taken_at;
        ALTER TABLE images DROP COLUMN taken_from;
        DROP TABLE image_colours;
        DROP TABLE segment_colours;
        ALTER TABLE images DROP COLUMN chroma;
        ALTER TABLE images DROP COLUMN camera;
        DELETE FROM meta WHERE key IN ('colours', 'chroma', 'cameras');
        UPDATE meta SET value = '1' WHERE key = 'schema_version';
        COMMIT;""")
    con.close()


def layout(index_dir: Path) -> tuple[str, str, list[str], int]:
    con = sqlite3.connect(index_dir / "index.db")
    try:
        version = con.execute("select value from meta where key = 'schema_version'").fetchone()[0]
        sql = con.execute("select sql from sqlite_master where name = 'image_classes'").fetchone()[0]
        tables = [r[0] for r in con.execute("select name from sqlite_master where type = 'table' order by name")]
        rows = con.execute("select count(*) from image_classes").fetchone()[0]
        return version, sql, tables, rows
    finally:
        con.close()


def taken_index(index_dir: Path) -> bool:
    """Whether the index has its index of taken times (schema 6)."""
    con = sqlite3.connect(index_dir / "index.db")
    try:
        return con.execute("select 1 from sqlite_master where type = 'index' and name = 'ix_images_taken'"
                           ).fetchone() is not None
    finally:
        con.close()


def test_older_index_is_read_as_is_and_upgraded_by_a_writer(built_index: Path, tmp_path: Path) -> None:
    from segsearch.search import Searcher

    queries = ["person", "person and not dog", "dog or cat", "at least 2 people"]
    with Searcher(Index.open(built_index)) as s:
        expected = {q: [(h.path, h.score) for h in s.search(q, k=50)] for q in queries}
    old = tmp_path / "old"
    shutil.copytree(built_index, old)
    downgrade_to_schema_1(old)
    rows = layout(old)[3]
    with Searcher(Index.open(old)) as s:  # a reader answers from the old layout and changes nothing
        assert {q: [(h.path, h.score) for h in s.search(q, k=50)] for q in queries} == expected
    assert layout(old)[0] == "1"
    Index.open(old, writable=True).close()
    version, sql, tables, upgraded_rows = layout(old)
    assert version == "7" and "WITHOUT ROWID" in sql and upgraded_rows == rows
    assert taken_index(old)  # searches ordered by date walk it
    assert tables == ["image_classes", "image_colours", "images", "meta", "segment_colours", "segments"]
    with Searcher(Index.open(old)) as s:
        assert {q: [(h.path, h.score) for h in s.search(q, k=50)] for q in queries} == expected
        dated = s.search("person", k=50)
        assert dated and all(h.taken_from == "file" and h.taken is not None for h in dated)
        with pytest.raises(QueryError, match="built before segsearch recorded colours"):
            s.search("a red car")  # its photos' colours were never recorded: said, not an empty answer
        with pytest.raises(QueryError, match="built before segsearch read which camera took each photo"):
            s.search("people shot on my iphone")  # nor their cameras


def test_an_index_of_schema_4_answers_colours_and_names_its_segments_colours_from_new_photos(
        built_index: Path, tmp_path: Path) -> None:
    """Schema 5 records each segment's colours, so a colour query shows which segment is that
    colour. An index of schema 4 has only its photos' colours: a reader answers the same photos and
    shows every segment of the label, none named by colour; a writer adds the table, and photos
    indexed from then on have their segments' colours."""
    from segsearch.colours import COLOURS
    from segsearch.indexer import index_photos
    from segsearch.search import Searcher

    with Searcher(Index.open(built_index)) as s:
        query = next(f"{c} person" for c in COLOURS if s.search(f"{c} person", k=1))
        expected = s.search(query, k=50)
        everyone = {h.path: len(h.matches) for h in s.search("person", k=50)}
    assert all(m.colour == query.split()[0] for h in expected for m in h.matches)
    old = tmp_path / "old"
    shutil.copytree(built_index, old)
    con = sqlite3.connect(old / "index.db")
    con.executescript("BEGIN; DROP TABLE segment_colours; ALTER TABLE images DROP COLUMN chroma; "
                      "DROP INDEX ix_images_taken; ALTER TABLE images DROP COLUMN camera; "
                      "DELETE FROM meta WHERE key IN ('chroma', 'cameras'); "
                      "UPDATE meta SET value = '4' WHERE key = 'schema_version'; "
                      "COMMIT;")
    con.close()
    with Searcher(Index.open(old)) as s:
        hits = s.search(query, k=50)
        with pytest.raises(QueryError, match="before segsearch recorded which photos are black and white"):
            s.search("a black and white photo of a person")
    assert [(h.path, h.score) for h in hits] == [(h.path, h.score) for h in expected]
    assert all(len(h.matches) == everyone[h.path] and all(m.colour is None and m.colours is None for m in h.matches)
               for h in hits)
    assert layout(old)[0] == "4"
    newcomer = tmp_path / "new" / "again.jpg"
    newcomer.parent.mkdir()
    newcomer.write_bytes(Path(expected[0].path).read_bytes() + b"\0")  # other bytes, the same photo
    index_photos([newcomer.parent], old, models="voc")
    assert layout(old)[0] == "7" and taken_index(old)
    with Searcher(Index.open(old)) as s:
        hits = {h.path: h for h in s.search(query, k=50)}
    assert [m.segment_id for m in hits[str(newcomer)].matches] and all(
        m.colour == query.split()[0] for m in hits[str(newcomer)].matches)
    assert all(m.colour is None for m in hits[expected[0].path].matches)
    with Searcher(Index.open(old)) as s, pytest.raises(QueryError, match="black and white"):
        s.search("black and white photos")  # photos indexed before have no measure: said, even upgraded


def test_failed_upgrade_leaves_the_index_as_it_was(built_index: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Schema changes run in one transaction: an error after the first DDL statements undoes them."""
    import segsearch.store.index as index_module

    old = tmp_path / "old"
    shutil.copytree(built_index, old)
    downgrade_to_schema_1(old)
    before = layout(old)

    def failing_insert(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure half-way through the upgrade")

    monkeypatch.setattr(index_module, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="simulated"):
        Index.open(old, writable=True)
    assert layout(old) == before


def test_batched_indexing_gives_each_photo_the_result_it_gets_alone(tmp_path: Path, photo_dir: Path, segmenter) -> None:
    """Batches group photos of one input shape, so a photo's segments and embeddings do not depend
    on which photos it was batched with (extra padding would change DeepLab's image pooling)."""
    folder = tmp_path / "photos"
    shutil.copytree(photo_dir / "coco", folder)
    results = {}
    for batch_size in (1, 4):
        with Index.open(tmp_path / f"b{batch_size}", writable=True, model=identity(segmenter)) as idx:
            Indexer(idx, segmenter, batch_size=batch_size, workers=2).run([folder])
            results[batch_size] = {raw: idx.stored_regions(state.image_id) for raw, state in idx.file_states().items()}
    shapes = {segmenter.batch_shape(segmenter.preprocess(decode(p, 513).image)) for p in folder.glob("*.jpg")}
    assert len(shapes) > 1  # the photos really come in several input shapes
    assert results[1].keys() == results[4].keys()
    for raw, alone in results[1].items():
        batched = results[4][raw]
        assert [s.class_id for s in batched.segments] == [s.class_id for s in alone.segments]
        for a, b in zip(alone.segments, batched.segments):
            assert np.allclose(a.embedding, b.embedding, atol=1e-4)
        assert np.allclose(alone.image_embedding, batched.image_embedding, atol=1e-4)


def test_check_repair_fixes_lost_vectors_and_summaries(tmp_path: Path, photo_dir: Path) -> None:
    import segsearch
    from segsearch.indexer import index_photos

    index_dir = tmp_path / "idx"
    index_photos([photo_dir / "coco"], index_dir, models="voc")
    with segsearch.open_index(index_dir) as s:
        before = [(h.image_id, round(h.score, 6)) for h in s.search("person", k=50)]
        example_before = [h.image_id for h in s.search_indexed(before[0][0], k=10).hits]
    con = sqlite3.connect(index_dir / "index.db")
    with con:
        con.execute("delete from image_classes where image_id in (select image_id from image_classes limit 3)")
    con.close()
    for shard in (index_dir / "vectors").glob("class15.faiss"):
        shard.unlink()
    (index_dir / "vectors" / "manifest.json").write_text('{"generation": -5, "shards": []}')

    def check(*extra: str) -> tuple[int, dict]:
        proc = subprocess.run([sys.executable, "-m", "segsearch", "check", "--index", str(index_dir), "--json", *extra],
                              capture_output=True, text=True, timeout=120)
        return proc.returncode, json.loads(proc.stdout)

    code, report = check()
    assert code == 1 and report["summary_mismatches"] > 0 and report["missing_vectors"] > 0
    code, report = check("--repair")
    assert code == 0 and report["repaired"]
    code, report = check()
    assert code == 0 and report["ok"]
    with segsearch.open_index(index_dir) as s:
        assert [(h.image_id, round(h.score, 6)) for h in s.search("person", k=50)] == before
        assert [h.image_id for h in s.search_indexed(before[0][0], k=10).hits] == example_before
