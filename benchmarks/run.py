"""The performance suite in one process and one run: segmenter runtimes, end-to-end indexing of
12 MP JPEGs vs the model-only forward, search latency at 10k / 100k / 1M synthetic segments vs raw
SQL and raw FAISS (with HNSW recall@100), bytes per segment and resident memory. Prints markdown
tables and writes JSON with the machine description.

    python benchmarks/run.py [--quick] [--out benchmarks/results/latest.json]

--quick (under 5 minutes on 2 cores): 5 photos for the segmenter, 12 large JPEGs, 10k and 100k
segments. The full run (under 30 minutes): 20 photos, 50 large JPEGs, up to 1M segments.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import indexing  # noqa: E402
import search  # noqa: E402
import segmenter  # noqa: E402
from common import machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run for a quick look (< 5 min)")
    parser.add_argument("--only", choices=["segmenter", "indexing", "search"], action="append",
                        help="run only these sections (repeatable)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads for the segmenter section [default: torch's choice]")
    args = parser.parse_args()
    sections = args.only or ["segmenter", "indexing", "search"]
    started = time.perf_counter()
    report: dict[str, object] = {"machine": machine(), "quick": args.quick, "sections": {}}
    tables = []
    if "segmenter" in sections:
        threads = args.threads or torch.get_num_threads()
        rows = segmenter.run(n_images=5 if args.quick else 20, threads=threads)
        report["sections"]["segmenter"] = rows
        tables.append((f"Segmenter (same photos, {threads} CPU threads)", segmenter.table(rows)))
    if "indexing" in sections:
        result = indexing.run(n_images=12 if args.quick else 50)
        report["sections"]["indexing"] = result
        tables.append((f"Indexing {result['images']} 12-megapixel JPEGs", indexing.table(result)))
    if "search" in sections:
        sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
        results = search.run_all(sizes, repeats=5 if args.quick else 10, n_examples=10 if args.quick else 30)
        report["sections"]["search"] = results
        tables.append(("Search latency (k=20; example search excludes query segmentation)", search.table(results)))
        tables.append(("Class queries one by one", search.per_query_table(results)))
    report["seconds"] = round(time.perf_counter() - started, 1)
    m = report["machine"]
    print(f"\n{m['cpu']}, {m['cores']} cores, torch {m['torch']}, faiss {m['faiss']}, GPU {m['gpu']}; "
          f"{report['seconds']:.0f} s\n")
    for title, text in tables:
        print(f"### {title}\n\n{text}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
