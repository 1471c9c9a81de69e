"""Segmenter throughput, side by side in one run on the same photos: the LiteRT reference runtime
vs our torch translation (fp32 channels_last / contiguous, bf16), at 513x513 as the reference
requires, plus our default aspect-preserving input. Prints a markdown table, saves JSON.

    python benchmarks/segmenter.py [--images 20] [--threads 2] [--out benchmarks/results/segmenter.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from segsearch.models import Segmenter
from segsearch.models.registry import PROJECT_ROOT, SHARED_MODELS_DIR

EVAL_PHOTOS = PROJECT_ROOT.parent / "shared" / "evaldata" / "coco-voc-100" / "JPEGImages"


def images_per_second(fn, inputs, repeats: int = 1) -> float:
    fn(inputs[0])  # warm-up
    start = time.perf_counter()
    for _ in range(repeats):
        for x in inputs:
            fn(x)
    return repeats * len(inputs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", default="deeplabv3-mobilenetv2")
    parser.add_argument("--bf16-images", type=int, default=2, help="bf16 is slow on CPUs: fewer images")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "segmenter.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    photos = sorted(EVAL_PHOTOS.glob("*.jpg"))[: args.images]
    rgb = [Image.open(p).convert("RGB") for p in photos]
    square = [np.asarray(im.resize((513, 513)), dtype=np.float32) / 127.5 - 1 for im in rgb]

    seg = Segmenter.load(args.model)
    from ai_edge_litert.interpreter import Interpreter

    interp = Interpreter(model_path=str(seg.weights_path), num_threads=args.threads)
    interp.allocate_tensors()
    inp, outp = interp.get_input_details()[0]["index"], interp.get_output_details()[0]["index"]

    def litert(x):
        interp.set_tensor(inp, x[None])
        interp.invoke()
        return interp.get_tensor(outp)

    nchw = [torch.from_numpy(x).permute(2, 0, 1)[None].contiguous() for x in square]
    cl = [x.to(memory_format=torch.channels_last) for x in nchw]
    module_cl = seg.module.to(memory_format=torch.channels_last)
    rows = []
    with torch.inference_mode():
        rows.append(("LiteRT reference (XNNPACK), 513x513", images_per_second(litert, square)))
        rows.append(("torch fp32 channels_last, 513x513", images_per_second(module_cl, cl)))
        module_nchw = seg.module.to(memory_format=torch.contiguous_format)
        rows.append(("torch fp32 contiguous (NCHW), 513x513", images_per_second(module_nchw, nchw)))
        seg.module.to(memory_format=torch.channels_last)

        def bf16(x):
            with torch.autocast("cpu", dtype=torch.bfloat16):
                return module_cl(x)

        rows.append(("torch bf16 autocast channels_last, 513x513", images_per_second(bf16, cl[: args.bf16_images])))
        tensors = [seg.preprocess(im) for im in rgb]
        rows.append(("torch fp32 default pipeline (aspect-preserving, +softmax/upsample)",
                     images_per_second(lambda t: seg.segment_tensors([t], [(1, 1)]), tensors)))
    reference = rows[0][1]
    print(f"\n{args.model}, {len(photos)} photos, {args.threads} threads, torch {torch.__version__}\n")
    print("| runtime | images/s | ms/image | vs LiteRT |\n|---|---:|---:|---:|")
    for name, ips in rows:
        print(f"| {name} | {ips:.2f} | {1000 / ips:.0f} | {ips / reference:.2f}x |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model": args.model, "images": len(photos), "threads": args.threads,
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": torch.get_num_threads(),
                    "torch": torch.__version__, "gpu": torch.cuda.get_device_name() if torch.cuda.is_available() else None},
        "rows": [{"runtime": n, "images_per_s": round(v, 3)} for n, v in rows]}, indent=1))


if __name__ == "__main__":
    main()
