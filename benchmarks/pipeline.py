"""End-to-end indexing vs the networks alone, with the default networks (voc, ade20k, coco), for
ordinary photos (the labelled evaluation photos, about 640 pixels on the long side) and for
12-megapixel JPEGs, side by side in one run.

*Model-only* is every network's forward pass on inputs decoded, resized and batched beforehand,
run the way the indexer runs on this device (on a CPU: as many images in flight as worker threads,
one torch thread each; on a GPU: batches of the indexer's batch size), taking the faster of that
and one image at a time on all threads. *End to end* is `segsearch.index` into a fresh index:
discovery, reading, hashing, decoding, every network, post-processing, regions, SQLite and FAISS.

    python benchmarks/pipeline.py [--photos 60] [--large 20] [--out benchmarks/results/pipeline.json]
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

from common import machine, markdown_table, synchronize  # noqa: E402
from indexing import EVAL_PHOTOS, make_large_jpegs  # noqa: E402

from segsearch.analysis import Analyzer  # noqa: E402
from segsearch.images import decode  # noqa: E402
from segsearch.indexer import Indexer, index_photos  # noqa: E402
from segsearch.models import Detector  # noqa: E402


def prepared_inputs(analyzer: Analyzer, paths: list[Path]) -> list[list[torch.Tensor]]:
    """Per image, each network's padded input batch of one, on the device."""
    out = []
    for p in paths:
        image = decode(p, analyzer.input_size).image
        per_net = []
        for net in analyzer.networks:
            if isinstance(net, Detector):
                per_net.append(net.batch([net.preprocess(image)[0]]))
            else:
                per_net.append(net._batch([net.preprocess(image)]))
        out.append(per_net)
    return out


def _forward_all(analyzer: Analyzer, inputs: list[list[torch.Tensor]]) -> None:
    with torch.inference_mode():
        for per_net in inputs:
            for net, x in zip(analyzer.networks, per_net):
                if isinstance(net, Detector):
                    net.module(x)
                else:
                    net.forward(x)


def model_only(analyzer: Analyzer, inputs: list[list[torch.Tensor]], workers: int) -> dict[str, float]:
    """Images/s of the networks' forward passes alone: one image at a time on all threads, and
    `workers` images in flight with one thread each."""
    _forward_all(analyzer, inputs[:1])  # warm-up
    synchronize()
    started = time.perf_counter()
    _forward_all(analyzer, inputs)
    synchronize()
    serial = len(inputs) / (time.perf_counter() - started)
    parallel = 0.0
    if analyzer.device.type == "cpu" and workers > 1:
        previous = torch.get_num_threads()

        def chunk(part: list[list[torch.Tensor]]) -> None:
            torch.set_num_threads(1)
            _forward_all(analyzer, part)
        try:
            started = time.perf_counter()
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(chunk, [inputs[i::workers] for i in range(workers)]))
            parallel = len(inputs) / (time.perf_counter() - started)
        finally:
            torch.set_num_threads(previous)
    return {"serial": serial, "parallel": parallel, "best": max(serial, parallel)}


def end_to_end(analyzer: Analyzer, folder: Path, index_dir: Path) -> dict[str, object]:
    """`segsearch index` of `folder` with the loaded networks (loading is not timed)."""
    from segsearch.analysis import identity
    from segsearch.store import Index

    with Index.open(index_dir, writable=True, model=identity(analyzer)) as idx:
        summary = Indexer(idx, analyzer).run([folder])
    return summary.as_dict()


def measure(analyzer: Analyzer, paths: list[Path], folder: Path, index_dir: Path, label: str) -> dict[str, object]:
    workers = Indexer.default_workers()
    print(f"pipeline: {label}: preparing inputs ...", file=sys.stderr, flush=True)
    inputs = prepared_inputs(analyzer, paths)
    print(f"pipeline: {label}: model-only ...", file=sys.stderr, flush=True)
    before = model_only(analyzer, inputs, workers)
    print(f"pipeline: {label}: end to end ...", file=sys.stderr, flush=True)
    e2e = end_to_end(analyzer, folder, index_dir)
    after = model_only(analyzer, inputs, workers)  # bracket the end-to-end run against drift
    model_ips = (before["best"] + after["best"]) / 2
    e2e_ips = float(e2e["images_per_second"])  # type: ignore[arg-type]
    return {"photos": label, "images": len(paths),
            "mean_megapixels": round(sum(_megapixels(p) for p in paths) / len(paths), 2),
            "model_only_images_per_s": round(model_ips, 3),
            "model_only_serial_images_per_s": round((before["serial"] + after["serial"]) / 2, 3),
            "model_only_parallel_images_per_s": round((before["parallel"] + after["parallel"]) / 2, 3),
            "end_to_end_images_per_s": round(e2e_ips, 3), "ratio": round(e2e_ips / model_ips, 3),
            "segments": e2e["segments"], "stage_seconds": e2e["stage_seconds"]}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60, help="ordinary photos (evaluation set)")
    parser.add_argument("--large", type=int, default=20, help="12-megapixel JPEGs")
    parser.add_argument("--device", default=None)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "pipeline.json")
    args = parser.parse_args()
    analyzer = Analyzer.load(None, device=args.device)
    rows = []
    with tempfile.TemporaryDirectory(prefix="segsearch-pipeline-") as tmp:
        small = Path(tmp) / "photos"
        small.mkdir()
        paths = sorted(EVAL_PHOTOS.glob("*.jpg"))[: args.photos]
        for p in paths:
            (small / p.name).symlink_to(p)
        if args.photos:
            rows.append(measure(analyzer, paths, small, Path(tmp) / "index-small", "ordinary photos"))
        if args.large:
            large = Path(tmp) / "large"
            large.mkdir()
            print("pipeline: writing 12 MP JPEGs ...", file=sys.stderr, flush=True)
            big = make_large_jpegs(large, args.large)
            rows.append(measure(analyzer, big, large, Path(tmp) / "index-large", "12 MP JPEGs"))
    device = str(analyzer.device) + (f" ({torch.cuda.get_device_name()})" if analyzer.device.type == "cuda" else "")
    report = {"machine": machine(), "device": device, "workers": Indexer.default_workers(), "rows": rows}
    print(table(rows, device))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
