"""Compressed vectors (`segsearch reindex-vectors`) vs exact Flat shards on one synthetic library,
in one run: example-search latency (query segmentation excluded, exact re-rank included),
recall@100 of the nearest segments against exact search, vector bytes on disk and reindex time.

    python benchmarks/compressed.py [--segments 200000] [--factory IVF256,PQ32] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import machine, markdown_table, percentiles, time_calls  # noqa: E402
from search import Generator, build, example_queries  # noqa: E402

from segsearch.search import Searcher  # noqa: E402
from segsearch.store import Index  # noqa: E402


def measure(directory: Path, queries: list, repeats: int) -> dict[str, object]:
    with Searcher(Index.open(directory)) as searcher:
        ms: list[float] = []
        for q in queries:
            ms += time_calls(lambda: searcher.search_embeddings(q[0], q[1], q[2], k=20), repeats)
        nearest = [searcher.index.nearest_segments([c], e, 100)[1][0].tolist()
                   for embeddings, classes, _ in queries for e, c in zip(embeddings, classes)]
        return {"example": percentiles(ms), "nearest": nearest,
                "vector_bytes": searcher.index.vectors.disk_bytes()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=200_000)
    parser.add_argument("--factory", default="IVF256,PQ32")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "compressed.json")
    args = parser.parse_args()
    gen = Generator.create(seed=args.segments)
    with tempfile.TemporaryDirectory(prefix="segsearch-compressed-") as tmp:
        directory = Path(tmp) / "index"
        count = build(directory, args.segments, gen)
        queries = example_queries(gen, args.queries)
        exact = measure(directory, queries, args.repeats)
        started = time.perf_counter()
        with Index.open(directory, writable=True) as idx:
            info = idx.reindex_vectors(args.factory)
        reindex_s = time.perf_counter() - started
        compressed = measure(directory, queries, args.repeats)
    recall = np.mean([len(set(a) & set(b)) / max(1, len(a)) for a, b in zip(exact["nearest"], compressed["nearest"])])
    report = {"machine": machine(), "segments": count, "factory": args.factory, "reindex": info,
              "reindex_s": round(reindex_s, 1), "recall_at_100": round(float(recall), 4),
              "flat": {"example": exact["example"], "vector_bytes": exact["vector_bytes"]},
              "compressed": {"example": compressed["example"], "vector_bytes": compressed["vector_bytes"]}}
    print(markdown_table(
        ["vectors", "example p50 / p95 ms", "recall@100 vs exact", "vector bytes on disk"],
        [["Flat (exact)", f"{exact['example']['p50_ms']} / {exact['example']['p95_ms']}", "1", exact["vector_bytes"]],
         [f"{args.factory} + exact re-rank", f"{compressed['example']['p50_ms']} / {compressed['example']['p95_ms']}",
          report["recall_at_100"], compressed["vector_bytes"]]]))
    print(f"\n{count} synthetic segments; reindex-vectors took {reindex_s:.1f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
