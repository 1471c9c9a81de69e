"""Search latency on synthetic indexes of 10k / 100k / 1M segments, side by side with the raw SQL
and the raw FAISS search on the same data, plus recall@100 and latency of an approximate (HNSW)
vector index. Also bytes per segment on disk and resident memory of a searcher at each size.

    python benchmarks/search.py [--sizes 10000,100000,1000000] [--out benchmarks/results/search.json]

The synthetic collection looks like a photo library to the index: about 3 segments per image, a
skewed class mix (person most common), clustered unit embeddings per class, real encoded masks.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, markdown_table, percentiles, time_calls  # noqa: E402

from segsearch.classes import CLASS_ID, NUM_CLASSES  # noqa: E402
from segsearch.regions import CompactMask, ImageRegions, Segment, l2_normalise  # noqa: E402
from segsearch.search import Searcher, neighbours_per_object  # noqa: E402
from segsearch.store import Index, ModelIdentity, NewImage, open_store  # noqa: E402
from segsearch.store.vectors import VectorStore, shard_name  # noqa: E402

DIM = 320
CLUSTERS_PER_CLASS = 24
NOISE = 0.9  # per-dimension noise relative to unit-variance cluster centres
# A photo-library class mix: people everywhere, then vehicles, furniture, pets.
CLASS_MIX = {"person": 0.36, "car": 0.08, "chair": 0.07, "dog": 0.05, "cat": 0.05, "bottle": 0.04,
             "diningtable": 0.04, "pottedplant": 0.03, "bird": 0.03, "boat": 0.03, "bicycle": 0.03,
             "sofa": 0.03, "tvmonitor": 0.03, "horse": 0.02, "motorbike": 0.02, "bus": 0.02,
             "aeroplane": 0.02, "train": 0.02, "sheep": 0.015, "cow": 0.015}

# (query, the same query in hand-written SQL)
CLASS_QUERIES = [
    ("person", """SELECT i.id FROM image_classes c JOIN images i ON i.id = c.image_id
        WHERE c.class_id = 15 ORDER BY c.score DESC, i.path LIMIT 20"""),
    ("car and person", """SELECT i.id FROM image_classes a
        JOIN image_classes b ON b.image_id = a.image_id AND b.class_id = 15 JOIN images i ON i.id = a.image_id
        WHERE a.class_id = 7 ORDER BY a.score + b.score DESC, i.path LIMIT 20"""),
    ("dog or cat", """SELECT i.id FROM image_classes c JOIN images i ON i.id = c.image_id
        WHERE c.class_id IN (8, 12) GROUP BY i.id ORDER BY SUM(c.score) DESC, i.path LIMIT 20"""),
    ("at least 2 people and not dog", """SELECT i.id FROM image_classes c JOIN images i ON i.id = c.image_id
        WHERE c.class_id = 15 AND c.count >= 2 AND NOT EXISTS (SELECT 1 FROM image_classes d
        WHERE d.image_id = i.id AND d.class_id = 12) ORDER BY c.score DESC, i.path LIMIT 20"""),
    ("chair and diningtable", """SELECT i.id FROM image_classes a
        JOIN image_classes b ON b.image_id = a.image_id AND b.class_id = 11 JOIN images i ON i.id = a.image_id
        WHERE a.class_id = 9 ORDER BY a.score + b.score DESC, i.path LIMIT 20"""),
    ("bus > 10%", """SELECT i.id FROM image_classes c JOIN images i ON i.id = c.image_id
        WHERE c.class_id = 6 AND c.area > 0.1 ORDER BY c.score DESC, i.path LIMIT 20"""),
]

SYNTHETIC = ModelIdentity("deeplabv3-mobilenetv2", "synthetic", DIM)


@dataclass
class Generator:
    rng: np.random.Generator
    centres: np.ndarray  # (21, clusters, dim)
    classes: np.ndarray
    probs: np.ndarray
    masks: list[CompactMask]

    @classmethod
    def create(cls, seed: int = 0) -> "Generator":
        rng = np.random.default_rng(seed)
        names = list(CLASS_MIX)
        probs = np.array([CLASS_MIX[n] for n in names])
        yy, xx = np.mgrid[:48, :64]
        masks = [CompactMask.encode(((xx - 32) / (8 + 3 * i)) ** 2 + ((yy - 24) / (6 + 2 * i)) ** 2 <= 1)
                 for i in range(8)]
        return cls(rng, rng.standard_normal((NUM_CLASSES, CLUSTERS_PER_CLASS, DIM)).astype(np.float32),
                   np.array([CLASS_ID[n] for n in names]), probs / probs.sum(), masks)

    def embeddings(self, class_ids: np.ndarray) -> np.ndarray:
        clusters = self.rng.integers(0, CLUSTERS_PER_CLASS, len(class_ids))
        noise = NOISE * self.rng.standard_normal((len(class_ids), DIM)).astype(np.float32)
        return l2_normalise(self.centres[class_ids, clusters] + noise)

    def regions(self, n_segments: int) -> ImageRegions:
        class_ids = self.rng.choice(self.classes, n_segments, p=self.probs)
        areas = np.sort(self.rng.beta(1.2, 8.0, n_segments))[::-1] + 0.005
        embeddings = self.embeddings(class_ids)
        hist = np.full(NUM_CLASSES, 0.01, np.float32)
        segments = [Segment(int(c), float(a), (10, 10, 200, 150), float(self.rng.uniform(0.5, 1.0)), hist,
                            self.masks[i % len(self.masks)], embeddings[i])
                    for i, (c, a) in enumerate(zip(class_ids, areas))]
        return ImageRegions(segments, l2_normalise(embeddings.mean(0)))


def library(gen: Generator, n_segments: int, keep: Callable[[bytes], bool] | None = None,
            chunk: int = 20_000) -> Iterator[list[NewImage]]:
    """Batches of the synthetic library's photos until they hold `n_segments` segments; with
    `keep`, only the photos whose raw paths it keeps (one shard's share)."""
    total, image_no = 0, 0
    while total < n_segments:
        batch: list[NewImage] = []
        while len(batch) < chunk and total < n_segments:
            path = f"/photos/{image_no // 1000:04d}/IMG_{image_no:07d}.jpg"
            image_no += 1
            if keep is not None and not keep(path.encode()):
                continue
            n = int(min(gen.rng.integers(1, 6), n_segments - total))
            batch.append(NewImage(path.encode(), path, 3_000_000, image_no - 1, None, (4000, 3000), gen.regions(n)))
            total += n
        yield batch


def build(directory: Path, n_segments: int, gen: Generator, chunk: int = 20_000, shards: int | None = None) -> int:
    """A synthetic index of about `n_segments` segments (in `shards` shards); returns the exact count."""
    with open_store(directory, writable=True, model=SYNTHETIC, shards=shards) as idx:
        for batch in library(gen, n_segments, chunk=chunk):
            idx.add_images(batch)
    return n_segments


def hnsw_copy(store: VectorStore, names: list[str]) -> VectorStore:
    """The same vectors in HNSW32 shards (in memory)."""
    approx = VectorStore(store.directory, store.dim, "HNSW32")
    for name in names:
        shard = store.shards[name]
        ids = store.ids(name)
        approx.add(name, ids, shard.index.reconstruct_n(0, shard.ntotal))
    return approx


def example_queries(gen: Generator, n: int) -> list[tuple[np.ndarray, list[int], list[float]]]:
    queries = []
    for _ in range(n):
        regions = gen.regions(int(gen.rng.integers(1, 4)))
        queries.append((np.vstack([s.embedding for s in regions.segments]),
                        [s.class_id for s in regions.segments], [s.area for s in regions.segments]))
    return queries


def raw_example(vectors: VectorStore, con: sqlite3.Connection, query, k_search: int) -> None:
    """What a hand-rolled script would do: one FAISS search per object, one SQL lookup."""
    embeddings, class_ids, _ = query
    ids = []
    for emb, cls in zip(embeddings, class_ids):
        _, found = vectors.search([shard_name(cls)], emb[None], k_search)
        ids += found[0][found[0] >= 0].tolist()
    con.execute(f"SELECT id, image_id FROM segments WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()


def raw_faiss(vectors: VectorStore, query, k_search: int) -> None:
    embeddings, class_ids, _ = query
    for emb, cls in zip(embeddings, class_ids):
        vectors.search([shard_name(cls)], emb[None], k_search)


def recall_at_100(exact: VectorStore, approx: VectorStore, queries) -> float:
    hits, total = 0, 0
    for embeddings, class_ids, _ in queries:
        for emb, cls in zip(embeddings, class_ids):
            _, want = exact.search([shard_name(cls)], emb[None], 100)
            _, got = approx.search([shard_name(cls)], emb[None], 100)
            want_set = set(want[0][want[0] >= 0].tolist())
            hits += len(want_set & set(got[0].tolist()))
            total += len(want_set)
    return hits / max(total, 1)


def resident_memory_mb(directory: Path) -> float:
    """RSS of a fresh process that opened the index and ran one query of each kind."""
    code = ("import sys, numpy as np; sys.path.insert(0, %r); from common import rss_mb; "
            "from segsearch.search import Searcher; from segsearch.store import Index; "
            "base = rss_mb(); s = Searcher(Index.open(%r)); s.search('car and person'); "
            "s.search_embeddings(np.ones((1, 320), np.float32) / 320 ** 0.5, [15], [0.2]); "
            "print(rss_mb(), base)") % (str(Path(__file__).parent), str(directory))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0])


