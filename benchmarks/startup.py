"""Wall time of short commands as a user runs them (a fresh process each time): a class query and
`stats` on an index of the labelled photos, p50 and p95 of several runs, with the goal of 0.6 s.

    python benchmarks/startup.py [--runs 7] [--index DIR] [--out benchmarks/results/startup.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
os.environ.setdefault("SEGSEARCH_MODELS", str(PROJECT_ROOT.parent / "shared" / "models"))
EVAL_PHOTOS = PROJECT_ROOT.parent / "shared" / "evaldata" / "coco-voc-100" / "JPEGImages"
SEGSEARCH = [sys.executable, "-m", "segsearch"]


def timed(args: list[str], runs: int) -> dict[str, float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(SEGSEARCH + args, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {"p50_s": round(statistics.median(seconds), 3), "p95_s": round(seconds[int(0.95 * (len(seconds) - 1))], 3),
            "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--index", type=Path, default=None, help="an existing index (default: build one of 30 photos)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "startup.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or Path(tmp) / "idx"
        if args.index is None:
            folder = Path(tmp) / "photos"
            folder.mkdir()
            for p in sorted(EVAL_PHOTOS.glob("*.jpg"))[:30]:
                (folder / p.name).symlink_to(p)
            subprocess.run(SEGSEARCH + ["index", str(folder), "--index", str(index)], check=True, capture_output=True)
        rows = {"search car": timed(["search", "car", "--index", str(index)], args.runs),
                "search people on the beach": timed(["search", "people on the beach", "--index", str(index)], args.runs),
                "stats": timed(["stats", "--index", str(index)], args.runs),
                "--help": timed(["--help"], args.runs)}
    print(json.dumps(rows, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
