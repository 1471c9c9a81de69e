"""Colour words ("a red car") on real objects of known colour: each labelled photo's largest
object that is not a person, painted red, yellow, green, blue and purple in its own light
(`segsearch.evaluate.painted_copies`), indexed with the default networks, then asked for as
"<colour> <word>". Reports, per colour, how many copies the plain word finds, how many of those the
colour query finds, and how often another colour's query returns them.

    python benchmarks/colours.py [--dataset ../shared/evaldata/coco-voc-100] [--limit N]
                                 [--out docs/benchmarks/colours.json]
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

import segsearch  # noqa: E402
from segsearch.evaluate import colour_figures, painted_copies  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default=str(PROJECT_ROOT.parent / "shared" / "evaldata" / "coco-voc-100"))
    parser.add_argument("--limit", type=int, default=None, help="labelled photos to read (default all)")
    parser.add_argument("--out", default=None, help="write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copies = painted_copies(args.dataset, Path(tmp) / "photos", limit=args.limit)
        start = time.perf_counter()
        segsearch.index([Path(tmp) / "photos"], Path(tmp) / "index")
        indexing_s = time.perf_counter() - start
        with segsearch.open_index(Path(tmp) / "index") as searcher:
            figures = colour_figures(searcher, copies)
    result = {"benchmark": "colours", "machine": machine(), "dataset": args.dataset, "indexing_s": round(indexing_s, 1),
              "command": "python benchmarks/colours.py" + (f" --limit {args.limit}" if args.limit else ""), **figures}
    rows = [[colour, r["copies"], r["detected"], f"{r['found']} ({r['found_rate']:.0%})",
             f"{r['confused']} of {r['asked_other']} ({r['confused_rate']:.1%})"]
            for colour, r in [*figures["by_colour"].items(), ("all", figures["all"])]]  # type: ignore[union-attr]
    print(markdown_table(["painted", "copies", "word finds", "colour query finds", "other colours' queries find"], rows))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
