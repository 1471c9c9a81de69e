"""End-to-end indexing vs the networks alone, with the default networks (voc, ade20k, coco), for
ordinary photos (the labelled evaluation photos, about 640 pixels on the long side) and for
12-megapixel JPEGs, side by side in one run.

*Model-only* is every network's forward pass on inputs decoded, resized and batched beforehand,
run the way the indexer runs on this device (on a CPU: as many images in flight as worker threads,
one torch thread each; on a GPU: batches of the indexer's batch size), taking the faster of that
and one image at a time on all threads. *End to end* is `segsearch.index` into a fresh index:
discovery, reading, hashing, decoding, every network, post-processing, regions, SQLite and FAISS.

    python benchmarks/pipeline.py [--photos 60] [--large 20] [--copies 1] [--device cuda] [--workers N]
                                  [--helpers N] [--batch N] [--profile STEM]
                                  [--out benchmarks/results/pipeline.json]

`--copies K` indexes K files of each photo (the same pixels, each with its own content hash), so
that a fast device indexes for long enough that the run's fixed costs (finding the files, the
first batch filling the pipeline, the last one draining it, the final vector checkpoint) weigh as
little as in a large library.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("SEGSEARCH_MODELS", str(PROJECT_ROOT.parent / "shared" / "models"))

import torch  # noqa: E402

from common import distinct_copies, machine, markdown_table, synchronize  # noqa: E402
from indexing import EVAL_PHOTOS, make_large_jpegs  # noqa: E402

from segsearch.analysis import Analyzer  # noqa: E402
from segsearch.images import decode  # noqa: E402
from segsearch.indexer import Indexer  # noqa: E402
from segsearch.models import Detector  # noqa: E402


def prepared_inputs(analyzer: Analyzer, paths: list[Path], batch_size: int) -> list[list[list[torch.Tensor]]]:
    """Per batch of `batch_size` images (the indexer's: 1 on a CPU), each network's padded input
    batches on the device: a segmenter's split by input shape, as the indexer splits them."""
    out = []
    for start in range(0, len(paths), batch_size):
        images = [decode(p, analyzer.input_size).image for p in paths[start:start + batch_size]]
        per_net: list[list[torch.Tensor]] = []
        for net in analyzer.networks:
            if isinstance(net, Detector):
                per_net.append([net.batch([net.preprocess(image)[0] for image in images])])
            else:
                groups: dict[tuple[int, int], list[torch.Tensor]] = {}
                for image in images:
                    t = net.preprocess(image)
                    groups.setdefault(net.batch_shape(t), []).append(t)
                per_net.append([net.batch_input(g) for g in groups.values()])
        out.append(per_net)
    return out


def _forward_all(analyzer: Analyzer, inputs: list[list[list[torch.Tensor]]]) -> None:
    with torch.inference_mode():
        for per_net in inputs:
            for net, batches in zip(analyzer.networks, per_net):
                for x in batches:
                    if isinstance(net, Detector):
                        net.module(x)
                    else:
                        net.forward(x)


def model_only(analyzer: Analyzer, inputs: list[list[list[torch.Tensor]]], images: int,
               workers: int) -> dict[str, float]:
    """Images/s of the networks' forward passes alone: one batch at a time on all threads, and
    (on a CPU) `workers` images in flight with one thread each."""
    _forward_all(analyzer, inputs[:1])  # warm-up
    synchronize()
    started = time.perf_counter()
    _forward_all(analyzer, inputs)
    synchronize()
    serial = images / (time.perf_counter() - started)
    parallel = 0.0
    if analyzer.device.type == "cpu" and workers > 1:
        previous = torch.get_num_threads()

        def chunk(part: list[list[list[torch.Tensor]]]) -> None:
            torch.set_num_threads(1)
            _forward_all(analyzer, part)
        try:
            started = time.perf_counter()
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(chunk, [inputs[i::workers] for i in range(workers)]))
            parallel = images / (time.perf_counter() - started)
        finally:
            torch.set_num_threads(previous)
    return {"serial": serial, "parallel": parallel, "best": max(serial, parallel)}


