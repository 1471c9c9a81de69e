"""`segsearch eval`: retrieval quality measured on photos with per-pixel ground truth.

The dataset is a folder in PASCAL VOC layout (`JPEGImages/*.jpg`, `SegmentationClass/*.png` with
palette indices, 255 = void). Evaluation indexes the photos into a fresh index with the normal
pipeline and scores three things against the ground truth:

- segmentation: per-class IoU, mIoU over the classes present in the ground truth, pixel accuracy;
- class queries: every single class and every pair of classes that occur together in some
  ground-truth image is run as a query ("car and person"); the returned image set is scored against
  the images where the ground truth has those classes (a class is present when it covers at least
  1% of the valid pixels); micro precision, recall and F1 over all queries;
- search by example, leave-one-out: every image whose largest ground-truth object covers at least
  1% is a query (from its stored segments, exactly as "more like this" works); a result is relevant
  when its ground truth contains that class. Precision@5, precision@10 and mAP for object matching
  and, side by side, for the whole-image embedding baseline.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
from PIL import Image

from .analysis import Analysis, Analyzer, identity
from .errors import InputError, QueryError
from .indexer import IndexSummary, Indexer, ProgressReporter
from .labels import VOC_NAMES
from .models.segmenter import Segmentation
from .regions import RegionSettings
from .search import SearchHit, Searcher
from .store import AnyIndex, open_store

VOC_CLASSES = tuple(VOC_NAMES)
NUM_CLASSES = len(VOC_CLASSES)
BACKGROUND = 0
VOID = 255
PRESENCE_FRACTION = 0.01  # a class is "in" an image when it covers at least 1% of valid pixels


@dataclass(frozen=True)
class Sample:
    name: str
    image: Path
    truth: Path


def load_voc(dataset: str | os.PathLike[str], limit: int | None = None) -> list[Sample]:
    """The photos of a VOC-layout folder that have a ground-truth mask, in name order."""
    root = Path(dataset).expanduser()
    images, truths = root / "JPEGImages", root / "SegmentationClass"
    if not images.is_dir() or not truths.is_dir():
        raise InputError(f"{root} is not a VOC-layout dataset: it needs JPEGImages/ and SegmentationClass/")
    samples = [Sample(p.stem, p, truths / f"{p.stem}.png") for p in sorted(images.glob("*.jpg"))
               if (truths / f"{p.stem}.png").is_file()]
    if not samples:
        raise InputError(f"{root} has no JPEGImages/*.jpg with a SegmentationClass/*.png mask")
    return samples[:limit] if limit else samples


def read_truth(path: Path) -> np.ndarray:
    """Class index per pixel (uint8, 255 = void) from a VOC palette PNG."""
    with Image.open(path) as im:
        if im.mode not in ("P", "L"):
            raise InputError(f"{path}: ground truth must be a palette or greyscale PNG of class indices")
        return np.asarray(im, dtype=np.uint8)


def class_fractions(truth: np.ndarray) -> np.ndarray:
    """Fraction of the valid pixels per class, (21,)."""
    valid = truth[truth != VOID]
    counts = np.bincount(valid.ravel(), minlength=256)[:NUM_CLASSES].astype(np.float64)
    return counts / max(valid.size, 1)


def present_classes(fractions: np.ndarray) -> frozenset[int]:
    return frozenset(int(c) for c in np.flatnonzero(fractions >= PRESENCE_FRACTION) if c != BACKGROUND)


# --- segmentation ------------------------------------------------------------------------------
@dataclass
class Confusion:
    """Pixel confusion matrix over the valid pixels: rows truth, columns prediction."""

    matrix: np.ndarray = field(default_factory=lambda: np.zeros((NUM_CLASSES, NUM_CLASSES), np.int64))

    def add(self, truth: np.ndarray, predicted: np.ndarray) -> None:
        valid = truth != VOID
        t, p = truth[valid].astype(np.int64), predicted[valid].astype(np.int64)
        self.matrix += np.bincount(t * NUM_CLASSES + p, minlength=NUM_CLASSES ** 2).reshape(NUM_CLASSES, NUM_CLASSES)

    def per_class_iou(self) -> dict[str, float]:
        """IoU of every class that occurs in the ground truth."""
        tp = np.diag(self.matrix).astype(np.float64)
        union = self.matrix.sum(0) + self.matrix.sum(1) - tp
        return {VOC_CLASSES[c]: float(tp[c] / union[c]) for c in range(NUM_CLASSES) if self.matrix[c].sum() > 0}

    def miou(self) -> float:
        ious = self.per_class_iou()
        return float(np.mean(list(ious.values()))) if ious else 0.0

    def pixel_accuracy(self) -> float:
        return float(np.trace(self.matrix) / max(self.matrix.sum(), 1))


# --- retrieval metrics -------------------------------------------------------------------------
@dataclass
class SetScores:
    """Micro-averaged set retrieval counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, returned: set[int], relevant: set[int]) -> None:
        self.tp += len(returned & relevant)
        self.fp += len(returned - relevant)
        self.fn += len(relevant - returned)

    def as_dict(self) -> dict[str, float]:
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        return {"precision": round(p, 4), "recall": round(r, 4),
                "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "true_positives": self.tp, "false_positives": self.fp, "false_negatives": self.fn}


def precision_at(ranked_relevance: list[bool], k: int) -> float:
    """Relevant results among the first k, over k (missing results count as misses)."""
    return sum(ranked_relevance[:k]) / k


def average_precision(ranked_relevance: list[bool], n_relevant: int) -> float:
    if n_relevant == 0:
        return 0.0
    hits, total = 0, 0.0
    for rank, relevant in enumerate(ranked_relevance, start=1):
        if relevant:
            hits += 1
            total += hits / rank
    return total / n_relevant


@dataclass
class RankingScores:
    p5: list[float] = field(default_factory=list)
    p10: list[float] = field(default_factory=list)
    ap: list[float] = field(default_factory=list)

    def add(self, ranked_relevance: list[bool], n_relevant: int) -> None:
        self.p5.append(precision_at(ranked_relevance, 5))
        self.p10.append(precision_at(ranked_relevance, 10))
        self.ap.append(average_precision(ranked_relevance, n_relevant))

    def as_dict(self) -> dict[str, float]:
        mean = lambda xs: round(float(np.mean(xs)), 4) if xs else 0.0  # noqa: E731
        return {"precision_at_5": mean(self.p5), "precision_at_10": mean(self.p10), "map": mean(self.ap)}


# --- the evaluation ----------------------------------------------------------------------------
@dataclass
class EvalReport:
    dataset: str
    model: str
    images: int
    segmentation: dict[str, object]
    class_query: dict[str, object]
    example: dict[str, object]
    timings: dict[str, float]
    indexing: dict[str, object]
    words: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"dataset": self.dataset, "model": self.model, "images": self.images,
                "segmentation": self.segmentation, "class_query": self.class_query,
                "example": self.example, "words": self.words, "timings": self.timings,
                "indexing": self.indexing}


