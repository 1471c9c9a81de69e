"""JPEG decoding and resizing on a GPU (nvJPEG, through `torchvision.io.decode_jpeg`) against the
indexer's CPU path (Pillow at reduced DCT scale, then its resize), for ordinary photos and 12 MP
JPEGs: per-image cost of each, how long the calling thread is held by a batched GPU call (the
thread that feeds the networks would make it), and how far the GPU-made network input lies from
the CPU-made one (mean and largest absolute difference, and the VOC and ADE20K label maps'
pixel agreement from each input).

    python benchmarks/gpu_decode.py [--device cuda] [--photos 40] [--large 16] [--out FILE]
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

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchvision  # noqa: E402

from common import machine, synchronize  # noqa: E402
from indexing import EVAL_PHOTOS, make_large_jpegs  # noqa: E402

from segsearch.analysis import Analyzer  # noqa: E402
from segsearch.images import decode  # noqa: E402
from segsearch.models import Segmenter  # noqa: E402
from segsearch.models.segmenter import _IMAGENET_MEAN, _IMAGENET_STD, analysis_size  # noqa: E402


def gpu_input(image: torch.Tensor, net: Segmenter) -> torch.Tensor:
    """A decoded uint8 (3, H, W) image on the device as `net.preprocess` makes it on the CPU:
    resized (bilinear, antialiased) to the analysis size, normalised."""
    w, h = analysis_size(image.shape[2], image.shape[1], net.spec.input_size)
    x = F.interpolate(image[None].float(), size=(h, w), mode="bilinear", antialias=True, align_corners=False)[0]
    x = x.round_().clamp_(0, 255)
    if net.spec.normalisation == "tf":
        return x.div_(127.5).sub_(1.0)
    return x.div_(255.0).sub_(_IMAGENET_MEAN.to(x.device)).div_(_IMAGENET_STD.to(x.device))


def measure(analyzer: Analyzer, paths: list[Path], device: torch.device) -> dict[str, object]:
    datas = [torchvision.io.read_file(str(p)) for p in paths]
    n = len(paths)
    t0 = time.perf_counter()
    cpu_images = [decode(p, analyzer.input_size).image for p in paths]
    pillow_ms = 1000 * (time.perf_counter() - t0) / n
    seg = next(net for net in analyzer.networks if isinstance(net, Segmenter))
    t0 = time.perf_counter()
    cpu_inputs = [seg.preprocess(im) for im in cpu_images]
    pillow_resize_ms = 1000 * (time.perf_counter() - t0) / n
    row: dict[str, object] = {"images": n, "pillow_draft_decode_ms": round(pillow_ms, 2),
                              "pillow_resize_normalise_ms": round(pillow_resize_ms, 2)}
    t0 = time.perf_counter()
    for d in datas[:8]:
        torchvision.io.decode_jpeg(d, mode=torchvision.io.ImageReadMode.RGB)
    row["torchvision_cpu_full_decode_ms"] = round(1000 * (time.perf_counter() - t0) / min(8, n), 2)
    if device.type != "cuda":
        return row
    torchvision.io.decode_jpeg(datas[:2], mode=torchvision.io.ImageReadMode.RGB, device=device)  # warm-up
    synchronize()
    for batch in (1, 8, 32):
        held = 0.0
        t0 = time.perf_counter()
        for start in range(0, n, batch):
            t1 = time.perf_counter()
            torchvision.io.decode_jpeg(datas[start:start + batch], mode=torchvision.io.ImageReadMode.RGB,
                                       device=device)
            held += time.perf_counter() - t1
        synchronize()
        total = time.perf_counter() - t0
        row[f"gpu_decode_batch{batch}"] = {"images_per_s": round(n / total, 1),
                                           "thread_held_ms_per_image": round(1000 * held / n, 2)}
    decoded = torchvision.io.decode_jpeg(datas, mode=torchvision.io.ImageReadMode.RGB, device=device)
    synchronize()
    t0 = time.perf_counter()
    gpu_inputs = [gpu_input(im, seg) for im in decoded]
    synchronize()
    row["gpu_resize_normalise_ms"] = round(1000 * (time.perf_counter() - t0) / n, 2)
    diffs = [(g.cpu() - c).abs() for g, c in zip(gpu_inputs, cpu_inputs) if g.shape == c.shape]
    row["same_input_shape"] = f"{len(diffs)}/{n}"
    if diffs:
        scale = 127.5 if seg.spec.normalisation == "tf" else 255.0 * 0.226
        row["input_mean_abs_diff_grey_levels"] = round(float(torch.stack([d.mean() for d in diffs]).mean()) * scale, 3)
        row["input_max_abs_diff_grey_levels"] = round(float(max(d.max() for d in diffs)) * scale, 1)
    agreement = {}
    for net in analyzer.networks:
        if not isinstance(net, Segmenter):
            continue
        same = total = 0
        for g, c, size in zip(gpu_inputs, cpu_inputs, [im.size for im in cpu_images]):
            if g.shape != c.shape:
                continue
            a = net.segment_tensors([c], [size])[0].labels
            b = net.segment_tensors([g.cpu()], [size])[0].labels
            same, total = same + int((a == b).sum()), total + a.size
        agreement[net.spec.name] = round(same / max(total, 1), 4)
    row["label_agreement"] = agreement
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default=None)
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--large", type=int, default=16)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "gpu_decode.json")
    args = parser.parse_args()
    analyzer = Analyzer.load(None, device=args.device)
    device = analyzer.device
    report: dict[str, object] = {"machine": machine(), "device": str(device)}
    with tempfile.TemporaryDirectory(prefix="segsearch-decode-") as tmp:
        report["ordinary photos"] = measure(analyzer, sorted(EVAL_PHOTOS.glob("*.jpg"))[: args.photos], device)
        print(json.dumps(report["ordinary photos"]), flush=True)
        report["12 MP JPEGs"] = measure(analyzer, make_large_jpegs(Path(tmp), args.large), device)
        print(json.dumps(report["12 MP JPEGs"]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
