"""AST → SQLAlchemy expressions over `image_classes` (one row per image and label), correlated to an
image-id column (`images.id` by default, or a candidate list's column). No SQL text is built from
user input: every value is a bound parameter.

A term names a *concept*; a `Resolver` turns it into the index's labels (`Member`s). Where one
network knows the concept, the concept is present when that network stored a segment of it. Where
several do, their evidence is **fused**: present when at least two networks saw it, or when a
detector found an instance with confidence (a box scoring at least STRONG_DETECTION_SCORE). One
per-pixel network alone no longer decides a shared concept (its stray pixels were the main source
of false positives), two agreeing sightings keep recall, and a confident box is instance-level
evidence on its own. The thresholds are conventional operating points (a detector's 0.5, a few
percent of the photo for stuff), not fitted photo by photo; on the shared photos this rule was
chosen over "any strong evidence or two votes" and "two votes only" (README, Quality).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import ColumnElement, and_, case, exists, false, func, not_, or_, select, true
from sqlalchemy.sql.elements import ColumnElement as _Col

from ..errors import QueryError
from ..labels import LabelSpace
from ..store.schema import ImageClass, ImageRow, SegmentRow
from ..vocabulary import vocabulary
from .parser import And, Node, Not, Or, Term

STRONG_DETECTION_SCORE = 0.5
# Any sighting at all ("weak" evidence): what the index stored, with two floors that keep a photo's
# incidental background out of "photos of X": stuff must cover STUFF_PRESENCE of the photo, a box
# BOX_PRESENCE.
STUFF_PRESENCE = 0.03
BOX_PRESENCE = 0.0

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}


@dataclass(frozen=True)
class Member:
    """One label of the index that answers for a concept."""

    label_id: int
    kind: str  # thing | stuff
    boxes: bool  # from a detector (instances with scores) rather than a per-pixel network
    network: str  # the label set: voc, ade20k, coco


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
            found.append(Member(label_id, entry.labels.labels[local].kind, boxes, net))
        return tuple(found)

    def resolve(self, concept: str) -> tuple[Member, ...]:
        """The members, or QueryError naming the networks that would answer."""
        found = self.members(concept)
        if not found:
            nets = sorted({net for net, _ in vocabulary().concepts[concept].members})
            raise QueryError(f"'{concept}' is answered by the {' or '.join(nets)} network, which this index "
                             f"was not built with (it has {', '.join(e.labels.network for e in self.space.networks)});"
                             f" re-index with --models including {nets[0]}")
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


def _weak(member: Member, image_id: _Col) -> ColumnElement[bool]:
    if member.boxes:
        return exists().where(SegmentRow.image_id == image_id, SegmentRow.class_id == member.label_id,
                              SegmentRow.area >= BOX_PRESENCE)
    if member.kind == "stuff":
        return _row_exists([member.label_id], image_id, ImageClass.area >= STUFF_PRESENCE)
    return _row_exists([member.label_id], image_id)


def _confident_box(member: Member, image_id: _Col) -> ColumnElement[bool]:
    return exists().where(SegmentRow.image_id == image_id, SegmentRow.class_id == member.label_id,
                          SegmentRow.confidence >= STRONG_DETECTION_SCORE)


def present(members: tuple[Member, ...], image_id: _Col) -> ColumnElement[bool]:
    """The fused presence rule (see the module docstring)."""
    by_network: dict[str, list[Member]] = {}
    for m in members:
        by_network.setdefault(m.network, []).append(m)
    if len(by_network) == 1:
        return or_(*(_weak(m, image_id) for m in members))
    votes = sum((case((or_(*(_weak(m, image_id) for m in ms)), 1), else_=0) for ms in by_network.values()),
                start=case((false(), 1), else_=0))
    return or_(*(_confident_box(m, image_id) for m in members if m.boxes), votes >= 2)


def _counted(members: tuple[Member, ...]) -> tuple[Member, ...]:
    """Members that count instances best: a detector's boxes, else things, else all."""
    return (tuple(m for m in members if m.boxes) or tuple(m for m in members if m.kind == "thing")
            or members)


def _term(term: Term, resolver: Resolver, image_id: _Col) -> ColumnElement[bool]:
    members = resolver.resolve(term.class_name)
    default_count = (term.count_op, term.count) in ((">=", 1), (">", 0))
    if default_count and term.area_op is None:
        return present(members, image_id)
    if (term.count_op, term.count) in (("=", 0), ("<", 1), ("<=", 0)) and term.area_op is None:
        return not_(present(members, image_id))
    upper = term.count_op in ("<", "<=")  # "fewer than": no network may see more
    parts: list[ColumnElement[bool]] = []
    for m in (members if default_count else _counted(members)):
        conditions: list[ColumnElement[bool]] = []
        if not default_count:
            conditions.append(_OPS[term.count_op](_class_value(ImageClass.count, m.label_id, image_id), term.count))
        if term.area_op is not None:
            conditions.append(_OPS[term.area_op](_class_value(ImageClass.area, m.label_id, image_id), term.area))
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