def bench_size(n_segments: int, workdir: Path, repeats: int, n_examples: int, with_hnsw: bool) -> dict[str, object]:
    gen = Generator.create(seed=n_segments)
    directory = workdir / f"synthetic-{n_segments}"
    import time

    started = time.perf_counter()
    count = build(directory, n_segments, gen)
    build_s = time.perf_counter() - started
    result: dict[str, object] = {"segments": count, "build_s": round(build_s, 1)}
    con = sqlite3.connect(directory / "index.db")
    with Searcher(Index.open(directory)) as searcher:
        stats = searcher.index.stats()
        result["images"] = stats["images"]
        result["bytes_per_segment"] = round(stats["disk_bytes"] / count, 1)
        # class queries: ours vs hand-written SQL, same answers
        ours, raw, agree, per_query = [], [], True, {}
        for text, sql in CLASS_QUERIES:
            mine = time_calls(lambda: searcher.search(text, k=20), repeats)
            theirs = time_calls(lambda: con.execute(sql).fetchall(), repeats)
            ours, raw = ours + mine, raw + theirs
            per_query[text] = {"ours_p50_ms": percentiles(mine)["p50_ms"], "raw_sql_p50_ms": percentiles(theirs)["p50_ms"]}
            agree &= [h.image_id for h in searcher.search(text, k=20)] == [r[0] for r in con.execute(sql)]
        result["class_query"] = {"ours": percentiles(ours), "raw_sql": percentiles(raw), "same_results": agree,
                                 "per_query": per_query}
        # the same queries from the in-memory class lists (a long-lived searcher), same answers
        sql_answers = {text: [(h.image_id, h.score) for h in searcher.search(text, k=20)] for text, _ in CLASS_QUERIES}
        started = time.perf_counter()
        searcher.index.keep_class_lists(wait=True)
        lists_load_s = time.perf_counter() - started
        listed, same = [], True
        for text, _ in CLASS_QUERIES:
            mine = time_calls(lambda: searcher.search(text, k=20), repeats)
            listed += mine
            per_query[text]["lists_p50_ms"] = percentiles(mine)["p50_ms"]
            same &= [(h.image_id, h.score) for h in searcher.search(text, k=20)] == sql_answers[text]
        result["class_query_lists"] = {"ours": percentiles(listed), "load_s": round(lists_load_s, 2),
                                       "same_as_sql": same}
        # example queries (query segmentation excluded): exact shards
        queries = example_queries(gen, n_examples)
        k_search = neighbours_per_object(20)  # what search_embeddings asks FAISS for at k=20
        vectors = searcher.index.vectors

        def run(store: VectorStore) -> dict[str, object]:
            searcher.index.vectors = store
            mine, faiss_only, faiss_sql = [], [], []
            for q in queries:
                mine += time_calls(lambda: searcher.search_embeddings(q[0], q[1], q[2], k=20), repeats)
                faiss_only += time_calls(lambda: raw_faiss(store, q, k_search), repeats)
                faiss_sql += time_calls(lambda: raw_example(store, con, q, k_search), repeats)
            return {"ours": percentiles(mine), "raw_faiss": percentiles(faiss_only),
                    "raw_faiss_plus_sql": percentiles(faiss_sql)}

        result["example_flat"] = run(vectors)
        if with_hnsw:
            names = [n for n in vectors.shards if n != "images"]
            started = time.perf_counter()
            approx = hnsw_copy(vectors, names)
            result["hnsw_build_s"] = round(time.perf_counter() - started, 1)
            result["example_hnsw"] = run(approx)
            result["example_hnsw"]["recall_at_100"] = round(recall_at_100(vectors, approx, queries), 4)
            searcher.index.vectors = vectors
    con.close()
    result["resident_memory_mb"] = round(resident_memory_mb(directory), 1)
    return result


