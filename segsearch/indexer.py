"""The indexing pipeline: discover → (skip unchanged) → read + hash + decode in worker threads →
every network of the index (`analysis.Analyzer`, batched on a GPU) → regions → SQLite
transactions of up to `STORE_BATCH_IMAGES` files → periodic FAISS checkpoints. Bad files are
recorded as failed with a one-line reason; nothing stops the run.

On a CPU, whole images are analysed in parallel by worker threads, one torch thread each (the
networks' convolutions always go through oneDNN, see `models.layers`, so one thread per image is
the fastest way to run them). Worker processes were measured too: no faster on 2 cores, plus their
start-up. On a GPU (batches), workers read, decode and preprocess; the thread that owns the device
only batches and runs the networks, and hands each image's regions back to the workers without
waiting, so the next batch runs while they are extracted. Beside a GPU the workers are CPU
helper processes instead of threads for large runs (`Helpers`, `default_helpers`, `segsearch
index --helpers N`), each under its own Python lock, their arrays in shared memory (`handoff`):
on an H100 machine with 16 cores they indexed 300 files 1.4-3.3x as fast as the threads (README,
Performance).

Incremental: a file whose size and mtime match the index is skipped; when they differ its content
hash decides whether it is re-indexed or only its mtime updated. `prune` removes rows of files that
no longer exist under the given roots. An interrupted run resumes where it stopped: a batch of
files is committed in one transaction, complete or absent, so a resume redoes at most the one batch
(`STORE_BATCH_IMAGES` files or `STORE_BATCH_SECONDS` of work) that was not committed.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import stat
import time
from collections import deque
from contextlib import contextmanager, nullcontext
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

import torch
from PIL import Image

from .analysis import Analysis, Analyzer
from .models.segmenter import Network
from .errors import InputError
from .images import ImageError, content_hash, decode, discover, display_path, read_regular_file
from .distributed import AnalyzerSpec
from .regions import RegionSettings
from .store import AnyIndex, FileState, FileWrite, open_store
from .store.sharded import existing_shards

CHECKPOINT_SECONDS = 30.0  # at most this much work waits for a FAISS write
CHECKPOINT_IMAGES = 500
STORE_BATCH_IMAGES = 32  # files per SQLite transaction: a crash loses at most this many files' work
# An unexpected error while analysing one photo (a defect of segsearch met on that photo) is
# reported, the photo left out of the index so that the next run retries it, and the run goes on;
# this many in a row are a defect of the whole run, which stops with the error.
INTERNAL_ERRORS_IN_A_ROW = 10
STORE_BATCH_SECONDS = 2.0  # ... or this much time's
# Beside a GPU, CPU helper processes instead of worker threads from this many files to index on:
# on an H100 machine with 16 cores they indexed 300 files 1.4-3.3x as fast as the threads in four
# comparisons (65-79 against 21-46 images/s), and take about 10 s to start, which 500 files repay.
HELPERS_FROM_FILES = 500
MOST_DEFAULT_HELPERS = 15  # the most measured (on 16 cores)
HELPER_BYTES = 1 << 30  # a helper's memory: torch and the networks on the CPU, 0.7 GB measured, and its arrays
# Images per network call on a GPU (`Indexer.default_batch_size`): GPU_BATCH where it has
# LARGE_GPU_BYTES of memory or more, else SMALL_GPU_BATCH
GPU_BATCH = 32
SMALL_GPU_BATCH = 8
LARGE_GPU_BYTES = 10 << 30


class ProgressReporter(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, path: str) -> None: ...
    def stage(self, what: str) -> None: ...  # what the run is doing before files advance ("starting helpers")


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, path: str) -> None:
        pass

    def stage(self, what: str) -> None:
        pass


@dataclass
class IndexSummary:
    discovered: int = 0
    indexed: int = 0
    unchanged: int = 0
    pruned: int = 0
    segments: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    # stage times are summed over worker threads, so together they can exceed `seconds`
    # reading, hashing, decoding and the networks' inputs, in the workers (batched path)
    prepare_seconds: float = 0.0
    inference_seconds: float = 0.0  # inside the network call, softmax and upsampling included
    regions_seconds: float = 0.0
    store_seconds: float = 0.0
    # the indexing thread's own time (batched path): handing a batch's outputs to the workers, and
    # waiting for them (for files read and decoded, for regions): large when they, not the networks
    # or the writes, hold the run back
    handoff_seconds: float = 0.0
    waiting_seconds: float = 0.0

    @property
    def images_per_second(self) -> float:
        done = self.indexed + len(self.failed)
        return done / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"discovered": self.discovered, "indexed": self.indexed, "unchanged": self.unchanged,
                "pruned": self.pruned, "segments": self.segments,
                "failed": [{"path": p, "reason": r} for p, r in self.failed],
                "seconds": round(self.seconds, 3), "images_per_second": round(self.images_per_second, 3),
                "stage_seconds": {"prepare": round(self.prepare_seconds, 3),
                                  "inference": round(self.inference_seconds, 3),
                                  "regions": round(self.regions_seconds, 3), "store": round(self.store_seconds, 3),
                                  "handoff": round(self.handoff_seconds, 3),
                                  "waiting": round(self.waiting_seconds, 3)}}


@dataclass
class _Job:
    path: Path
    raw_path: bytes
    size: int
    mtime_ns: int


@dataclass
class _Prepared:
    job: _Job
    content_hash: str | None = None
    image: Image.Image | None = None
    image_size: tuple[int, int] | None = None  # of `image`, the decoded size (kept when the image is dropped)
    original_size: tuple[int, int] | None = None
    taken: float | None = None
    camera: str | None = None
    error: str | None = None
    inputs: list[Any] | None = None  # the networks' preprocessed inputs (batched path: made by a worker)
    # filled when the worker also analysed the image (CPU), with its seconds
    analysis: Analysis | None = None
    prepare_seconds: float = 0.0  # batched path: the worker's `_prepare_inputs`
    inference_seconds: float = 0.0
    regions_seconds: float = 0.0
    internal: BaseException | None = None  # an unexpected analysis error: reported, not stored (retried)
    slot: int | None = None  # the shared-memory slot lent to this file's arrays (helper processes; `handoff`)
    packed: bool = False  # `inputs` are `handoff.Placed` marks in that slot


def available_memory() -> int:
    """Bytes of memory new processes may use without swapping: Linux's MemAvailable, else half of
    the physical memory (0 where neither can be read)."""
    try:
        with open("/proc/meminfo") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (ValueError, OSError, AttributeError):
        return 0


def _helpers_for_cores(cores: int) -> int:
    """The most helper processes a machine of `cores` gets by default: one per core but one, at
    most `MOST_DEFAULT_HELPERS` (less where memory is short: `Indexer.default_helpers`)."""
    return min(cores - 1, MOST_DEFAULT_HELPERS)


def gpu_memory(device: torch.device) -> int:
    """Bytes of memory of a CUDA device."""
    return int(torch.cuda.get_device_properties(device).total_memory)


def _file_hash(path: Path) -> str:
    return content_hash(read_regular_file(path)[0])


def _prepare(job: _Job, analyzer: Analyzer) -> _Prepared:
    """Worker-thread stage: read once (regular files only, size-capped), hash, decode (at reduced
    JPEG scale where possible)."""
    try:
        data, _ = read_regular_file(job.path)
    except ImageError as exc:
        return _Prepared(job, error=str(exc))
    prepared = _Prepared(job, content_hash=content_hash(data))
    try:
        decoded = decode(io.BytesIO(data), analyzer.input_size)
        prepared.image = decoded.image
        prepared.image_size = decoded.image.size
        prepared.original_size = decoded.original_size
        prepared.taken, prepared.camera = decoded.taken, decoded.camera
    except ImageError as exc:
        prepared.error = str(exc)
    return prepared


def _prepare_inputs(job: _Job, analyzer: Analyzer) -> _Prepared:
    """Worker-thread stage of the batched (GPU) path: `_prepare`, then each network's
    preprocessed input, so that the thread feeding the device only batches and runs them."""
    t0 = time.perf_counter()
    prepared = _prepare(job, analyzer)
    if prepared.error is None:
        try:
            prepared.inputs = analyzer.network_inputs(prepared.image)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - as in _analyse_alone
            _internal_error(prepared, exc)
    prepared.prepare_seconds = time.perf_counter() - t0
    return prepared


def _internal_error(prepared: _Prepared, exc: BaseException) -> None:
    prepared.internal = exc
    prepared.error = f"internal error ({type(exc).__name__}: {exc}); not indexed, retried on the next run"
    prepared.image = prepared.inputs = None


def _regions_of(prepared: _Prepared, analyzer: Analyzer, outputs: dict[str, Any]) -> _Prepared:
    """Worker-thread stage of the batched path: one image's regions from its network outputs."""
    t0 = time.perf_counter()
    try:
        prepared.analysis = analyzer.regions(outputs, prepared.original_size)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - as in _analyse_alone
        _internal_error(prepared, exc)
    prepared.regions_seconds = time.perf_counter() - t0
    return prepared


