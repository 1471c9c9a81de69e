"""Class search and search by example over an open index, with typed results.

Search by example segments the query photo, looks up each query object's nearest indexed segments
in FAISS (same class by default), and aggregates per image: an image's score is the weighted sum,
over query objects, of its best-matching segment's cosine similarity, weights mixing an equal
share with the object's share of the query's object area. So images that match more of the query's
objects, more closely, rank first, and every hit says which of its segments matched which object.
"""

from __future__ import annotations

import io
import itertools
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import AbstractSet, Any, Sequence

import numpy as np

from .errors import InputError, SegsearchError
from .images import ImageError, content_hash, decode, missing_photo, read_regular_file
from .labels import LabelSpace
from .query import parse
from .colours import COLOURS, DESCRIBES, describing, quantised
from .colours import stored as stored_shares
from .query.parser import (EVERY_PHOTO, And, Node, Term, asked_colours, described, photo_order, query_camera,
                           query_dates, query_in_colour, query_looks, query_shape)
from .regions import ImageRegions, RegionSettings, Segment, box_iou
from .store.catalogue import Filters, Resolver, taken_text
from .store import AnyIndex
from .vocabulary import vocabulary


@dataclass
class Match:
    query_object: int | None  # 1-based number of the query object; None for class queries
    class_name: str
    similarity: float | None
    bbox: list[int]
    segment_id: int
    area: float
    colour: str | None = None  # the colour the query asked of it, which it is ("a red car")
    colours: list[str] | None = None  # the colours that describe it, largest first; None: not recorded
    repeats: int | None = None  # class queries: the segment id of a kept match of the same object (`_mark_repeats`)

    @property
    def label(self) -> str:
        """Its class, with the colour asked of it: "red car (coco)"."""
        return f"{self.colour} {self.class_name}" if self.colour else self.class_name

    def as_dict(self) -> dict[str, object]:
        return {"query_object": self.query_object, "class": self.class_name,
                "similarity": None if self.similarity is None else round(self.similarity, 4),
                "bbox": self.bbox, "segment_id": self.segment_id, "area": round(self.area, 4),
                "colour": self.colour, "colours": self.colours, "repeats": self.repeats}


@dataclass
class SearchHit:
    path: str
    score: float
    image_id: int
    width: int
    height: int
    matches: list[Match] = field(default_factory=list)
    taken: float | None = None  # POSIX time the photo was taken (EXIF, else the file's mtime)
    taken_from: str | None = None  # "exif" or "file"
    camera: str | None = None  # EXIF make and model, lower case ("apple iphone 12"); None: none recorded
    count: int | None = None  # how many of the thing a search ranks by ("the most people"); None: not so ranked

    def when_taken(self) -> str | None:
        """When the photo was taken, as the date filters read it (`taken_text`)."""
        return None if self.taken is None else taken_text(self.taken)

    def day_taken(self) -> str:
        """The day it was taken ("2019-07-04"), as a hit ranked by date is shown in place of a score."""
        return (self.when_taken() or "no date")[:10]

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "score": round(self.score, 4), "image_id": self.image_id,
                "width": self.width, "height": self.height, "taken": self.when_taken(), "taken_from": self.taken_from,
                "camera": self.camera, **({"count": self.count} if self.count is not None else {}),
                "matches": [m.as_dict() for m in self.matches]}


@dataclass
class QueryObject:
    number: int  # 1-based, largest first
    class_name: str
    area: float
    bbox: list[int]
    confidence: float
    colours: list[str] | None = None  # the colours that describe it, largest first; None: not recorded

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["class"] = d.pop("class_name")
        d["area"], d["confidence"] = round(self.area, 4), round(self.confidence, 4)
        return d


@dataclass
class ExampleResult:
    query_objects: list[QueryObject]
    hits: list[SearchHit]
    whole_image: bool  # True when the query had no object and whole-image similarity was used
    # the numbers of the searched query objects that no hit matches, where the largest searched one
    # is among them: the hits share the query's smaller objects, or only look like its whole scene
    # (a cat's photo against a library without cats); a small object unmatched beside a matched
    # main one (a mirror of ADE20K's behind the person) is not said
    unmatched: list[int] = field(default_factory=list)

    def unmatched_note(self) -> str | None:
        """`unmatched` in one line, None where every searched object matched: "no photo here has
        an object like #1 cat (voc): ranked by how much each whole photo looks like the query"."""
        named = [f"#{o.number} {o.class_name}" for o in self.query_objects if o.number in self.unmatched]
        if not named:
            return None
        said = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
        scene_only = self.hits and not any(h.matches for h in self.hits)
        return f"no photo here has an object like {said}" + (
            ": ranked by how much each whole photo looks like the query" if scene_only else "")