def class_queries(truth_sets: Iterable[frozenset[int]]) -> list[tuple[int, ...]]:
    """Every class present somewhere, and every pair of classes present together somewhere."""
    sets = list(truth_sets)
    singles = sorted({c for s in sets for c in s})
    pairs = sorted({pair for s in sets for pair in itertools.combinations(sorted(s), 2)})
    return [(c,) for c in singles] + [tuple(p) for p in pairs]


def _score_class_queries(searcher: Searcher, truth: dict[int, frozenset[int]],
                         small: dict[int, frozenset[int]] | None = None) -> tuple[dict[str, object], float]:
    """Micro precision/recall/F1 of every class and co-occurring pair as a query. With `small`
    (per photo, the classes present below PRESENCE_FRACTION), also the same scores with those
    photos counting neither way for a query that names such a class, as PASCAL VOC's "difficult"
    objects do (`small_ignored`)."""
    scores, singles, pairs, lenient = SetScores(), SetScores(), SetScores(), SetScores()
    queries = class_queries(truth.values())
    started = time.perf_counter()
    for classes in queries:
        returned = searcher.matching_image_ids(" and ".join(VOC_CLASSES[c] for c in classes))
        relevant = {i for i, present in truth.items() if set(classes) <= present}
        scores.add(returned, relevant)
        (singles if len(classes) == 1 else pairs).add(returned, relevant)
        if small is not None:
            seen = {i for i, present in truth.items() if set(classes) <= present | small.get(i, frozenset())}
            lenient.add(returned - (seen - relevant), relevant)
    seconds = time.perf_counter() - started
    result = {**scores.as_dict(), "queries": len(queries),
              "single_class": singles.as_dict(), "class_pairs": pairs.as_dict(),
              **({"small_ignored": lenient.as_dict()} if small is not None else {})}
    return result, seconds / max(len(queries), 1)


