"""Segmenter throughput, side by side in one run on the same photos: the LiteRT reference runtime
vs our torch translation (fp32 channels_last / contiguous, bf16), at 513x513 as the reference
requires, plus our default aspect-preserving input. Prints a markdown table, saves JSON.

    python benchmarks/segmenter.py [--images 20] [--threads 2] [--out benchmarks/results/segmenter.json]
"""

from __future__ import annotations

import argparse
import os
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, markdown_table, synchronize  # noqa: E402

from segsearch.models import Segmenter  # noqa: E402
PROJECT_ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("SEGSEARCH_MODELS", str(PROJECT_ROOT.parent / "shared" / "models"))

EVAL_PHOTOS = PROJECT_ROOT.parent / "shared" / "evaldata" / "coco-voc-100" / "JPEGImages"


def images_per_second(fn, inputs, repeats: int = 1, per_input: int = 1) -> float:
    fn(inputs[0])  # warm-up
    synchronize()
    start = time.perf_counter()
    for _ in range(repeats):
        for x in inputs:
            fn(x)
    synchronize()
    return repeats * len(inputs) * per_input / (time.perf_counter() - start)


def run(n_images: int = 20, threads: int = 2, model: str = "deeplabv3-mobilenetv2",
        bf16_images: int = 2) -> list[dict[str, object]]:
    """Images/s of each runtime on the same photos, the LiteRT reference first."""
    torch.set_num_threads(threads)
    photos = sorted(EVAL_PHOTOS.glob("*.jpg"))[:n_images]
    rgb = [Image.open(p).convert("RGB") for p in photos]
    square = [np.asarray(im.resize((513, 513)), dtype=np.float32) / 127.5 - 1 for im in rgb]

    seg = Segmenter.load(model)
    from ai_edge_litert.interpreter import Interpreter

    interp = Interpreter(model_path=str(seg.weights_path), num_threads=threads)
    interp.allocate_tensors()
    inp, outp = interp.get_input_details()[0]["index"], interp.get_output_details()[0]["index"]

    def litert(x):
        interp.set_tensor(inp, x[None])
        interp.invoke()
        return interp.get_tensor(outp)

    device = seg.device
    nchw = [torch.from_numpy(x).permute(2, 0, 1)[None].contiguous().to(device) for x in square]
    cl = [x.to(memory_format=torch.channels_last) for x in nchw]
    if device.type == "cuda":
        bf16_images = len(cl)  # fast there
    module_cl = seg.module.to(memory_format=torch.channels_last)
    rows = []
    with torch.inference_mode():
        rows.append((f"LiteRT reference (XNNPACK, CPU, {threads} threads), 513x513",
                     images_per_second(litert, square)))
        rows.append(("torch fp32 channels_last, 513x513", images_per_second(module_cl, cl)))
        module_nchw = seg.module.to(memory_format=torch.contiguous_format)
        rows.append(("torch fp32 contiguous (NCHW), 513x513", images_per_second(module_nchw, nchw)))
        seg.module.to(memory_format=torch.channels_last)

        def bf16(x):
            with torch.autocast(device.type, dtype=torch.bfloat16):
                return module_cl(x)

        rows.append(("torch bf16 autocast channels_last, 513x513", images_per_second(bf16, cl[:bf16_images])))
        if device.type == "cuda":  # GPUs want batches
            batch = torch.cat(cl[:8]).contiguous(memory_format=torch.channels_last)
            rows.append(("torch fp32 channels_last, batch 8, 513x513",
                         images_per_second(module_cl, [batch] * max(1, len(cl) // 8), per_input=len(batch))))
            rows.append(("torch bf16 autocast channels_last, batch 8, 513x513",
                         images_per_second(bf16, [batch] * max(1, len(cl) // 8), per_input=len(batch))))
        tensors = [seg.preprocess(im) for im in rgb]
        rows.append(("torch fp32 default pipeline (aspect-preserving, +softmax/upsample)",
                     images_per_second(lambda t: seg.segment_tensors([t], [(1, 1)]), tensors)))
    reference = rows[0][1]
    return [{"runtime": name, "images_per_s": round(ips, 3), "ms_per_image": round(1000 / ips, 1),
             "vs_litert": round(ips / reference, 3)} for name, ips in rows]


def table(rows: list[dict[str, object]]) -> str:
    return markdown_table(["runtime", "images/s", "ms/image", "vs LiteRT"],
                          [[r["runtime"], f"{r['images_per_s']:.2f}", f"{r['ms_per_image']:.0f}",
                            f"{r['vs_litert']:.2f}x"] for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", default="deeplabv3-mobilenetv2")
    parser.add_argument("--bf16-images", type=int, default=2, help="bf16 is slow on CPUs: fewer images")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "segmenter.json")
    args = parser.parse_args()
    rows = run(args.images, args.threads, args.model, args.bf16_images)
    print(f"\n{args.model}, {args.images} photos, {args.threads} threads, torch {torch.__version__}\n")
    print(table(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"model": args.model, "images": args.images, "threads": args.threads,
                                    "machine": machine(), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
