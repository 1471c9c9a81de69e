"""Every SQL statement search needs, behind functions that `Index` calls (callers above the store
never see SQL): query ASTs compiled to SQLAlchemy expressions over `image_classes` (one row per
image and label), ranked class search, and the id-list statements of example search. No SQL text
is built from user input: every value is a bound parameter.

A term names a *concept*; a `Resolver` turns it into the index's labels (`Member`s). A network
*sighted* a label in a photo when it stored a segment of it: stuff from STUFF_PRESENCE of the
photo, things at any size (a region passed `min_area` when stored, a box its score threshold).

Where one network knows the concept, it is present when that network sighted it. Where several
do, their evidence is **fused**: present when at least two networks sighted it, or when one whose
label set lets that kind of label decide alone (`LabelSet.alone`: the detector and VOC's network
for things, ADE20K's for stuff) did, a per-pixel network only with a confident sighting (its
regions' mean class probability, area-weighted, at least CONFIDENT_ALONE). ADE20K's stray thing
pixels, the main source of false positives, count only with a second network's agreement, and so
do a segmentation's unsure regions; two agreeing segmentations add what the detector missed. The
thresholds are conventional operating points (a detector's 0.25, a few percent of the photo for
stuff), not fitted photo by photo; README, Quality, lists the rules compared on the shared photos.
"""

from __future__ import annotations

import datetime
import functools
import math
import operator
import os
from dataclasses import dataclass, replace
from typing import Any, Callable

from sqlalchemy import (ColumnElement, Float, Integer, Select, String, and_, bindparam, case, exists, false, func, not_,
                        or_, select, true, union)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement as _Col

from ..errors import QueryError
from ..labels import LabelSpace
from ..query.parser import EVERY_PHOTO, And, CountOrder, Node, Not, Or, Term
from ..vocabulary import ANY_THING, SHAPE_MEANS, vocabulary
from ..colours import COLOURS, DESCRIBES, MONOCHROME
from .schema import ImageClass, ImageColour, ImageRow, Meta, SegmentColour, SegmentRow

# Any sighting at all ("weak" evidence): what the index stored (a stored box has passed its
# detector's score threshold), with one floor that keeps a photo's incidental background out of
# "photos of X": stuff must cover STUFF_PRESENCE of the photo.
STUFF_PRESENCE = 0.03
# A per-pixel network's sighting decides a concept other networks know too only when its regions'
# area-weighted mean class probability (image_classes: score / area) reaches this; an unsure one
# is a vote. Compared on the shared photos from 0.6 to 0.95: the same from 0.75 to 0.8, where it
# removed 7 false photos over 5 object words (boat, bottle, chair, couch, dog) and lost none.
CONFIDENT_ALONE = 0.75

COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}


@dataclass(frozen=True)
class Member:
    """One label of the index that answers for a concept."""

    label_id: int
    kind: str  # thing | stuff
    boxes: bool  # from a detector (instances with scores) rather than a per-pixel network
    network: str  # the label set: voc, ade20k, coco
    floor: float = 0.0  # the least area (fraction of the photo) of a sighting
    alone: bool = True  # a sighting decides a concept other networks know too (`LabelSet.alone`)
    confident: float = 0.0  # ... then only with at least this mean confidence (CONFIDENT_ALONE)


