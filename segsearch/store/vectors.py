"""FAISS vector files: one shard per class for segments (same-class search scans only that class)
and one for whole-image embeddings. Every shard is an `IndexIDMap2` keyed by the SQLite row id.

Files are written atomically (temporary file, fsync, rename). A manifest records the SQLite write
generation the files reflect; when it lags, the index reconciles the shards from SQLite.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np


class _LazyFaiss:
    """FAISS is imported on first use: class search, `stats` and `failures` never need it."""

    def __getattr__(self, name: str) -> Any:
        import faiss as real

        globals()["faiss"] = real
        return getattr(real, name)


faiss: Any = _LazyFaiss()

IMAGES_SHARD = "images"
DEFAULT_FACTORY = "Flat"
HNSW_MIN_EF_SEARCH = 128


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


TRAIN_SAMPLE = 100_000  # at most this many stored vectors train a compressed shard
TRAIN_SEED = 0
IVF_NPROBE = 64  # inverted lists searched per query in IVF shards (before the exact re-rank)


def rerank_factor(factory: str) -> int:
    """Candidates per result that a search of compressed shards re-scores exactly. Scalar
    quantizers keep every dimension (SQ8: within 1/255 of its range), so the true nearest are among
    the first 2k candidates; product quantizers keep only sub-vector centroids and their ranking
    errors reach further: 4k. Measured at 1M and 10M segments with IVF1024,SQ8: the best 100 of
    2k candidates equal those of 4k on every query (README, Scale)."""
    codes = factory.upper()
    return 2 if "SQ" in codes and "PQ" not in codes else 4


class UnsupportedFactory(ValueError):
    """A FAISS factory string segsearch cannot use."""


def build_factory(factory: str, dim: int) -> Any:
    """The empty FAISS index of `factory` (inner product), or `UnsupportedFactory`."""
    try:
        return faiss.index_factory(dim, factory, faiss.METRIC_INNER_PRODUCT)
    except RuntimeError as exc:
        reason = str(exc).strip().rsplit(": ", 1)[-1] or "unknown factory string"
        raise UnsupportedFactory(f"FAISS cannot build {factory!r}: {reason}") from None


def needs_training(factory: str, dim: int) -> bool:
    """Whether `factory`'s indexes must be trained before vectors go in (IVF, PQ: compressed)."""
    return not build_factory(factory, dim).is_trained


def validate_factory(factory: str, dim: int) -> None:
    """Refuse factory strings FAISS cannot build for a new index. A new index grows one batch at a
    time from nothing, so it must start with a type that needs no training; compressed types (IVF,
    PQ) are trained on an existing index's embeddings by `segsearch reindex-vectors`."""
    if needs_training(factory, dim):
        raise UnsupportedFactory(f"FAISS index {factory!r} must be trained on stored embeddings: create the index "
                                 f"with Flat (the default) or HNSW32, then run `segsearch reindex-vectors "
                                 f"--faiss-factory {factory}`")


def min_training_vectors(index: Any) -> int:
    """How many vectors a compressed index needs to train well: FAISS asks for 39 per centroid,
    of the coarse quantiser (IVF lists) and of each product-quantiser code book."""
    centroids = 1
    try:
        centroids = max(centroids, faiss.extract_index_ivf(index).nlist)
    except RuntimeError:
        pass
    inner = faiss.downcast_index(index)
    for holder in (inner, getattr(inner, "index", None)):
        pq = getattr(holder, "pq", None)
        if pq is not None:
            centroids = max(centroids, pq.ksub)
    return 39 * centroids


def _widen_search(shard: faiss.Index, k: int) -> None:
    """Graph indexes return at most efSearch neighbours with good recall: keep it above k."""
    inner = faiss.downcast_index(shard.index) if isinstance(shard, faiss.IndexIDMap) else shard
    hnsw = getattr(inner, "hnsw", None)
    if hnsw is not None and hnsw.efSearch < max(HNSW_MIN_EF_SEARCH, 2 * k):
        hnsw.efSearch = max(HNSW_MIN_EF_SEARCH, 2 * k)


@contextmanager
def _threads_for(n_queries: int) -> Iterator[None]:
    """FAISS parallelises over queries: for one query, waking its OpenMP team only costs time
    (measured 4 ms instead of 0.3 ms per search on 2 cores). The setting is per calling thread."""
    if n_queries > 1:
        yield
        return
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)


def shard_name(class_id: int) -> str:
    return f"class{class_id:02d}"