def _prepare_and_analyse(job: _Job, analyzer: Analyzer) -> _Prepared:
    """Worker-thread stage on a CPU: `_prepare`, then every network and the regions of this image."""
    prepared = _prepare(job, analyzer)
    if prepared.error is None:
        _analyse_alone(prepared, analyzer)
    return prepared


def _analyse_alone(prepared: _Prepared, analyzer: Analyzer) -> None:
    """Analyse one decoded image; an unexpected error is kept with it (see INTERNAL_ERRORS_IN_A_ROW)."""
    assert prepared.image is not None and prepared.original_size is not None
    t0 = time.perf_counter()
    try:
        prepared.analysis = analyzer.analyse(prepared.image, prepared.original_size)
    except Exception as exc:  # noqa: BLE001 - any defect met on one photo; the run decides (see _take)
        _internal_error(prepared, exc)
    prepared.inference_seconds = time.perf_counter() - t0
    prepared.image = prepared.inputs = None


_PROCESS_ANALYZER: Analyzer | None = None  # a helper process's own networks (`_load_in_process`)


def _load_in_process(spec: AnalyzerSpec) -> None:
    """Initializer of a helper process: its own copy of the networks. Ctrl-C is the indexing
    process's to handle (it stops the run and then the helpers, as the `with` block ends); a helper
    stopped by it at once would only print its own traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _PROCESS_ANALYZER
    _PROCESS_ANALYZER = spec.load()


class Helpers:
    """`count` CPU helper processes beside networks that run batches here (`Indexer.helpers`),
    with the shared-memory slots their files' arrays travel in (`handoff`): each process reads,
    hashes, decodes and preprocesses files, and extracts the regions of the network outputs this
    process sends it, under its own Python lock. Each loads the networks on the CPU for their
    labels and preprocessing; it never runs them. Started once, they can serve several runs
    (`Indexer.helper_pool`); a context manager."""

    def __init__(self, analyzer: Analyzer, count: int, batch_size: int | None = None):
        from .handoff import Slots

        self.count = count
        batch = batch_size or Indexer.default_batch_size(analyzer)
        self.window = self.window_for(count, batch)  # files being prepared
        slots = self.slots_for(count, batch)
        self.slots = Slots(slots if Slots.fit(slots) else 0)  # none: the arrays travel pickled
        if analyzer.device.type == "cuda":
            self.slots.pin()  # where CUDA refuses, the slots stay as they are (`slots.pinned` empty)
        self.pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_load_in_process,
                                        initargs=(replace(AnalyzerSpec.of(analyzer), device="cpu"),))

    @staticmethod
    def window_for(count: int, batch: int) -> int:
        """Files `count` helpers prepare at once beside batches of `batch`."""
        return max(2 * count, 3 * batch)

    @staticmethod
    def slots_for(count: int, batch: int) -> int:
        """Shared-memory slots `count` helpers use beside batches of `batch`: the files being
        prepared (`window_for`), a batch at the networks and three batches' regions."""
        return Helpers.window_for(count, batch) + 4 * batch + 2

    def __enter__(self) -> "Helpers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown()
        self.slots.close()