@dataclass(frozen=True)
class Resolver:
    """Concept → the index's labels, optionally limited to some networks (evaluation compares
    each network alone with the fusion of all). Hashable, so compiled plans can be cached."""

    space: LabelSpace
    networks: frozenset[str] | None = None  # label-set names to use; None: all

    def members(self, concept: str) -> tuple[Member, ...]:
        found = []
        for net, label in vocabulary().concepts[concept].members:
            if self.networks is not None and net not in self.networks:
                continue
            label_id = self.space.label_id(net, label)
            if label_id is None:
                continue
            entry, local = self.space.locate(label_id)
            boxes = entry.name.startswith("yolox")
            kind = entry.labels.labels[local].kind
            floor = STUFF_PRESENCE if kind == "stuff" and not boxes else 0.0
            # any thing's labels are not one thing that several networks see: one vote, never fused
            found.append(Member(label_id, kind, boxes, ANY_THING if concept == ANY_THING else net, floor,
                                kind in entry.labels.alone, 0.0 if boxes else CONFIDENT_ALONE))
        return tuple(found)

    def resolve(self, concept: str) -> tuple[Member, ...]:
        """The members, or QueryError naming the networks that would answer."""
        found = self.members(concept)
        if not found:
            nets = sorted({net for net, _ in vocabulary().concepts[concept].members})
            built = [e.labels.network for e in self.space.networks]
            if self.networks is not None and set(nets) & set(built):
                raise QueryError(f"'{concept}' is answered by the {' or '.join(nets)} network, which this search "
                                 f"leaves out (it uses {', '.join(sorted(self.networks & set(built)))})")
            raise QueryError(f"'{concept}' is answered by the {' or '.join(nets)} network, which this index "
                             f"was not built with (it has {', '.join(built)}); re-index with --models including {nets[0]}")
        return found

    def label_ids(self, concepts: list[str]) -> list[int]:
        ids: list[int] = []
        for concept in concepts:
            ids += [m.label_id for m in self.resolve(concept) if m.label_id not in ids]
        return ids


def _class_value(column: Any, class_id: int, image_id: _Col) -> ColumnElement:
    """This image's value of an image_classes column for one label, 0 when the label is absent."""
    return func.coalesce(select(column).where(ImageClass.image_id == image_id,
                                              ImageClass.class_id == class_id).scalar_subquery(), 0)


def _row_exists(ids: list[int], image_id: _Col, *extra: ColumnElement[bool]) -> ColumnElement[bool]:
    class_cond = ImageClass.class_id == ids[0] if len(ids) == 1 else ImageClass.class_id.in_(ids)
    return exists().where(ImageClass.image_id == image_id, class_cond, *extra)


def _sighted(member: Member, image_id: _Col, deciding: bool = False) -> ColumnElement[bool]:
    """A sighting of the member's label; with `deciding`, one that may decide alone."""
    extra = [ImageClass.area >= member.floor] if member.floor > 0.0 else []
    if deciding and member.confident > 0.0:
        extra.append(ImageClass.score >= member.confident * ImageClass.area)
    return _row_exists([member.label_id], image_id, *extra)


def present(members: tuple[Member, ...], image_id: _Col) -> ColumnElement[bool]:
    """The fused presence rule (see the module docstring)."""
    by_network: dict[str, list[Member]] = {}
    for m in members:
        by_network.setdefault(m.network, []).append(m)
    if len(by_network) == 1:  # any sighting; those of no least area in one statement
        plain = [m.label_id for m in members if m.floor <= 0.0]
        return or_(*([_row_exists(plain, image_id)] if plain else []), *(_sighted(m, image_id) for m in members
                                                                          if m.floor > 0.0))
    votes = sum((case((or_(*(_sighted(m, image_id) for m in ms)), 1), else_=0) for ms in by_network.values()),
                start=case((false(), 1), else_=0))
    return or_(*(_sighted(m, image_id, deciding=True) for m in members if m.alone), votes >= 2)


def _any_sighting_decides(members: tuple[Member, ...]) -> bool:
    """Whether `present` holds wherever any member has a stored segment: one network's labels (or
    `any thing`'s, never fused), none with a least area."""
    return len({m.network for m in members}) == 1 and all(m.floor <= 0.0 for m in members)


def counted_members(members: tuple[Member, ...]) -> tuple[Member, ...]:
    """Members that count instances best: a detector's boxes, else things, else all."""
    return (tuple(m for m in members if m.boxes) or tuple(m for m in members if m.kind == "thing")
            or members)


