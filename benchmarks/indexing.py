"""End-to-end indexing throughput on 12-megapixel JPEGs vs the model-only forward on the same
images, in one run; plus bytes per segment of the resulting index.

    python benchmarks/indexing.py [--images 50] [--out benchmarks/results/indexing.json]

The photos are the labelled evaluation photos upscaled to 4000x3000 and saved as quality-90 JPEGs
(about 2-3 MB each, like a phone camera's), generated into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, markdown_table, synchronize  # noqa: E402

from segsearch.images import decode  # noqa: E402
from segsearch.indexer import Indexer  # noqa: E402
from segsearch.models import Segmenter  # noqa: E402
PROJECT_ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("SEGSEARCH_MODELS", str(PROJECT_ROOT.parent / "shared" / "models"))
from segsearch.store import Index, ModelIdentity  # noqa: E402

EVAL_PHOTOS = PROJECT_ROOT.parent / "shared" / "evaldata" / "coco-voc-100" / "JPEGImages"
TWELVE_MP = (4000, 3000)


def make_large_jpegs(folder: Path, n: int) -> list[Path]:
    photos = sorted(EVAL_PHOTOS.glob("*.jpg"))
    if not photos:
        raise SystemExit(f"no photos in {EVAL_PHOTOS}")
    paths = []
    for i in range(n):
        with Image.open(photos[i % len(photos)]) as im:
            size = TWELVE_MP if im.width >= im.height else TWELVE_MP[::-1]
            path = folder / f"IMG_{i:04d}.jpg"
            im.convert("RGB").resize(size, Image.BICUBIC).save(path, quality=90)
            paths.append(path)
    return paths


def model_only(segmenter: Segmenter, paths: list[Path], batch_size: int) -> float:
    """Images/s of the network forward alone at the indexer's batch size, inputs decoded, resized
    and moved to the device beforehand."""
    tensors = [segmenter.preprocess(decode(p, segmenter.spec.input_size).image) for p in paths]
    batches = [segmenter.batch_input(tensors[i:i + batch_size]) for i in range(0, len(tensors), batch_size)]
    segmenter.forward(batches[0])  # warm-up
    synchronize()
    start = time.perf_counter()
    for b in batches:
        segmenter.forward(b)
    synchronize()
    return len(tensors) / (time.perf_counter() - start)


def model_only_parallel(segmenter: Segmenter, paths: list[Path], workers: int = 2) -> float:
    """Images/s of the forward alone with `workers` images in flight, one torch thread each (how
    the indexer runs on a CPU)."""
    batches = [segmenter.batch_input([segmenter.preprocess(decode(p, segmenter.spec.input_size).image)]) for p in paths]

    def forward_all(chunk: list[torch.Tensor]) -> None:
        torch.set_num_threads(1)
        with torch.inference_mode():
            for b in chunk:
                segmenter.forward(b)

    previous = torch.get_num_threads()
    try:
        start = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(forward_all, [batches[i::workers] for i in range(workers)]))
        return len(batches) / (time.perf_counter() - start)
    finally:
        torch.set_num_threads(previous)


def end_to_end(segmenter: Segmenter, folder: Path, index_dir: Path) -> dict[str, object]:
    identity = ModelIdentity(segmenter.spec.name, segmenter.weights_sha256, segmenter.feature_dim)
    with Index.open(index_dir, writable=True, model=identity) as idx:
        summary = Indexer(idx, segmenter).run([folder])
    with Index.open(index_dir) as idx:
        stats = idx.stats()
    return {"summary": summary.as_dict(), "segments": stats["segments"], "disk_bytes": stats["disk_bytes"],
            "sqlite_bytes": stats["sqlite_bytes"], "faiss_bytes": stats["faiss_bytes"]}


def run(n_images: int, model: str = "deeplabv3-mobilenetv2") -> dict[str, object]:
    segmenter = Segmenter.load(model)
    with tempfile.TemporaryDirectory(prefix="segsearch-12mp-") as tmp:
        folder = Path(tmp) / "photos"
        folder.mkdir()
        print(f"indexing: writing {n_images} 12 MP JPEGs ...", file=sys.stderr, flush=True)
        paths = make_large_jpegs(folder, n_images)
        mb = sum(p.stat().st_size for p in paths) / len(paths) / 1e6
        print("indexing: model-only forward ...", file=sys.stderr, flush=True)
        warm = segmenter.preprocess(decode(paths[0], segmenter.spec.input_size).image)
        segmenter.forward(segmenter.batch_input([warm]))
        batch_size = 8 if segmenter.device.type == "cuda" else 1  # the indexer's default
        on_cpu = segmenter.device.type == "cpu"
        model_ips = model_only(segmenter, paths, batch_size)
        parallel_ips = model_only_parallel(segmenter, paths) if on_cpu else 0.0
        print("indexing: end to end ...", file=sys.stderr, flush=True)
        e2e = end_to_end(segmenter, folder, Path(tmp) / "index")
        # bracket the end-to-end run against drift
        model_ips = (model_ips + model_only(segmenter, paths, batch_size)) / 2
        if on_cpu:
            parallel_ips = (parallel_ips + model_only_parallel(segmenter, paths)) / 2
    summary = e2e["summary"]
    segments = max(int(e2e["segments"]), 1)
    best = max(model_ips, parallel_ips)  # the ratio is taken against the faster way to run the model
    return {"model": model, "device": str(segmenter.device), "batch_size": batch_size,
            "images": n_images, "megapixels": 12, "jpeg_mb": round(mb, 2),
            "model_only_images_per_s": round(model_ips, 3),
            "model_only_parallel_images_per_s": round(parallel_ips, 3),
            "end_to_end_images_per_s": summary["images_per_second"],
            "ratio": round(summary["images_per_second"] / best, 3),
            "stage_seconds": summary["stage_seconds"], "segments": segments,
            "bytes_per_segment": round(e2e["disk_bytes"] / segments, 1),
            "sqlite_bytes_per_segment": round(e2e["sqlite_bytes"] / segments, 1),
            "faiss_bytes_per_segment": round(e2e["faiss_bytes"] / segments, 1)}


def table(r: dict[str, object]) -> str:
    return markdown_table(
        ["pipeline", "images/s", "ms/image", "vs faster model-only"],
        [[f"model-only forward on {r['device']}, batch {r['batch_size']} (inputs prepared beforehand)",
          f"{r['model_only_images_per_s']:.2f}", f"{1000 / r['model_only_images_per_s']:.0f}", ""],
         *([["model-only forward, 2 images in parallel, 1 thread each",
             f"{r['model_only_parallel_images_per_s']:.2f}", f"{1000 / r['model_only_parallel_images_per_s']:.0f}", ""]]
           if r["model_only_parallel_images_per_s"] else []),
         [f"end to end: read + hash + decode {r['megapixels']} MP JPEG ({r['jpeg_mb']} MB) + segment + store",
          f"{r['end_to_end_images_per_s']:.2f}", f"{1000 / r['end_to_end_images_per_s']:.0f}", f"{r['ratio']:.2f}x"]]) + \
        f"\n\n{r['segments']} segments, {r['bytes_per_segment']:.0f} bytes/segment on disk " \
        f"(SQLite {r['sqlite_bytes_per_segment']:.0f}, FAISS {r['faiss_bytes_per_segment']:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--threads", type=int, default=None, help="torch threads [default: torch's choice]")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "indexing.json")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    result = run(args.images)
    print(table(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine(), "result": result}, indent=1))


if __name__ == "__main__":
    main()
