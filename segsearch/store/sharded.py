"""A sharded index: N complete `Index` units under one directory, searched as one.

Layout: `DIR/shards.json` (the shard count, written once when the index is created) and
`DIR/shard-000/` ... each an ordinary index directory (its own SQLite file, vectors and writer
lock), so a shard can be written, checked, copied or searched on its own.

- **Placement.** A file lives in exactly one shard, chosen by a stable hash of its absolute path
  (`shard_of`): the same file always goes to the same shard, in every process and on every machine,
  so re-indexing replaces it in place and `file_states` needs no routing table.
- **Global ids.** Image and segment ids seen by callers are `local * N + shard` (`global_id`),
  so every id names its shard and row without a lookup, ids stay plain integers for the search
  code, and a one-shard index has the ids of a plain one.
- **Writes.** `write_files` splits a batch by shard and commits each part in that shard's own
  transaction, the parts in parallel. The crash guarantee is the plain index's, per shard: each
  part is complete or absent; a resume redoes exactly the files that are absent (SQLite is the
  truth, and `file_states` reads it).
- **Reads.** Every query fans out to all shards on a thread pool (SQLite, FAISS and numpy release
  the GIL) and the answers are merged. Class search merges each shard's best `k + offset` by the
  same key a single index orders by (score, then path), so the ranking equals that of one
  unsharded index holding the same photos, ties included; example search merges each shard's
  nearest `k` by similarity.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, namedtuple
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, TypeVar, cast

import numpy as np

from ..errors import IndexCorrupt, IndexMismatch, IndexNotFound, SegsearchError
from ..labels import LabelSpace
from ..query.parser import CountOrder, Node
from ..regions import ImageRegions, RegionSettings, Segment
from .catalogue import Filters, RankedImage, Resolver, ranking_key
from .index import (DB_NAME, CheckReport, FileState, FileWrite, ImageRecord, Index, ModelIdentity, NewImage, Taken,
                    no_index)
from .vectors import atomic_write_bytes

SHARDS_NAME = "shards.json"
MAX_SHARDS = 256
T = TypeVar("T")
# Photos per shard from which class-list queries run on the shards in parallel: measured on 2 cores,
# at 8k photos per shard one thread answered ~1.7x faster (the walks are mostly Python), at 833k
# two threads ~1.3x faster for multi-class queries (they overlap the shards' numpy work over long
# lists); the switch lies between, not measured finer.
PARALLEL_LISTS_FROM = 250_000
Placed = TypeVar("Placed", FileWrite, NewImage)  # what goes to the shard its raw path hashes to


def shard_of(raw_path: bytes, shards: int) -> int:
    """The shard a file lives in: a stable hash of its raw absolute path (not Python's `hash`,
    which is salted per process)."""
    return int.from_bytes(hashlib.blake2b(raw_path, digest_size=8).digest(), "big") % shards


def global_id(local: int, shard: int, shards: int) -> int:
    return local * shards + shard


def shard_dir(directory: Path, shard: int) -> Path:
    return directory / f"shard-{shard:03d}"


def shard_count(directory: str | os.PathLike[str]) -> int:
    """The number of shards of the index at `directory`: 1 for a plain (or missing) index."""
    layout = Path(directory).expanduser() / SHARDS_NAME
    if not layout.exists():
        return 1
    try:
        n = int(json.loads(layout.read_text())["shards"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"{layout} is not a readable shard layout ({exc})") from None
    if not 1 <= n <= MAX_SHARDS:
        raise IndexCorrupt(f"{layout} names {n} shards (1 to {MAX_SHARDS} are possible)")
    return n


def existing_shards(directory: str | os.PathLike[str], wanted: int | None = None) -> int | None:
    """The shard count of the index at `directory` (None when there is none yet); an
    `IndexMismatch` when `wanted` is given and differs, an error when it is out of range."""
    if wanted is not None and not 1 <= wanted <= MAX_SHARDS:
        raise SegsearchError(f"--shards must be between 1 and {MAX_SHARDS} (got {wanted})")
    if not index_exists(directory):
        return None
    have = shard_count(directory)
    if wanted is not None and wanted != have:
        raise IndexMismatch(f"index at {directory} has {have} shard{'s' * (have != 1)}, not {wanted}: "
                            "build a new index to change the shard count")
    return have


def index_exists(directory: str | os.PathLike[str]) -> bool:
    """Whether `directory` holds an index, plain or sharded."""
    path = Path(directory).expanduser()
    return (path / DB_NAME).exists() or (path / SHARDS_NAME).exists()


@lru_cache(maxsize=None)
def _record_type(fields: tuple[str, ...]) -> Any:
    return namedtuple("Record", fields)  # type: ignore[misc]


def _relabelled(row: Any, shard: int, shards: int, columns: Sequence[str]) -> Any:
    """A copy of a result row (attribute and tuple access, like SQLAlchemy's) with its id columns
    made global."""
    values = row._asdict()
    for name in columns:
        values[name] = global_id(values[name], shard, shards)
    return _record_type(tuple(values))(**values)


def open_store(directory: str | os.PathLike[str], *, writable: bool = False, model: ModelIdentity | None = None,
               factory: str | None = None, shards: int | None = None) -> "Index | ShardedIndex":
    """Open the index at `directory`, plain or sharded (see `Index.open` for the arguments). A
    missing index is created with `shards` shards (default 1: a plain index); naming a shard
    count an existing index does not have is an `IndexMismatch`, not a silent re-layout."""
    directory = Path(directory).expanduser().absolute()
    have = existing_shards(directory, shards)
    n = have or shards or 1
    if n == 1:
        return Index.open(directory, writable=writable, model=model, factory=factory)
    if have is None:
        if not writable or model is None:
            raise no_index(directory)
        create_layout(directory, n)
    return ShardedIndex.open(directory, n, writable=writable, model=model, factory=factory)


def create_layout(directory: Path, shards: int) -> None:
    """Make `directory` a sharded index of `shards` shards (its shard directories are created by
    the first writable open, or may be built separately, each as a plain index, in parallel).
    The layout comes first: a crash before the shards exist leaves an index whose shards the next
    writable open creates (read-only opens say it is empty)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SegsearchError(f"cannot create index directory {directory}: {exc.strerror}") from None
    atomic_write_bytes(directory / SHARDS_NAME, json.dumps({"shards": shards}).encode())


class ShardedIndex:
    """The `Index` methods callers use, over N shard indexes (see the module docstring)."""

    def __init__(self, directory: Path, parts: list[Index]):
        self.directory = directory
        self.parts = parts
        self.shards = len(parts)
        self.writable = parts[0].writable
        self._pool = ThreadPoolExecutor(max_workers=min(self.shards, max(2, os.cpu_count() or 2)),
                                        thread_name_prefix="segsearch-shard")

    @classmethod
    def open(cls, directory: Path, shards: int, *, writable: bool = False, model: ModelIdentity | None = None,
             factory: str | None = None) -> "ShardedIndex":
        parts: list[Index] = []
        try:
            for s in range(shards):
                try:
                    parts.append(Index.open(shard_dir(directory, s), writable=writable, model=model, factory=factory))
                except IndexNotFound:  # a plain index's advice (build one there) would be wrong here
                    raise IndexCorrupt(f"shard {shard_dir(directory, s).name} of the index at {directory} is missing "
                                       f"or empty: restore it, or run `segsearch index PHOTOS --index {directory}` "
                                       "to index its photos again") from None
            first = parts[0].meta
            for s, part in enumerate(parts[1:], 1):
                for key in ("model", "weights_sha256", "dim"):
                    if part.meta.get(key) != first.get(key):
                        raise IndexCorrupt(f"{shard_dir(directory, s)} was built with another {key} "
                                           f"than {shard_dir(directory, 0)}: the shards do not belong together")
        except BaseException:
            for part in parts:
                part.close()
            raise
        return cls(directory, parts)

    # --- ids and fan-out ---------------------------------------------------------------------
    def _global(self, local: int, shard: int) -> int:
        return global_id(local, shard, self.shards)

    def _locate(self, gid: int) -> tuple[int, int]:
        """(shard, local id) of a global id."""
        return int(gid) % self.shards, int(gid) // self.shards

    def _split(self, ids: Iterable[int]) -> dict[int, list[int]]:
        """Global ids by shard, as local ids."""
        by_shard: dict[int, list[int]] = {}
        for gid in ids:
            s, local = self._locate(gid)
            by_shard.setdefault(s, []).append(local)
        return by_shard

    def _union(self, work: Callable[[Index], Iterable[int]]) -> set[int]:
        """The global ids of what `work` finds in every shard."""
        return {self._global(i, s) for s, ids in enumerate(self._each(work)) for i in ids}

    def _keyed(self, found: dict[int, dict[int, T]]) -> dict[int, T]:
        """Per-shard answers keyed by local id → one answer keyed by global id."""
        return {self._global(i, s): v for s, rows in found.items() for i, v in rows.items()}

    def _each(self, work: Callable[[Index], T]) -> list[T]:
        """`work` on every shard, in parallel; results in shard order."""
        return list(self._pool.map(work, self.parts))

    def _each_of(self, by_shard: dict[int, T], work: Callable[[Index, T], Any], parallel: bool = False) -> dict[int, Any]:
        """`work(shard index, its part)` for the shards that have a part. Lookups of a few ids run
        in this thread: each is a statement of a fraction of a millisecond, mostly Python, where a
        thread hand-off costs more than it saves (measured: 7 against 10 ms per class query over
        4 shards); writes (`parallel`) overlap their commits."""
        if not parallel:
            return {s: work(self.parts[s], part) for s, part in by_shard.items()}
        futures = {s: self._pool.submit(work, self.parts[s], part) for s, part in by_shard.items()}
        return {s: f.result() for s, f in futures.items()}

    # --- what the index is --------------------------------------------------------------------
    @property
    def meta(self) -> dict[str, str]:
        return self.parts[0].meta

    @property
    def space(self) -> LabelSpace:
        return self.parts[0].space

    @property
    def settings(self) -> RegionSettings:
        return self.parts[0].settings

    @property
    def model_name(self) -> str:
        return self.parts[0].model_name

    @property
    def dim(self) -> int:
        return self.parts[0].dim

    def generation(self) -> int:
        """Grows with every commit to any shard (the sum of the shards' generations)."""
        return sum(self._each(lambda p: p.generation()))

    def refresh(self) -> bool:
        return any(self._each(lambda p: p.refresh()))

    # --- writing ------------------------------------------------------------------------------
    def write_image(self, raw_path: bytes, path: str, size: int, mtime_ns: int, content_hash: str | None,
                    original_size: tuple[int, int] | None, regions: ImageRegions | None, error: str | None = None,
                    taken: float | None = None) -> int:
        return self.write_files([FileWrite(raw_path, path, size, mtime_ns, content_hash, original_size,
                                           regions, error, taken)])[0]

    def write_files(self, files: Sequence[FileWrite]) -> list[int]:
        """Each shard's files in one transaction of that shard, the shards in parallel; returns
        the global image ids in the order of `files`."""
        return self._write_placed(files, lambda part, mine: part.write_files(mine))

    def add_images(self, images: Sequence[NewImage]) -> list[int]:
        """Bulk insert of files not yet in the index (imports, benchmarks), each shard's part in
        one transaction of that shard; global ids in the order of `images`."""
        return self._write_placed(images, lambda part, mine: part.add_images(mine))

    def _write_placed(self, files: Sequence[Placed], write: Callable[[Index, list[Placed]], list[int]]) -> list[int]:
        """`write` each shard's files (by `shard_of` their path) to it, the shards in parallel;
        the global image ids in the order of `files`."""
        by_shard: dict[int, list[int]] = {}
        for i, f in enumerate(files):
            by_shard.setdefault(shard_of(f.raw_path, self.shards), []).append(i)
        written = self._each_of(by_shard, lambda part, idx: write(part, [files[i] for i in idx]), parallel=True)
        ids = [0] * len(files)
        for s, positions in by_shard.items():
            for i, local in zip(positions, written[s]):
                ids[i] = self._global(local, s)
        return ids

    def delete_images(self, image_ids: Iterable[int]) -> int:
        return sum(self._each_of(self._split(image_ids), lambda part, ids: part.delete_images(ids), parallel=True).values())

    def touch_image(self, image_id: int, mtime_ns: int) -> None:
        s, local = self._locate(image_id)
        self.parts[s].touch_image(local, mtime_ns)

    def checkpoint(self) -> None:
        self._each(lambda p: p.checkpoint())

    # --- reading ------------------------------------------------------------------------------
    def file_states(self) -> dict[bytes, FileState]:
        states: dict[bytes, FileState] = {}
        for s, part in enumerate(self._each(lambda p: p.file_states())):
            for raw, state in part.items():
                states[raw] = replace(state, image_id=self._global(state.image_id, s))
        return states

    def stats(self) -> dict[str, object]:
        parts = self._each(lambda p: p.stats())
        info = dict(parts[0])
        info["index"] = str(self.directory)
        info["shards"] = self.shards
        for key in ("images", "failed", "segments", "sqlite_bytes", "faiss_bytes", "disk_bytes"):
            info[key] = sum(int(p[key]) for p in parts)  # type: ignore[call-overload]
        for key in ("segments_per_class", "images_per_class"):
            total: Counter[str] = Counter()
            for p in parts:
                total.update(cast(dict[str, int], p[key]))
            info[key] = dict(total.most_common())
        info["images_per_shard"] = [p["images"] for p in parts]
        return info

    def failures(self) -> list[tuple[str, str]]:
        return sorted(row for part in self._each(lambda p: p.failures()) for row in part)

    def check(self, repair: bool = False) -> CheckReport:
        """Every shard checked (and repaired); one report summing them, findings named by shard."""
        reports = self._each(lambda p: p.check(repair=repair))
        total = CheckReport()
        for s, r in enumerate(reports):
            name = shard_dir(self.directory, s).name
            for key in ("images", "failed", "segments", "missing_vectors", "orphan_vectors", "summary_mismatches",
                        "sqlite_generation"):
                setattr(total, key, getattr(total, key) + getattr(r, key))
            total.vectors_generation = (r.vectors_generation if s == 0
                                        else total.vectors_generation + r.vectors_generation)
            if not r.sqlite_ok:
                total.sqlite_ok = False
                total.sqlite_message = f"{name}: {r.sqlite_message}"
            if r.vector_files_message != "ok":
                total.vector_files_message = f"{name}: {r.vector_files_message}"
            total.writer_pid = total.writer_pid or r.writer_pid
            total.repaired += [f"{name}: {line}" for line in r.repaired]
            total.shards[name] = {**asdict(r), "ok": r.ok}
        return total

    def stored_regions(self, image_id: int) -> ImageRegions | None:
        s, local = self._locate(image_id)
        regions = self.parts[s].stored_regions(local)
        if regions is None:
            return None
        return ImageRegions([self._global_segment(seg, s) for seg in regions.segments], regions.image_embedding)

    def _global_segment(self, seg: Segment, shard: int) -> Segment:
        return replace(seg, segment_id=None if seg.segment_id is None else self._global(seg.segment_id, shard))

    def segment(self, segment_id: int) -> Segment | None:
        s, local = self._locate(segment_id)
        seg = self.parts[s].segment(local)
        return None if seg is None else self._global_segment(seg, s)

    def image_record(self, image_id: int) -> ImageRecord | None:
        s, local = self._locate(image_id)
        record = self.parts[s].image_record(local)
        return None if record is None else replace(record, image_id=image_id)

    # --- class search -------------------------------------------------------------------------
    def top_images(self, ast: Node, resolver: Resolver, k: int, offset: int = 0,
                   filters: Filters | None = None, route: str = "auto",
                   order: str | CountOrder | None = None) -> tuple[list[RankedImage], list[int]]:
        """Each shard's best k + offset, merged by score then path (or by when they were taken,
        or a count, as `Index.top_images` orders them): the ranking of one index.
        Shards answering from SQL, or from class lists of many photos, are asked in parallel;
        shards with small class lists in this thread (a threshold walk there is a fraction of a
        millisecond, mostly Python, and a thread hand-off costs more than it saves: README,
        Scale)."""
        ask: Callable[[Index], tuple[list[RankedImage], list[int]]] = \
            lambda p: p.top_images(ast, resolver, k + offset, 0, filters, route, order)  # noqa: E731
        small = route != "sql" and not filters \
            and 0 < max(p.class_list_images for p in self.parts) < PARALLEL_LISTS_FROM
        answers = [ask(p) for p in self.parts] if small else self._each(ask)
        ranked = [replace(r, image_id=self._global(r.image_id, s)) for s, (rows, _) in enumerate(answers)
                  for r in rows]
        ranked.sort(key=lambda r: ranking_key(r, ast, order))  # as each shard orders them
        return ranked[offset:offset + k], answers[0][1]

    def matching_images(self, ast: Node, resolver: Resolver, filters: Filters | None = None) -> set[int]:
        return self._union(lambda p: p.matching_images(ast, resolver, filters))

    def keep_class_lists(self, wait: bool = False) -> None:
        self._each(lambda p: p.keep_class_lists(wait))

    def class_lists_current(self) -> bool:
        return all(self._each(lambda p: p.class_lists_current()))

    def segments_of_labels(self, image_ids: list[int], label_ids: list[int]) -> list[Any]:
        found = self._each_of(self._split(image_ids), lambda part, ids: part.segments_of_labels(ids, label_ids))
        rows = [_relabelled(r, s, self.shards, ("id", "image_id")) for s, part in found.items() for r in part]
        return sorted(rows, key=lambda r: -r.area)

    def images_of_segments(self, segment_ids: list[int]) -> list[Any]:
        found = self._each_of(self._split(segment_ids), lambda part, ids: part.images_of_segments(ids))
        return [(self._global(seg, s), self._global(image, s)) for s, rows in found.items() for seg, image in rows]

    def segments_with_images(self, segment_ids: list[int]) -> dict[int, Any]:
        found = self._each_of(self._split(segment_ids), lambda part, ids: part.segments_with_images(ids))
        return self._keyed({s: {i: _relabelled(r, s, self.shards, ("id", "image_id")) for i, r in rows.items()}
                            for s, rows in found.items()})

    def image_rows(self, image_ids: list[int]) -> dict[int, Any]:
        found = self._each_of(self._split(image_ids), lambda part, ids: part.image_rows(ids))
        return self._keyed({s: {i: _relabelled(r, s, self.shards, ("id",)) for i, r in rows.items()}
                            for s, rows in found.items()})

    def filtered_images(self, filters: Filters) -> set[int]:
        return self._union(lambda p: p.filtered_images(filters))

    def taken(self, image_ids: list[int]) -> dict[int, Taken]:
        return self._keyed(self._each_of(self._split(image_ids), lambda part, ids: part.taken(ids)))

    def segment_colours(self, segment_ids: list[int]) -> dict[int, np.ndarray]:
        return self._keyed(self._each_of(self._split(segment_ids), lambda part, ids: part.segment_colours(ids)))

    def image_id_of(self, path: str | os.PathLike[str]) -> int | None:
        raw = os.fsencode(os.path.abspath(os.path.expanduser(os.fspath(path))))
        s = shard_of(raw, self.shards)
        local = self.parts[s].image_id_of(path)
        return None if local is None else self._global(local, s)

    def images_like(self, raw_path: bytes, digest: str) -> set[int]:
        return self._union(lambda p: p.images_like(raw_path, digest))

    # --- example search -----------------------------------------------------------------------
    def segment_vector_count(self, label_ids: list[int]) -> int:
        return sum(self._each(lambda p: p.segment_vector_count(label_ids)))

    def image_vector_count(self) -> int:
        return sum(self._each(lambda p: p.image_vector_count()))

    def _merged(self, answers: list[tuple[np.ndarray, np.ndarray]], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Per-shard FAISS-shaped answers for one query → the k most similar (ties by global id),
        shaped the same."""
        sims = [a[0][0] for a in answers]
        ids = [np.where(a[1][0] >= 0, global_id(a[1][0], s, self.shards), -1) for s, a in enumerate(answers)]
        if not sims or not sum(len(x) for x in sims):
            return np.zeros((1, 0), np.float32), np.zeros((1, 0), np.int64)
        all_sims, all_ids = np.concatenate(sims).astype(np.float32), np.concatenate(ids).astype(np.int64)
        keep = all_ids >= 0
        all_sims, all_ids = all_sims[keep], all_ids[keep]
        order = np.lexsort((all_ids, -all_sims))[:k]
        return all_sims[order][None], all_ids[order][None]

    def _nearest(self, count: Callable[[Index], int], search: Callable[[Index, int], Any],
                  k: int) -> tuple[np.ndarray, np.ndarray]:
        """Each shard's k nearest (at most what it holds, by `count`), merged."""
        def nearest(part: Index) -> tuple[np.ndarray, np.ndarray]:
            n = min(k, count(part))
            return search(part, n) if n else (np.zeros((1, 0)), np.zeros((1, 0), np.int64))

        return self._merged(self._each(nearest), k)

    def nearest_segments(self, label_ids: list[int], query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest segments of these labels over all shards (each shard's k nearest, merged)."""
        return self._nearest(lambda p: p.segment_vector_count(label_ids),
                             lambda p, n: p.nearest_segments(label_ids, query, n), k)

    def nearest_images(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return self._nearest(lambda p: p.image_vector_count(), lambda p, n: p.nearest_images(query, n), k)

    def image_similarities(self, image_ids: list[int], query: np.ndarray) -> dict[int, float]:
        return self._keyed(self._each_of(self._split(image_ids), lambda part, ids: part.image_similarities(ids, query)))

    def reindex_vectors(self, factory: str) -> dict[str, object]:
        """Every shard rebuilt as `factory`, each trained on its own stored embeddings. One shard
        at a time: FAISS trains on every core already, and two trainings side by side
        oversubscribe OpenMP's spinning threads (measured several times slower)."""
        results = [part.reindex_vectors(factory) for part in self.parts]
        return {"factory": factory, "compressed": any(r["compressed"] for r in results),
                "shards": sum(int(r["shards"]) for r in results),  # type: ignore[call-overload]
                "compressed_shards": sum(int(r["compressed_shards"]) for r in results),  # type: ignore[call-overload]
                "vectors": sum(int(r["vectors"]) for r in results),  # type: ignore[call-overload]
                "index_shards": self.shards}

    # --- closing ------------------------------------------------------------------------------
    def close(self) -> None:
        self._pool.shutdown(wait=True)
        errors = []
        for part in self.parts:
            try:
                part.close()
            except BaseException as exc:  # close every shard, then report the first failure
                errors.append(exc)
        if errors:
            raise errors[0]

    def __enter__(self) -> "ShardedIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


AnyIndex = Index | ShardedIndex
