"""The `Index` facade: one directory holding `index.db` (SQLite, the source of truth) and `vectors/`
(FAISS shards derived from it), opened for reading or, under a writer lock, for writing.

Consistency protocol: every write transaction bumps `meta.generation`; FAISS files are saved with
the generation they reflect. On open, a lagging or damaged vector store is reconciled from the
embeddings stored in SQLite (in memory for readers, saved for writers). So a crash at any point
loses nothing that SQLite committed, and an image's rows are either all there or absent.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence
from urllib.parse import quote

import numpy as np
from sqlalchemy import (Integer, cast, column, create_engine, delete, event, func, insert, literal, select, table,
                        text, update)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from ..colours import DESCRIBES, quantised, stored
from ..errors import IndexCorrupt, IndexMismatch, IndexNotFound, QueryError, SegsearchError
from ..labels import LabelSpace, space_from_meta
from ..regions import CompactMask, ImageRegions, RegionSettings, Segment
from ..query.parser import CountOrder, Node, coloured, positive_classes, requires_a_positive_class
from .catalogue import (CLASS_ROWS, EMBEDDINGS, GENERATION, IMAGE_ROWS, IMAGES_OF_SEGMENTS, INDEXED_IN_PATH_ORDER,
                        MATCH_COLUMNS, MATCHED_SEGMENTS, SEGMENT_COLOURS, SEGMENTS_OF_IMAGES, TAKEN, TAKEN_WITH_CAMERA,
                        Filters, RankedImage, Resolver, by_date, how_many, prominence, scoped, top_by_threshold)
from .lock import WriterLock, writer_running
from .postings import ClassLists
from .schema import SCHEMA_VERSION, Base, ImageClass, ImageColour, ImageRow, Meta, SegmentColour, SegmentRow
from .vectors import (DEFAULT_FACTORY, IMAGES_SHARD, TRAIN_SAMPLE, TRAIN_SEED, UnsupportedFactory, VectorStore,
                      build_factory, needs_training, rerank_factor, shard_name, validate_factory)
from .vectors import disk_bytes as vector_disk_bytes

DB_NAME = "index.db"
RERANK_MIN_EXTRA = 64  # compressed vectors: at least this many candidates beyond k are re-scored
VECTORS_DIR = "vectors"
LOCK_NAME = "index.lock"


@dataclass(frozen=True)
class ModelIdentity:
    """What an index is built with: its networks (comma-joined names and weight hashes, as the
    `meta` table has always stored them), the embedding width, the label space and the region
    settings."""

    name: str
    weights_sha256: str
    dim: int
    space: LabelSpace | None = None
    settings: RegionSettings | None = None


@dataclass(frozen=True)
class NewImage:
    """A file's analysis, ready to be stored."""

    raw_path: bytes
    path: str
    size: int
    mtime_ns: int
    content_hash: str | None
    original_size: tuple[int, int]
    regions: ImageRegions
    taken: float | None = None  # EXIF time; None: the file's mtime stands in
    camera: str | None = None  # EXIF make and model ("" none recorded); None: not read


@dataclass(frozen=True)
class FileWrite:
    """One file's outcome for `Index.write_files`: its analysis, or the reason it failed."""

    raw_path: bytes
    path: str
    size: int
    mtime_ns: int
    content_hash: str | None
    original_size: tuple[int, int] | None
    regions: ImageRegions | None
    error: str | None = None
    taken: float | None = None  # EXIF time; None: the file's mtime stands in
    camera: str | None = None  # EXIF make and model ("" none recorded); None: not read


@dataclass(frozen=True)
class Taken:
    """When and with what an indexed photo was taken, as recorded."""
    at: float | None  # POSIX time (EXIF, else the file's mtime); None: not recorded
    source: str | None  # "exif" or "file"
    camera: str | None = None  # EXIF make and model, lower case ("apple iphone 12"); None: none recorded


@dataclass(frozen=True)
class ImageRecord:
    image_id: int
    file_path: str  # for opening the file (undecodable bytes as surrogates)
    path: str  # printable
    width: int
    height: int
    size: int = 0  # bytes and mtime when indexed: what may be served
    mtime_ns: int = 0
    content_hash: str | None = None  # of the bytes indexed (`images.content_hash`)


@dataclass
class FileState:
    """What the index knows of a file, for incremental runs."""

    image_id: int
    size: int
    mtime_ns: int
    content_hash: str | None
    status: str


@dataclass
class CheckReport:
    images: int = 0
    failed: int = 0
    segments: int = 0
    sqlite_ok: bool = True
    sqlite_message: str = "ok"
    missing_vectors: int = 0  # segment/image rows with no FAISS vector
    orphan_vectors: int = 0  # FAISS vectors with no row
    summary_mismatches: int = 0  # images whose image_classes rows disagree with their segments
    vectors_generation: int = -1
    sqlite_generation: int = 0
    vector_files_message: str = "ok"  # what was wrong reading the vector files, as a finding
    writer_pid: int | None = None  # an indexing run holding the lock: its vectors may lag its commits
    repaired: list[str] = field(default_factory=list)
    shards: dict[str, dict[str, object]] = field(default_factory=dict)  # a sharded index: each shard's own findings

    @property
    def ok(self) -> bool:
        """Consistent, or only lagging behind a writer that is still running: its next checkpoint
        writes the vectors of what it committed and drops those of what it deleted (the files are
        read before the SQLite snapshot, so they are never ahead of it)."""
        lag_is_normal = self.writer_pid is not None and self.vector_files_message == "ok"
        return self.sqlite_ok and not (((self.missing_vectors or self.orphan_vectors) and not lag_is_normal)
                                       or self.summary_mismatches)


def _explicit_transactions(engine: Engine) -> None:
    """Python's sqlite3 driver begins transactions only before INSERT/UPDATE/DELETE, so schema
    changes would commit statement by statement and a read session would see a new snapshot per
    statement. Switch the driver's handling off and begin every transaction ourselves."""
    event.listen(engine, "connect", lambda dbapi_conn, _record: setattr(dbapi_conn, "isolation_level", None))
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers see a consistent snapshot while a writer works
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _read_only_url(db_path: Path) -> str:
    """How to open an index on a read-only medium. Without a write-ahead log the file is complete
    and is opened `immutable`. With a non-empty log (a writer stopped before SQLite folded it in),
    the committed images are in the log: opened read-only (not immutable) SQLite reads it, which
    needs its shared-memory file beside it; without that file nothing can read the log here, and
    the error says what to do (not "re-index": nothing is lost)."""
    wal, shm = db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")
    base = f"sqlite:///file:{quote(str(db_path))}?mode=ro&uri=true"
    if not wal.exists() or wal.stat().st_size == 0:
        return base + "&immutable=1"
    if shm.exists():
        return base
    raise SegsearchError(f"{db_path} has committed work in {wal.name} that cannot be read on a read-only medium "
                         f"without {shm.name}: open the index once where it is writable (or copy the folder "
                         f"to a writable place) so SQLite folds the log in; nothing is lost, do not re-index")