def _relevance(hits: list[SearchHit], wanted: int, truth: dict[int, frozenset[int]]) -> list[bool]:
    return [wanted in truth.get(h.image_id, frozenset()) for h in hits]


def _score_examples(searcher: Searcher, truth: dict[int, frozenset[int]],
                    largest: dict[int, int]) -> tuple[dict[str, object], float]:
    objects, whole, objects_only = RankingScores(), RankingScores(), RankingScores()
    depth = max(1, len(truth) - 1)  # rank the whole collection: mAP needs every relevant image
    query_seconds, fallbacks = 0.0, 0
    for image_id, wanted in sorted(largest.items()):
        n_relevant = sum(wanted in present for i, present in truth.items() if i != image_id)
        if n_relevant == 0:
            continue
        started = time.perf_counter()
        result = searcher.search_indexed(image_id, k=depth)
        query_seconds += time.perf_counter() - started
        fallbacks += result.whole_image
        objects.add(_relevance(result.hits, wanted, truth), n_relevant)
        objects_only.add(_relevance(searcher.search_indexed(image_id, k=depth, mode="objects").hits, wanted, truth),
                         n_relevant)
        regions = searcher.index.stored_regions(image_id)
        assert regions is not None
        baseline = searcher.search_whole_image(regions.image_embedding, depth, {image_id})
        whole.add(_relevance(baseline, wanted, truth), n_relevant)
    n = len(objects.ap)
    obj, base = objects.as_dict(), whole.as_dict()
    return {**obj, "queries": n, "whole_image_fallbacks": fallbacks,
            **{f"objects_only_{key}": value for key, value in objects_only.as_dict().items()},
            **{f"whole_image_{key}": value for key, value in base.items()}}, query_seconds / max(n, 1)