def ratio(a: dict, b: dict) -> str:
    return f"{a['p50_ms'] / max(b['p50_ms'], 1e-9):.2f}x"


def table(results: list[dict[str, object]]) -> str:
    rows = []
    for r in results:
        cq = r["class_query"]
        rows.append([f"{r['segments']:,}", "class query", f"{cq['ours']['p50_ms']:.2f} / {cq['ours']['p95_ms']:.2f}",
                     f"raw SQL {cq['raw_sql']['p50_ms']:.2f} / {cq['raw_sql']['p95_ms']:.2f}",
                     ratio(cq["ours"], cq["raw_sql"]), "same top-20" if cq["same_results"] else "DIFFERENT", ""])
        if "class_query_lists" in r:
            cl = r["class_query_lists"]
            rows.append([f"{r['segments']:,}", f"class query, lists kept (load {cl['load_s']:.1f} s)",
                         f"{cl['ours']['p50_ms']:.2f} / {cl['ours']['p95_ms']:.2f}",
                         f"raw SQL {cq['raw_sql']['p50_ms']:.2f} / {cq['raw_sql']['p95_ms']:.2f}",
                         ratio(cl["ours"], cq["raw_sql"]),
                         "same ranking as SQL" if cl["same_as_sql"] else "DIFFERENT", ""])
        for key, label in (("example_flat", "example, Flat (exact)"), ("example_hnsw", "example, HNSW32")):
            if key not in r:
                continue
            ex = r[key]
            rows.append([f"{r['segments']:,}", label, f"{ex['ours']['p50_ms']:.2f} / {ex['ours']['p95_ms']:.2f}",
                         f"raw FAISS {ex['raw_faiss']['p50_ms']:.2f}; +SQL {ex['raw_faiss_plus_sql']['p50_ms']:.2f}",
                         ratio(ex["ours"], ex["raw_faiss_plus_sql"]),
                         f"recall@100 {ex['recall_at_100']:.3f}" if "recall_at_100" in ex else "exact",
                         ""])
        rows[-1][-1] = f"{r['bytes_per_segment']:.0f} B/segment, RSS {r['resident_memory_mb']:.0f} MB"
    return markdown_table(["segments", "query", "ours p50 / p95 ms", "raw p50 / p95 ms", "ours / raw",
                           "answers", "storage"], rows)


