"""AST → SQLAlchemy expressions over `image_classes` (one row per image and class), correlated to
an image-id column (`images.id` by default, or a candidate list's column). No SQL text is built
from user input: every value is a bound parameter."""

from __future__ import annotations

import operator
from typing import Callable

from sqlalchemy import ColumnElement, and_, exists, false, func, not_, or_, select, true
from sqlalchemy.sql.elements import ColumnElement as _Col

from ..classes import CLASS_ID
from ..store.schema import ImageClass, ImageRow
from .parser import And, Node, Not, Or, Term

_OPS: dict[str, Callable[[object, object], ColumnElement[bool]]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}


def _class_value(column: _Col, class_id: int, image_id: _Col) -> ColumnElement:
    """This image's value of an image_classes column for one class, 0 when the class is absent."""
    return func.coalesce(select(column).where(ImageClass.image_id == image_id,
                                              ImageClass.class_id == class_id).scalar_subquery(), 0)


def _term(term: Term, image_id: _Col) -> ColumnElement[bool]:
    class_id = CLASS_ID[term.class_name]
    conditions: list[ColumnElement[bool]] = []
    if (term.count_op, term.count) == (">=", 1) or (term.count_op == ">" and term.count == 0):
        # the common case as EXISTS on the primary key; area bounds join the same row
        row_cond = [ImageClass.image_id == image_id, ImageClass.class_id == class_id]
        if term.area_op is not None:
            row_cond.append(_OPS[term.area_op](ImageClass.area, term.area))
        return exists().where(*row_cond)
    conditions.append(_OPS[term.count_op](_class_value(ImageClass.count, class_id, image_id), term.count))
    if term.area_op is not None:
        conditions.append(_OPS[term.area_op](_class_value(ImageClass.area, class_id, image_id), term.area))
    return and_(*conditions)


def compile_condition(node: Node, image_id: _Col = ImageRow.id) -> ColumnElement[bool]:
    """A boolean expression that holds for the images (ids in `image_id`) satisfying the query."""
    if isinstance(node, Term):
        return _term(node, image_id)
    if isinstance(node, Not):
        return not_(compile_condition(node.item, image_id))
    parts = [compile_condition(item, image_id) for item in node.items]
    if isinstance(node, And):
        return and_(true(), *parts)
    if isinstance(node, Or):
        return or_(false(), *parts)
    raise TypeError(f"unknown query node {node!r}")


def prominence(class_ids: list[int], image_id: _Col = ImageRow.id) -> ColumnElement:
    """Sum over the queried classes of area x confidence: the ranking score."""
    if not class_ids:
        return func.coalesce(None, 0.0)
    return func.coalesce(select(func.sum(ImageClass.score)).where(
        ImageClass.image_id == image_id, ImageClass.class_id.in_(class_ids)).scalar_subquery(), 0.0)