def _prepare_in_helper(job: _Job, slot: int | None, block: str | None) -> _Prepared:
    """A helper process's first stage: `_prepare_inputs`, less the decoded image (its size stays;
    the networks' inputs hold its pixels), the inputs placed in the shared-memory `block` lent
    to this file where they fit (`handoff`)."""
    from .handoff import attached, pack

    assert _PROCESS_ANALYZER is not None
    prepared = _prepare_inputs(job, _PROCESS_ANALYZER)
    prepared.image, prepared.slot = None, slot
    if block is not None and prepared.inputs is not None:
        packed = pack(attached(block), prepared.inputs)
        if packed is not None:
            prepared.inputs, prepared.packed = packed, True
    return prepared


def _regions_in_helper(prepared: _Prepared, outputs: dict[str, Any], block: str | None) -> _Prepared:
    """A helper process's second stage: one image's regions from its network outputs
    (`Analyzer.outputs_for_regions`), read in the shared-memory `block` where they were placed
    there; only the segments travel back."""
    from .handoff import attached, unpack

    assert _PROCESS_ANALYZER is not None
    if block is not None:
        outputs = unpack(attached(block), outputs)
    done = _regions_of(prepared, _PROCESS_ANALYZER, outputs)
    if done.analysis is not None:
        done.analysis = replace(done.analysis, outputs={})
    return done


def analysed_to_send(job: _Job, analyzer: Analyzer) -> _Prepared:
    """`_prepare_and_analyse` in a worker of its own (an analysis process, a Ray actor), ready to
    travel to the writer: only the segments go (the raw network outputs, large and possibly on a
    GPU, stay where they were made)."""
    prepared = _prepare_and_analyse(job, analyzer)
    if prepared.analysis is not None:
        prepared.analysis = replace(prepared.analysis, outputs={})
    return prepared


def _as_it_is(prepared: _Prepared) -> _Prepared:
    return prepared


@contextmanager
def _torch_threads_restored() -> Iterator[None]:
    """Workers set their own torch thread count; where that setting is process-wide, undo it."""
    previous = torch.get_num_threads()
    try:
        yield
    finally:
        torch.set_num_threads(previous)


AnalysisObserver = Callable[[Path, Analysis], None]


