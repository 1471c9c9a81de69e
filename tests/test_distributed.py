"""Indexing on a real local Ray cluster (2 CPUs): the same segments, to the float, and the same
answers as the single-process indexer; a SIGKILL of the whole run, then a resume, leaves a clean
index without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from segsearch.search import Searcher
from segsearch.store import Index, ShardedIndex, open_store
from segsearch.store.sharded import shard_of

from .conftest import EVAL_DIR, committed_images, resume_cleanly, stored, stored_chroma, stored_colours

ray = pytest.importorskip("ray", reason="the ray extra is part of the test set-up (pip install -e '.[test]')")

PHOTOS = sorted((EVAL_DIR / "JPEGImages").glob("*.jpg"))


@pytest.fixture(scope="module")
def local_cluster():  # type: ignore[no-untyped-def]
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
             runtime_env={"env_vars": {"SEGSEARCH_MODELS": os.environ["SEGSEARCH_MODELS"]}})
    yield
    ray.shutdown()


def test_ray_indexing_into_shards_equals_the_single_process_indexer(  # type: ignore[no-untyped-def]
        local_cluster, three_network_index: Path, tmp_path: Path) -> None:
    """On Ray into 3 shards vs one process into a plain index: the same segments and answers."""
    from segsearch.indexer import index_photos

    summary = index_photos(PHOTOS[:30], tmp_path, ray="local", shards=3)  # joins the cluster this process started
    assert summary.indexed == 30 and not summary.failed
    plain, on_ray = stored(three_network_index), stored(tmp_path)
    assert len(plain) == 30 and sum(map(len, plain.values())) > 150
    assert on_ray == plain  # every segment, byte for byte (embeddings, masks, histograms)
    assert stored_colours(tmp_path) == stored_colours(three_network_index)  # and the colours measured beside
    assert stored_chroma(tmp_path) == stored_chroma(three_network_index)
    with Searcher(Index.open(three_network_index)) as a, Searcher(open_store(tmp_path)) as b:
        assert isinstance(b.index, ShardedIndex)
        placed = [0, 0, 0]  # each photo in the shard its absolute path hashes to
        for photo in PHOTOS[:30]:
            placed[shard_of(os.fsencode(os.path.abspath(photo)), 3)] += 1
        assert b.index.stats()["images_per_shard"] == placed and min(placed) >= 1  # type: ignore[attr-defined]
        for query in ("person", "car and person", "sky and not tree", "people on the beach", "wall < 20%"):
            assert [(h.path, h.score) for h in a.search(query, k=20)] == [(h.path, h.score) for h in b.search(query, k=20)]
        for photo in PHOTOS[:3]:
            ranked_a = a.search_indexed(a.index.image_id_of(photo), k=20)  # type: ignore[arg-type]
            ranked_b = b.search_indexed(b.index.image_id_of(photo), k=20)  # type: ignore[arg-type]
            assert ranked_a.hits and [(h.path, round(h.score, 6)) for h in ranked_a.hits] == \
                [(h.path, round(h.score, 6)) for h in ranked_b.hits]


def test_killed_ray_run_resumes_without_duplicates(tmp_path: Path) -> None:
    """SIGKILL to the driver and every Ray process it started, mid-run, indexing into 2 shards;
    then resume on Ray."""
    photos = tmp_path / "photos"
    photos.mkdir()
    for p in PHOTOS[:16]:
        (photos / p.name).symlink_to(p)
    index_dir = tmp_path / "idx"
    cmd = [sys.executable, "-m", "segsearch", "index", str(photos), "--index", str(index_dir), "--json",
           "--commit-every", "2", "--ray", "local", "--models", "voc", "--shards", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while committed_images(index_dir) < 4 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver, the local cluster and its actors
    proc.wait()
    done_before = committed_images(index_dir)
    assert 0 < done_before < 16

    assert json.loads(resume_cleanly(cmd, index_dir, 16))["indexed"] == 16 - done_before


def test_without_ray_the_flag_says_how_to_install_it(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    (tmp_path / "ray").mkdir()
    (tmp_path / "ray" / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    result = subprocess.run([sys.executable, "-m", "segsearch", "index", str(PHOTOS[0]), "--index",
                             str(tmp_path / "idx"), "--ray", "local"], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["error: --ray needs Ray, which is not installed: pip install 'segsearch[ray]'"]
    assert not (tmp_path / "idx").exists()


@pytest.mark.parametrize("address, line", [
    ("127.0.0.1:1", "error: cannot reach the Ray cluster at 127.0.0.1:1: Connection refused"),
    ("ray://127.0.0.1:1", "error: cannot reach the Ray cluster at ray://127.0.0.1:1: Connection refused"),
    ("nowhere", "error: --ray takes 'local' or a cluster address HOST:PORT (or ray://HOST:PORT), got 'nowhere'"),
])
def test_a_cluster_that_does_not_answer_is_one_line_at_once(tmp_path: Path, address: str, line: str) -> None:
    """Ray's own connect retries an unreachable address for minutes, after the networks loaded;
    the indexer checks the port first and creates nothing."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "segsearch", "index", str(PHOTOS[0]), "--index",
                             str(tmp_path / "idx"), "--ray", address], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [line]
    assert time.monotonic() - started < 30 and not (tmp_path / "idx").exists()