def per_query_table(results: list[dict[str, object]]) -> str:
    """Class-query p50 per query and size: ours / raw SQL."""
    queries = [text for text, _ in CLASS_QUERIES]
    rows = []
    for text in queries:
        cells = []
        for r in results:
            q = r["class_query"]["per_query"][text]
            lists = f" / {q['lists_p50_ms']:.2f}" if "lists_p50_ms" in q else ""
            cells.append(f"{q['ours_p50_ms']:.2f}{lists} / {q['raw_sql_p50_ms']:.2f}")
        rows.append([f"`{text}`", *cells])
    return markdown_table(["class query (p50 ms: ours, SQL / ours, lists kept / raw SQL)",
                           *(f"{r['segments']:,}" for r in results)], rows)


def run_all(sizes: list[int], repeats: int, n_examples: int, workdir: Path | None = None,
            hnsw_from: int = 100_000) -> list[dict[str, object]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="segsearch-bench-") as tmp:
        for n in sizes:
            print(f"search: building and timing {n:,} segments ...", file=sys.stderr, flush=True)
            results.append(bench_size(n, workdir or Path(tmp), repeats, n_examples, with_hnsw=n >= hnsw_from))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--examples", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "search.json")
    args = parser.parse_args()
    results = run_all([int(s) for s in args.sizes.split(",")], args.repeats, args.examples)
    print(table(results))
    print(per_query_table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine(), "results": results}, indent=1))


if __name__ == "__main__":
    main()
