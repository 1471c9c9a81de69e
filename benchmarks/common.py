"""Shared benchmark helpers: the machine description, timers and markdown tables."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np


def machine() -> dict[str, object]:
    import faiss
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "python": platform.python_version(), "torch": torch.__version__, "faiss": faiss.__version__,
            "gpu": torch.cuda.get_device_name() if torch.cuda.is_available() else None}


def synchronize() -> None:
    """Wait for queued GPU work, so that a timer read after it counts that work."""
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def time_calls(fn: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds of each of `repeats` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return times


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": round(float(np.percentile(ms, 50)), 3), "p95_ms": round(float(np.percentile(ms, 95)), 3)}


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def rss_mb() -> float:
    """Current resident memory of this process in MB (Linux), else peak."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def distinct_copies(paths: list[Path], copies: int, folder: Path) -> list[Path]:
    """`copies` files per photo, byte-identical images with a different trailing comment byte
    (after the JPEG end marker, which decoders ignore), so each has its own content hash."""
    out = []
    for k in range(copies):
        for p in paths:
            target = folder / f"{p.stem}-{k}.jpg"
            target.write_bytes(p.read_bytes() + bytes([k]) * (k + 1))
            out.append(target)
    return out
