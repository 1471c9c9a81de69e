"""Per-network cost and end-to-end indexing with the default networks beside VOC alone, in one run
on the same photos: what each network costs per image (forward + its post-processing, one image at
a time, the process's torch threads), and `segsearch index` throughput for `--models voc` and for
the default `voc,ade20k,coco`.

    python benchmarks/networks.py [--images 20] [--device cuda] [--out benchmarks/results/networks.json]
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
EVAL_PHOTOS = PROJECT_ROOT.parent / "shared" / "evaldata" / "coco-voc-100" / "JPEGImages"

from common import machine, synchronize  # noqa: E402

from segsearch.images import decode  # noqa: E402
from segsearch.indexer import index_photos  # noqa: E402
from segsearch.models import DEFAULT_NETWORKS, Detector, load_network  # noqa: E402


def per_network(paths: list[Path], device: str | None = None) -> list[dict[str, object]]:
    images = [decode(p, 513).image for p in paths]
    rows = []
    for name in DEFAULT_NETWORKS:
        net = load_network(name, device=device)

        def run_one(img):  # type: ignore[no-untyped-def]
            if isinstance(net, Detector):
                return net.detect([img])
            return net.segment([img])

        run_one(images[0])
        synchronize()
        started = time.perf_counter()
        for img in images:
            run_one(img)
        synchronize()
        ms = 1000 * (time.perf_counter() - started) / len(images)
        rows.append({"network": name, "labels": net.spec.labels.network, "ms_per_image": round(ms, 1),
                     "images_per_s": round(1000 / ms, 2)})
    return rows


def end_to_end(paths: list[Path], device: str | None = None) -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "photos"
        folder.mkdir()
        for p in paths:
            (folder / p.name).symlink_to(p)
        for models in ("voc", ",".join(DEFAULT_NETWORKS)):
            summary = index_photos([folder], Path(tmp) / models.replace(",", "+"), models=models, device=device)
            rows.append({"models": models, "images": summary.indexed, "segments": summary.segments,
                         "seconds": round(summary.seconds, 2), "images_per_s": round(summary.images_per_second, 2)})
    rows[1]["vs_voc_only"] = round(rows[1]["images_per_s"] / rows[0]["images_per_s"], 2)  # type: ignore[operator]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "networks.json")
    args = parser.parse_args()
    paths = sorted(EVAL_PHOTOS.glob("*.jpg"))[: args.images]
    report = {"machine": machine(), "per_network": per_network(paths, args.device),
              "indexing": end_to_end(paths, args.device)}
    print(json.dumps(report, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
