"""What ranking by date costs: class queries ranked by score against the same queries ordered by
when the photos were taken ("recent photos of dog", "old photos of person"), on a synthetic index
(`search.py`'s library: about 3 segments a photo, a skewed class mix), side by side in one run.
Each by-date answer is checked against an oracle: every matching photo sorted by its taken time.

    python benchmarks/date_order.py [--segments 300000] [--out benchmarks/results/date_order.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, markdown_table, percentiles, time_calls  # noqa: E402
from search import Generator, build  # noqa: E402

from segsearch.search import Searcher  # noqa: E402
from segsearch.store import open_store  # noqa: E402

# (ranked by score, the same ordered by date)
PAIRS = [("dog", "recent photos of dog"), ("person", "old photos of person"),
         ("person and not dog", "recent photos of person and not dog")]


def oracle(searcher: Searcher, query: str, newest: bool, k: int) -> list[int]:
    """The first k of every photo the query matches, by taken time (newest or oldest first), then path."""
    ids = sorted(searcher.matching_image_ids(query))
    taken = searcher.index.taken(ids)
    rows = searcher.index.image_rows(ids)
    sign = -1 if newest else 1
    return sorted(ids, key=lambda i: (sign * taken[i][0], rows[i].path))[:k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=300_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "date_order.json")
    args = parser.parse_args()
    rows, report = [], {"machine": machine(), "segments": args.segments, "queries": []}
    with tempfile.TemporaryDirectory(prefix="segsearch-dates-") as tmp:
        build(Path(tmp) / "idx", args.segments, Generator.create(seed=args.segments))
        with Searcher(open_store(Path(tmp) / "idx")) as searcher:
            report["images"] = searcher.index.stats()["images"]
            for by_score, by_date in PAIRS:
                score_ms = percentiles(time_calls(lambda: searcher.search(by_score, k=20), args.repeats))
                date_ms = percentiles(time_calls(lambda: searcher.search(by_date, k=20), args.repeats))
                got = [h.image_id for h in searcher.search(by_date, k=20)]
                same = got == oracle(searcher, by_date, by_date.startswith("recent"), 20)
                report["queries"].append({"by_score": by_score, "by_date": by_date, "score": score_ms,
                                          "date": date_ms, "same_as_oracle": same})
                rows.append([by_score, score_ms["p50_ms"], by_date, date_ms["p50_ms"], same])
    print(markdown_table(["query", "p50 ms", "ordered by date", "p50 ms", "same as the oracle"], rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