def _blob(v: np.ndarray) -> bytes:
    return np.ascontiguousarray(v, dtype=np.float32).tobytes()


def _segment_values(seg: Segment, image_id: int) -> dict[str, object]:
    return dict(image_id=image_id, class_id=seg.class_id, area=seg.area, confidence=seg.confidence,
                x0=seg.bbox[0], y0=seg.bbox[1], x1=seg.bbox[2], y1=seg.bbox[3], histogram=_blob(seg.histogram),
                mask_width=seg.mask.width, mask_height=seg.mask.height, mask=seg.mask.data,
                embedding=_blob(seg.embedding))


def _segment_from_row(r: SegmentRow) -> Segment:
    return Segment(r.class_id, r.area, (r.x0, r.y0, r.x1, r.y1), r.confidence, _vec(r.histogram),
                   CompactMask(r.mask_width, r.mask_height, r.mask), _vec(r.embedding), r.id)


def _vec(b: bytes) -> np.ndarray:
    return np.frombuffer(b, dtype=np.float32)


# created by `_upgrade_schema` (and with a new index's meta)
UPGRADE_TABLES = frozenset({"image_colours", "segment_colours"})


def _colour_rows(image_id: int, segments: Sequence[tuple[int, bytes]]) -> list[dict[str, Any]]:
    """The image_colours rows of one image's segments, (label, shares as stored in `SegmentColour`)
    each (see `ImageColour`): from the stored bytes, so that a photo's "red car" is always one of
    its stored segments."""
    best: dict[tuple[int, int], float] = {}
    for label, data in segments:
        shares = stored(data)
        for c in np.flatnonzero(shares >= DESCRIBES):
            key = (label, int(c))
            best[key] = max(best.get(key, 0.0), float(shares[c]))
    return [dict(image_id=image_id, class_id=label, colour=c, share=share) for (label, c), share in best.items()]


def no_index(directory: Path) -> IndexNotFound:
    """The error for a missing index: how to build one, or, where the path is a file, that it is
    not one (building there would fail too)."""
    if directory.exists() and not directory.is_dir():
        return IndexNotFound(f"{directory} is a file, not an index folder: give --index a folder")
    return IndexNotFound(f"no index at {directory}: build one with `segsearch index PHOTOS --index {directory}`")


def _add_column(s: Session, table_name: str, name: str, kind: str) -> None:
    """Add a column to a table of an index being upgraded, unless the table has it already."""
    if name not in {row[1] for row in s.execute(text(f"PRAGMA table_info({table_name})"))}:
        s.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {name} {kind}"))