class Indexer:
    """Indexes photo folders into an open, writable `Index` with the `Analyzer` (networks and
    region settings) it was built with. An optional observer sees every image's analysis
    (evaluation scores it against ground truth)."""

    def __init__(self, index: AnyIndex, analyzer: "Analyzer | Network", batch_size: int | None = None,
                 workers: int | None = None, progress: ProgressReporter | None = None,
                 observer: AnalysisObserver | None = None):
        if not isinstance(analyzer, Analyzer):  # one loaded network, with the index's settings
            analyzer = Analyzer([analyzer], index.settings)
        if index.model_name != analyzer.space.model_names:
            raise InputError(f"index uses --models {index.model_name}, this run has {analyzer.space.model_names}")
        self.index = index
        self.analyzer = analyzer
        self.batch_size = batch_size or self.default_batch_size(analyzer)
        self.workers = max(1, workers or self.default_workers(analyzer))
        self.workers_chosen = workers is not None  # worker threads asked for: no helpers by default
        # On a CPU, whole images in parallel (one torch thread per worker) beat one image's forward
        # split over the cores, and the regions of one image overlap the next one's inference.
        self.analyse_in_workers = analyzer.device.type == "cpu" and self.batch_size == 1 and self.workers > 1
        self.progress = progress or _Silent()
        self.observer = observer
        self.verify = False  # re-hash files whose size and mtime did not change (`--verify`)
        self.commit_every = STORE_BATCH_IMAGES  # files per transaction (`--commit-every`)
        self.ray: tuple[AnalyzerSpec, str] | None = None  # (networks to load, cluster address): analyse on Ray
        # With networks that run batches (on a GPU), this many CPU helper processes read, decode and
        # preprocess the files and extract the regions, each under its own Python lock, while this
        # process runs only the networks and the writes (`Helpers`); None: worker threads,
        # whose Python work and the thread feeding the GPU take turns at one lock (see README,
        # Performance). The observer then sees segments without network outputs.
        self.helpers: int | None = None  # None: `default_helpers` (none beside an observer); 0: worker threads
        self.helper_pool: Helpers | None = None  # or helpers already started
        self._received: Callable[[_Prepared], _Prepared] = _as_it_is  # a worker's result, as this process reads it
        self._slots: Any = None  # the helpers' shared-memory slots (`handoff.Slots`) while they run
        # a batch's images to the workers, each image's regions' future (helpers: their copies batched)
        self._submit_batch: Callable[[list[tuple[_Prepared, dict[str, Any]]]], list[Future[_Prepared]]] = \
            self._submit_each

    @staticmethod
    def runs_batches(analyzer: Analyzer, batch_size: int | None = None) -> bool:
        """Whether the networks run in batches (`batch_size`, else the default): on a GPU, or on a
        CPU asked for batches; only then can CPU helper processes take the rest (`helpers`)."""
        return analyzer.device.type != "cpu" or (batch_size or Indexer.default_batch_size(analyzer)) > 1

    @staticmethod
    def default_batch_size(analyzer: Analyzer) -> int:
        """Images per network call when not chosen: one on a CPU (cache-resident activations); on
        a GPU, which wants batches, `GPU_BATCH` where it has `LARGE_GPU_BYTES` or more and the
        shared-memory slots of the helpers a large run gets at that batch size fit
        (`default_helpers`: helpers at a smaller batch index faster than threads at a larger
        one), else `SMALL_GPU_BATCH`. Fewer calls leave the thread that feeds the GPU more time:
        on an H200 machine with 15 helpers, batches of 32 against the 8 of the code before
        indexed 300 ordinary photos at 76.7 and 76.1 against 57.5 and 54.4 images/s, and 150
        12 MP JPEGs at 52.8 and 58.6 against 46.3 and 49.8 (two runs each, alternated,
        `benchmarks/gpu_throughput.sh`), the GPU holding 4.4 against 3.6 GiB at most."""
        from .handoff import Slots

        if analyzer.device.type != "cuda":
            return 1
        helpers = _helpers_for_cores(os.cpu_count() or 2)
        if gpu_memory(analyzer.device) >= LARGE_GPU_BYTES and Slots.fit(Helpers.slots_for(helpers, GPU_BATCH)):
            return GPU_BATCH
        return SMALL_GPU_BATCH

    @staticmethod
    def default_helpers(analyzer: Analyzer, files: int) -> int:
        """CPU helper processes when not chosen (`helpers`): beside a GPU with at least 4 cores, for
        `HELPERS_FROM_FILES` files or more, one per core but one (on 16 cores, 15 indexed faster
        than 12 and 8 helpers, 77 against 69 and 63 images/s, in one run), at most
        `MOST_DEFAULT_HELPERS` and as many as the available memory holds (`HELPER_BYTES` each);
        otherwise, or where that leaves fewer than 2, or where their arrays' slots do not fit in
        shared memory (a container's 64 MB /dev/shm: pickled through pipes, helpers were slower
        than the threads, 30 against 46 images/s), none: worker threads, which start at once."""
        from .handoff import Slots

        cores = os.cpu_count() or 2
        if analyzer.device.type != "cuda" or files < HELPERS_FROM_FILES or cores < 4:
            return 0
        count = min(_helpers_for_cores(cores), available_memory() // HELPER_BYTES)
        if count < 2 or not Slots.fit(Helpers.slots_for(count, Indexer.default_batch_size(analyzer))):
            return 0
        return count

    @staticmethod
    def default_workers(analyzer: Analyzer | None = None) -> int:
        """Worker threads when not chosen: on a CPU the cores, at most 8 (each analyses whole
        images); beside a GPU at most 4. There they decode, preprocess and extract regions, work
        that mostly holds Python's global interpreter lock, which the thread feeding the GPU needs
        for every kernel launch: on an H200 machine with 16 cores, 4 workers indexed faster than 8
        in each of four comparisons (12 MP JPEGs 39-41 against 33-36 images/s, ordinary photos
        43-44 against 39-42), and 16 were no faster than 8."""
        cores = os.cpu_count() or 2
        if analyzer is not None and analyzer.device.type == "cuda":
            return min(cores, 4)
        return min(cores, 8)

    def plan(self, roots: Iterable[str | os.PathLike[str]], summary: IndexSummary) -> tuple[list[_Job], set[bytes]]:
        """Files that need work, and the raw paths of everything discovered."""
        states = self.index.file_states()
        jobs: list[_Job] = []
        seen: set[bytes] = set()
        self.unreadable: list[tuple[Path, str]] = []
        inodes: set[tuple[int, int]] = set()
        for path in discover(roots, self.unreadable):
            raw = os.fsencode(path)
            seen.add(raw)
            summary.discovered += 1
            try:
                st = path.stat()
            except OSError as exc:
                summary.failed.append((display_path(path), f"cannot stat file ({exc.strerror})"))
                continue
            if not stat.S_ISREG(st.st_mode):  # a FIFO, a device, a directory named *.jpg
                jobs.append(_Job(path, raw, 0, 0))  # recorded as a failure by the reader
                continue
            if (st.st_dev, st.st_ino) in inodes:  # the same file again, through a symlinked alias
                summary.discovered -= 1
                seen.discard(raw)
                continue
            inodes.add((st.st_dev, st.st_ino))
            state = states.get(raw)
            if state is not None and self._unchanged(path, st, state):
                summary.unchanged += 1
                continue
            jobs.append(_Job(path, raw, st.st_size, st.st_mtime_ns))
        return jobs, seen

    def _unchanged(self, path: Path, st: os.stat_result, state: FileState) -> bool:
        if (st.st_size, st.st_mtime_ns) == (state.size, state.mtime_ns) and not self.verify:
            return True
        if st.st_size != state.size or state.content_hash is None:
            return False
        if (st.st_size, st.st_mtime_ns) == (state.size, state.mtime_ns):  # --verify: compare the bytes
            try:
                return _file_hash(path) == state.content_hash
            except (OSError, ImageError):
                return False
        try:
            same = _file_hash(path) == state.content_hash
        except (OSError, ImageError):
            return False
        if same:  # touched but not changed: remember the new mtime, keep the rows
            self.index.touch_image(state.image_id, st.st_mtime_ns)
        return same

    def run(self, roots_in: Iterable[str | os.PathLike[str]], prune: bool = False) -> IndexSummary:
        roots = [Path(r).expanduser() for r in roots_in]
        for root in roots:
            if not root.exists():
                raise InputError(f"no such file or directory: {root}")
        started = time.perf_counter()
        summary = IndexSummary()
        jobs, seen = self.plan(roots, summary)
        self._record_unreadable_directories(summary)
        if prune:
            summary.pruned = self._prune(roots, seen)
        self.progress.start(len(jobs))
        try:
            self._process(jobs, summary)
        finally:
            self.index.checkpoint()
            summary.seconds = time.perf_counter() - started
        return summary

    def _record_unreadable_directories(self, summary: IndexSummary) -> None:
        """Directories that could not be listed become failure records (`segsearch failures`);
        such a record is dropped once its directory can be listed again."""
        now = {os.fsencode(os.path.abspath(d)) for d, _ in self.unreadable}
        stale = [state.image_id for raw, state in self.index.file_states().items()
                 if state.status == "failed" and raw not in now and os.path.isdir(raw)]
        self.index.delete_images(stale)
        for directory, reason in self.unreadable:
            raw = os.fsencode(os.path.abspath(directory))
            self.index.write_image(raw, display_path(directory), 0, 0, None, None, None, error=reason)
            summary.failed.append((display_path(directory), reason))

    def _prune(self, roots: list[Path], seen: set[bytes]) -> int:
        """Delete the rows of files under `roots` that are gone. Only a file known to be absent
        (its stat says "no such file") is gone: one under a directory that could not be read, or
        that cannot be looked at for any other reason, is kept."""
        prefixes = [os.fsencode(os.path.abspath(r)) for r in roots]
        hidden = [os.fsencode(os.path.abspath(d)).rstrip(b"/") + b"/" for d, _ in self.unreadable]

        def under(raw: bytes, prefix: bytes) -> bool:
            return raw == prefix or raw.startswith(prefix.rstrip(b"/") + b"/")

        def absent(raw: bytes) -> bool:
            try:
                os.stat(raw)
            except FileNotFoundError:
                return True
            except OSError:
                return False
            return False

        gone = [state.image_id for raw, state in self.index.file_states().items()
                if raw not in seen and any(under(raw, p) for p in prefixes)
                and not any(raw.startswith(h) for h in hidden) and absent(raw)]
        return self.index.delete_images(gone)

    def _process(self, jobs: list[_Job], summary: IndexSummary) -> None:
        window = max(2 * self.workers, self.batch_size * 3)  # bounded read-ahead keeps memory flat
        self._pending_writes: list[FileWrite] = []
        self._batch_started = time.monotonic()
        self._last_checkpoint, self._since_checkpoint = time.monotonic(), 0
        self._internal_in_a_row = 0
        try:
            if self.ray is not None:  # the cluster analyses; this process stays the one writer
                from .distributed import analysed_on_ray

                for prepared in analysed_on_ray(jobs, *self.ray):
                    self._take(prepared, summary)
                return
            helpers = self.helpers
            if helpers is None:  # none where worker threads were asked for, or beside an observer
                # (evaluation), which reads the network outputs that the helpers keep
                chosen = self.observer is not None or self.workers_chosen
                helpers = 0 if chosen else self.default_helpers(self.analyzer, len(jobs))
            if helpers and self.runs_batches(self.analyzer, self.batch_size):
                self._run_with_helpers(jobs, summary, helpers)
                return
            if self.analyse_in_workers:
                def work(job: _Job) -> _Prepared:
                    return _prepare_and_analyse(job, self.analyzer)
            else:
                def work(job: _Job) -> _Prepared:
                    return _prepare_inputs(job, self.analyzer)
            # workers analysing whole images, or preprocessing and extracting regions beside a GPU,
            # work one image each on one torch thread; only a CPU running batches wants them all
            on_gpu = self.analyzer.device.type == "cuda"
            torch_threads = 1 if self.analyse_in_workers or on_gpu else torch.get_num_threads()
            with _torch_threads_restored(), ThreadPoolExecutor(
                    self.workers, thread_name_prefix="prepare", initializer=torch.set_num_threads,
                    initargs=(torch_threads,)) as pool:
                def in_thread(prepared: _Prepared, outputs: dict[str, Any]) -> Future[_Prepared]:
                    return pool.submit(_regions_of, prepared, self.analyzer, outputs)
                self._submit_regions = in_thread
                self._drain(jobs, window, lambda job: pool.submit(work, job), summary)
        finally:
            self._flush(summary)

    def _run_with_helpers(self, jobs: list[_Job], summary: IndexSummary, helpers: int) -> None:
        """`_drain` with CPU helper processes (`helpers`) as the workers: each file's arrays
        travel in a shared-memory slot lent to it until it is stored (`handoff`), or pickled
        where shared memory is short or they do not fit."""
        from .handoff import on_host, pack, unpack

        if self.helper_pool is None:
            self.progress.stage(f"starting {helpers} helper processes")
        with nullcontext(self.helper_pool) if self.helper_pool is not None else \
                Helpers(self.analyzer, helpers, self.batch_size) as started:
            pool, slots = started.pool, started.slots

            def prepare(job: _Job) -> Future[_Prepared]:
                slot = slots.take()
                return pool.submit(_prepare_in_helper, job, slot, None if slot is None else slots.names[slot])

            def received(prepared: _Prepared) -> _Prepared:
                if prepared.packed:
                    prepared.inputs = unpack(slots.buf(prepared.slot), prepared.inputs)  # type: ignore[arg-type]
                    prepared.packed = False
                return prepared

            def regions(prepared: _Prepared, outputs: dict[str, Any]) -> Future[_Prepared]:
                return regions_of_batch([(prepared, outputs)])[0]

            def regions_of_batch(items: list[tuple[_Prepared, dict[str, Any]]]) -> list[Future[_Prepared]]:
                """Each image's outputs into its slot, all copies from the GPU started before
                waiting once for them all (into page-locked slots they run by DMA meanwhile), then
                the images to the helpers."""
                sent = []
                for prepared, outputs in items:
                    kept = self.analyzer.outputs_for_regions(outputs)
                    slot = prepared.slot
                    placed = None if slot is None else pack(slots.buf(slot), kept, non_blocking=True)
                    sent.append((prepared, (on_host(kept), None) if slot is None or placed is None
                                 else (placed, slots.names[slot])))
                if self.analyzer.device.type == "cuda":
                    torch.cuda.current_stream(self.analyzer.device).synchronize()
                return [pool.submit(_regions_in_helper, prepared, arrays, name) for prepared, (arrays, name) in sent]

            self._submit_regions, self._received, self._slots = regions, received, slots
            self._submit_batch = regions_of_batch
            try:
                self._drain(jobs, started.window, prepare, summary)
            finally:
                self._received, self._slots, self._submit_batch = _as_it_is, None, self._submit_each

    def _drain(self, jobs: list[_Job], window: int, submit: Callable[[_Job], Future[_Prepared]],
               summary: IndexSummary) -> None:
        """Keep `window` files in flight (`submit` hands one to the workers); store each file's
        failure at once and its analysis in order of submission (batches: once the workers have
        its regions)."""
        pending: deque[Future[_Prepared]] = deque()
        self._regions_pending: deque[Future[_Prepared]] = deque()
        queue = iter(jobs)
        for job in queue:
            pending.append(submit(job))
            if len(pending) >= window:
                break
        batch: list[_Prepared] = []
        while pending:
            t0 = time.perf_counter()
            prepared = self._received(pending.popleft().result())
            summary.waiting_seconds += time.perf_counter() - t0
            summary.prepare_seconds += prepared.prepare_seconds
            nxt = next(queue, None)
            if nxt is not None:
                pending.append(submit(nxt))
            if prepared.error is not None or prepared.analysis is not None:
                self._take(prepared, summary)
            else:
                batch.append(prepared)
                if len(batch) >= self.batch_size:
                    self._analyse_and_store(batch, summary)
                    batch = []
        if batch:
            self._analyse_and_store(batch, summary)
        self._store_regions(summary, wait_above=0)

    def _analyse_and_store(self, batch: list[_Prepared], summary: IndexSummary) -> None:
        """Run the networks on a batch here (the thread that feeds the device), then hand each
        image's regions to the workers without waiting: the next batch's networks run meanwhile.
        Finished images are stored in order, at most two batches behind."""
        t0 = time.perf_counter()
        try:
            outputs = self.analyzer.run_networks([p.inputs for p in batch],  # type: ignore[misc]
                                                 [p.image_size for p in batch],  # type: ignore[misc]
                                                 [p.original_size for p in batch])  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - find the photo: each alone, its error kept with it
            self._store_regions(summary, wait_above=0)
            for prepared in batch:
                self._analyse_one_of_a_failed_batch(prepared, summary)
            return
        summary.inference_seconds += time.perf_counter() - t0
        for prepared in batch:
            prepared.image = prepared.inputs = None
        t0 = time.perf_counter()
        self._regions_pending.extend(self._submit_batch(list(zip(batch, outputs))))
        summary.handoff_seconds += time.perf_counter() - t0
        self._store_regions(summary, wait_above=2 * self.batch_size)

    def _submit_each(self, items: list[tuple[_Prepared, dict[str, Any]]]) -> list[Future[_Prepared]]:
        return [self._submit_regions(prepared, outputs) for prepared, outputs in items]

    def _analyse_one_of_a_failed_batch(self, prepared: _Prepared, summary: IndexSummary) -> None:
        """One photo of a batch whose networks failed, through them alone and stored at once: an
        error that is its own stays with it, the others' photos are analysed as usual."""
        try:
            output = self.analyzer.run_networks([prepared.inputs], [prepared.image_size],  # type: ignore[list-item]
                                                [prepared.original_size])[0]  # type: ignore[list-item]
        except Exception as exc:  # noqa: BLE001 - as in _analyse_alone
            _internal_error(prepared, exc)
            self._take(prepared, summary)
            return
        prepared.image = prepared.inputs = None
        done = self._submit_regions(prepared, output).result()
        summary.regions_seconds += done.regions_seconds
        self._take(done, summary)

    def _store_regions(self, summary: IndexSummary, wait_above: int) -> None:
        """Store the images whose regions are done, in order; wait while more than `wait_above`
        are in flight (bounded memory: each holds its network outputs)."""
        waiting = self._regions_pending
        while waiting and (waiting[0].done() or len(waiting) > wait_above):
            t0 = time.perf_counter()
            prepared = waiting.popleft().result()
            summary.waiting_seconds += time.perf_counter() - t0
            summary.regions_seconds += prepared.regions_seconds
            self._take(prepared, summary)

    def _take(self, prepared: _Prepared, summary: IndexSummary) -> None:
        """Store a file a worker (thread or Ray actor) has finished: its failure or its analysis.
        An unexpected analysis error is reported and leaves no row, so the next run retries the
        file; INTERNAL_ERRORS_IN_A_ROW of them stop the run with the last one."""
        if prepared.slot is not None and self._slots is not None:  # its arrays are done with
            self._slots.give(prepared.slot)
            prepared.slot = None
        if prepared.internal is not None:
            self._internal_in_a_row += 1
            if self._internal_in_a_row >= INTERNAL_ERRORS_IN_A_ROW:
                raise prepared.internal
            self._record_failure(prepared, summary, stored=False)
            return
        self._internal_in_a_row = 0
        if prepared.error is not None:
            self._record_failure(prepared, summary)
        elif prepared.analysis is not None:
            summary.inference_seconds += prepared.inference_seconds
            self._store(prepared, prepared.analysis, summary)

    def _record_failure(self, prepared: _Prepared, summary: IndexSummary, stored: bool = True) -> None:
        """Report a failed file; `stored`: also give it a failed row (not retried until it changes)."""
        job = prepared.job
        if stored:
            self._queue_write(FileWrite(job.raw_path, display_path(job.path), job.size, job.mtime_ns,
                                        prepared.content_hash, None, None, error=prepared.error), summary)
        summary.failed.append((display_path(job.path), prepared.error or "unknown error"))
        self.progress.advance(display_path(job.path))

    def _store(self, prepared: _Prepared, analysis: Analysis, summary: IndexSummary) -> None:
        job = prepared.job
        if self.observer is not None:
            self.observer(job.path, analysis)
        self._queue_write(FileWrite(job.raw_path, display_path(job.path), job.size, job.mtime_ns,
                                    prepared.content_hash, prepared.original_size, analysis.regions,
                                    taken=prepared.taken, camera=prepared.camera), summary)
        self.progress.advance(display_path(job.path))

    def _queue_write(self, write: FileWrite, summary: IndexSummary) -> None:
        """Collect a file's rows; commit the collected files as one transaction when there are
        `STORE_BATCH_IMAGES` of them or the oldest waited `STORE_BATCH_SECONDS`."""
        if not self._pending_writes:
            self._batch_started = time.monotonic()
        self._pending_writes.append(write)
        if (len(self._pending_writes) >= self.commit_every
                or time.monotonic() - self._batch_started >= STORE_BATCH_SECONDS):
            self._flush(summary)

    def _flush(self, summary: IndexSummary) -> None:
        """Commit the collected files (one transaction), then checkpoint the vectors when due."""
        writes, self._pending_writes = self._pending_writes, []
        if writes:
            t0 = time.perf_counter()
            self.index.write_files(writes)
            summary.store_seconds += time.perf_counter() - t0
            stored = [w.regions for w in writes if w.error is None and w.regions is not None]
            summary.indexed += len(stored)
            summary.segments += sum(len(r.segments) for r in stored)
            self._since_checkpoint += len(writes)
        if (self._since_checkpoint >= CHECKPOINT_IMAGES
                or time.monotonic() - self._last_checkpoint > CHECKPOINT_SECONDS):
            self.index.checkpoint()
            self._last_checkpoint, self._since_checkpoint = time.monotonic(), 0


def index_photos(paths: Iterable[str | os.PathLike[str]], index_dir: str | os.PathLike[str],
                 models: str | None = None, weights: str | os.PathLike[str] | None = None,
                 device: str | None = None, precision: str = "fp32", settings: RegionSettings | None = None,
                 factory: str | None = None, prune: bool = False, batch_size: int | None = None,
                 workers: int | None = None, progress: ProgressReporter | None = None,
                 observer: AnalysisObserver | None = None, verify: bool = False,
                 commit_every: int | None = None, ray: str | None = None, shards: int | None = None,
                 helpers: int | None = 0, **setting_overrides: float | None) -> IndexSummary:
    """Index photos into `index_dir` (created when missing): the library form of `segsearch index`.
    `setting_overrides` (min_area=..., ...) change single region settings of the base settings;
    `commit_every` is the number of files per transaction (default `STORE_BATCH_IMAGES`); `shards`
    the number of shards of a new index (`store.sharded`; default 1, a plain index); `ray`
    ("local" or a cluster address) analyses the files on Ray (`segsearch.distributed`); `helpers`
    the number of CPU helper processes beside networks that run in batches (`Helpers`; 0, the
    default here: worker threads; None: `Indexer.default_helpers`, as `segsearch index` asks). The
    helpers are spawned processes, which import the caller's main module again: a script that
    asks for them runs its indexing under `if __name__ == "__main__":`, as multiprocessing requires,
    so a library call never starts them unasked.

    A new index is built with `models` (default: `DEFAULT_NETWORKS`) and `settings` (default
    `RegionSettings()`); an existing one keeps its own networks and settings unless they are given,
    and giving different ones is an `IndexMismatch` (one line saying what differs)."""
    if helpers and ray is not None:
        raise InputError("--helpers and --ray both say where the photos are analysed: give one of them")
    if ray is not None:
        from .distributed import check_cluster

        check_cluster(ray)  # not installed, or no cluster there: one line, before any work
    roots = [Path(p).expanduser() for p in paths]
    missing = [p for p in roots if not p.exists()]
    if missing:
        raise InputError(f"no such file or directory: {missing[0]}")
    if precision not in ("fp32", "bf16"):
        raise InputError("precision must be fp32 or bf16")
    directory = Path(index_dir).expanduser()
    exists = existing_shards(directory, shards) is not None  # a shard mismatch: one line, before any work
    if not exists and next(iter(discover(roots)), None) is None:
        raise InputError("no image files found under " + ", ".join(str(p) for p in roots)
                         + " (JPEG, PNG, WebP, BMP, TIFF, GIF, HEIC, AVIF); no index was created")
    if exists and (models is None or settings is None):
        # an existing index keeps its networks and settings unless the caller names others
        with open_store(directory) as existing:
            models = models or ",".join(n.name for n in existing.space.networks)
            settings = settings or existing.settings
    settings = settings or RegionSettings()
    overrides = {k: v for k, v in setting_overrides.items() if v is not None}
    if overrides:
        import dataclasses

        settings = dataclasses.replace(settings, **overrides)
    analyzer = Analyzer.load(models, weights, device, precision, settings)  # type: ignore[arg-type]
    if helpers and not Indexer.runs_batches(analyzer, batch_size):
        raise InputError("--helpers works beside networks that run in batches: a GPU, or --batch-size 2 or more "
                         "(on a CPU the worker threads analyse whole photos, see --workers)")
    from .analysis import identity

    with open_store(directory, writable=True, model=identity(analyzer), factory=factory, shards=shards) as idx:
        indexer = Indexer(idx, analyzer, batch_size, workers, progress, observer)
        indexer.verify = verify
        indexer.commit_every = commit_every or STORE_BATCH_IMAGES
        indexer.helpers = helpers
        if ray is not None:
            names = ",".join(n.spec.name for n in analyzer.networks)
            indexer.ray = (AnalyzerSpec(names, None if weights is None else str(weights), device, precision,
                                        settings), ray)
        return indexer.run(roots, prune=prune)