def how_many(members: tuple[Member, ...], image_id: Any = ImageRow.id) -> ColumnElement:
    """How many of a concept a photo shows, as count filters read it ("3 dogs": some counted member
    has 3): the largest count of its `counted_members`; where they have none but another member
    has some (people the segmentations agree on and the detector did not box), 1, as one region
    may be several people and several regions one person; 0 where none is stored."""
    def largest(chosen: tuple[Member, ...]) -> ColumnElement:
        counts = [_class_value(ImageClass.count, m.label_id, image_id) for m in chosen]
        return counts[0] if len(counts) == 1 else func.max(*counts)  # SQLite's max of several values

    counted = counted_members(members)
    others = tuple(m for m in members if m not in counted)
    return func.max(largest(counted), func.min(1, largest(others))) if others else largest(counted)


def coloured_as(members: tuple[Member, ...], colour: str, image_id: _Col) -> ColumnElement[bool]:
    """Some segment of the members' labels is mostly `colour` (`ImageColour`)."""
    return exists().where(ImageColour.image_id == image_id, ImageColour.colour == COLOURS.index(colour),
                          ImageColour.class_id.in_([m.label_id for m in members]), ImageColour.share >= DESCRIBES)


def _term(term: Term, resolver: Resolver, image_id: _Col) -> ColumnElement[bool]:
    """A term's condition; a colour asks as well that some segment of the concept be mostly that
    colour ("two red cars": two cars, one of them at least red; "no red car": none is)."""
    members = resolver.resolve(term.class_name)
    if term.colour is None:
        return _uncoloured_term(term, members, image_id)
    if term.at_least_one and term.area_op is None and _any_sighting_decides(members):
        return coloured_as(members, term.colour, image_id)  # a segment of the colour is itself a sighting
    if term.none:
        return not_(coloured_as(members, term.colour, image_id))
    return and_(_uncoloured_term(term, members, image_id), coloured_as(members, term.colour, image_id))


def _uncoloured_term(term: Term, members: tuple[Member, ...], image_id: _Col) -> ColumnElement[bool]:
    default_count = term.at_least_one
    if default_count and term.area_op is None:
        return present(members, image_id)
    if term.none:
        return not_(present(members, image_id))
    upper = term.count_op in ("<", "<=")  # "fewer than": no network may see more
    parts: list[ColumnElement[bool]] = []
    for m in (members if default_count else counted_members(members)):
        conditions: list[ColumnElement[bool]] = []
        if not default_count:
            conditions.append(COMPARISONS[term.count_op](_class_value(ImageClass.count, m.label_id, image_id), term.count))
        if term.area_op is not None:
            conditions.append(COMPARISONS[term.area_op](_class_value(ImageClass.area, m.label_id, image_id), term.area))
        parts.append(and_(*conditions))
    area_upper = term.area_op in ("<", "<=")
    return and_(*parts) if upper or (area_upper and default_count) else or_(*parts)


def compile_condition(node: Node, resolver: Resolver, image_id: Any = ImageRow.id) -> ColumnElement[bool]:
    """A boolean expression that holds for the images (ids in `image_id`) satisfying the query."""
    if isinstance(node, Term):
        return _term(node, resolver, image_id)
    if isinstance(node, Not):
        return not_(compile_condition(node.item, resolver, image_id))
    parts = [compile_condition(item, resolver, image_id) for item in node.items]
    if isinstance(node, And):
        return and_(true(), *parts)
    if isinstance(node, Or):
        return or_(false(), *parts)
    raise TypeError(f"unknown query node {node!r}")


def prominence(class_ids: list[int], image_id: Any = ImageRow.id) -> ColumnElement:
    """Sum over the queried labels of area x confidence: the ranking score (agreeing networks add)."""
    if not class_ids:
        return func.coalesce(None, 0.0)
    return func.coalesce(select(func.sum(ImageClass.score)).where(
        ImageClass.image_id == image_id, ImageClass.class_id.in_(class_ids)).scalar_subquery(), 0.0)