def unmatched_objects(searched: list[int], hits: list[SearchHit]) -> list[int]:
    """Of the numbers of the query objects searched (largest first), those no hit matches, where
    the largest is among them (`ExampleResult.unmatched`); else none."""
    matched = {m.query_object for h in hits for m in h.matches}
    unmatched = [n for n in searched if n not in matched]
    return unmatched if searched and searched[0] in unmatched else []


def neighbours_per_object(k: int, excluded: int = 0) -> int:
    """How many nearest segments example search reads per query object: enough that k images
    survive several matches landing in one image and the excluded images."""
    return max(100, 10 * k + excluded)


SCENE_WEIGHT = 0.5  # default ranking: object matches + this x whole-image similarity (see README, Quality)


def object_weights(areas: list[float]) -> np.ndarray:
    a = np.asarray(areas, dtype=np.float64)
    return 0.5 / len(a) + 0.5 * a / a.sum()


def distinct_objects(segments: list[Segment], space: LabelSpace) -> list[Segment]:
    """A query photo's objects, one per thing seen, by the rules class search fuses with:

    - a region of a network whose things need a second opinion (`LabelSet.alone`: ADE20K's), or
      an unsure one (confidence below its `Member.confident`), is dropped when another network of
      the index knows its concept and none of them saw it there (half of the smaller box inside
      the other): stray "person" pixels on a cat are no object;
    - a segment is dropped when a larger one already kept names the same concept over the same
      place (box IoU >= 0.5), as when the VOC, ADE20K and COCO networks each find the same person
      (a part inside a larger box is kept: in a crowd that is often another person; dropping
      such parts lowered the eval's example mAP from 0.744 to 0.738).

    Stuff (wall, sky, grass) is a photo's setting, not one of its objects: it is used only when
    the photo has no thing at all."""
    vocab, resolver = vocabulary(), Resolver(space)
    pool = [s for s in segments if space.kind(s.class_id) == "thing"] or segments
    concepts = []
    for seg in pool:
        entry, local = space.locate(seg.class_id)
        concepts.append(vocab.concept_of_label(entry.labels.network, entry.labels.names[local]))

    def needs_a_second_network(i: int) -> bool:
        """The segment's label may not decide alone, and another network of the index knows its concept."""
        if concepts[i] not in vocab.concepts:  # a label of a network the vocabulary does not know
            return False
        members = resolver.members(concepts[i])
        own = next((m for m in members if m.label_id == pool[i].class_id), None)
        if own is None or (own.alone and pool[i].confidence >= own.confident):
            return False
        return any(m.network != own.network for m in members)

    def corroborated(i: int) -> bool:
        own = space.network_of(pool[i].class_id)
        return any(concepts[j] == concepts[i] and space.network_of(pool[j].class_id) != own
                   and _overlap(pool[i].bbox, pool[j].bbox) >= 0.5 for j in range(len(pool)))

    kept: list[tuple[str, Segment]] = []
    for i, seg in enumerate(pool):
        if needs_a_second_network(i) and not corroborated(i):
            continue
        if _shown_by(concepts[i], seg.bbox, kept) is None:
            kept.append((concepts[i], seg))
    return [seg for _, seg in kept]


def _shown_by(concept: str, box: Sequence[int], kept: list[tuple[str, Any]]) -> Any:
    """The kept segment or match (each with its concept) that shows the same object as `box` of
    `concept`: the same concept over the same place (box IoU >= 0.5), as when VOC's and ADE20K's
    regions and the detector's box each find one person; None for none."""
    return next((k for c, k in kept if c == concept and box_iou(box, k.bbox) >= 0.5), None)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """The share of the smaller of two boxes that lies inside the other."""
    own_a = (a[2] - a[0]) * (a[3] - a[1])
    own_b = (b[2] - b[0]) * (b[3] - b[1])
    return _inside_fraction(a, b) if own_a <= own_b else _inside_fraction(b, a)