class Index:
    """An open index. Use `Index.open(...)` and close it (or use it as a context manager)."""

    def __init__(self, directory: Path, engine: Engine, writable: bool, lock: WriterLock | None):
        self.directory = directory
        self.engine = engine
        self.writable = writable
        self._lock = lock
        self.Session = sessionmaker(engine, expire_on_commit=False)
        self.meta: dict[str, str] = {}
        self._vectors: VectorStore | None = None
        self.space: LabelSpace = LabelSpace(())
        self.settings = RegionSettings()
        self._class_lists: ClassLists | None = None  # see keep_class_lists
        self._lists_wanted = False
        self._lists_loader: threading.Thread | None = None
        self._lists_guard = threading.Lock()

    # --- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: str | os.PathLike[str], *, writable: bool = False,
             model: ModelIdentity | None = None, factory: str | None = None) -> "Index":
        """Open an index. Writable opens create it when missing (recording `model` and the FAISS
        `factory`, exact "Flat" by default) and take the writer lock; a read-only open of a missing
        index is an IndexNotFound error, and so is a writable one without a model to create it with
        (`check --repair`, `reindex-vectors`): nothing is created then."""
        directory = Path(directory).expanduser().absolute()
        db_path = directory / DB_NAME
        missing = not db_path.exists() and (not writable or model is None)
        if missing or (directory.exists() and not directory.is_dir()):
            raise no_index(directory)
        lock = None
        if writable:
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SegsearchError(f"cannot create index directory {directory}: {exc.strerror}") from None
            if not os.access(directory, os.W_OK):
                raise SegsearchError(f"index directory {directory} is not writable")
            lock = WriterLock(directory / LOCK_NAME)
            lock.acquire()
        if writable or os.access(directory, os.W_OK):
            engine = create_engine(f"sqlite:///{db_path}")
            event.listen(engine, "connect", _sqlite_pragmas)
        else:  # read-only medium: nothing can change the files, and WAL side files cannot be made
            engine = create_engine(_read_only_url(db_path))
        _explicit_transactions(engine)
        index = cls(directory, engine, writable, lock)
        try:
            index._load_meta(model, factory)
            if writable:  # readers load vectors on first need (class search never does)
                index._load_vectors()
        except BaseException:
            index.close()
            raise
        return index

    def _load_meta(self, model: ModelIdentity | None, factory: str | None) -> None:
        try:
            if self.writable:  # tables added by a schema version come with its upgrade, in its transaction
                Base.metadata.create_all(self.engine, tables=[t for t in Base.metadata.sorted_tables
                                                              if t.name not in UPGRADE_TABLES])
            with self.Session() as s:
                self.meta = {m.key: m.value for m in s.scalars(select(Meta))}
        except DatabaseError as exc:
            if "no such table" in str(exc.orig):  # a first run stopped before it created anything
                raise IndexNotFound(f"index at {self.directory} is empty (an indexing run stopped before it "
                                    f"stored anything): run `segsearch index` again") from None
            raise IndexCorrupt(f"{self.directory / DB_NAME} is not a readable SQLite index "
                               f"({exc.orig}); move it away and re-index") from None
        if not self.meta:
            if model is None:
                if self.writable:
                    raise SegsearchError("a new index needs a model")
                raise IndexNotFound(f"index at {self.directory} is empty: run `segsearch index` first")
            factory = factory or DEFAULT_FACTORY
            try:
                validate_factory(factory, model.dim)
            except UnsupportedFactory as exc:
                raise SegsearchError(str(exc)) from None
            self.meta = {"schema_version": str(SCHEMA_VERSION), "model": model.name,
                         "weights_sha256": model.weights_sha256, "dim": str(model.dim),
                         "factory": factory, "generation": "0", "created": str(time.time()), "colours": "1",
                         "chroma": "1", "cameras": "1"}
            if model.space is not None:
                self.meta["networks"] = json.dumps([n.as_dict() for n in model.space.networks])
            if model.settings is not None:
                self.meta["region_settings"] = json.dumps(model.settings.as_dict())
            with self.Session.begin() as s:
                s.add_all(Meta(key=k, value=v) for k, v in self.meta.items())
                for new_table in (ImageColour, SegmentColour):
                    new_table.__table__.create(s.connection(), checkfirst=True)  # type: ignore[attr-defined]
        if int(self.meta.get("schema_version", "0")) > SCHEMA_VERSION:
            raise IndexMismatch(f"index at {self.directory} was written by a newer segsearch "
                                f"(schema {self.meta['schema_version']}); upgrade segsearch")
        if self.writable and int(self.meta["schema_version"]) < SCHEMA_VERSION:
            self._upgrade_schema()
        if model is not None and (model.name != self.meta["model"]
                                  or model.weights_sha256 != self.meta["weights_sha256"]):
            raise IndexMismatch(
                f"index at {self.directory} was built with --models {self.meta['model']} (weights "
                f"{self.meta['weights_sha256'][:12]}); this run uses {model.name} (weights "
                f"{model.weights_sha256[:12]}). Use --models {self.meta['model']} or another --index")
        self.space = space_from_meta(self.meta)
        if "region_settings" in self.meta:
            self.settings = RegionSettings.from_dict(json.loads(self.meta["region_settings"]))
        if model is not None and model.settings is not None and model.settings != self.settings:
            raise IndexMismatch(
                f"index at {self.directory} was built with other region settings: "
                f"{'; '.join(model.settings.differences(self.settings))}. Re-run with the index's settings, "
                f"or build a new index with --index")
        if factory is not None and factory != self.meta.get("factory", DEFAULT_FACTORY):
            raise IndexMismatch(f"index at {self.directory} uses FAISS {self.meta.get('factory', DEFAULT_FACTORY)!r}, "
                                f"not {factory!r}; switch with `segsearch reindex-vectors --faiss-factory {factory}`")

    def _upgrade_schema(self) -> None:
        """Bring an older index up to SCHEMA_VERSION in one transaction. Readers need not: every
        version answers the same queries, older ones a little slower."""
        with self.Session.begin() as s:
            if int(self.meta["schema_version"]) < 2:  # image_classes becomes WITHOUT ROWID
                s.execute(text("DROP INDEX ix_image_classes_class_score"))
                s.execute(text("ALTER TABLE image_classes RENAME TO image_classes_v1"))
                ImageClass.__table__.create(s.connection())  # type: ignore[attr-defined]
                names = ["image_id", "class_id", "count", "area", "score"]
                old = table("image_classes_v1", *(column(n) for n in names))
                s.execute(insert(ImageClass).from_select(names, select(old)))
                s.execute(text("DROP TABLE image_classes_v1"))
            if int(self.meta["schema_version"]) < 3:  # taken dates: the file time until re-indexed
                _add_column(s, "images", "taken_at", "FLOAT")
                _add_column(s, "images", "taken_from", "VARCHAR(8)")
                s.execute(update(ImageRow).values(taken_at=ImageRow.mtime_ns / 1e9, taken_from="file"))
            if int(self.meta["schema_version"]) < 4:  # colours: none recorded (meta `colours` stays absent)
                ImageColour.__table__.create(s.connection(), checkfirst=True)  # type: ignore[attr-defined]
            if int(self.meta["schema_version"]) < 5:  # segments' own colours and photos' chroma: from the
                SegmentColour.__table__.create(s.connection(), checkfirst=True)  # type: ignore[attr-defined]
                _add_column(s, "images", "chroma", "FLOAT")  # next photos written
            if int(self.meta["schema_version"]) < 6:  # searches ordered by date walk this index
                s.execute(text("CREATE INDEX IF NOT EXISTS ix_images_taken ON images (taken_at)"))
            if int(self.meta["schema_version"]) < 7:  # cameras of the next photos written (meta `cameras` absent)
                _add_column(s, "images", "camera", "VARCHAR(64)")
            s.execute(update(Meta).where(Meta.key == "schema_version").values(value=str(SCHEMA_VERSION)))
        self.meta["schema_version"] = str(SCHEMA_VERSION)

    @property
    def model_name(self) -> str:
        return self.meta["model"]

    @property
    def dim(self) -> int:
        return int(self.meta["dim"])

    def generation(self, session: Session | None = None) -> int:
        """The write generation (bumped by every commit), in `session`'s transaction if given."""
        if session is not None:
            return int(session.scalar(GENERATION) or 0)
        with self.engine.connect() as con:  # no ORM session: asked before every class query
            return int(con.execute(GENERATION).scalar() or 0)

    @property
    def vectors(self) -> VectorStore:
        """The FAISS shards, loaded (and reconciled with SQLite) on first use."""
        if self._vectors is None:
            self._load_vectors()
        assert self._vectors is not None
        return self._vectors

    @vectors.setter
    def vectors(self, store: VectorStore) -> None:
        self._vectors = store

    def refresh(self) -> bool:
        """Bring a reader's vectors up to the latest commit (another process may be indexing):
        cheap when nothing changed (one generation read), else the shards are reconciled with
        SQLite in memory, adding and removing only what changed. True when something was done."""
        if self.writable or self._vectors is None:
            return False
        with self.Session() as s:
            gen = self.generation(s)
            if gen == self._vectors.generation:
                return False
            self._reconcile(s)
            self._vectors.generation = gen
        return True

    def _load_vectors(self) -> None:
        """Load the vector files and make them agree with SQLite. Agreement is checked by content,
        not by the generation alone: per shard, the number and the sum of the ids in the file
        against those of the rows (one index-only statement), so a missing, dropped, damaged or
        swapped file is healed here, in memory for readers and on disk for writers."""
        vdir = self.directory / VECTORS_DIR
        try:
            self.vectors = VectorStore.load(vdir, self.dim, self.meta.get("factory", DEFAULT_FACTORY))
        except Exception:  # an unreadable manifest or shard: rebuild everything from SQLite
            self.vectors = VectorStore(vdir, self.dim, self.meta.get("factory", DEFAULT_FACTORY))
        with self.Session() as s:
            gen = self.generation(s)
            if self.vectors.generation != gen or self._fingerprints(s) != self._vector_fingerprints():
                self._reconcile(s)
                if self.writable:
                    self.vectors.dirty.update(self.vectors.shards)
                self.vectors.generation = gen
        if self.writable:  # the lock is ours: no other writer's temporary files can be live
            self.vectors.remove_temporary_files()
            if self.vectors.dirty:
                self.vectors.save(gen)

    # --- consistency ------------------------------------------------------------------------
    def _fingerprints(self, s: Session) -> dict[str, tuple[int, int]]:
        """Per shard: (count, sum) of the ids SQLite has vectors for."""
        prints = {shard_name(cls): (int(n), int(total or 0)) for cls, n, total in s.execute(
            select(SegmentRow.class_id, func.count(), func.sum(SegmentRow.id)).group_by(SegmentRow.class_id))}
        n, total = s.execute(select(func.count(), func.sum(ImageRow.id)).where(ImageRow.embedding.is_not(None))).one()
        if n:
            prints[IMAGES_SHARD] = (int(n), int(total or 0))
        return prints

    def _vector_fingerprints(self) -> dict[str, tuple[int, int]]:
        assert self._vectors is not None
        prints = {}
        for name in self._vectors.shards:
            ids = self._vectors.ids(name)
            if len(ids):
                prints[name] = (len(ids), int(ids.sum()))
        return prints

    def _row_ids_by_shard(self, s: Session) -> dict[str, np.ndarray]:
        by_shard: dict[str, list[int]] = {}
        for seg_id, cls in s.execute(select(SegmentRow.id, SegmentRow.class_id)):
            by_shard.setdefault(shard_name(cls), []).append(seg_id)
        by_shard[IMAGES_SHARD] = list(s.scalars(select(ImageRow.id).where(ImageRow.embedding.is_not(None))))
        return {k: np.asarray(v, dtype=np.int64) for k, v in by_shard.items()}

    def _reconcile(self, s: Session, dry_run: bool = False) -> tuple[int, int]:
        """Make the FAISS shards hold exactly the rows' vectors. Returns (missing, orphans)."""
        assert self.vectors is not None
        expected = self._row_ids_by_shard(s)
        missing_total = orphan_total = 0
        for name in sorted(set(expected) | set(self.vectors.shards)):
            want = expected.get(name, np.zeros(0, np.int64))
            have = self.vectors.ids(name)
            missing = np.setdiff1d(want, have)
            orphans = np.setdiff1d(have, want)
            duplicates = len(have) - len(np.unique(have))
            missing_total += len(missing)
            orphan_total += len(orphans) + duplicates
            if dry_run:
                continue
            if duplicates:
                orphans = np.unique(have)
                missing = want
            if len(orphans):
                self.vectors.remove(name, orphans.tolist())
            if len(missing):
                table = ImageRow if name == IMAGES_SHARD else SegmentRow
                rows: list[Any] = []
                for chunk in np.array_split(missing, max(1, len(missing) // 20000)):
                    rows += s.execute(select(table.id, table.embedding)
                                      .where(table.id.in_(chunk.tolist()))).all()
                ids = np.array([r[0] for r in rows], dtype=np.int64)
                self.vectors.add(name, ids, np.vstack([_vec(r[1]) for r in rows]))
        return missing_total, orphan_total

    def check(self, repair: bool = False) -> CheckReport:
        """Verify SQLite integrity, the SQLite↔FAISS id correspondence and the class summary."""
        report = CheckReport()
        with self.Session() as s:
            # The vector files are read before the SQLite snapshot is taken (at the session's
            # first statement): a writer commits rows before it writes their vectors, so this
            # snapshot is at least as new as the files. The other order could read the vectors of
            # photos committed after the snapshot and call them orphans (seen: a check during a
            # normal indexing run reported 0 images and orphan vectors).
            report.writer_pid = None if self.writable else writer_running(self.directory / LOCK_NAME)
            try:
                disk = VectorStore.load(self.directory / VECTORS_DIR, self.dim, self.meta.get("factory", DEFAULT_FACTORY))
                listed = set(disk.listed)
                missing_files = sorted(n for n in listed if n not in disk.shards)
                if missing_files:
                    report.vector_files_message = f"vector files missing: {', '.join(missing_files)}"
            except Exception as exc:  # a damaged manifest or shard is a finding, not a crash
                reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
                report.vector_files_message = f"vector files unreadable ({reason[:200]})"
                disk = VectorStore(self.directory / VECTORS_DIR, self.dim)
            report.vectors_generation = disk.generation
            result = s.execute(text("PRAGMA integrity_check")).scalar()
            report.sqlite_ok = result == "ok"
            report.sqlite_message = str(result)
            report.images = s.scalar(select(func.count()).select_from(ImageRow).where(ImageRow.status == "indexed")) or 0
            report.failed = s.scalar(select(func.count()).select_from(ImageRow).where(ImageRow.status == "failed")) or 0
            report.segments = s.scalar(select(func.count()).select_from(SegmentRow)) or 0
            report.sqlite_generation = self.generation(s)
            live, self.vectors = self.vectors, disk  # compare what is on disk, not what was healed in memory
            try:
                report.missing_vectors, report.orphan_vectors = self._reconcile(s, dry_run=True)
            finally:
                self.vectors = live
            report.summary_mismatches = len(self._summary_mismatches(s))
        if repair and not report.ok:
            if not self.writable:
                raise SegsearchError("repair needs the writer lock; open the index writable")
            self.repair()
            report.repaired.append("vectors rebuilt from SQLite embeddings and class summary recomputed")
        return report

    def _summary_mismatches(self, s: Session) -> set[int]:
        actual = {(r.image_id, r.class_id): (r.n, round(r.area, 6)) for r in s.execute(
            select(SegmentRow.image_id, SegmentRow.class_id, func.count().label("n"),
                   func.sum(SegmentRow.area).label("area")).group_by(SegmentRow.image_id, SegmentRow.class_id))}
        stored = {(r.image_id, r.class_id): (r.count, round(r.area, 6)) for r in s.scalars(select(ImageClass))}
        return {key[0] for key in set(actual) ^ set(stored)} | \
            {key[0] for key in set(actual) & set(stored) if actual[key] != stored[key]}

    def repair(self) -> None:
        """Rebuild the vector files from SQLite and recompute the class summary rows."""
        assert self.writable and self.vectors is not None
        with self.Session.begin() as s:
            for image_id in self._summary_mismatches(s):
                self._write_summary(s, image_id)
            self._bump_generation(s)
        factory = self.meta.get("factory", DEFAULT_FACTORY)
        if needs_training(factory, self.dim):  # retrain, as reindex-vectors did
            self.reindex_vectors(factory)
            return
        self.vectors = VectorStore(self.directory / VECTORS_DIR, self.dim, factory)
        with self.Session() as s:
            self._reconcile(s)
            gen = self.generation(s)
        self.vectors.dirty.update(self.vectors.shards)
        self._remove_stale_shard_files()
        self.vectors.save(gen)

    def _remove_stale_shard_files(self) -> None:
        vdir = self.directory / VECTORS_DIR
        if vdir.exists():
            for p in vdir.glob("*.faiss"):
                if p.stem not in self.vectors.shards:
                    p.unlink()

    # --- writing ----------------------------------------------------------------------------
    @staticmethod
    def _bump_generation(s: Session) -> None:
        s.execute(update(Meta).where(Meta.key == "generation").values(value=cast(Meta.value, Integer) + 1))

    @staticmethod
    def _write_summary(s: Session, first_image: int, last_image: int | None = None) -> None:
        """(Re)derive the image_classes rows of images first..last (one image by default) from
        their segments."""
        ids = (first_image, first_image if last_image is None else last_image)
        s.execute(delete(ImageClass).where(ImageClass.image_id.between(*ids)))
        s.execute(insert(ImageClass).from_select(
            ["image_id", "class_id", "count", "area", "score"],
            select(SegmentRow.image_id, SegmentRow.class_id, func.count(), func.sum(SegmentRow.area),
                   func.sum(SegmentRow.area * SegmentRow.confidence))
            .where(SegmentRow.image_id.between(*ids)).group_by(SegmentRow.image_id, SegmentRow.class_id)))

    def write_image(self, raw_path: bytes, path: str, size: int, mtime_ns: int,
                    content_hash: str | None, original_size: tuple[int, int] | None,
                    regions: ImageRegions | None, error: str | None = None, taken: float | None = None) -> int:
        """Insert or replace one file's rows in one transaction (see `write_files`)."""
        return self.write_files([FileWrite(raw_path, path, size, mtime_ns, content_hash, original_size,
                                           regions, error, taken)])[0]

    def write_files(self, files: Sequence["FileWrite"]) -> list[int]:
        """Insert or replace the rows of several files in ONE transaction: after a crash the batch
        is complete or absent, never part of it. Vectors follow in memory (a checkpoint persists
        them; reopening reconciles them from SQLite). A file's `taken` is its EXIF time; without
        it the file's modification time stands in (and says so). Returns the image ids."""
        assert self.writable and self.vectors is not None
        if not files:
            return []
        with self.Session.begin() as s:
            old = list(s.scalars(select(ImageRow).where(ImageRow.raw_path.in_([f.raw_path for f in files]))))
            removed = self._delete_rows(s, old) if old else {}
            image_ids, vectors = self._insert_files(s, files)
        for name, seg_ids in removed.items():  # before the additions: a new row may reuse an old id
            self.vectors.remove(name, seg_ids)
        self._add_vectors(vectors)
        return image_ids

    def add_images(self, images: Sequence[NewImage]) -> list[int]:
        """Bulk insert of files not yet in the index, in one transaction (imports, benchmarks).
        A path already indexed is an error."""
        assert self.writable and self.vectors is not None
        with self.Session.begin() as s:
            image_ids, vectors = self._insert_files(s, [
                FileWrite(i.raw_path, i.path, i.size, i.mtime_ns, i.content_hash, i.original_size, i.regions,
                          taken=i.taken, camera=i.camera) for i in images])
        self._add_vectors(vectors)
        return image_ids

    def _insert_files(self, s: Session, files: Sequence["FileWrite"]
                      ) -> tuple[list[int], dict[str, list[tuple[int, np.ndarray]]]]:
        """Insert the rows of files not in the index (ids after the largest), their class
        summaries and a generation bump, in the caller's transaction. Returns the image ids and
        the vectors to add once it commits, by shard."""
        next_image = (s.scalar(select(func.max(ImageRow.id))) or 0) + 1
        next_segment = (s.scalar(select(func.max(SegmentRow.id))) or 0) + 1
        image_ids = list(range(next_image, next_image + len(files)))
        image_rows, segment_rows, colour_rows, segment_colours = [], [], [], []
        vectors: dict[str, list[tuple[int, np.ndarray]]] = {}
        for image_id, f in zip(image_ids, files):
            regions = f.regions
            image_rows.append(dict(id=image_id, raw_path=f.raw_path, path=f.path, size=f.size, mtime_ns=f.mtime_ns,
                                   content_hash=f.content_hash, width=f.original_size[0] if f.original_size else 0,
                                   height=f.original_size[1] if f.original_size else 0,
                                   status="failed" if f.error else "indexed", error=f.error,
                                   embedding=_blob(regions.image_embedding) if regions else None,
                                   indexed_at=time.time(),
                                   taken_at=f.taken if f.taken is not None else f.mtime_ns / 1e9,
                                   taken_from="exif" if f.taken is not None else "file",
                                   chroma=regions.chroma if regions else None, camera=f.camera))
            if regions is None:
                continue
            vectors.setdefault(IMAGES_SHARD, []).append((image_id, regions.image_embedding))
            coloured: list[tuple[int, bytes]] = []
            for seg in regions.segments:
                segment_rows.append(dict(id=next_segment, **_segment_values(seg, image_id)))
                if seg.colours is not None:
                    coloured.append((seg.class_id, quantised(seg.colours)))
                    segment_colours.append(dict(segment_id=next_segment, shares=coloured[-1][1]))
                vectors.setdefault(shard_name(seg.class_id), []).append((next_segment, seg.embedding))
                next_segment += 1
            colour_rows += _colour_rows(image_id, coloured)
        for target, rows in ((ImageRow, image_rows), (SegmentRow, segment_rows), (ImageColour, colour_rows),
                             (SegmentColour, segment_colours)):
            if rows:  # Core inserts of the tables: the ORM's bulk insert cost 15% more here, row by row
                s.connection().execute(insert(target.__table__), rows)  # type: ignore[arg-type]
        if image_ids:
            self._write_summary(s, image_ids[0], image_ids[-1])
        self._bump_generation(s)
        return image_ids, vectors

    def _add_vectors(self, vectors: dict[str, list[tuple[int, np.ndarray]]]) -> None:
        assert self.vectors is not None
        for name, items in vectors.items():
            self.vectors.add(name, np.array([i for i, _ in items]), np.vstack([v for _, v in items]))

    def _delete_rows(self, s: Session, images: list[ImageRow]) -> dict[str, list[int]]:
        removed: dict[str, list[int]] = {}
        ids = [im.id for im in images]
        for seg_id, cls in s.execute(select(SegmentRow.id, SegmentRow.class_id).where(SegmentRow.image_id.in_(ids))):
            removed.setdefault(shard_name(cls), []).append(seg_id)
        removed[IMAGES_SHARD] = ids
        s.execute(delete(ImageClass).where(ImageClass.image_id.in_(ids)))
        s.execute(delete(ImageColour).where(ImageColour.image_id.in_(ids)))
        s.execute(delete(SegmentColour).where(SegmentColour.segment_id.in_(
            select(SegmentRow.id).where(SegmentRow.image_id.in_(ids)))))
        s.execute(delete(SegmentRow).where(SegmentRow.image_id.in_(ids)))
        s.execute(delete(ImageRow).where(ImageRow.id.in_(ids)))
        return removed

    def delete_images(self, image_ids: Iterable[int]) -> int:
        assert self.writable and self.vectors is not None
        ids = list(image_ids)
        if not ids:
            return 0
        with self.Session.begin() as s:
            images = list(s.scalars(select(ImageRow).where(ImageRow.id.in_(ids))))
            removed = self._delete_rows(s, images)
            self._bump_generation(s)
        for name, seg_ids in removed.items():
            self.vectors.remove(name, seg_ids)
        return len(images)

    def touch_image(self, image_id: int, mtime_ns: int) -> None:
        """Record a new mtime for a file whose content hash did not change."""
        with self.Session.begin() as s:
            s.execute(update(ImageRow).where(ImageRow.id == image_id).values(mtime_ns=mtime_ns))

    def checkpoint(self) -> None:
        """Persist the vector shards; afterwards the files reflect every commit so far."""
        assert self.writable and self.vectors is not None
        if self.vectors.dirty:
            self.vectors.save(self.generation())

    # --- reading ----------------------------------------------------------------------------
    def file_states(self) -> dict[bytes, FileState]:
        with self.Session() as s:
            return {r.raw_path: FileState(r.id, r.size, r.mtime_ns, r.content_hash, r.status)
                    for r in s.execute(select(ImageRow.raw_path, ImageRow.id, ImageRow.size,
                                              ImageRow.mtime_ns, ImageRow.content_hash, ImageRow.status))}

    def stats(self) -> dict[str, object]:
        with self.Session() as s:
            images = s.scalar(select(func.count()).select_from(ImageRow).where(ImageRow.status == "indexed"))
            failed = s.scalar(select(func.count()).select_from(ImageRow).where(ImageRow.status == "failed"))
            per_class = Counter({self.space.display(c): n for c, n in s.execute(
                select(SegmentRow.class_id, func.count()).group_by(SegmentRow.class_id))})
            images_per_class = Counter({self.space.display(c): n for c, n in s.execute(
                select(ImageClass.class_id, func.count()).group_by(ImageClass.class_id))})
        db_bytes = sum(p.stat().st_size for p in self.directory.glob(DB_NAME + "*"))
        vector_bytes = vector_disk_bytes(self.directory / VECTORS_DIR)
        return {"index": str(self.directory), "model": self.meta["model"],
                "networks": [n.name for n in self.space.networks], "region_settings": self.settings.as_dict(),
                "weights_sha256": self.meta["weights_sha256"], "embedding_dim": self.dim,
                "faiss_factory": self.meta.get("factory", DEFAULT_FACTORY),
                "images": images, "failed": failed, "segments": sum(per_class.values()),
                "segments_per_class": dict(per_class.most_common()),
                "images_per_class": dict(images_per_class.most_common()),
                "sqlite_bytes": db_bytes, "faiss_bytes": vector_bytes, "disk_bytes": db_bytes + vector_bytes}

    def stored_regions(self, image_id: int) -> ImageRegions | None:
        """An indexed image's segments as stored (largest first), or None if it is not indexed."""
        with self.Session() as s:
            image = s.get(ImageRow, image_id)
            if image is None or image.status != "indexed" or image.embedding is None:
                return None
            rows = s.scalars(select(SegmentRow).where(SegmentRow.image_id == image_id)
                             .order_by(SegmentRow.area.desc(), SegmentRow.id)).all()
            return ImageRegions([_segment_from_row(r) for r in rows], _vec(image.embedding))

    def segment(self, segment_id: int) -> Segment | None:
        with self.Session() as s:
            row = s.get(SegmentRow, segment_id)
            return _segment_from_row(row) if row is not None else None

    def image_record(self, image_id: int) -> ImageRecord | None:
        """Where an indexed image lives and its size; None for unknown or failed ids."""
        with self.Session() as s:
            row = s.execute(select(ImageRow.raw_path, ImageRow.path, ImageRow.width, ImageRow.height,
                                   ImageRow.size, ImageRow.mtime_ns, ImageRow.content_hash)
                            .where(ImageRow.id == image_id, ImageRow.status == "indexed")).first()
        return ImageRecord(image_id, os.fsdecode(row.raw_path), row.path, row.width, row.height,
                           row.size, row.mtime_ns, row.content_hash) if row else None

    # --- search (every statement lives in `catalogue`; callers never see SQL) -----------------
    def top_images(self, ast: Node, resolver: Resolver, k: int, offset: int = 0,
                   filters: Filters | None = None, route: str = "auto",
                   order: str | CountOrder | None = None) -> tuple[list[RankedImage], list[int]]:
        """The images satisfying a query (and `filters`: folder, dates), best first (score =
        prominence of its labels, ties by path), or by when they were taken, `order` "newest" or
        "oldest" first (dates or looks alone: newest unless told), undated last, `taken` set, or
        by how many of a thing they show (`CountOrder`: most or fewest first, score breaking
        ties), `count` set; and the label ids it ranks by. Words resolve
        before any statement runs. From the class lists when they are kept and current (the same
        answer: both walk the score lists where they may, `ClassLists.top`), else from SQL;
        `route` "sql" forces SQL (tests, benchmarks)."""
        concepts = positive_classes(ast)
        class_ids = resolver.label_ids(concepts)
        scope = self._checked(filters)
        dated = by_date(ast, order)  # "photos from 2019", "recent photos of my dog"
        counted = order if isinstance(order, CountOrder) else None  # "the photo with the most people"
        lists = None if dated or counted or scope or route == "sql" or self._coloured(ast) \
            else self._current_class_lists()
        if lists is not None:
            best = lists.top(ast, resolver, class_ids, k + offset)[offset:]
            found = self.image_rows([i for i, _ in best])
            return [RankedImage(i, found[i].path, found[i].width, found[i].height, score)
                    for i, score in best if i in found], class_ids
        condition = scoped(ast, resolver, ImageRow.id, scope)
        with self.Session() as s:
            if class_ids and requires_a_positive_class(ast) and not dated and not counted:
                return top_by_threshold(s, ast, class_ids, k + offset, resolver, scope)[offset:], class_ids
            # by date (walking the taken-time index until k match), by a count or e.g. "not
            # person" (no score list to walk): every image is examined
            score = prominence(class_ids).label("score")
            count = how_many(resolver.resolve(counted.concept)) if counted else literal(0)
            if dated:  # undated ones last
                first = [(ImageRow.taken_at.asc() if order == "oldest" else ImageRow.taken_at.desc()).nulls_last()]
            elif counted:
                first = [count.desc() if counted.most else count.asc(), score.desc()]
            else:
                first = [score.desc()]
            rows = s.execute(select(ImageRow.id, ImageRow.path, ImageRow.width, ImageRow.height, score,
                                    ImageRow.taken_at, count.label("how_many"))
                             .where(ImageRow.status == "indexed", condition)
                             .order_by(*first, ImageRow.path)
                             .limit(k).offset(offset)).all()
        return [RankedImage(r.id, r.path, r.width, r.height, float(r.score), r.taken_at if dated else None,
                            int(r.how_many) if counted else None) for r in rows], class_ids

    def matching_images(self, ast: Node, resolver: Resolver, filters: Filters | None = None) -> set[int]:
        """Every indexed image satisfying a query (and `filters`, when given)."""
        scope = self._checked(filters)
        lists = None if scope or self._coloured(ast) else self._current_class_lists()
        if lists is not None:
            return set(lists.matching(ast, resolver).tolist())
        condition = scoped(ast, resolver, ImageRow.id, scope)
        with self.Session() as s:
            return set(s.scalars(select(ImageRow.id).where(ImageRow.status == "indexed", condition)))

    def _coloured(self, ast: Node) -> bool:
        """Whether the query asks for colours ("a red car"), which only SQL answers (the class lists
        hold no colours); QueryError where this index was built before colours were recorded."""
        if not coloured(ast):
            return False
        if "colours" not in self.meta:
            raise QueryError(f"the index at {self.directory} was built before segsearch recorded colours: build "
                             f"a new one (`segsearch index PHOTOS --index NEW`) to search by colour")
        return True

    # --- class lists (postings.ClassLists) ---------------------------------------------------
    def keep_class_lists(self, wait: bool = False) -> None:
        """From now on answer class queries from in-memory posting lists (for processes that ask
        many: the web server, the Python API). They load in a background thread now and again
        after every commit they miss; until loaded, queries are answered from SQL, so answers are
        always those of the current generation. `wait` blocks until the current ones are loaded."""
        self._lists_wanted = True
        if wait:
            self._load_class_lists()
        else:
            self._current_class_lists()

    @property
    def class_list_images(self) -> int:
        """How many photo ids the loaded class lists span (0 when none are kept or loaded yet)."""
        lists = self._class_lists
        return 0 if lists is None else lists.size

    def class_lists_current(self) -> bool:
        """Whether class queries are answered from the lists now (kept, loaded and current)."""
        return self._lists_wanted and self._class_lists is not None \
            and self._class_lists.generation == self.generation()

    def _current_class_lists(self) -> ClassLists | None:
        """The lists when kept and of the current generation; else None (and a load started)."""
        if not self._lists_wanted:
            return None
        lists = self._class_lists
        if lists is not None and lists.generation == self.generation():
            return lists
        with self._lists_guard:
            if self._lists_loader is None or not self._lists_loader.is_alive():
                self._lists_loader = threading.Thread(target=self._load_class_lists, name="segsearch-class-lists",
                                                      daemon=True)
                self._lists_loader.start()
        return None

    def _load_class_lists(self) -> None:
        def fetch(cursor: Any, statement: Any) -> list[Any]:  # plain tuples: 10x faster than Row objects
            sql = statement.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True})
            return cursor.execute(str(sql)).fetchall()  # constants only: no user input

        with self.engine.connect() as con, con.begin():  # one read transaction: one generation
            generation = int(con.execute(select(Meta.value).where(Meta.key == "generation")).scalar() or 0)
            if self._class_lists is not None and self._class_lists.generation == generation:
                return
            cursor = con.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            rows = np.array(fetch(cursor, CLASS_ROWS), dtype=np.float64).reshape(-1, 5)
            ordered = np.array(fetch(cursor, INDEXED_IN_PATH_ORDER), dtype=np.int64).reshape(-1)
        self._class_lists = ClassLists.build(generation, rows, ordered, len(self.space))

    def segments_of_labels(self, image_ids: list[int], label_ids: list[int]) -> list[Any]:
        """The segments of these images with these labels (id, image_id, class_id, area, box),
        largest first."""
        if not image_ids or not label_ids:
            return []
        wanted = set(label_ids)
        # filter labels in Python: a label condition in SQL tempts SQLite into scanning that
        # label's whole index instead of the few rows of these images
        with self.engine.connect() as con:
            rows = con.execute(SEGMENTS_OF_IMAGES, {"ids": json.dumps(image_ids)}).all()
        return [r for r in rows if r.class_id in wanted]

    def images_of_segments(self, segment_ids: list[int]) -> list[Any]:
        """(segment id, image id) of the given segments that exist."""
        with self.engine.connect() as con:
            return list(con.execute(IMAGES_OF_SEGMENTS, {"ids": json.dumps(segment_ids)}).all())

    def segments_with_images(self, segment_ids: list[int]) -> dict[int, Any]:
        """id → segment (box, label, area) with its image's path and size, for those that exist."""
        with self.engine.connect() as con:
            return {r.id: r for r in con.execute(MATCHED_SEGMENTS, {"ids": json.dumps(segment_ids)})}

    def image_rows(self, image_ids: list[int]) -> dict[int, Any]:
        """id → (id, path, width, height) for the given images that still exist."""
        with self.engine.connect() as con:
            return {r.id: r for r in con.execute(IMAGE_ROWS, {"ids": json.dumps(image_ids)})}

    def filtered_images(self, filters: Filters) -> set[int]:
        """Every indexed image the filters allow."""
        with self.Session() as s:
            return set(s.scalars(select(ImageRow.id).where(ImageRow.status == "indexed",
                                                           self._checked(filters).condition())))  # type: ignore[union-attr]

    def _checked(self, filters: Filters | None) -> Filters | None:
        if filters and (filters.taken_after is not None or filters.taken_before is not None) \
                and int(self.meta.get("schema_version", "0")) < 3:
            raise SegsearchError(f"index at {self.directory} predates photo dates: run `segsearch index` on it "
                                 "once (it upgrades in place) to filter by date")
        if filters and (filters.monochrome or filters.coloured) and "chroma" not in self.meta:
            raise QueryError(f"the index at {self.directory} was built before segsearch recorded which photos are "
                             f"black and white: build a new index (`segsearch index PHOTOS --index NEW_DIR`) to ask")
        if filters and filters.camera and "cameras" not in self.meta:
            raise QueryError(f"the index at {self.directory} was built before segsearch read which camera took each "
                             f"photo: build a new index (`segsearch index PHOTOS --index NEW_DIR`) to ask")
        return filters or None

    def taken(self, image_ids: list[int]) -> dict[int, Taken]:
        """id → when and with what camera each of the given images was taken, as far as the index
        recorded it (`Taken`; none before schema 3, no camera before schema 7)."""
        version = int(self.meta.get("schema_version", "0"))
        if version < 3 or not image_ids:
            return {}
        with self.engine.connect() as con:
            rows = con.execute(TAKEN_WITH_CAMERA if version >= 7 else TAKEN, {"ids": json.dumps(image_ids)})
            return {r.id: Taken(r.taken_at, r.taken_from, getattr(r, "camera", None) or None) for r in rows}

    def segment_colours(self, segment_ids: list[int]) -> dict[int, np.ndarray]:
        """id → each colour's share (`Segment.colours`, as stored) of the given segments, for those
        whose colours were recorded (none before schema 5)."""
        if int(self.meta.get("schema_version", "0")) < 5 or not segment_ids:
            return {}
        with self.engine.connect() as con:
            rows = con.execute(SEGMENT_COLOURS, {"ids": json.dumps(segment_ids)})
            return {r.segment_id: stored(r.shares) for r in rows}

    def image_id_of(self, path: str | os.PathLike[str]) -> int | None:
        """The id of the indexed file at `path` (its absolute path as indexed), or None."""
        raw = os.fsencode(os.path.abspath(os.path.expanduser(os.fspath(path))))
        with self.Session() as s:
            return s.scalar(select(ImageRow.id).where(ImageRow.raw_path == raw, ImageRow.status == "indexed"))

    def images_like(self, raw_path: bytes, digest: str) -> set[int]:
        """Rows of a file by its path or its content hash (a query photo that is indexed)."""
        with self.Session() as s:
            return set(s.scalars(select(ImageRow.id).where(
                (ImageRow.raw_path == raw_path) | (ImageRow.content_hash == digest))))

    def segment_vector_count(self, label_ids: list[int]) -> int:
        return sum(self.vectors.count(shard_name(c)) for c in label_ids)

    def nearest_segments(self, label_ids: list[int], query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, segment ids) of the k segments of these labels nearest to one embedding.
        From compressed shards, `rerank_factor` × k candidates are re-scored exactly."""
        return self._nearest([shard_name(c) for c in label_ids], SegmentRow, query, k)

    def _nearest(self, names: list[str], table: Any, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest of these vector shards: straight from FAISS when they hold exact vectors,
        else `rerank_factor` × k candidates re-scored from `table`'s float vectors."""
        if not self.vectors.approximate(names):
            return self.vectors.search(names, query[None], k)
        wanted = max(rerank_factor(self.vectors.factory) * k, k + RERANK_MIN_EXTRA)
        _, ids = self.vectors.search(names, query[None], wanted)
        return self._rerank(table, ids[0], query, k)

    def _rerank(self, table: Any, candidates: np.ndarray, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best of `candidates` by exact similarity to `query`, from the float vectors in
        SQLite; shaped like a FAISS answer for one query."""
        candidates = candidates[candidates >= 0]
        rows = self._embeddings(table, candidates.tolist())
        if not rows:
            return np.zeros((1, 0), np.float32), np.zeros((1, 0), np.int64)
        ids = np.array(list(rows), dtype=np.int64)
        scores = np.vstack(list(rows.values())) @ query.astype(np.float32)
        order = np.lexsort((ids, -scores))[:k]
        return scores[order][None].astype(np.float32), ids[order][None]

    def _embeddings(self, table: Any, ids: list[int]) -> dict[int, np.ndarray]:
        """id → stored float embedding, for those of `ids` that exist (one cached statement: the ids
        bind as one JSON value, however many there are)."""
        with self.engine.connect() as con:
            rows = con.execute(EMBEDDINGS[table.__tablename__], {"ids": json.dumps(ids)}).all()
        return {r[0]: _vec(r[1]) for r in rows if r[1] is not None}

    def image_similarities(self, image_ids: list[int], query: np.ndarray) -> dict[int, float]:
        """Cosine similarity of each given image's whole-image embedding to `query` (exact)."""
        if self.vectors.approximate([IMAGES_SHARD]):  # compressed codes only approximate the vectors
            return {i: float(v @ query) for i, v in self._embeddings(ImageRow, image_ids).items()}
        shard = self.vectors.shards.get(IMAGES_SHARD)
        if shard is None:
            return {}
        out = {}
        for image_id in image_ids:
            try:
                out[image_id] = float(np.dot(shard.reconstruct(int(image_id)), query))
            except RuntimeError:  # deleted since the vectors were loaded
                continue
        return out

    def image_vector_count(self) -> int:
        return self.vectors.count(IMAGES_SHARD)

    def nearest_images(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, image ids) of the k whole-image embeddings nearest to one embedding."""
        return self._nearest([IMAGES_SHARD], ImageRow, query, k)

    def reindex_vectors(self, factory: str) -> dict[str, object]:
        """Rebuild every vector shard as FAISS `factory` from the embeddings in SQLite, without
        re-analysing anything; compressed types (IVF, PQ) are trained per shard on a seeded sample
        of its own vectors (shards too small to train stay exact). The factory and what was trained
        are recorded in `meta`; later additions go into the trained shards."""
        assert self.writable and self.vectors is not None
        build_factory(factory, self.dim)  # one clear error before any work
        store = VectorStore(self.directory / VECTORS_DIR, self.dim, factory)
        trained: dict[str, int] = {}
        with self.Session() as s:
            generation = self.generation(s)
            for name, table, condition in self._shard_sources(s):
                rows = s.execute(select(table.id, table.embedding).where(condition).order_by(table.id)).all()
                if not rows:
                    continue
                ids = np.array([r[0] for r in rows], dtype=np.int64)
                if store.rebuild(name, ids, np.vstack([_vec(r[1]) for r in rows])):
                    trained[name] = len(ids)
        store.save(generation)
        self.vectors = store
        self._remove_stale_shard_files()
        training = {"factory": factory, "trained_shards": trained, "sample_limit": TRAIN_SAMPLE, "seed": TRAIN_SEED,
                    "at": time.time()}
        with self.Session.begin() as s:
            for key, value in (("factory", factory), ("vectors_training", json.dumps(training))):
                s.merge(Meta(key=key, value=value))
        self.meta["factory"] = factory
        self.meta["vectors_training"] = json.dumps(training)
        return {"factory": factory, "compressed": store.compressed, "shards": len(store.shards),
                "compressed_shards": len(trained),
                "vectors": sum(sh.ntotal for sh in store.shards.values())}

    def _shard_sources(self, s: Session) -> list[tuple[str, Any, Any]]:
        """(shard name, table, row condition) of every shard the rows call for."""
        labels = [c for (c,) in s.execute(select(SegmentRow.class_id).distinct())]
        return [(shard_name(c), SegmentRow, SegmentRow.class_id == c) for c in sorted(labels)] + \
               [(IMAGES_SHARD, ImageRow, ImageRow.embedding.is_not(None))]

    def failures(self) -> list[tuple[str, str]]:
        with self.Session() as s:
            return [(p, e or "") for p, e in s.execute(
                select(ImageRow.path, ImageRow.error).where(ImageRow.status == "failed").order_by(ImageRow.path))]

    # --- closing ----------------------------------------------------------------------------
    def close(self) -> None:
        loader = self._lists_loader
        if loader is not None:
            loader.join()
        try:
            if self.writable and self._vectors is not None and self._vectors.dirty:
                self.checkpoint()
        finally:
            self.engine.dispose()
            self._vectors = self._class_lists = None  # a closed index holds no memory (GBs at scale)
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
