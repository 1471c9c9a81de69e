"""Indexing on a local Ray cluster vs the single-process indexer, same photos, same run, default
networks (voc, ade20k, coco), each into a fresh index. Ray's figure includes the cluster's start
(reported apart too) and every actor loading the networks; both write through the same indexer.

    python benchmarks/ray_indexing.py [--photos 100] [--workers 2] [--out benchmarks/results/ray_indexing.json]

On a GPU machine the local cluster has the GPU, and Ray runs one GPU actor.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("SEGSEARCH_MODELS", str(PROJECT_ROOT.parent / "shared" / "models"))

from common import machine, markdown_table  # noqa: E402
from indexing import EVAL_PHOTOS  # noqa: E402

from segsearch.indexer import index_photos  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="CPUs of the local Ray cluster")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "ray_indexing.json")
    args = parser.parse_args()
    import ray

    photos = sorted(EVAL_PHOTOS.glob("*.jpg"))[: args.photos]
    rows, report = [], {"machine": machine(), "photos": len(photos)}
    with tempfile.TemporaryDirectory(prefix="segsearch-ray-") as tmp:
        started = time.perf_counter()
        single = index_photos(photos, Path(tmp) / "single")
        single_s = time.perf_counter() - started
        started = time.perf_counter()
        ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False, configure_logging=False)
        start_s = time.perf_counter() - started
        on_ray = index_photos(photos, Path(tmp) / "ray", ray="local")
        ray_s = time.perf_counter() - started
        ray.shutdown()
    assert single.indexed == on_ray.indexed == len(photos) and single.segments == on_ray.segments
    report.update({"single_process": {"seconds": round(single_s, 2), "images_per_s": round(len(photos) / single_s, 2)},
                   "ray": {"workers": args.workers, "cluster_start_s": round(start_s, 2), "seconds": round(ray_s, 2),
                           "images_per_s": round(len(photos) / ray_s, 2),
                           "images_per_s_after_start": round(len(photos) / (ray_s - start_s), 2)},
                   "segments": single.segments})
    rows.append(["single process", f"{single_s:.1f}", f"{len(photos) / single_s:.2f}", "1.00x"])
    rows.append([f"Ray, local cluster of {args.workers} CPUs (start {start_s:.1f} s included)", f"{ray_s:.1f}",
                 f"{len(photos) / ray_s:.2f}", f"{single_s / ray_s:.2f}x"])
    print(markdown_table(["indexer", "seconds", "images/s", "vs single process"], rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