class VectorStore:
    """In-memory FAISS shards with dirty tracking and atomic persistence."""

    def __init__(self, directory: Path, dim: int, factory: str = DEFAULT_FACTORY):
        self.directory = directory
        self.dim = dim
        self.factory = factory
        # compressed shards answer approximately: search over-fetches and the Index re-ranks
        # the candidates exactly from the float vectors in SQLite
        self.compressed = needs_training(factory, dim)
        self.shards: dict[str, faiss.IndexIDMap2] = {}
        self.dirty: set[str] = set()
        self.generation = -1  # the SQLite generation these shards reflect
        self.listed: list[str] = []  # the shards the manifest names

    # --- construction ---------------------------------------------------------------------
    def _new_shard(self) -> faiss.IndexIDMap2:
        """An empty shard. With a compressed factory a new shard is exact (Flat) until
        `rebuild` trains it on enough vectors: there is nothing to train it on yet."""
        inner = faiss.IndexFlatIP(self.dim) if self.compressed else build_factory(self.factory, self.dim)
        return faiss.IndexIDMap2(inner)

    def rebuild(self, name: str, ids: np.ndarray, vectors: np.ndarray) -> bool:
        """Replace shard `name` by one of the store's factory holding these vectors, trained (when
        the factory needs it) on a seeded sample of at most TRAIN_SAMPLE of them. A shard with too
        few vectors to train stays exact. Returns whether the shard is compressed."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        inner = build_factory(self.factory, self.dim)
        compressed = not inner.is_trained
        if compressed and len(ids) < min_training_vectors(inner):
            inner, compressed = faiss.IndexFlatIP(self.dim), False
        if compressed:
            rng = np.random.default_rng(TRAIN_SEED)
            sample = vectors if len(vectors) <= TRAIN_SAMPLE else vectors[rng.choice(len(vectors), TRAIN_SAMPLE, replace=False)]
            inner.train(sample)
            try:
                faiss.extract_index_ivf(inner).nprobe = IVF_NPROBE
            except RuntimeError:
                pass
        shard = faiss.IndexIDMap2(inner)
        if len(ids):
            shard.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
        self.shards[name] = shard
        self.dirty.add(name)
        return compressed

    def shard(self, name: str) -> faiss.IndexIDMap2:
        if name not in self.shards:
            self.shards[name] = self._new_shard()
        return self.shards[name]

    @classmethod
    def load(cls, directory: Path, dim: int, factory: str) -> "VectorStore":
        store = cls(directory, dim, factory)
        manifest = directory / "manifest.json"
        if not manifest.exists():
            return store
        info = json.loads(manifest.read_text())
        store.listed = list(info.get("shards", []))
        for name in store.listed:
            path = directory / f"{name}.faiss"
            if path.exists():
                store.shards[name] = faiss.read_index(str(path))
        store.generation = int(info.get("generation", -1))
        return store

    # --- updates ----------------------------------------------------------------------------
    def add(self, name: str, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        shard = self.shard(name)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if not shard.is_trained:
            shard.train(vectors)
        shard.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
        self.dirty.add(name)

    def remove(self, name: str, ids: Iterable[int]) -> None:
        ids = np.fromiter(ids, dtype=np.int64)
        if len(ids) == 0 or name not in self.shards:
            return
        try:
            self.shards[name].remove_ids(faiss.IDSelectorBatch(ids))
        except RuntimeError:  # index types without removal (HNSW): rebuild without those ids
            keep = np.setdiff1d(self.ids(name), ids)
            vectors = np.vstack([self.shards[name].reconstruct(int(i)) for i in keep]) \
                if len(keep) else np.zeros((0, self.dim), np.float32)
            self.shards[name] = self._new_shard()
            self.add(name, keep, vectors)
        self.dirty.add(name)

    def ids(self, name: str) -> np.ndarray:
        if name not in self.shards:
            return np.zeros(0, dtype=np.int64)
        return faiss.vector_to_array(self.shards[name].id_map).astype(np.int64)

    def approximate(self, names: Iterable[str]) -> bool:
        """Whether any of these shards holds compressed codes (a trained IVF/PQ shard) rather than
        the exact vectors: only then do its answers need the exact re-rank."""
        if not self.compressed:
            return False
        return any(name in self.shards and not isinstance(faiss.downcast_index(self.shards[name].index),
                                                           faiss.IndexFlat) for name in names)

    def count(self, name: str | None = None) -> int:
        if name is not None:
            return self.shards[name].ntotal if name in self.shards else 0
        return sum(s.ntotal for n, s in self.shards.items() if n != IMAGES_SHARD)

    # --- search -----------------------------------------------------------------------------
    def search(self, names: Iterable[str], queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query over the union of `names`; -1 ids pad short results."""
        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        all_scores, all_ids = [], []
        for name in names:
            shard = self.shards.get(name)
            if shard is None or shard.ntotal == 0:
                continue
            _widen_search(shard, k)
            with _threads_for(len(queries)):
                scores, ids = shard.search(queries, min(k, shard.ntotal))
            all_scores.append(scores)
            all_ids.append(ids)
        if not all_scores:
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        scores, ids = np.hstack(all_scores), np.hstack(all_ids)
        if len(all_scores) > 1:
            order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
            scores, ids = np.take_along_axis(scores, order, 1), np.take_along_axis(ids, order, 1)
        return scores, ids

    # --- persistence ------------------------------------------------------------------------
    def save(self, generation: int) -> None:
        """Write dirty shards, then the manifest (the commit point for the files)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for name in sorted(self.dirty):
            atomic_write_bytes(self.directory / f"{name}.faiss",
                               faiss.serialize_index(self.shards[name]).tobytes())
        manifest = {"generation": generation, "factory": self.factory, "dim": self.dim,
                    "shards": sorted(self.shards), "vectors": {n: s.ntotal for n, s in self.shards.items()}}
        atomic_write_bytes(self.directory / "manifest.json", json.dumps(manifest, indent=1).encode())
        self.dirty.clear()
        self.generation = generation

    def remove_temporary_files(self) -> int:
        """Delete temporary files a killed writer left behind (never the committed ones)."""
        if not self.directory.exists():
            return 0
        stale = list(self.directory.glob(".*.tmp-*"))
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def disk_bytes(self) -> int:
        return disk_bytes(self.directory)


def disk_bytes(directory: Path) -> int:
    """Bytes of the vector files in `directory` (without loading them)."""
    if not directory.exists():
        return 0
    return sum(p.stat().st_size for p in directory.iterdir() if p.is_file())
