"""Scale: one synthetic library stored twice in the same run — a plain index and an index of N
shards — then the shards' vectors compressed (`reindex-vectors`), measuring what issue 18 asks:
class queries (single- and multi-class, p50, from the in-memory class lists a server keeps),
example search p50 with recall@100 of the nearest segments against exact search, and the
resident memory of a fresh searching process; sharded answers are checked against the plain ones.

    python benchmarks/scale.py [--segments 2000000] [--shards 4] [--factory IVF1024,SQ8] [--out FILE.json]

The library is the one of `benchmarks/search.py` (about 3 segments per image, skewed class mix,
clustered 320-d unit embeddings, real encoded masks).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from common import machine, markdown_table, percentiles, time_calls  # noqa: E402
from search import CLASS_QUERIES, SYNTHETIC, Generator, build, example_queries, library  # noqa: E402

from segsearch.search import Searcher  # noqa: E402
from segsearch.store import Index, open_store  # noqa: E402
from segsearch.store.sharded import create_layout, shard_dir, shard_of  # noqa: E402

SINGLE, MULTI = ["person", "at least 2 people and not dog", "bus > 10%"], \
    ["car and person", "dog or cat", "chair and diningtable"]


def _build_shard(job: tuple[Path, int, int, int, int]) -> int:
    """Shard `shard` of a synthetic sharded library, built as the plain index it is (in its own
    process): the images of the library whose paths hash to it, until it holds `target` segments."""
    directory, shard, shards, target, seed = job
    gen = Generator.create(seed=seed)  # one library: the same class clusters in every shard
    gen.rng = np.random.default_rng([seed, shard])  # each shard its own photos
    with Index.open(shard_dir(directory, shard), writable=True, model=SYNTHETIC) as idx:
        for batch in library(gen, target, keep=lambda raw: shard_of(raw, shards) == shard):
            idx.add_images(batch)
    return target


def build_in_processes(directory: Path, n_segments: int, shards: int, seed: int) -> int:
    """A synthetic library of `n_segments` in `shards` shards, the shards built in parallel
    processes: one writer holding every shard's exact vectors does not fit in memory at 10M."""
    create_layout(directory, shards)
    jobs = [(directory, s, shards, n_segments // shards + (s < n_segments % shards), seed) for s in range(shards)]
    with ProcessPoolExecutor(max_workers=min(shards, os.cpu_count() or 1), mp_context=mp.get_context("spawn")) as pool:
        return sum(pool.map(_build_shard, jobs))


def class_queries(searcher: Searcher, repeats: int) -> dict[str, object]:
    started = time.perf_counter()
    searcher.index.keep_class_lists(wait=True)
    load_s = time.perf_counter() - started
    out: dict[str, object] = {"lists_load_s": round(load_s, 2)}
    for kind, queries in (("single", SINGLE), ("multi", MULTI)):
        ms: list[float] = []
        for q in queries:
            ms += time_calls(lambda: searcher.search(q, k=20), repeats)
        out[kind] = percentiles(ms)
    return out


def answers(searcher: Searcher) -> dict[str, list[tuple[str, float]]]:
    return {q: [(h.path, h.score) for h in searcher.search(q, k=20)] for q, _ in CLASS_QUERIES}


def examples(searcher: Searcher, queries: list, repeats: int) -> dict[str, object]:
    ms: list[float] = []
    for q in queries:
        ms += time_calls(lambda: searcher.search_embeddings(q[0], q[1], q[2], k=20), repeats)
    nearest = [searcher.index.nearest_segments([c], e, 100)[1][0].tolist()
               for embeddings, classes, _ in queries for e, c in zip(embeddings, classes)]
    return {"example": percentiles(ms), "nearest": nearest}


def resident_memory_mb(directory: Path) -> float:
    """RSS of a fresh process that opened the index, kept class lists and ran one query of each kind."""
    code = ("import sys, numpy as np; sys.path.insert(0, %r); from common import rss_mb; "
            "from segsearch.search import Searcher; from segsearch.store import open_store; "
            "s = Searcher(open_store(%r)); s.index.keep_class_lists(wait=True); s.search('car and person'); "
            "s.search_embeddings(np.ones((1, 320), np.float32) / 320 ** 0.5, [15], [0.2]); "
            "print(rss_mb())") % (str(HERE), str(directory))
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2_000_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--factory", default="IVF1024,SQ8")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None, help="Where the indexes go (default: a temporary directory).")
    parser.add_argument("--no-plain", action="store_true", help="Skip the plain index (at 10M its exact vectors "
                                                                 "and the sharded ones do not fit in memory together).")
    parser.add_argument("--keep", type=Path, default=None, help="Build the indexes here and keep them; a later run "
                                                                  "with the same --keep measures them without rebuilding.")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "scale.json")
    args = parser.parse_args()
    result: dict[str, object] = {"machine": machine(), "segments": args.segments, "shards": args.shards,
                                 "factory": args.factory}
    with contextlib.ExitStack() as stack:
        tmp = args.keep or stack.enter_context(tempfile.TemporaryDirectory(prefix="segsearch-scale-", dir=args.workdir))
        plain_dir, sharded_dir = Path(tmp) / "plain", Path(tmp) / "sharded"
        builds = [("sharded", sharded_dir, args.shards)] if args.no_plain else \
            [("plain", plain_dir, None), ("sharded", sharded_dir, args.shards)]
        for name, directory, shards in builds:
            if args.keep and directory.exists():  # built by an earlier run that was kept
                continue
            gen = Generator.create(seed=args.segments)  # the same library in both
            started = time.perf_counter()
            if args.no_plain:  # nothing to compare with: the shards are built side by side
                count = build_in_processes(directory, args.segments, args.shards, args.segments)
            else:
                count = build(directory, args.segments, gen, shards=shards)
            result[f"{name}_build_s"] = round(time.perf_counter() - started, 1)
            print(f"{name}: {count} segments built in {result[f'{name}_build_s']} s", file=sys.stderr, flush=True)
        asking = Generator.create(seed=args.segments)  # the library's clusters, other draws
        asking.rng = np.random.default_rng([args.segments, 1_000_000])
        queries = example_queries(asking, args.queries)
        if not args.no_plain:
            with Searcher(open_store(plain_dir)) as plain:
                result["class_plain"] = class_queries(plain, args.repeats)
                plain_answers = answers(plain)
                exact_plain = examples(plain, queries, args.repeats)
                result["example_plain_flat"] = exact_plain["example"]
        with Searcher(open_store(sharded_dir)) as sharded:
            result["class_sharded"] = class_queries(sharded, args.repeats)
            exact = examples(sharded, queries, args.repeats)
            result["example_sharded_flat"] = exact["example"]
            result["images"] = sharded.index.stats()["images"]
            if not args.no_plain:
                result["same_class_answers"] = answers(sharded) == plain_answers
        print("exact searches measured", file=sys.stderr, flush=True)
        save(args.out, result)  # what is measured so far survives a later failure
        if not args.no_plain:  # at 10M the exact vectors alone are 12.8 GB: not a configuration to run
            result["rss_sharded_flat_mb"] = round(resident_memory_mb(sharded_dir), 1)
        started = time.perf_counter()
        with open_store(sharded_dir, writable=True) as idx:
            result["reindex"] = idx.reindex_vectors(args.factory)
        result["reindex_s"] = round(time.perf_counter() - started, 1)
        print(f"reindexed in {result['reindex_s']} s", file=sys.stderr, flush=True)
        save(args.out, result)
        with Searcher(open_store(sharded_dir)) as sharded:
            compressed = examples(sharded, queries, args.repeats)
            result["class_sharded_compressed"] = class_queries(sharded, args.repeats)
            result["vector_bytes"] = sharded.index.stats()["faiss_bytes"]
        result["example_sharded_compressed"] = compressed["example"]
        result["recall_at_100"] = round(float(np.mean([len(set(a) & set(b)) / max(1, len(a)) for a, b in
                                                        zip(exact["nearest"], compressed["nearest"])])), 4)
        result["rss_sharded_compressed_mb"] = round(resident_memory_mb(sharded_dir), 1)
    save(args.out, result)
    print(table(result))


def save(path: Path, result: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1))