def _inside_fraction(a: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> float:
    """The share of box `a` that lies inside `box`."""
    iw = max(0, min(a[2], box[2]) - max(a[0], box[0]))
    ih = max(0, min(a[3], box[3]) - max(a[1], box[1]))
    own = max(1, (a[2] - a[0]) * (a[3] - a[1]))
    return iw * ih / own


def _as_asked(match: Match, asked: set[str | None], shares: np.ndarray | None) -> bool:
    """Whether a segment of a queried label is what was asked of it (and `match.colour` the colour
    asked that it is): any of them where no colour was asked, or where its colours were not
    recorded; else only one of an asked colour. "a red car" shows the red car of a photo, not
    every car in it."""
    if shares is not None:
        match.colour = next((c for c in COLOURS if c in asked and shares[COLOURS.index(c)] >= DESCRIBES), None)
    return match.colour is not None or None in asked or shares is None


def _mark_repeats(matches: list[tuple[Match, str, bool]]) -> None:
    """Sets `Match.repeats` of each of a photo's matches (with its concept and whether it is a
    detector's box) that shows an object another one shows (`_shown_by`). The detector's box (one
    per instance) is kept before a region, a larger one before a smaller, as `distinct_objects`
    keeps a query photo's objects; the page draws only the kept ones."""
    kept: list[tuple[str, Match]] = []
    for match, concept, _ in sorted(matches, key=lambda m: (not m[2], -m[0].area)):
        same = _shown_by(concept, match.bbox, kept)
        if same is None:
            kept.append((concept, match))
        else:
            match.repeats = same.segment_id


@dataclass(frozen=True)
class Apart:
    """One condition of a search that found nothing, alone (`Searcher.found_apart`)."""
    said: str  # in words: "person", "at least 2 dogs", "beach", "photos taken up to 2009-12-31"
    photos: int  # how many photos meet it
    searchable: bool  # `said` is words that search for it (a part of the query, not its filters)
    # a count, a size or a colour of a thing that no photo meets: the thing alone ("dog" of "two dogs")
    broader: "Apart | None" = None

    def as_dict(self) -> dict[str, object]:
        said = {k: v for k, v in asdict(self).items() if k != "broader"}
        return {**said, "broader": self.broader.as_dict()} if self.broader else said


def apart_note(found: list[Apart]) -> str:
    """`Searcher.found_apart` in one line: "no photo has all of them; alone: person in 50 photos,
    beach in none"; a condition of one thing that no photo meets, with the thing alone: "at least 2
    dogs in none (dog in 7 photos)"."""
    def photos(n: int) -> str:
        return "none" if n == 0 else "1 photo" if n == 1 else f"{n} photos"

    def said(a: Apart) -> str:
        return f"{a.said} in {photos(a.photos)}" + (f" ({a.broader.said} in {photos(a.broader.photos)})"
                                                    if a.broader else "")

    return said(found[0]) if len(found) == 1 else "no photo has all of them; alone: " + ", ".join(map(said, found))


def _narrowed_by(query: str, filters: Filters | None) -> Filters | None:
    """`filters` narrowed to the days the query's words name ("beach 2019", "cats last year"), to
    black-and-white photos, a shape or a camera where it says so ("a black and white photo of a dog",
    "vertical photos of the beach", "dogs shot on my iphone")."""
    days = query_dates(query)
    filters = filters if days is None else Filters.within_days(filters, *days)
    filters = Filters.black_and_white(filters) if query_looks(query) else filters
    filters = Filters.in_colour(filters) if query_in_colour(query) else filters
    filters = Filters.by_camera(filters, cameras) if (cameras := query_camera(query)) else filters
    return filters if (shape := query_shape(query)) is None else Filters.shaped(filters, shape)


class Searcher:
    """Searches one index. The networks (needed only for example search) load on first use, with
    the region settings the index was built with."""

    def __init__(self, index: AnyIndex, weights: str | os.PathLike[str] | None = None,
                 device: str | None = None, settings: RegionSettings | None = None):
        self.index = index
        self._weights = weights
        self._device = device
        self._analyzer: Any = None
        self.settings = settings or index.settings
        self.resolver = Resolver(index.space)

    @property
    def analyzer(self) -> Any:
        """The index's networks, loaded (an `analysis.Analyzer`)."""
        if self._analyzer is None:
            from .analysis import Analyzer

            analyzer = Analyzer.load([n.name for n in self.index.space.networks], self._weights, self._device,
                                     settings=self.settings)
            if analyzer.space.weights_hashes != self.index.meta["weights_sha256"]:
                raise SegsearchError(f"weights of {analyzer.space.model_names} differ from those the index was "
                                     f"built with ({self.index.meta['weights_sha256'][:12]}…)")
            self._analyzer = analyzer
        return self._analyzer

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> "Searcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- class queries ----------------------------------------------------------------------
    def search(self, query: str, k: int = 20, offset: int = 0,
               filters: Filters | None = None) -> list[SearchHit]:
        """Images satisfying a class query, most prominent queried objects first, ties by path, or
        as the query says (`photo_order`): by when they were taken ("recent photos of my dog") or by
        how many of a thing they show ("the photo with the most people")."""
        ast = parse(query)
        if k < 1 or offset < 0:
            raise InputError(f"k must be at least 1 and offset at least 0 (got k={k}, offset={offset})")
        ranked, class_ids = self.index.top_images(ast, self.resolver, k, offset, _narrowed_by(query, filters),
                                                  order=photo_order(query))
        hits = [SearchHit(r.path, r.score, r.image_id, r.width, r.height, count=r.count) for r in ranked]
        by_id = {h.image_id: h for h in hits}
        segments = self.index.segments_of_labels(list(by_id), class_ids)
        shares = self.index.segment_colours([seg.id for seg in segments])
        asked: dict[int, set[str | None]] = {}
        members: dict[int, tuple[str, bool]] = {}  # label id → (concept, boxes)
        for concept, colours in asked_colours(ast).items():
            for member in self.resolver.resolve(concept):
                asked.setdefault(member.label_id, set()).update(colours)
                members.setdefault(member.label_id, (concept, member.boxes))
        shown: dict[int, list[tuple[Match, str, bool]]] = {}
        for seg in segments:
            match = self._match(seg, None, None, shares.get(seg.id))
            if _as_asked(match, asked.get(seg.class_id, {None}), shares.get(seg.id)):
                by_id[seg.image_id].matches.append(match)
                concept, boxes = members.get(seg.class_id, (match.class_name, False))
                shown.setdefault(seg.image_id, []).append((match, concept, boxes))
        for matches in shown.values():
            _mark_repeats(matches)
        return self._dated(hits)

    def _dated(self, hits: list[SearchHit]) -> list[SearchHit]:
        taken = self.index.taken([h.image_id for h in hits])
        for hit in hits:
            if (t := taken.get(hit.image_id)) is not None:
                hit.taken, hit.taken_from, hit.camera = t.at, t.source, t.camera
        return hits

    def found_apart(self, query: str, filters: Filters | None = None) -> list[Apart]:
        """Why a class query found nothing: each of its conditions alone, in words, and how many
        photos meet it. The conditions are the parts joined by AND ("people on the beach": person,
        beach), each said as words that search for it, and, where the words or `filters` narrow the
        photos (a date, a camera, a look, a folder), those photos (`Filters.described`). A count, a
        size or a colour of a thing that no photo meets comes with the thing alone (`Apart.broader`:
        "two dogs" found nothing, yet 7 photos show a dog). Empty for a query of one condition
        whose own answer says it all ("dog": no photo of a dog)."""
        ast = parse(query)
        parts = [] if ast == EVERY_PHOTO else list(ast.items) if isinstance(ast, And) else [ast]
        narrowed = _narrowed_by(query, filters)

        def apart(part: Node) -> Apart:
            photos = len(self.index.matching_images(part, self.resolver))
            thing = part.unnarrowed if isinstance(part, Term) and not photos else None
            return Apart(described(part), photos, True, None if thing is None else apart(thing))

        found = [apart(part) for part in parts]
        if narrowed is not None:
            found.append(Apart(narrowed.described(), len(self.index.filtered_images(narrowed)), False))
        return found if len(found) > 1 or any(a.broader for a in found) else []

    def matching_image_ids(self, query: str, networks: set[str] | None = None,
                           filters: Filters | None = None) -> set[int]:
        """Every image satisfying `query`; `networks` limits the evidence to some label sets,
        `filters` to some photos (folder, dates)."""
        resolver = self.resolver if networks is None else Resolver(self.index.space, frozenset(networks))
        return self.index.matching_images(parse(query), resolver, _narrowed_by(query, filters))

    # --- search by example ------------------------------------------------------------------
    def analyse(self, image: str | os.PathLike[str]) -> tuple[ImageRegions, str]:
        """Segment a query photo; returns its regions and its content hash."""
        path = Path(image).expanduser()
        if (problem := missing_photo(path)) is not None:
            raise InputError(problem)
        try:
            data, _ = read_regular_file(path)
        except ImageError as exc:
            raise InputError(f"cannot use {path} as a query image: {exc}") from None
        return self.analyse_data(data, str(path)), content_hash(data)

    def analyse_data(self, data: bytes, name: str = "the query image", max_pixels: int | None = None) -> ImageRegions:
        """Segment a query photo given as bytes (an upload: never written to disk)."""
        return self._analysis(data, name, max_pixels).regions

    def _analysis(self, data: bytes, name: str, max_pixels: int | None = None) -> Any:
        try:
            decoded = decode(io.BytesIO(data), self.analyzer.input_size, **({"max_pixels": max_pixels} if max_pixels else {}))
        except ImageError as exc:
            raise InputError(f"cannot use {name} as a query image: {exc}") from None
        return self.analyzer.analyse(decoded.image, decoded.original_size)

    def search_box(self, image: str | os.PathLike[str], box: tuple[int, int, int, int], k: int = 20,
                   any_class: bool = False, where: str | None = None,
                   filters: Filters | None = None) -> ExampleResult:
        """Photos with what is inside `box` (x0, y0, x1, y1 in the photo's pixels): the photo's
        objects that lie mostly inside the box (at least half of their box) are the query; when
        none does, the box itself is, embedded from the features under it and matched against
        segments of any class."""
        path = Path(image).expanduser()
        try:
            data, _ = read_regular_file(path)
        except ImageError as exc:
            raise InputError(f"cannot use {path} as a query image: {exc}") from None
        photo = self.analyzer.query_photo(self._analysis(data, str(path)))
        return self.search_box_photo(photo, box, k, any_class, where, filters,
                                     self._images_like(path, content_hash(data)))

    def query_photo(self, data: bytes, name: str = "the uploaded file", max_pixels: int | None = None) -> Any:
        """An analysed query photo (`analysis.QueryPhoto`) to search with again and again."""
        return self.analyzer.query_photo(self._analysis(data, name, max_pixels))

    def search_box_photo(self, photo: Any, box: tuple[int, int, int, int], k: int = 20, any_class: bool = False,
                         where: str | None = None, filters: Filters | None = None,
                         excluded: AbstractSet[int] = frozenset()) -> ExampleResult:
        """`search_box` on an analysed query photo."""
        w, h = photo.original_size
        x0, y0, x1, y1 = box
        if not (0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h):
            raise InputError(f"--box {x0},{y0},{x1},{y1} is not inside the {w}x{h} photo (x0,y0,x1,y1 with x0 < x1, y0 < y1)")
        if k < 1:
            raise InputError(f"k must be at least 1 (got {k})")
        inside = [seg for seg in distinct_objects(photo.regions.segments, self.index.space)
                  if _inside_fraction(seg.bbox, box) >= 0.5]
        if inside:
            return self.search_regions(ImageRegions(inside, photo.regions.image_embedding), k, None, any_class,
                                       where, excluded, filters)
        embedding = photo.box_embedding(box)
        allowed = self.matching_image_ids(where, filters=filters) if where else (
            self.index.filtered_images(filters) if filters else None)
        hits = self.search_embeddings(embedding[None], [0], [1.0], k, True, excluded, allowed)
        area = (x1 - x0) * (y1 - y0) / (w * h)
        return ExampleResult([QueryObject(1, "region", area, list(box), 1.0)], hits, whole_image=False)

    def search_image(self, image: str | os.PathLike[str], k: int = 20, object_number: int | None = None,
                     any_class: bool = False, where: str | None = None,
                     filters: Filters | None = None, mode: str = "combined") -> ExampleResult:
        """Photos with objects like those in a query photo (which is left out if it is indexed)."""
        regions, digest = self.analyse(image)
        excluded = self._images_like(Path(image), digest)
        return self.search_regions(regions, k, object_number, any_class, where, excluded, filters, mode)

    def search_images(self, images: list[str | os.PathLike[str]], k: int = 20, require_all: bool = True,
                      any_class: bool = False, where: str | None = None, filters: Filters | None = None,
                      mode: str = "combined") -> ExampleResult:
        """Photos like several query photos. With `require_all`, a result must be a match for every
        photo (it is among each photo's candidates) and scores the sum of its scores; otherwise any
        photo's match counts, with its best score. The query photos themselves are left out."""
        if len(images) < 2:
            raise InputError("search_images needs at least two photos; use search_image for one")
        pool = max(3 * k, 100)
        per_photo = [self.search_image(p, k=pool, any_class=any_class, where=where, filters=filters, mode=mode)
                     for p in images]
        objects: list[QueryObject] = []
        for r in per_photo:  # the objects numbered across the photos, and each photo's matches with them
            for m in (m for h in r.hits for m in h.matches):
                m.query_object = None if m.query_object is None else m.query_object + len(objects)
            objects += r.query_objects
        for n, o in enumerate(objects, start=1):
            o.number = n
        candidates: dict[int, SearchHit] = {}
        scores: dict[int, list[float]] = {}
        for r in per_photo:
            for h in r.hits:
                kept = candidates.setdefault(h.image_id, h)
                if kept is not h:  # a photo among several searches' results: what each matched in it
                    kept.matches += h.matches
                scores.setdefault(h.image_id, []).append(h.score)
        hits = []
        for image_id, hit in candidates.items():
            found = scores[image_id]
            if require_all and len(found) < len(images):
                continue
            hit.score = sum(found) if require_all else max(found)
            hits.append(hit)
        hits.sort(key=lambda h: (-round(h.score, 6), h.path))
        top = hits[:k]
        unmatched = [n for r in per_photo for n in unmatched_objects([o.number for o in r.query_objects], top)]
        return ExampleResult(objects, top, whole_image=all(r.whole_image for r in per_photo), unmatched=unmatched)

    def like(self, path: str | os.PathLike[str], k: int = 20, object_number: int | None = None,
             any_class: bool = False, where: str | None = None,
             filters: Filters | None = None, mode: str = "combined") -> ExampleResult:
        """More like an indexed photo, given by its path, from its stored segments (no
        re-segmentation): the same as `search_image` of that file, without the networks."""
        image_id = self.index.image_id_of(path)
        if image_id is None:
            raise InputError(f"{path} is not in the index: index it first, or use --image to analyse it")
        return self.search_indexed(image_id, k, object_number, any_class, where, filters, mode)

    def search_indexed(self, image_id: int, k: int = 20, object_number: int | None = None,
                       any_class: bool = False, where: str | None = None,
                       filters: Filters | None = None, mode: str = "combined") -> ExampleResult:
        """More like an indexed image, or one of its objects, from its stored segments."""
        regions = self.index.stored_regions(image_id)
        if regions is None:
            raise InputError(f"no indexed image with id {image_id}")
        return self.search_regions(regions, k, object_number, any_class, where, {image_id}, filters, mode)

    def search_regions(self, regions: ImageRegions, k: int = 20, object_number: int | None = None,
                       any_class: bool = False, where: str | None = None,
                       excluded: AbstractSet[int] = frozenset(),
                       filters: Filters | None = None, mode: str = "combined") -> ExampleResult:
        """Example search on a query image's regions. `mode`: "combined" (the default: object
        matches plus SCENE_WEIGHT x whole-image similarity, so results share the query's objects
        *and* look like its scene), "objects" (object matches only) or "scene" (whole-image
        similarity only). A query without objects is a scene search."""
        if mode not in ("combined", "objects", "scene"):
            raise InputError(f"unknown example-search mode {mode!r}: combined, objects or scene")
        if k < 1:
            raise InputError(f"k must be at least 1 (got {k})")
        regions = ImageRegions(distinct_objects(regions.segments, self.index.space), regions.image_embedding)
        objects = self._numbered(regions.segments)
        if object_number is not None and not 1 <= object_number <= len(objects):
            raise InputError(f"--object {object_number} does not exist: the query image has "
                             f"{len(objects)} object(s)")
        allowed = self.matching_image_ids(where, filters=filters) if where else None
        if filters and allowed is None:
            allowed = self.index.filtered_images(filters)
        if not objects or mode == "scene":
            hits = self.search_whole_image(regions.image_embedding, k, excluded, allowed)
            return ExampleResult(objects, hits, whole_image=True)
        chosen = [object_number - 1] if object_number else list(range(len(objects)))

        def result(hits: list[SearchHit]) -> ExampleResult:
            return ExampleResult(objects, hits, whole_image=False,
                                 unmatched=unmatched_objects([objects[i].number for i in chosen], hits))

        if mode == "objects":
            return result(self._object_search(regions, chosen, k, any_class, excluded, allowed))
        pool = max(3 * k, 100)  # candidates from both rankings, re-scored together
        by_objects = self._object_search(regions, chosen, pool, any_class, excluded, allowed)
        by_scene = self.search_whole_image(regions.image_embedding, pool, excluded, allowed)
        candidates = {h.image_id: h for h in by_scene}
        candidates.update({h.image_id: h for h in by_objects})
        object_score = {h.image_id: h.score for h in by_objects}
        scene = self.index.image_similarities(list(candidates), regions.image_embedding)
        hits = []
        for image_id, hit in candidates.items():
            hit.score = object_score.get(image_id, 0.0) + SCENE_WEIGHT * max(scene.get(image_id, 0.0), 0.0)
            hits.append(hit)
        hits.sort(key=lambda h: (-round(h.score, 6), h.path))
        return result(hits[:k])

    def query_objects(self, regions: ImageRegions) -> list[QueryObject]:
        """A query photo's objects as search numbers them (#1 the largest), one per thing seen."""
        return self._numbered(distinct_objects(regions.segments, self.index.space))

    def _numbered(self, segments: list[Segment]) -> list[QueryObject]:
        """The query's objects, numbered, with their colours: a photo's as analysed, a stored
        photo's (`like`) as stored, both read to the byte an index stores (the same answer)."""
        kept = self.index.segment_colours([s.segment_id for s in segments
                                           if s.colours is None and s.segment_id is not None])
        shares = [stored_shares(quantised(s.colours)) if s.colours is not None else kept.get(s.segment_id or 0)
                  for s in segments]
        return [QueryObject(i + 1, self.index.space.display(s.class_id), s.area, list(s.bbox), s.confidence,
                            None if c is None else describing(c)) for i, (s, c) in enumerate(zip(segments, shares))]

    def search_embeddings(self, embeddings: np.ndarray, class_ids: list[int], areas: list[float],
                          k: int = 20, any_class: bool = False, excluded: AbstractSet[int] = frozenset(),
                          allowed: set[int] | None = None) -> list[SearchHit]:
        """The aggregation core of example search, on given query-object embeddings."""
        self.index.refresh()  # a long-lived searcher sees every commit since it opened
        found: list[tuple[np.ndarray, np.ndarray]] = []  # per query object: (segment ids, sims), best first
        for emb, cls in zip(embeddings, class_ids):
            labels = list(range(len(self.index.space))) if any_class else [cls]
            k_search = min(self.index.segment_vector_count(labels), neighbours_per_object(k, len(excluded)))
            sims, ids = self.index.nearest_segments(labels, emb, k_search) if k_search else (np.zeros((1, 0)),) * 2
            keep = ids[0] >= 0
            found.append((ids[0][keep].astype(np.int64), sims[0][keep]))
        segments, images = self._images_of_segments(np.concatenate([ids for ids, _ in found]))
        per_object = []  # per query object: (image ids, sims, segment ids), each image's best segment
        for ids, sims in found:
            at = np.minimum(np.searchsorted(segments, ids), max(len(segments) - 1, 0))
            stored = segments[at] == ids if len(segments) else np.zeros(len(ids), bool)  # not deleted since
            ids, sims, image_ids = ids[stored], sims[stored], images[at[stored]]
            _, first = np.unique(image_ids, return_index=True)  # most similar first: an image's first hit is its best
            per_object.append((image_ids[first], sims[first], ids[first]))
        return self._rank(per_object, object_weights(areas), k, excluded, allowed)

    def _images_of_segments(self, segment_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(segment ids, their image ids), sorted by segment id, for the given segments that exist."""
        if not len(segment_ids):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        rows = self.index.images_of_segments(np.unique(segment_ids).tolist())
        pairs = np.fromiter(itertools.chain.from_iterable(rows), np.int64, 2 * len(rows)).reshape(-1, 2)
        pairs = pairs[np.argsort(pairs[:, 0])]
        return pairs[:, 0], pairs[:, 1]

    def _rank(self, per_object: list[tuple[np.ndarray, np.ndarray, np.ndarray]], weights: np.ndarray, k: int,
              excluded: AbstractSet[int], allowed: set[int] | None) -> list[SearchHit]:
        """Score = weighted sum over query objects of the image's best similarity (negatives as 0)."""
        image_ids = np.concatenate([i for i, _, _ in per_object])
        gains = np.concatenate([w * np.maximum(sims, 0.0) for w, (_, sims, _) in zip(weights, per_object)])
        candidates, slot = np.unique(image_ids, return_inverse=True)
        scores = np.bincount(slot, weights=gains, minlength=len(candidates))
        eligible = [(float(scores[j]), int(i)) for j, i in enumerate(candidates.tolist())
                    if i not in excluded and (allowed is None or i in allowed)]
        eligible.sort(key=lambda t: -t[0])
        top = eligible[: k * 2]  # ties are broken by path below, so fetch a little more
        best: dict[int, dict[int, tuple[float, int]]] = {i: {} for _, i in top}  # image → object → (sim, segment)
        for q, (ids, sims, segs) in enumerate(per_object):
            for image_id, sim, seg_id in zip(ids.tolist(), sims.tolist(), segs.tolist()):
                if image_id in best:
                    best[image_id][q] = (sim, seg_id)
        seg_ids = [sid for _, i in top for (_, sid) in best[i].values()]
        matched = self.index.segments_with_images(seg_ids)
        shares = self.index.segment_colours(list(matched))
        hits = []
        for score, image_id in top:
            matches = [self._match(matched[sid], q + 1, sim, shares.get(sid))
                       for q, (sim, sid) in sorted(best[image_id].items()) if sid in matched]
            if not matches:  # deleted since the vectors were loaded
                continue
            row = matched[matches[0].segment_id]  # carries the image's path and size
            hits.append(SearchHit(row.path, score, image_id, row.width, row.height, matches))
        hits.sort(key=lambda h: (-round(h.score, 6), h.path))
        return self._dated(hits[:k])

    def _object_search(self, regions: ImageRegions, chosen: list[int], k: int, any_class: bool,
                       excluded: AbstractSet[int], allowed: set[int] | None) -> list[SearchHit]:
        segs = [regions.segments[i] for i in chosen]
        hits = self.search_embeddings(np.vstack([s.embedding for s in segs]), [s.class_id for s in segs],
                                      [s.area for s in segs], k, any_class, excluded, allowed)
        if len(chosen) == 1 and chosen[0] != 0:  # report the user's numbering
            for hit in hits:
                for m in hit.matches:
                    m.query_object = chosen[0] + 1
        return hits

    def search_whole_image(self, embedding: np.ndarray, k: int = 20, excluded: AbstractSet[int] = frozenset(),
                           allowed: set[int] | None = None) -> list[SearchHit]:
        """Images ranked by cosine similarity of whole-image embeddings."""
        self.index.refresh()
        total = self.index.image_vector_count()
        if total == 0:
            return []
        sims, ids = self.index.nearest_images(embedding, min(total, k + len(excluded) + 50))
        scored = [(float(s), int(i)) for s, i in zip(sims[0], ids[0])
                  if i >= 0 and i not in excluded and (allowed is None or i in allowed)]
        rows = self.index.image_rows([i for _, i in scored])
        hits = [SearchHit(rows[i].path, sim, i, rows[i].width, rows[i].height) for sim, i in scored if i in rows]
        hits.sort(key=lambda h: (-round(h.score, 6), h.path))
        return self._dated(hits[:k])

    def _match(self, seg: Any, query_object: int | None, similarity: float | None,
               shares: np.ndarray | None = None) -> Match:
        return Match(query_object, self.index.space.display(seg.class_id), similarity,
                     [seg.x0, seg.y0, seg.x1, seg.y1], seg.id, seg.area,
                     colours=None if shares is None else describing(shares))

    def _images_like(self, path: Path, digest: str) -> set[int]:
        """Index rows of the query file itself (same path or same content)."""
        return self.index.images_like(os.fsencode(os.path.abspath(path)), digest)
