"""Where indexing's time goes on one device: each stage of the indexer's batched path run serially
(ms per image, the device synchronised after each network batch), a cProfile of that serial run,
and end-to-end `segsearch.index` throughput for a few worker counts over enough distinct files
(copies of the evaluation photos with different trailing bytes, so their content hashes differ)
that start-up and the last batch's tail weigh little.

    python benchmarks/profile_indexing.py [--device cuda] [--photos 60] [--copies 4]
                                          [--workers 4,8] [--helpers 12,15] [--batches 16]
                                          [--out benchmarks/results/profile.txt]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("SEGSEARCH_MODELS", str(PROJECT_ROOT.parent / "shared" / "models"))

import torch  # noqa: E402

from common import distinct_copies, synchronize  # noqa: E402
from indexing import EVAL_PHOTOS  # noqa: E402

from segsearch.analysis import Analyzer, identity  # noqa: E402
from segsearch.images import decode  # noqa: E402
from segsearch.indexer import Helpers, Indexer, content_hash  # noqa: E402
from segsearch.store import Index  # noqa: E402


def serial_stages(analyzer: Analyzer, paths: list[Path], batch: int) -> dict[str, float]:
    """ms per image of each stage, run one after another in this thread."""
    spent = {"read+hash": 0.0, "decode": 0.0, "network inputs": 0.0, "networks": 0.0, "regions": 0.0}
    for start in range(0, len(paths), batch):
        chunk = paths[start:start + batch]
        inputs, sizes, originals = [], [], []
        for p in chunk:
            t0 = time.perf_counter()
            data = p.read_bytes()
            content_hash(data)
            t1 = time.perf_counter()
            decoded = decode(io.BytesIO(data), analyzer.input_size)
            t2 = time.perf_counter()
            inputs.append(analyzer.network_inputs(decoded.image))
            t3 = time.perf_counter()
            sizes.append(decoded.image.size)
            originals.append(decoded.original_size)
            spent["read+hash"] += t1 - t0
            spent["decode"] += t2 - t1
            spent["network inputs"] += t3 - t2
        t0 = time.perf_counter()
        with torch.inference_mode():
            outputs = analyzer.run_networks(inputs, sizes, originals)
        synchronize()
        t1 = time.perf_counter()
        for out, original in zip(outputs, originals):
            analyzer.regions(out, original)
        synchronize()
        t2 = time.perf_counter()
        spent["networks"] += t1 - t0
        spent["regions"] += t2 - t1
    return {k: round(1000 * v / len(paths), 2) for k, v in spent.items()}


def end_to_end(analyzer: Analyzer, folder: Path, tmp: Path, workers: int, pool: Helpers | None = None,
               helpers: int = 0, profiler: cProfile.Profile | None = None,
               batch: int | None = None) -> dict[str, object]:
    """One indexing run of `folder` with `workers` threads, or with the started `pool` of `helpers`
    processes, in batches of `batch` (default: the indexer's); `profiler` (enabled in this thread
    only) sees the thread that feeds the device and writes."""
    index_dir = tmp / f"index-w{workers}-h{helpers}-b{batch}"
    with Index.open(index_dir, writable=True, model=identity(analyzer)) as idx:
        indexer = Indexer(idx, analyzer, batch_size=batch, workers=workers)
        if pool is not None:
            indexer.helpers, indexer.helper_pool = helpers, pool
        if profiler is not None:
            profiler.enable()
        summary = indexer.run([folder])
        if profiler is not None:
            profiler.disable()
    d = summary.as_dict()
    return {"workers": workers, "helpers": helpers, "batch": indexer.batch_size,
            "images_per_s": round(float(d["images_per_second"]), 2),  # type: ignore[arg-type]
            "pinned": bool(getattr(pool.slots, "pinned", None)) if pool else None, "stage_seconds": d["stage_seconds"]}


def profile_text(profiler: cProfile.Profile, lines: int = 40) -> str:
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default=None)
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--workers", default="4,8")
    parser.add_argument("--helpers", default="",
                        help="then index the same files with each of these numbers of helper processes "
                             "(comma-separated), the feeding thread profiled with the first")
    parser.add_argument("--batches", default="",
                        help="with the first number of helpers, also these batch sizes (comma-separated)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "profile.txt")
    args = parser.parse_args()
    analyzer = Analyzer.load(None, device=args.device)
    batch = Indexer.default_batch_size(analyzer)
    paths = sorted(EVAL_PHOTOS.glob("*.jpg"))[: args.photos]
    report = [f"device {analyzer.device}; batch {batch}; {len(paths)} photos"]
    serial_stages(analyzer, paths[: 2 * batch], batch)  # warm-up
    report.append(f"serial stages, ms per image: {serial_stages(analyzer, paths, batch)}")
    profiler = cProfile.Profile()
    profiler.enable()
    serial_stages(analyzer, paths, batch)
    profiler.disable()
    serial_profile = profile_text(profiler)
    helpers_profile = ""
    with tempfile.TemporaryDirectory(prefix="segsearch-profile-") as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "photos"
        folder.mkdir()
        copies = distinct_copies(paths, args.copies, folder)
        warm = tmp / "warm"
        warm.mkdir()
        for p in copies[: 4 * batch]:
            (warm / p.name).symlink_to(p)
        end_to_end(analyzer, warm, tmp / "w", 4)
        for w in [int(x) for x in args.workers.split(",")]:
            row = end_to_end(analyzer, folder, tmp, w)
            report.append(f"end to end, {len(copies)} files: {row}")
            print(report[-1], flush=True)
        counts = [int(x) for x in args.helpers.split(",") if x]
        for n, count in enumerate(counts):
            batches = [None] + [int(x) for x in args.batches.split(",") if x] if n == 0 else [None]
            with Helpers(analyzer, count, max(b or batch for b in batches)) as pool:
                end_to_end(analyzer, warm, tmp / "w", 4, pool, count)
                for b in batches:
                    row = end_to_end(analyzer, folder, tmp, 4, pool, count, batch=b)
                    report.append(f"end to end, {len(copies)} files: {row}")
                    print(report[-1], flush=True)
                if n == 0:
                    feeding = cProfile.Profile()
                    row = end_to_end(analyzer, folder, tmp / "p", 4, pool, count, feeding)
                    report.append(f"end to end, {len(copies)} files, profiled: {row}")
                    helpers_profile = profile_text(feeding, 30)
    report.append("== the serial stages, profiled\n" + serial_profile)
    if helpers_profile:
        report.append("== the thread that feeds the device beside the helpers, profiled\n" + helpers_profile)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(report))
    print("\n".join(report[:2]))


if __name__ == "__main__":
    main()
