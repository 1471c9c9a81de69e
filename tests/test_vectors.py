"""FAISS index types and the bulk-insert path: an approximate index answers like the exact one,
bulk-added images are indistinguishable from indexed ones, bad factory strings are one clear line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from segsearch.errors import IndexMismatch, SegsearchError
from segsearch.search import Searcher
from segsearch.store import Index, ModelIdentity, NewImage

IDENTITY = ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, 320)


def copy_index(source: Path, target: Path, factory: str) -> int:
    """Copy every image of `source` into a new index of type `factory` through `add_images`."""
    with Index.open(source) as src:
        items = []
        for raw, state in src.file_states().items():
            if state.status != "indexed":
                continue
            regions = src.stored_regions(state.image_id)
            items.append(NewImage(raw, raw.decode(), state.size, state.mtime_ns, state.content_hash, (640, 480), regions))
        meta = src.meta
    identity = ModelIdentity(meta["model"], meta["weights_sha256"], int(meta["dim"]))
    with Index.open(target, writable=True, model=identity, factory=factory) as dst:
        dst.add_images(items)
    return len(items)


def test_bulk_copy_into_hnsw_index_answers_like_the_exact_one(built_index: Path, photo_dir: Path, tmp_path: Path) -> None:
    n = copy_index(built_index, tmp_path / "hnsw", "HNSW32")
    with Index.open(tmp_path / "hnsw") as idx:
        report = idx.check()
        assert report.ok and report.images == n
        assert idx.stats()["faiss_factory"] == "HNSW32"
    query = photo_dir / "samples" / "astronaut.jpg"
    with Searcher(Index.open(built_index)) as exact, Searcher(Index.open(tmp_path / "hnsw")) as approx:
        assert [h.path for h in approx.search("person", k=50)] == [h.path for h in exact.search("person", k=50)]
        exact_hits = exact.search_image(query, k=10).hits
        approx_hits = approx.search_image(query, k=10).hits
    # a few hundred vectors: the graph search is exhaustive enough to agree exactly
    assert [h.path for h in approx_hits] == [h.path for h in exact_hits]
    assert [round(h.score, 4) for h in approx_hits] == [round(h.score, 4) for h in exact_hits]


def test_bulk_add_refuses_a_path_that_is_already_indexed(built_index: Path, tmp_path: Path) -> None:
    copy_index(built_index, tmp_path / "flat", "Flat")
    with Index.open(built_index) as src:
        raw, state = next((r, s) for r, s in src.file_states().items() if s.status == "indexed")
        item = NewImage(raw, raw.decode(), 1, 1, None, (1, 1), src.stored_regions(state.image_id))
    with Index.open(tmp_path / "flat", writable=True) as dst:
        with pytest.raises(Exception, match="UNIQUE"):
            dst.add_images([item])
        assert dst.check().ok  # the failed transaction left nothing behind


@pytest.mark.parametrize("factory, message", [
    ("IVF64,Flat", "needs training"), ("PQ8", "needs training"), ("NoSuchIndex", "could not parse")])
def test_unusable_factory_strings_are_refused(tmp_path: Path, factory: str, message: str) -> None:
    with pytest.raises(SegsearchError, match=message):
        Index.open(tmp_path, writable=True, model=IDENTITY, factory=factory)


def test_factory_of_an_existing_index_cannot_change(tmp_path: Path) -> None:
    Index.open(tmp_path, writable=True, model=IDENTITY, factory="HNSW32").close()
    with pytest.raises(IndexMismatch, match="uses FAISS 'HNSW32'"):
        Index.open(tmp_path, writable=True, model=IDENTITY, factory="Flat")
    Index.open(tmp_path, writable=True, model=IDENTITY).close()  # no factory given: the stored one


def test_hnsw_shards_support_removal_and_reload(tmp_path: Path, rng: np.random.Generator) -> None:
    from segsearch.store.vectors import VectorStore

    store = VectorStore(tmp_path, 16, "HNSW32")
    x = rng.standard_normal((500, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    store.add("class15", np.arange(100, 600), x)
    store.remove("class15", [100, 101])
    store.save(generation=3)
    loaded = VectorStore.load(tmp_path, 16, "HNSW32")
    assert loaded.generation == 3 and loaded.count("class15") == 498
    _, ids = loaded.search(["class15"], x[5:6], 1)
    assert ids[0, 0] == 105