def _cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of every core since boot (Linux's /proc/stat), else None."""
    try:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle and waiting for I/O
    return sum(values) - idle, sum(values)


def end_to_end(analyzer: Analyzer, paths: list[Path], folder: Path, index_dir: Path,
               workers: int | None = None, helpers: int | None = None, batch: int | None = None,
               profile: Path | None = None) -> dict[str, object]:
    """`segsearch index` of `folder` with the loaded networks. Neither loading nor a warm-up run
    (two batches of the same photos into a throwaway index, as model-only warms up on one) is
    timed: first calls set up kernels and lazy imports once per process. With `helpers`, that
    many CPU helper processes (`Indexer.helpers`), started and warmed up once; `batch` images
    per network call (default: the indexer's). Adds `cpu_busy`, the share of all cores' time
    busy during the timed run, `gpu_peak_gib` on a GPU, and with `profile` a cProfile there (of
    the thread that feeds the networks and writes; from Python 3.12 on, of every thread of this
    process, the pool's result and queue threads too)."""
    import cProfile
    import io
    import pstats
    from contextlib import nullcontext

    from segsearch.analysis import identity
    from segsearch.indexer import Helpers
    from segsearch.store import Index

    warm = index_dir.parent / (index_dir.name + "-warm-up")
    warm.mkdir()
    for p in paths[: max(2 * (batch or Indexer.default_batch_size(analyzer)), 2 * (helpers or 0))]:
        (warm / p.name).symlink_to(p.resolve())
    with Helpers(analyzer, helpers, batch) if helpers else nullcontext() as pool:
        def indexer(idx: Index) -> Indexer:
            made = Indexer(idx, analyzer, batch_size=batch, workers=workers)
            made.helpers, made.helper_pool = helpers, pool if helpers else None
            return made
        with Index.open(index_dir.parent / (index_dir.name + "-warm-up-index"), writable=True,
                        model=identity(analyzer)) as idx:
            indexer(idx).run([warm])
        profiler = cProfile.Profile() if profile else None
        with Index.open(index_dir, writable=True, model=identity(analyzer)) as idx:
            made, before = indexer(idx), _cpu_ticks()
            if analyzer.device.type == "cuda":
                torch.cuda.reset_peak_memory_stats(analyzer.device)
            if profiler:
                profiler.enable()
            summary = made.run([folder])
            if profiler:
                profiler.disable()
            after = _cpu_ticks()
    result = summary.as_dict()
    if analyzer.device.type == "cuda":  # the most the networks' device held at once, end to end
        result["gpu_peak_gib"] = round(torch.cuda.max_memory_allocated(analyzer.device) / 2**30, 2)
    if before and after and after[1] > before[1]:
        result["cpu_busy"] = round((after[0] - before[0]) / (after[1] - before[1]), 3)
    if profiler and profile:
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs()
        stats.sort_stats("tottime").print_stats(45)
        stats.sort_stats("cumulative").print_stats(45)
        profile.write_text(text.getvalue())
    return result


def measure(analyzer: Analyzer, paths: list[Path], folder: Path, index_dir: Path, label: str,
            indexer_workers: int | None = None, helpers: int | None = None, batch: int | None = None,
            profile: Path | None = None) -> dict[str, object]:
    workers = Indexer.default_workers()
    batch_size = batch or Indexer.default_batch_size(analyzer)
    print(f"pipeline: {label}: preparing inputs ...", file=sys.stderr, flush=True)
    inputs = prepared_inputs(analyzer, paths, batch_size)
    print(f"pipeline: {label}: model-only ...", file=sys.stderr, flush=True)
    before = model_only(analyzer, inputs, len(paths), workers)
    print(f"pipeline: {label}: end to end ...", file=sys.stderr, flush=True)
    e2e = end_to_end(analyzer, paths, folder, index_dir, indexer_workers, helpers, batch, profile)
    after = model_only(analyzer, inputs, len(paths), workers)  # bracket the end-to-end run against drift
    model_ips = (before["best"] + after["best"]) / 2
    e2e_ips = float(e2e["images_per_second"])  # type: ignore[arg-type]
    return {"photos": label, "images": len(paths),
            "mean_megapixels": round(sum(_megapixels(p) for p in paths) / len(paths), 2),
            "model_only_images_per_s": round(model_ips, 3),
            "model_only_serial_images_per_s": round((before["serial"] + after["serial"]) / 2, 3),
            "model_only_parallel_images_per_s": round((before["parallel"] + after["parallel"]) / 2, 3),
            "end_to_end_images_per_s": round(e2e_ips, 3), "ratio": round(e2e_ips / model_ips, 3),
            "segments": e2e["segments"], "stage_seconds": e2e["stage_seconds"], "cpu_busy": e2e.get("cpu_busy"),
            "gpu_peak_gib": e2e.get("gpu_peak_gib")}


def _megapixels(path: Path) -> float:
    from PIL import Image

    with Image.open(path) as im:
        return im.width * im.height / 1e6


def table(rows: list[dict[str, object]], device: str) -> str:
    return markdown_table(
        ["photos", "images", "model-only images/s", "end to end images/s", "end to end / model-only"],
        [[f"{r['photos']} ({r['mean_megapixels']} MP)", r["images"], f"{r['model_only_images_per_s']:.2f}",
          f"{r['end_to_end_images_per_s']:.2f}", f"{r['ratio']:.2f}x"] for r in rows]) + \
        f"\n\nDefault networks (voc, ade20k, coco) on {device}."


def _profile_file(stem: Path | None, photos: str) -> Path | None:
    return None if stem is None else stem.with_name(f"{stem.name}-{photos}.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60, help="ordinary photos (evaluation set)")
    parser.add_argument("--large", type=int, default=20, help="12-megapixel JPEGs")
    parser.add_argument("--device", default=None)
    parser.add_argument("--workers", type=int, default=None, help="the indexer's worker threads (default: its own)")
    parser.add_argument("--helpers", type=int, default=None,
                        help="CPU helper processes beside the batched networks (Indexer.helpers)")
    parser.add_argument("--copies", type=int, default=1, help="files of each photo, each its own content hash")
    parser.add_argument("--batch", type=int, default=None, help="images per network call (default: the indexer's)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="a cProfile of the indexing process, end to end, to STEM-{ordinary,large}.txt")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "pipeline.json")
    args = parser.parse_args()
    analyzer = Analyzer.load(None, device=args.device)
    rows = []
    with tempfile.TemporaryDirectory(prefix="segsearch-pipeline-") as tmp:
        small = Path(tmp) / "photos"
        small.mkdir()
        paths = sorted(EVAL_PHOTOS.glob("*.jpg"))[: args.photos]
        if args.copies > 1:
            paths = distinct_copies(paths, args.copies, small)
        else:
            for p in paths:
                (small / p.name).symlink_to(p)
        if args.photos:
            rows.append(measure(analyzer, paths, small, Path(tmp) / "index-small", "ordinary photos", args.workers,
                                args.helpers, args.batch, _profile_file(args.profile, "ordinary")))
        if args.large:
            large = Path(tmp) / "large"
            large.mkdir()
            print("pipeline: writing 12 MP JPEGs ...", file=sys.stderr, flush=True)
            big = make_large_jpegs(Path(tmp), args.large)
            if args.copies > 1:
                big = distinct_copies(big, args.copies, large)
            else:
                for p in big:
                    (large / p.name).symlink_to(p)
            rows.append(measure(analyzer, big, large, Path(tmp) / "index-large", "12 MP JPEGs", args.workers,
                                args.helpers, args.batch, _profile_file(args.profile, "large")))
    device = str(analyzer.device) + (f" ({torch.cuda.get_device_name()})" if analyzer.device.type == "cuda" else "")
    report = {"machine": machine(), "device": device, "workers": args.workers or Indexer.default_workers(analyzer),
              "helpers": args.helpers, "batch": args.batch or Indexer.default_batch_size(analyzer),
              "copies": args.copies, "rows": rows}
    print(table(rows, device))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