def table(result: dict) -> str:
    """The README table of one run."""
    cp, cs, cc = result.get("class_plain"), result["class_sharded"], result["class_sharded_compressed"]
    plain = (lambda path: _at(result, path)) if cp else (lambda path: "")
    rows = [
        ("class query, single-class p50 ms (lists kept)", plain("class_plain.single.p50_ms"), cs["single"]["p50_ms"],
         cc["single"]["p50_ms"]),
        ("class query, multi-class p50 ms (lists kept)", plain("class_plain.multi.p50_ms"), cs["multi"]["p50_ms"],
         cc["multi"]["p50_ms"]),
        ("example search p50 ms (k=20)", plain("example_plain_flat.p50_ms"), result["example_sharded_flat"]["p50_ms"],
         result["example_sharded_compressed"]["p50_ms"]),
        ("recall@100 of the nearest segments vs exact", 1 if cp else "", 1, result["recall_at_100"]),
        ("resident memory MB (fresh searcher, lists kept)", "", result.get("rss_sharded_flat_mb", ""),
         result["rss_sharded_compressed_mb"]),
    ]
    return markdown_table(["measure", "plain, Flat", f"{result['shards']} shards, Flat",
                           f"{result['shards']} shards, {result['factory']} + re-rank"], rows)


def _at(data: dict, path: str) -> object:
    for key in path.split(".") if path else []:
        data = data[key]
    return data


if __name__ == "__main__":
    main()
