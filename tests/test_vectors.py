"""FAISS index types and the bulk-insert path: an approximate index answers like the exact one,
bulk-added images are indistinguishable from indexed ones, bad factory strings are one clear line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from segsearch.errors import IndexMismatch, SegsearchError
from segsearch.search import Searcher
from segsearch.store import Index, ModelIdentity, NewImage
from segsearch.store.schema import SegmentRow

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
    ("IVF64,Flat", "must be trained.*reindex-vectors"), ("PQ8", "must be trained"), ("NoSuchIndex", "could not parse")])
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


def _clustered_library(rng: np.random.Generator, images: int, per_image: int, dim: int,
                       folder: str = "lib") -> list[NewImage]:
    """Synthetic images whose segments (one class, 15 = person) cluster around 50 centres, so
    neighbours are meaningful and ties rare."""
    from segsearch.regions import CompactMask, ImageRegions, Segment

    centres = rng.normal(size=(50, dim)).astype(np.float32)
    mask = CompactMask.encode(np.ones((4, 4), bool))
    items = []
    for n in range(images):
        vectors = centres[rng.integers(0, 50, per_image)] + 0.6 * rng.normal(size=(per_image, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        segments = [Segment(15, 0.1, (0, 0, 10, 10), 0.9, np.eye(21, dtype=np.float32)[15], mask, v) for v in vectors]
        image = vectors.mean(0)
        items.append(NewImage(f"/{folder}/{n:05d}.jpg".encode(), f"/{folder}/{n:05d}.jpg", 1, n, None, (640, 480),
                              ImageRegions(segments, image / np.linalg.norm(image))))
    return items


def _clustered_index(directory: Path, seed: int, dim: int = 32) -> np.ndarray:
    """An index of 2,600 clustered synthetic images (4 person segments each) at `directory`, and 30
    random unit query vectors from the same generator."""
    rng = np.random.default_rng(seed)
    identity = ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, dim)
    with Index.open(directory, writable=True, model=identity) as idx:
        idx.add_images(_clustered_library(rng, 2600, 4, dim))
        idx.checkpoint()
    queries = rng.normal(size=(30, dim)).astype(np.float32)
    return queries / np.linalg.norm(queries, axis=1, keepdims=True)


def test_compressed_vectors_with_exact_rerank_keep_recall_and_switch_back(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from segsearch.cli import app

    queries = _clustered_index(tmp_path, seed=7)
    dim = queries.shape[1]

    def answers(k: int = 20) -> tuple[list[list[int]], list[list[int]]]:
        with Index.open(tmp_path) as idx:
            segs = [idx.nearest_segments([15], q, k)[1][0].tolist() for q in queries]
            imgs = [idx.nearest_images(q, k)[1][0].tolist() for q in queries]
        return segs, imgs

    exact_segments, exact_images = answers()
    result = CliRunner().invoke(app, ["reindex-vectors", "--index", str(tmp_path), "--faiss-factory", "IVF32,PQ16",
                                      "--json"])
    assert result.exit_code == 0, result.output
    # the class shard (10,400 vectors) is trained; the images (2,600) are too few to train 256-entry code books
    assert '"compressed_shards": 1' in result.output
    with Index.open(tmp_path) as idx:
        assert idx.vectors.compressed and idx.check().ok
        assert idx.stats()["faiss_factory"] == "IVF32,PQ16"
        shard = idx.vectors.shards["class15"]
        assert idx.vectors.disk_bytes() < 0.6 * (10_400 + 2_600) * dim * 4  # compressed: well under the float size
        del shard
    segments, images = answers()
    recall = np.mean([len(set(a) & set(b)) / 20 for a, b in zip(segments, exact_segments)])
    image_recall = np.mean([len(set(a) & set(b)) / 20 for a, b in zip(images, exact_images)])
    assert recall >= 0.95 and image_recall >= 0.95, (recall, image_recall)  # measured 1.0 and 1.0
    with Index.open(tmp_path) as idx:  # the scores are the exact similarities, not the codes' estimates
        scores, ids = idx.nearest_segments([15], queries[0], 20)
        stored = idx._embeddings(SegmentRow, ids[0].tolist())
        assert np.allclose(scores[0], [stored[i] @ queries[0] for i in ids[0]], atol=1e-6)
        codes, _ = idx.vectors.search(["class15"], queries[0][None], 20)
        assert not np.allclose(codes[0], scores[0], atol=1e-4)  # what the re-rank corrects
        # the images stayed exact (too few to train): they are answered without a re-rank
        assert idx.vectors.approximate(["class15"]) and not idx.vectors.approximate(["images"])
        assert np.allclose(idx.nearest_images(queries[0], 5)[0], idx.vectors.search(["images"], queries[0][None], 5)[0])
    assert idx._vectors is None  # a closed index lets go of its vectors

    # new files go into the trained shards and are found; then back to exact, as before
    more = _clustered_library(np.random.default_rng(8), 10, 4, dim, "more")
    with Index.open(tmp_path, writable=True) as idx:
        ids = idx.add_images(more)
        idx.checkpoint()
        target = more[0].regions.segments[0].embedding
        assert idx.nearest_segments([15], target, 1)[1][0, 0] > 10_400  # one of the new segments
        idx.delete_images(ids)
        idx.checkpoint()
        idx.reindex_vectors("Flat")
    assert answers() == (exact_segments, exact_images)
    bad = CliRunner().invoke(app, ["reindex-vectors", "--index", str(tmp_path), "--faiss-factory", "IVF,nope"])
    assert bad.exit_code == 2 and "FAISS cannot build" in bad.output and "Traceback" not in bad.output


def test_scalar_quantized_vectors_rerank_half_as_many_candidates_at_exact_recall(tmp_path: Path) -> None:
    """`IVF,SQ8` codes keep every dimension to 1/255 of its range, so the exact re-rank reads 2k
    candidates (product quantizers: 4k) and still returns the exact nearest: recall@100 against the
    Flat answers on a clustered library, with the candidate count the search asked FAISS for."""
    from segsearch.store.vectors import rerank_factor

    assert rerank_factor("IVF1024,SQ8") == 2 and rerank_factor("IVF32,PQ16") == 4 and rerank_factor("IVF64,SQfp16") == 2
    queries = _clustered_index(tmp_path, seed=11)
    with Index.open(tmp_path) as idx:
        exact = [idx.nearest_segments([15], q, 100)[1][0].tolist() for q in queries]
    with Index.open(tmp_path, writable=True) as idx:
        assert idx.reindex_vectors("IVF32,SQ8")["compressed_shards"] >= 1
    with Index.open(tmp_path) as idx:
        asked: list[int] = []
        search = idx.vectors.search

        def counting(names: list[str], query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
            asked.append(k)
            return search(names, query, k)

        idx.vectors.search = counting  # type: ignore[method-assign]
        found = [idx.nearest_segments([15], q, 100)[1][0].tolist() for q in queries]
        assert idx.vectors.approximate(["class15"]) and set(asked) == {200}
    recall = np.mean([len(set(a) & set(b)) / 100 for a, b in zip(found, exact)])
    assert recall >= 0.99, recall  # measured 1.0