def ndcg_at(gains: list[float], ideal: list[float], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first k results."""
    def dcg(values: list[float]) -> float:
        return sum(g / np.log2(i + 2) for i, g in enumerate(values[:k]))
    best = dcg(sorted(ideal, reverse=True))
    return dcg(gains) / best if best > 0 else 0.0


def _score_graded(searcher: Searcher, labels: dict[int, frozenset[str]], largest: dict[int, int],
                  k: int = 10) -> dict[str, object]:
    """Example search with graded relevance: a result's gain is the overlap (Jaccard) of its COCO
    label set (things and stuff present at >= 1%) with the query's, so results that share more of
    the query's objects *and* setting count more. nDCG@k and object P@k (the result contains the
    query's largest VOC object class, as in the leave-one-out measure) for four rankings: the
    default (objects + scene), objects only, whole image only, and class only (the query's largest
    object's concept, ranked by prominence)."""
    from .search import distinct_objects
    from .vocabulary import vocabulary

    modes = ("combined", "objects", "scene", "class")
    ndcg: dict[str, list[float]] = {m: [] for m in modes}
    for image_id, query_labels in sorted(labels.items()):
        if not query_labels:
            continue
        others = [i for i in labels if i != image_id]
        gains = {i: len(query_labels & labels[i]) / len(query_labels | labels[i]) for i in others}
        ideal = list(gains.values())
        regions = searcher.index.stored_regions(image_id)
        if regions is None:
            continue
        for mode in modes:
            if mode == "class":
                objects = distinct_objects(regions.segments, searcher.index.space)
                if not objects:
                    hits = searcher.search_whole_image(regions.image_embedding, k, {image_id})
                else:
                    entry, local = searcher.index.space.locate(objects[0].class_id)
                    concept = vocabulary().concept_of_label(entry.labels.network, entry.labels.names[local])
                    hits = [h for h in searcher.search(concept, k=k + 1) if h.image_id != image_id][:k]
            else:
                hits = searcher.search_indexed(image_id, k=k, mode=mode).hits
            ndcg[mode].append(ndcg_at([gains.get(h.image_id, 0.0) for h in hits], ideal, k))
    return {"queries": len(ndcg["combined"]), "relevance": "Jaccard overlap of COCO label sets (>= 1% of pixels)",
            **{f"ndcg_at_{k}_{m}": round(float(np.mean(v)), 4) if v else 0.0 for m, v in ndcg.items()}}


def evaluate(dataset: str | os.PathLike[str], models: str | None = None,
             weights: str | os.PathLike[str] | None = None, limit: int | None = None,
             settings: RegionSettings = RegionSettings(), index_dir: str | os.PathLike[str] | None = None,
             device: str | None = None, progress: ProgressReporter | None = None,
             analyzer: Analyzer | None = None, shards: int | None = None) -> EvalReport:
    """Index the dataset into `index_dir` (a temporary directory by default; `shards` shards when
    new) and score it."""
    samples = load_voc(dataset, limit)
    started = time.perf_counter()
    analyzer = analyzer or Analyzer.load(models, weights, device, settings=settings)
    load_seconds = time.perf_counter() - started
    by_path = {os.path.abspath(s.image): s for s in samples}
    confusion = Confusion()
    voc_net = next((n.spec.name for n in analyzer.networks if n.spec.labels.network == "voc"), None)

    # The class truth is read from the masks, not in the analysis callback: a kept index that
    # already holds the photos (`--keep-index` again) skips their analysis, and its retrieval
    # figures must still be scored (only the pixel figures need the analysis).
    fractions = {sample.name: class_fractions(read_truth(sample.truth)) for sample in samples}
    analysed: set[str] = set()  # photos whose pixels were scored

    def score_pixels(path: Path, analysis: Analysis) -> None:
        sample = by_path[os.path.abspath(path)]
        seg = analysis.outputs.get(voc_net) if voc_net else None
        if isinstance(seg, Segmentation):
            truth = read_truth(sample.truth)
            confusion.add(truth, seg.labels_at((truth.shape[1], truth.shape[0])))
            analysed.add(sample.name)

    coco = load_coco_truth(dataset, [s.name for s in samples])
    with tempfile.TemporaryDirectory(prefix="segsearch-eval-") as tmp:
        directory = Path(index_dir) if index_dir else Path(tmp)
        with open_store(directory, writable=True, model=identity(analyzer), shards=shards) as index:
            summary: IndexSummary = Indexer(index, analyzer, progress=progress,
                                            observer=score_pixels).run([s.image for s in samples])
            searcher = Searcher(index)
            ids = {os.path.abspath(p): i for p, i in _indexed_paths(index)}
            truth = {ids[k]: present_classes(fractions[s.name]) for k, s in by_path.items()
                     if k in ids and s.name in fractions}
            largest = {ids[k]: int(np.argmax(fractions[s.name][1:]) + 1) for k, s in by_path.items()
                       if k in ids and s.name in fractions and fractions[s.name][1:].max() >= PRESENCE_FRACTION}
            small = {ids[k]: frozenset(int(c) for c in np.flatnonzero((fractions[s.name] > 0)
                                                                      & (fractions[s.name] < PRESENCE_FRACTION))
                                       if c != BACKGROUND)
                     for k, s in by_path.items() if k in ids and s.name in fractions}
            class_scores, class_query_s = _score_class_queries(searcher, truth, small)
            example_scores, example_query_s = _score_examples(searcher, truth, largest)
            coco_truth = {ids[k]: coco[s.name] for k, s in by_path.items() if k in ids and s.name in coco}
            words: dict[str, object] = {"strict": _score_words(searcher, coco_truth),
                     "small_ignored": _score_words(searcher, coco_truth, ignore_small=True)} if coco else {}
            if coco:
                example_scores["graded"] = _score_graded(
                    searcher, {i: frozenset(w for w, f in t.items() if f >= COCO_PRESENCE) for i, t in coco_truth.items()},
                    largest)

    indexed = summary.indexed or 1
    return EvalReport(
        dataset=str(dataset), model=analyzer.space.model_names, images=sum(k in ids for k in by_path),
        segmentation={"images": len(analysed), "miou": round(confusion.miou(), 4), "pixel_accuracy": round(confusion.pixel_accuracy(), 4),
                      "per_class_iou": {k: round(v, 4) for k, v in confusion.per_class_iou().items()}},
        class_query=class_scores, example=example_scores,
        timings={"model_load_s": round(load_seconds, 3),
                 "indexing_images_per_s": round(summary.images_per_second, 3),
                 "analysis_ms_per_image": round(1000 * summary.inference_seconds / indexed, 2),
                 "store_ms_per_image": round(1000 * summary.store_seconds / indexed, 2),
                 "class_query_ms": round(1000 * class_query_s, 3),
                 "example_query_ms": round(1000 * example_query_s, 3)},
        indexing={"indexed": summary.indexed, "failed": len(summary.failed), "segments": summary.segments},
        words=words)


# --- everyday words on COCO labels ---------------------------------------------------------------
# The word a person would type for each COCO panoptic category (the evaluation's own table, kept
# apart from the vocabulary it tests). Categories sharing a word are one truth (every wall kind is
# "wall"); "food" covers the food things too, "water" the sea and rivers.
_WORD_OVERRIDES = {
    "sports ball": "ball", "dining table": "table", "table-merged": "table", "cell phone": "phone",
    "hair drier": "hair dryer", "playingfield": "playing field", "pavement-merged": "pavement",
    "window-other": "window", "window-blind": "blind", "door-stuff": "door", "mirror-stuff": "mirror",
    "water-other": "water", "sea": "water", "river": "water", "floor-wood": "floor",
    "food-other-merged": "food", "fruit": "food", "banana": "food", "apple": "food", "sandwich": "food",
    "orange": "food", "broccoli": "food", "carrot": "food", "hot dog": "food", "pizza": "food",
    "donut": "food", "cake": "food",
}
_OWN_WORD_ALSO = {"sea", "river", "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog",
                  "pizza", "donut", "cake"}  # also asked for by their own name
COCO_PRESENCE = 0.01  # a category is in a photo when it covers at least 1% of the labelled pixels
_GROUND = {"grass", "road", "sand", "snow", "floor", "pavement", "dirt", "playing field", "rug", "table",
           "water", "sea", "river", "gravel", "platform", "bed", "couch", "field"}


def category_words(name: str) -> list[str]:
    """The everyday words that ask for a COCO category."""
    base = _WORD_OVERRIDES.get(name)
    if base is None:
        base = name.replace("-merged", "").replace("-other", "").replace("-stuff", "")
        base = base.split("-")[0] if base.startswith(("wall", "floor")) else base.replace("-", " ")
    return [base] + ([name] if name in _OWN_WORD_ALSO else [])


def load_coco_truth(dataset: str | os.PathLike[str], names: list[str]) -> dict[str, dict[str, float]]:
    """Photo → {word: fraction of labelled pixels} from `SegmentationCOCO/` and
    `coco_categories.tsv`; empty when the dataset has no COCO labels."""
    root = Path(dataset).expanduser()
    table, folder = root / "coco_categories.tsv", root / "SegmentationCOCO"
    if not table.is_file() or not folder.is_dir():
        return {}
    categories: dict[int, tuple[str, bool]] = {}
    for line in table.read_text().splitlines()[1:]:
        ident, name, isthing = line.split("\t")
        categories[int(ident)] = (name, isthing == "1")
    truth: dict[str, dict[str, float]] = {}
    for name in names:
        path = folder / f"{name}.png"
        if not path.is_file():
            continue
        with Image.open(path) as im:
            ids = np.asarray(im, dtype=np.uint8)
        counts = np.bincount(ids.ravel(), minlength=256).astype(np.float64)
        labelled = max(counts[1:].sum(), 1.0)
        words: dict[str, float] = {}
        for cat in np.flatnonzero(counts[1:]) + 1:
            if int(cat) in categories:
                for word in category_words(categories[int(cat)][0]):
                    words[word] = words.get(word, 0.0) + counts[cat] / labelled
        truth[name] = words
    for name, thing in categories.values():
        for word in category_words(name):
            if thing or word not in _WORD_KIND:  # a word naming any thing is an object word
                _WORD_KIND[word] = "object" if thing else "scene"
    return truth


_WORD_KIND: dict[str, str] = {}


def _phrase(a: str, b: str) -> str:
    if _WORD_KIND.get(b) == "scene" or b in _GROUND:
        return f"a {a} {'on' if b in _GROUND else 'by'} the {b}"
    return f"a {a} with a {b}"


def _prf(tp: int, returned: int, relevant: int) -> dict[str, float]:
    p = tp / returned if returned else 0.0
    r = tp / relevant if relevant else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _score_words(searcher: Searcher, truth: dict[int, dict[str, float]], ignore_small: bool = False) -> dict[str, object]:
    """Per-word precision/recall/F1 for every word with at least 2 positive photos, object words
    and scene words apart, then two-concept phrases; macro (a refused word scores 0) and micro; the
    same object and scene words with each network alone beside the fusion of all.

    A photo is a positive for a word when the word's categories cover >= COCO_PRESENCE of it. With
    `ignore_small`, photos where they cover less but are present (a car far away) count neither
    way, as PASCAL VOC's "difficult" objects do; otherwise they are negatives."""
    positives: dict[str, set[int]] = {}
    small: dict[str, set[int]] = {}
    for image_id, words in truth.items():
        for word, fraction in words.items():
            (positives if fraction >= COCO_PRESENCE else small).setdefault(word, set()).add(image_id)
    chosen_words = sorted(w for w, ids in positives.items() if len(ids) >= 2)
    pairs = sorted(((a, b) for a in chosen_words for b in chosen_words if a < b and _WORD_KIND.get(a) == "object"
                    and len(positives[a] & positives[b]) >= 2),
                   key=lambda ab: (-len(positives[ab[0]] & positives[ab[1]]), ab))[:40]
    networks = [None] + [n.labels.network for n in searcher.index.space.networks]

    def ignored(*ws: str) -> set[int]:
        if not ignore_small:
            return set()
        seen: set[int] = positives.get(ws[0], set()) | small.get(ws[0], set())
        strict: set[int] = set(positives.get(ws[0], set()))
        for w in ws[1:]:
            seen &= positives.get(w, set()) | small.get(w, set())
            strict &= positives.get(w, set())
        return seen - strict

    def run(query: str, relevant: set[int], skip: set[int], nets: str | None) -> dict[str, object]:
        try:
            returned = searcher.matching_image_ids(query, None if nets is None else {nets}) - skip
            refused = None
        except QueryError as exc:
            returned, refused = set(), str(exc)
        tp = len(returned & relevant)
        return {"query": query, "positives": len(relevant), "returned": len(returned), "true_positives": tp,
                **_prf(tp, len(returned), len(relevant)), **({"refused": refused} if refused else {})}

    def summarise(rows: list[dict[str, object]]) -> dict[str, object]:
        mean = lambda key: round(float(np.mean([r[key] for r in rows])), 4) if rows else 0.0  # noqa: E731
        micro = _prf(*(sum(int(r[k]) for r in rows) for k in ("true_positives", "returned", "positives")))  # type: ignore[call-overload]
        return {"words": len(rows), "macro_f1": mean("f1"), "macro_precision": mean("precision"),
                "macro_recall": mean("recall"), "micro_f1": micro["f1"], "refused": sum("refused" in r for r in rows)}

    report: dict[str, object] = {
        "presence": f"a COCO category covers >= {COCO_PRESENCE:.0%} of the labelled pixels"
                    + ("; photos where it covers less count neither way" if ignore_small else "")}
    for kind in ("object", "scene"):
        chosen = [w for w in chosen_words if _WORD_KIND.get(w) == kind]
        by_net: dict[str, object] = {}
        for nets in networks:
            rows = [run(w, positives[w], ignored(w), nets) for w in chosen]
            by_net[nets or "fused"] = {**summarise(rows), "per_word": rows}
        report[f"{kind}_words"] = by_net
    rows = [run(_phrase(a, b), positives[a] & positives[b], ignored(a, b), None) for a, b in pairs]
    report["phrases"] = {"fused": {**summarise(rows), "per_phrase": rows}}
    return report


def _indexed_paths(index: AnyIndex) -> list[tuple[str, int]]:
    return [(os.fsdecode(raw), state.image_id) for raw, state in index.file_states().items()
            if state.status == "indexed"]


# --- colour words on painted objects ---------------------------------------------------------------
PAINTS = ("red", "yellow", "green", "blue", "purple")
PAINTED_LEAST = 0.05  # the object painted covers at least this share of the photo


@dataclass(frozen=True)
class PaintedCopy:
    """A labelled photo with its largest object painted one colour (`colours.painted`)."""

    path: Path
    photo: str
    word: str  # the everyday word for the object
    colour: str


def painted_copies(dataset: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                   colours: Iterable[str] = PAINTS, limit: int | None = None) -> list[PaintedCopy]:
    """For each photo of a dataset with COCO labels (`SegmentationCOCO/`), its largest labelled
    object that is not a person (people are asked for by their clothes' colours, which no label
    outlines) and covers at least PAINTED_LEAST of the photo, painted each of `colours` in its own
    light and saved as a JPEG under `out_dir`: photos whose colour is known, as no colour label
    of real photos is. Its word is the first everyday word of its category that the vocabulary
    knows as an object."""
    from .colours import painted
    from .vocabulary import vocabulary

    root, out = Path(dataset).expanduser(), Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    categories: dict[int, str] = {}
    for line in (root / "coco_categories.tsv").read_text().splitlines()[1:]:
        ident, name, isthing = line.split("\t")
        if isthing == "1" and name != "person":
            categories[int(ident)] = name
    vocab = vocabulary()
    copies: list[PaintedCopy] = []
    for label_path in sorted((root / "SegmentationCOCO").glob("*.png"))[:limit]:
        with Image.open(label_path) as im:
            ids = np.asarray(im, dtype=np.uint8)
        counts = np.bincount(ids.ravel(), minlength=256)
        for cat in np.argsort(-counts):
            if counts[cat] < PAINTED_LEAST * ids.size:
                break
            words = [w for w in category_words(categories[int(cat)]) if w in vocab.words
                     and vocab.concepts[vocab.words[w]].definition is None] if int(cat) in categories else []
            if words:
                with Image.open(root / "JPEGImages" / f"{label_path.stem}.jpg") as photo:
                    rgb = np.asarray(photo.convert("RGB"))
                for colour in colours:
                    path = out / f"{label_path.stem}-{colour}.jpg"
                    Image.fromarray(painted(rgb, ids == cat, colour)).save(path, quality=95)
                    copies.append(PaintedCopy(path, label_path.stem, words[0], colour))
                break
    return copies


def colour_figures(searcher: Searcher, copies: list[PaintedCopy]) -> dict[str, object]:
    """How colour words find painted objects: of the copies whose object the plain word finds
    (`detected`), the share that "<colour> <word>" finds (`found`), and of those copies the share
    that each other painted colour's query finds too (`confused`, where the colour was wrong), per
    colour and in all."""
    def returned(query: str) -> set[Path]:
        return {Path(h.path) for h in searcher.search(query, k=100_000)}

    words = sorted({c.word for c in copies})
    plain = {w: returned(w) for w in words}
    asked = {(w, colour): returned(f"{colour} {w}") for w in words for colour in {c.colour for c in copies}}
    rows: dict[str, dict[str, int]] = {}
    for c in copies:
        row = rows.setdefault(c.colour, {"copies": 0, "detected": 0, "found": 0, "confused": 0, "asked_other": 0})
        row["copies"] += 1
        if c.path not in plain[c.word]:
            continue
        row["detected"] += 1
        row["found"] += c.path in asked[(c.word, c.colour)]
        others = [other for (w, other) in asked if w == c.word and other != c.colour]
        row["asked_other"] += len(others)
        row["confused"] += sum(c.path in asked[(c.word, other)] for other in others)
    total = {k: sum(r[k] for r in rows.values()) for k in ("copies", "detected", "found", "confused", "asked_other")}

    def rates(r: dict[str, int]) -> dict[str, object]:
        return {**r, "found_rate": round(r["found"] / max(r["detected"], 1), 3),
                "confused_rate": round(r["confused"] / max(r["asked_other"], 1), 3)}

    return {"by_colour": {k: rates(v) for k, v in rows.items()}, "all": rates(total),
            "photos": len({c.photo for c in copies}), "words": words}
