"""Crashes at the awkward moments, readers beside a writer, unreadable and vanishing files, a full
disk and a read-only index: nothing committed is lost and the index is never left inconsistent."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segsearch.cli import app
from segsearch.indexer import Indexer
from segsearch.search import Searcher
from segsearch.store import Index, ModelIdentity

from .conftest import committed_images, pick_photos

runner = CliRunner()


def identity(segmenter) -> ModelIdentity:
    return ModelIdentity(segmenter.spec.name, segmenter.weights_sha256, segmenter.feature_dim)


def _library(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    for p in pick_photos(n):
        shutil.copy(p, folder / p.name)
    return folder


def _crash_run(index_dir: Path, folder: Path, sabotage: str) -> None:
    """Index `folder` in a child process that SIGKILLs itself at the point `sabotage` sets up."""
    script = "\n".join([
        "import os, signal, sys",
        "from segsearch.store import vectors",
        "from segsearch.store.index import Index",
        "kill = lambda: os.kill(os.getpid(), signal.SIGKILL)",
        textwrap.dedent(sabotage),
        "from segsearch.cli import main",
        f"sys.argv = ['segsearch', 'index', {str(folder)!r}, '--index', {str(index_dir)!r}, '--json']",
        "main()"])
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def _check(index_dir: Path) -> dict:
    import json

    result = runner.invoke(app, ["check", "--index", str(index_dir), "--json"])
    return {**json.loads(result.stdout), "exit_code": result.exit_code}


def _assert_repaired_by_next_run(index_dir: Path, folder: Path, n: int, committed_before: int) -> None:
    result = runner.invoke(app, ["index", str(folder), "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    report = _check(index_dir)
    assert report["ok"] and report["exit_code"] == 0
    assert report["images"] == n and report["missing_vectors"] == report["orphan_vectors"] == 0
    import json

    summary = json.loads(result.stdout)
    assert summary["unchanged"] == committed_before  # nothing committed was redone or lost
    assert not list((index_dir / "vectors").glob(".*.tmp-*"))  # no half-written files left


def test_kill_between_sqlite_commit_and_faiss_write(tmp_path: Path) -> None:
    folder, index_dir = _library(tmp_path, 4), tmp_path / "idx"
    # every image commits to SQLite, then the process dies before any vector file is written
    _crash_run(index_dir, folder, "Index.checkpoint = lambda self: kill()")
    report = _check(index_dir)
    assert report["images"] == 4 and report["exit_code"] == 1 and not report["ok"]
    assert report["missing_vectors"] > 0 and report["vectors_generation"] < report["sqlite_generation"]
    with Searcher(Index.open(index_dir)) as s:  # readers heal in memory meanwhile
        assert s.index.check().images == 4 and s.search("person", k=10)
    _assert_repaired_by_next_run(index_dir, folder, 4, committed_before=4)


def test_kill_during_the_faiss_write(tmp_path: Path) -> None:
    folder, index_dir = _library(tmp_path, 4), tmp_path / "idx"
    # the first vector file is half written to its temporary name when the process dies
    _crash_run(index_dir, folder, textwrap.dedent("""
        def half_write(path, data):
            tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data[: len(data) // 2])
            kill()
        vectors.atomic_write_bytes = half_write
    """))
    assert list((index_dir / "vectors").glob(".*.tmp-*"))
    assert not (index_dir / "vectors" / "manifest.json").exists()
    report = _check(index_dir)
    assert report["images"] == 4 and not report["ok"]
    _assert_repaired_by_next_run(index_dir, folder, 4, committed_before=4)


def test_searches_during_an_indexing_run_see_consistent_snapshots(tmp_path: Path) -> None:
    folder, index_dir = _library(tmp_path, 12), tmp_path / "idx"
    writer = subprocess.Popen([sys.executable, "-m", "segsearch", "index", str(folder), "--index", str(index_dir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen, deadline = [], time.time() + 240
    while writer.poll() is None and time.time() < deadline:
        if committed_images(index_dir) == 0:  # the writer is still creating it
            time.sleep(0.05)
            continue
        with Searcher(Index.open(index_dir)) as s:
            idx = s.index
            # the reader's vectors are one snapshot: whole images, each with all of its segments
            images = set(idx.vectors.ids("images").tolist())
            segments = {int(i) for name in idx.vectors.shards if name != "images" for i in idx.vectors.ids(name)}
            con = sqlite3.connect(index_dir / "index.db")
            rows = con.execute("select id, image_id from segments").fetchall()
            con.close()
            assert segments == {sid for sid, iid in rows if iid in images}
            hits = s.search("person", k=50)
            assert all(m.class_name.startswith("person") for h in hits for m in h.matches)
            seen.append(len(images))
        time.sleep(0.2)
    assert writer.wait(60) == 0, writer.stderr.read()
    assert len(seen) >= 2 and seen == sorted(seen)  # snapshots only ever grow
    with Index.open(index_dir) as idx:
        assert idx.check().ok and idx.check().images == 12


def test_unreadable_and_vanishing_files_are_recorded_not_fatal(tmp_path: Path, segmenter, monkeypatch) -> None:
    folder = _library(tmp_path, 4)
    photos = sorted(folder.glob("*.jpg"))
    vanishing, locked = photos[0], photos[1]
    if os.geteuid() != 0:
        locked.chmod(0)
    import segsearch.indexer as indexer_module

    real_plan = Indexer.plan

    def plan_then_delete(self, roots, summary):  # the file goes away after discovery
        jobs, seen = real_plan(self, roots, summary)
        vanishing.unlink()
        return jobs, seen

    monkeypatch.setattr(indexer_module.Indexer, "plan", plan_then_delete)
    with Index.open(tmp_path / "idx", writable=True, model=identity(segmenter)) as idx:
        summary = Indexer(idx, segmenter).run([folder])
        failures = dict(idx.failures())
        assert idx.check().ok
    reasons = {Path(p).name: r for p, r in failures.items()}
    assert reasons[vanishing.name] == "file disappeared before it could be read"
    if os.geteuid() != 0:
        assert reasons[locked.name] == "permission denied"
        assert summary.indexed == 2
    else:  # root reads anything: the permission case cannot be made here
        assert summary.indexed == 3
    assert len(summary.failed) == len(reasons)


# photos analysed whole in the workers (on a CPU); batches (the GPU path), the error in the
# networks' batch or in one photo's regions (extracted by a worker while the next batch runs)
@pytest.mark.parametrize(("batch_size", "stage"), [(1, "networks"), (2, "networks"), (2, "regions")])
def test_an_unexpected_analysis_error_skips_that_photo_and_the_next_run_retries_it(
        tmp_path: Path, segmenter, batch_size: int, stage: str) -> None:
    """A defect met on one photo (here a stand-in: analysis raises for it) is reported in one line,
    leaves no row (so the next run retries it) and does not stop the run; errors on every photo,
    ten in a row, do stop it, with the error itself, and leave a consistent index."""
    folder = _library(tmp_path, 12)
    photos = sorted(folder.glob("*.jpg"))
    cursed = photos[1].name

    def sabotage(indexer: Indexer, doomed) -> Indexer:
        analyzer = indexer.analyzer  # analysing one photo alone runs `run_networks` too
        run_networks, regions = analyzer.run_networks, analyzer.regions

        def networks_or_fail(inputs, image_sizes, original_sizes):
            if any(doomed(size) for size in original_sizes):
                raise ZeroDivisionError("division by zero")
            return run_networks(inputs, image_sizes, original_sizes)

        def regions_or_fail(outputs, original_size):
            if doomed(original_size):
                raise ZeroDivisionError("division by zero")
            return regions(outputs, original_size)

        if stage == "networks":
            analyzer.run_networks = networks_or_fail  # type: ignore[method-assign]
        if stage == "regions":
            analyzer.regions = regions_or_fail  # type: ignore[method-assign]
        return indexer

    from PIL import Image

    with Image.open(folder / cursed) as im:
        cursed_size = (601, 401)  # a size no other photo has: the sabotage recognises it by its size
        im.convert("RGB").resize(cursed_size).save(folder / cursed)
    assert [Image.open(p).size for p in photos].count(cursed_size) == 1
    with Index.open(tmp_path / "idx", writable=True, model=identity(segmenter)) as idx:
        indexer = sabotage(Indexer(idx, segmenter, batch_size=batch_size), lambda size: size == cursed_size)
        summary = indexer.run([folder])
        assert summary.indexed == 11 and [Path(p).name for p, _ in summary.failed] == [cursed]
        assert summary.failed[0][1].startswith("internal error (ZeroDivisionError: division by zero)")
        assert dict(idx.failures()) == {} and idx.check().ok  # no row: retried next time
        again = Indexer(idx, segmenter, batch_size=batch_size).run([folder])
        assert (again.indexed, again.unchanged, again.failed) == (1, 11, [])

    with Index.open(tmp_path / "idx2", writable=True, model=identity(segmenter)) as idx:
        with pytest.raises(ZeroDivisionError):
            sabotage(Indexer(idx, segmenter, batch_size=batch_size), lambda size: True).run([folder])
        assert idx.check().ok


def _mount_tmpfs(target: Path, options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    if os.geteuid() != 0 or not _mount_tmpfs(mount, "size=160k"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount permission)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_is_one_clear_line_and_keeps_what_was_committed(small_disk: Path, tmp_path: Path) -> None:
    folder = _library(tmp_path, 16)
    result = runner.invoke(app, ["index", str(folder), "--index", str(small_disk / "idx")])
    assert result.exit_code == 1
    assert "No space left on device" in result.output or "database or disk is full" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    # whatever was committed before the disk filled is intact and searchable; vector files the
    # full disk could not take lag behind SQLite (never the other way) and are healed on open
    with Index.open(small_disk / "idx") as idx:
        report = idx.check()
        assert report.sqlite_ok and report.orphan_vectors == 0 and report.summary_mismatches == 0
        assert report.sqlite_generation >= report.vectors_generation
        assert idx.vectors is not None
        assert sum(idx.vectors.count(name) for name in idx.vectors.shards) == report.segments + report.images


def test_read_only_index_directory_is_refused_and_left_as_it_was(tmp_path: Path, built_index: Path) -> None:
    target = tmp_path / "ro"
    if os.geteuid() != 0 or not _mount_tmpfs(target, "size=50m"):
        pytest.skip("cannot mount a tmpfs here (needs root and mount permission)")
    try:
        shutil.copytree(built_index, target / "idx")
        (target / "idx" / "index.lock").unlink(missing_ok=True)
        before = {p.name: p.read_bytes() for p in (target / "idx").rglob("*") if p.is_file()}
        subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
        result = runner.invoke(app, ["index", str(tmp_path), "--index", str(target / "idx")])
        assert result.exit_code == 1 and "not writable" in result.output
        assert len(result.output.strip().splitlines()) == 1
        search = runner.invoke(app, ["search", "person", "--index", str(target / "idx"), "--json"])
        assert search.exit_code == 0, search.output  # reading a read-only index still works
        after = {p.name: p.read_bytes() for p in (target / "idx").rglob("*") if p.is_file()}
        assert after == before
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_check_reads_the_vectors_before_its_snapshot_so_a_concurrent_commit_is_no_orphan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer commits rows and then writes their vectors. `check` beside it must read the vector
    files before it takes its SQLite snapshot: taken first, the snapshot can miss photos whose
    vectors the files already hold, and they looked like orphans (seen in CI: a check during a
    normal indexing run reported 0 images and failed). Here the writer commits and checkpoints
    exactly while the checker reads the files."""
    from segsearch.store import index as index_module
    from segsearch.store.vectors import VectorStore

    from .test_sharded import _library

    first, second = _library(40, seed=5)[:20], _library(40, seed=5)[20:]
    with Index.open(tmp_path, writable=True, model=ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, 8)) as writer:
        writer.add_images(first)
        writer.checkpoint()
        real_load = VectorStore.load

        def commit_then_load(*args: object, **kwargs: object) -> VectorStore:
            writer.add_images(second)
            writer.checkpoint()
            return real_load(*args, **kwargs)  # type: ignore[arg-type]

        with Index.open(tmp_path) as reader:
            monkeypatch.setattr(index_module.VectorStore, "load", staticmethod(commit_then_load))
            report = reader.check()
            monkeypatch.setattr(index_module.VectorStore, "load", real_load)
        assert report.images == 40 and report.orphan_vectors == 0 and report.missing_vectors == 0 and report.ok