@dataclass(frozen=True)
class RankedImage:
    image_id: int
    path: str
    width: int
    height: int
    score: float
    # when taken (POSIX time), for a query of dates or looks alone ("photos from 2019"), which
    # ranks by it, newest first; None where the score ranks (ties by path)
    taken: float | None = None
    count: int | None = None  # how many of the thing a query ranks by (`CountOrder`); None: not so ranked


TIE = 1e-9  # scores closer than this are ties (ordered by path)


@dataclass(frozen=True)
class _RankedPlan:
    """The statements of ranked class search for one query, built once (statement building costs
    more than running them on small indexes); depths, bounds and limits are bound parameters."""

    class_ids: tuple[int, ...]
    head_scores: Select  # scores of the satisfying images among the heads of the score lists
    list_ends: Select  # per class: the image at depth `depth`, if the list is that long
    scores_at_depth: Select  # per class: the score at depth `depth`
    best: Select  # (image_id, score) of satisfying candidates at or above their class's bound
    tied: Select  # the same, every one scoring `at_least`


@functools.lru_cache(maxsize=256)
def _ranked_plan(ast: Node, class_ids: tuple[int, ...], resolver: Resolver, scope: Filters | None = None) -> _RankedPlan:
    depth, limit = bindparam("depth", type_=Integer), bindparam("limit", type_=Integer)

    def score_list(c: int) -> Select:
        return select(ImageClass.image_id, ImageClass.score).where(ImageClass.class_id == c) \
            .order_by(ImageClass.score.desc())

    heads = union(*(select(h.c.image_id) for h in (score_list(c).limit(depth).subquery() for c in class_ids)))
    probe = _satisfying(ast, class_ids, heads.subquery().c.image_id, resolver, scope).subquery()
    at_depth = [score_list(c).limit(1).offset(depth - 1).subquery() for c in class_ids]
    candidates = union(*(select(ImageClass.image_id).where(
        ImageClass.class_id == c, ImageClass.score >= bindparam(f"bound_{c}", type_=Float))
        for c in class_ids)).subquery()
    ranked = _satisfying(ast, class_ids, candidates.c.image_id, resolver, scope).subquery()
    return _RankedPlan(
        class_ids,
        select(probe.c.score).order_by(probe.c.score.desc()).limit(limit),
        select(*(select(a.c.image_id).scalar_subquery() for a in at_depth)),
        select(*(select(a.c.score).scalar_subquery() for a in at_depth)),
        select(ranked).order_by(ranked.c.score.desc()).limit(limit),
        select(ranked).where(ranked.c.score >= bindparam("at_least", type_=Float)))


def top_by_threshold(s: Session, ast: Node, class_ids: list[int], limit: int,
                     resolver: Resolver, scope: Filters | None = None) -> list[RankedImage]:
    """The `limit` best images for a class query (score = sum of the queried classes' image_classes
    scores, ties by path) without examining every image, after Fagin's threshold algorithm: a
    score floor that `limit` satisfying images are known to reach, then per class a bound, the
    bounds summing to at most the floor. An image below every bound scores below the floor, so
    only images at or above some class's bound can rank: one covering range read per class on
    ix_image_classes_class_score, checked and ordered by SQLite in one statement. Correct only
    when every satisfying image has a row in one of the lists (`requires_a_positive_class`)."""
    plan = _ranked_plan(ast, tuple(class_ids), resolver, scope)
    bounds = _list_bounds(s, plan, _score_floor(s, plan, limit))
    params = {f"bound_{c}": bound - TIE for c, bound in bounds.items()}
    best = s.execute(plan.best, {**params, "limit": limit + 1}).all()
    if len(best) > limit and best[limit].score >= best[limit - 1].score - TIE:  # a tie at the cut
        best = s.execute(plan.tied, {**params, "at_least": best[limit - 1].score - TIE}).all()
    scores = {r.image_id: float(r.score) for r in best}
    images = s.execute(select(ImageRow.id, ImageRow.path, ImageRow.width, ImageRow.height)
                       .where(ImageRow.id.in_(scores), ImageRow.status == "indexed")).all()
    hits = [RankedImage(r.id, r.path, r.width, r.height, scores[r.id]) for r in images]
    hits.sort(key=lambda h: (-h.score, h.path))
    return hits[:limit]


TIME_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


def by_date(ast: Node, order: str | CountOrder | None) -> bool:
    """Whether a search ranks its photos by when they were taken (`order` "newest" or "oldest", or
    dates or looks alone, newest first) rather than by score or a count (`CountOrder`): one rule
    for an index and its shards."""
    return isinstance(order, str) or ast == EVERY_PHOTO


def ranking_key(hit: RankedImage, ast: Node, order: str | CountOrder | None) -> tuple[float, float, str]:
    """The key that orders a search's photos, as `Index.top_images` orders them: by when taken
    (undated last), by a count (`CountOrder`; score breaks ties), or by score; ties by path."""
    if by_date(ast, order):
        sign = 1 if order == "oldest" else -1  # newest first unless told
        return (math.inf if hit.taken is None else sign * hit.taken, 0.0, hit.path)
    if isinstance(order, CountOrder):
        return ((-1 if order.most else 1) * (hit.count or 0), -hit.score, hit.path)
    return (-hit.score, 0.0, hit.path)


def taken_text(posix: float) -> str:
    """A POSIX time a photo was taken as the date filters read it, UTC: "2019-07-04T10:00:00"
    (`taken_time` reads its first ten characters back as that day)."""
    return datetime.datetime.fromtimestamp(posix, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def taken_time(text: str) -> float:
    """A date (YYYY-MM-DD, optionally with a time) as the POSIX time a date filter compares with:
    read as UTC, as EXIF times are, so a day means the camera's calendar day. ValueError otherwise."""
    import datetime

    for form in TIME_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), form).replace(tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")


PANORAMA = 2.0  # a panorama is at least this many times as long one way as the other
SQUARE = 1.02  # a square photo is at most this many times as long one way as the other


@dataclass(frozen=True)
class Filters:
    """Which photos a search may return: under a folder (raw-path prefix ending in '/'), taken at
    or after / before POSIX times (EXIF time, else the file's mtime), black and white only
    (`colours.MONOCHROME`) or in colour only, of one shape (`vocabulary.SHAPE_MEANS`: taller than wide,
    wider than tall, at least `PANORAMA` times as long one way as the other, or square within
    `SQUARE`; of the upright photo) or, as "not vertical", of any other."""

    folder: bytes | None = None
    taken_after: float | None = None
    taken_before: float | None = None
    monochrome: bool = False
    shape: str | None = None
    coloured: bool = False
    camera: tuple[str, ...] = ()  # words one of which the camera's make and model holds ("iphone")

    @classmethod
    def of(cls, under: str | os.PathLike[str] | None = None, taken_after: float | None = None,
           taken_before: float | None = None) -> "Filters | None":
        """Filters from a folder path and POSIX times; None when nothing is filtered."""
        folder = None
        if under is not None:
            folder = os.fsencode(os.path.abspath(os.path.expanduser(os.fspath(under)))).rstrip(b"/") + b"/"
        made = cls(folder, taken_after, taken_before)
        return made if made else None

    def described(self) -> str:
        """The photos these filters keep, in words: "photos taken 2019-01-01 to 2019-12-31, in
        black and white"."""
        def day(posix: float) -> str:
            return taken_text(posix)[:10]

        said = [f"under {os.fsdecode(self.folder)}"] if self.folder else []
        if self.taken_after is not None or self.taken_before is not None:
            last = None if self.taken_before is None else day(self.taken_before - 1)
            first = None if self.taken_after is None or day(self.taken_after) <= "1800-01-01" else self.taken_after
            said.append(f"taken {day(first)} to {last}" if first is not None and last
                        else f"taken from {day(first)}" if first is not None else f"taken up to {last}")
        said += ["in black and white"] * self.monochrome + ["in colour"] * self.coloured
        said += [f"taken with {' or '.join(self.camera)}"] if self.camera else []
        said += [f"that are {self.shape}"] if self.shape else []
        return "photos " + ", ".join(said)

    def __bool__(self) -> bool:
        return self.monochrome or self.coloured or bool(self.camera) or any(
            v is not None for v in (self.folder, self.taken_after, self.taken_before, self.shape))

    @staticmethod
    def black_and_white(filters: "Filters | None") -> "Filters":
        """`filters` (or none) narrowed to black-and-white photos."""
        return replace(filters or Filters(), monochrome=True)

    @staticmethod
    def in_colour(filters: "Filters | None") -> "Filters":
        """`filters` (or none) narrowed to photos in colour: not black and white."""
        return replace(filters or Filters(), coloured=True)

    @staticmethod
    def shaped(filters: "Filters | None", shape: str) -> "Filters":
        """`filters` (or none) narrowed to photos of one shape, or ("not vertical") of any other."""
        if shape.removeprefix("not ") not in SHAPE_MEANS:
            raise ValueError(f"not a shape: {shape!r}")
        return replace(filters or Filters(), shape=shape)

    @staticmethod
    def by_camera(filters: "Filters | None", words: tuple[str, ...]) -> "Filters":
        """`filters` (or none) narrowed to photos whose camera (EXIF make and model, lower case)
        holds one of `words`."""
        base = filters or Filters()
        return replace(base, camera=tuple(dict.fromkeys(base.camera + words)))

    @staticmethod
    def within_days(filters: "Filters | None", first: datetime.date, end: datetime.date) -> "Filters":
        """`filters` (or none) narrowed to photos taken from the day `first` up to the day `end`
        (dates, `end` not included)."""
        base = filters or Filters()
        after, before = taken_time(first.isoformat()), taken_time(end.isoformat())
        return replace(base, taken_after=max(after, base.taken_after if base.taken_after is not None else after),
                       taken_before=min(before, base.taken_before if base.taken_before is not None else before))

    def condition(self, image_id: Any = ImageRow.id) -> ColumnElement[bool]:
        img = aliased(ImageRow)  # its own name, so that it correlates with an outer `images` too
        parts: list[ColumnElement[bool]] = [img.id == image_id]
        if self.folder is not None:  # a range on the unique index of raw paths ('/' + 1 is '0')
            parts += [img.raw_path >= self.folder, img.raw_path < self.folder[:-1] + b"0"]
        if self.taken_after is not None:
            parts.append(img.taken_at >= self.taken_after)
        if self.taken_before is not None:
            parts.append(img.taken_at < self.taken_before)
        if self.monochrome:
            parts.append(img.chroma <= MONOCHROME)
        if self.coloured:
            parts.append(img.chroma > MONOCHROME)
        if self.camera:  # any of the cameras said ("photos from my iphone and my canon")
            parts.append(or_(*(img.camera.contains(word, autoescape=True) for word in self.camera)))
        if self.shape is not None:
            shape = self.shape.removeprefix("not ")
            if shape == "panorama":
                shaped = or_(img.width >= PANORAMA * img.height, img.height >= PANORAMA * img.width)
            elif shape == "square":
                shaped = and_(img.width <= SQUARE * img.height, img.height <= SQUARE * img.width, img.width > 0)
            else:
                shaped = img.height > img.width if shape == "vertical" else img.width > img.height
            parts.append(not_(shaped) if self.shape.startswith("not ") else shaped)
        return exists().where(*parts)


def scoped(ast: Node, resolver: Resolver, image_id: Any, filters: Filters | None) -> ColumnElement[bool]:
    """The query's condition, limited by `filters` when given."""
    condition = compile_condition(ast, resolver, image_id)
    return condition if not filters else and_(condition, filters.condition(image_id))


def _satisfying(ast: Node, class_ids: tuple[int, ...], image_id: Any, resolver: Resolver,
                scope: Filters | None = None) -> Select:
    """(image_id, score) of the images in the column `image_id` that satisfy the query."""
    return select(image_id.label("image_id"), prominence(list(class_ids), image_id).label("score")) \
        .where(scoped(ast, resolver, image_id, scope))


def _score_floor(s: Session, plan: _RankedPlan, limit: int, rounds: int = 3) -> float:
    """A score that `limit` satisfying images reach, from checking the images at the head of each
    class's score list (read deeper while too few satisfy); 0 when not found in a few rounds."""
    depth = max(64, 2 * limit)
    for _ in range(rounds):
        scores = s.scalars(plan.head_scores, {"depth": depth, "limit": limit}).all()
        if len(scores) == limit:
            return float(scores[-1])
        if all(end is None for end in s.execute(plan.list_ends, {"depth": depth}).one()):
            return 0.0  # every list read to its end
        depth *= 8
    return 0.0


def _list_bounds(s: Session, plan: _RankedPlan, floor: float) -> dict[int, float]:
    """Per class a score bound, the bounds summing to at most `floor`: the scores at the shallowest
    depth (doubling) where every list's score sums to at most the floor, the slack shared out."""
    if floor <= 0.0:
        return {c: 0.0 for c in plan.class_ids}
    depth = 64
    while True:
        at_depth = {c: score or 0.0 for c, score in
                    zip(plan.class_ids, s.execute(plan.scores_at_depth, {"depth": depth}).one())}
        slack = floor - sum(at_depth.values())
        if slack >= 0.0:
            return {c: bound + slack / len(plan.class_ids) for c, bound in at_depth.items()}
        depth *= 2


# Everything the in-memory class lists (postings.ClassLists) hold.
CLASS_ROWS = select(ImageClass.image_id, ImageClass.class_id, ImageClass.count, ImageClass.area, ImageClass.score)
INDEXED_IN_PATH_ORDER = select(ImageRow.id).where(ImageRow.status == "indexed").order_by(ImageRow.path)

MATCH_COLUMNS = (SegmentRow.id, SegmentRow.image_id, SegmentRow.class_id, SegmentRow.area,
                  SegmentRow.x0, SegmentRow.y0, SegmentRow.x1, SegmentRow.y1)


def _id_list() -> Select:
    """The ids in the JSON-array parameter `ids`: a list of hundreds of ids binds as one value."""
    return select(func.json_each(bindparam("ids", type_=String)).table_valued("value").c.value)


EMBEDDINGS = {table.__tablename__: select(table.id, table.embedding)
              .where(table.id.in_(_id_list()), table.embedding.is_not(None)) for table in (ImageRow, SegmentRow)}
IMAGES_OF_SEGMENTS = select(SegmentRow.id, SegmentRow.image_id).where(SegmentRow.id.in_(_id_list()))
SEGMENTS_OF_IMAGES = select(*MATCH_COLUMNS).where(SegmentRow.image_id.in_(_id_list())).order_by(SegmentRow.area.desc())
IMAGE_ROWS = select(ImageRow.id, ImageRow.path, ImageRow.width, ImageRow.height).where(ImageRow.id.in_(_id_list()))
TAKEN = select(ImageRow.id, ImageRow.taken_at, ImageRow.taken_from).where(ImageRow.id.in_(_id_list()))
TAKEN_WITH_CAMERA = TAKEN.add_columns(ImageRow.camera)  # schema 7 on: the camera's EXIF make and model
SEGMENT_COLOURS = select(SegmentColour.segment_id, SegmentColour.shares).where(SegmentColour.segment_id.in_(_id_list()))
GENERATION = select(Meta.value).where(Meta.key == "generation")
MATCHED_SEGMENTS = (select(*MATCH_COLUMNS, ImageRow.path, ImageRow.width, ImageRow.height)
                     .join(ImageRow, ImageRow.id == SegmentRow.image_id).where(SegmentRow.id.in_(_id_list())))
