"""Per-label posting lists in memory: class queries answered with numpy instead of SQL, for
processes that ask many (the web server, the Python API, benchmarks).

`ClassLists` holds the `image_classes` table as one array per column, grouped by label (a posting
list per label: image ids, count, area, score), plus which images are indexed and each image's rank
in path order. A query's condition is evaluated as boolean masks over image ids, term by term, with
the *same* rules as the SQL of `catalogue` (`present`, `_term`: fused presence, counts, areas, NOT);
the score is the same sum of the queried labels' scores, ties ordered by path. So both paths return
the same images in the same order, which `tests/test_postings.py` checks against the SQL on real
and synthetic indexes.

Lists are a snapshot of one `meta.generation`. `Index` uses them only while the generation is
current and otherwise answers from SQL while a background thread loads the new snapshot; that is
how they stay live with commits without a write path of their own (loading 1M segments' rows takes
about a second, far less than a commit interval of a running indexer matters to a searcher).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..query.parser import And, Node, Not, Or, Term, requires_a_positive_class
from .catalogue import COMPARISONS, TIE, Member, Resolver, counted_members


@dataclass(frozen=True)
class ClassLists:
    """A snapshot of `image_classes` (see the module docstring). Immutable once built, so readers
    on several threads may share it."""

    generation: int
    size: int  # one more than the largest image id
    offsets: np.ndarray  # label id -> start of its list in the arrays below (length labels + 1)
    image_ids: np.ndarray  # int64, grouped by label
    count: np.ndarray  # int64
    area: np.ndarray  # float64
    score: np.ndarray  # float64
    indexed: np.ndarray  # bool per image id
    path_rank: np.ndarray  # int64 per image id: position in path order (indexed images)
    by_score: np.ndarray  # int64: positions into the arrays above, each label's list by score, highest first

    @classmethod
    def build(cls, generation: int, rows: np.ndarray, ordered_ids: np.ndarray, labels: int) -> "ClassLists":
        """From `rows` (image_id, class_id, count, area, score) as a float64 (n, 5) array and the
        ids of the indexed images in path order."""
        image_ids = rows[:, 0].astype(np.int64)
        class_ids = rows[:, 1].astype(np.int64)
        top = int(max(image_ids.max(initial=0), ordered_ids.max(initial=0))) + 1
        order = np.lexsort((image_ids, class_ids))
        class_ids = class_ids[order]
        labels = max(labels, int(class_ids.max(initial=-1)) + 1)
        offsets = np.searchsorted(class_ids, np.arange(labels + 1)).astype(np.int64)
        indexed = np.zeros(top, dtype=bool)
        indexed[ordered_ids] = True
        rank = np.full(top, len(ordered_ids), dtype=np.int64)
        rank[ordered_ids] = np.arange(len(ordered_ids))
        score = rows[order, 4].copy()
        by_score = np.lexsort((-score, class_ids)).astype(np.int64)  # stays within each label's range
        return cls(generation, top, offsets, image_ids[order], rows[order, 2].astype(np.int64),
                   rows[order, 3].copy(), score, indexed, rank, by_score)

    @property
    def rows(self) -> int:
        return len(self.image_ids)

    def _list(self, label_id: int) -> slice:
        if label_id + 1 >= len(self.offsets):
            return slice(0, 0)
        return slice(int(self.offsets[label_id]), int(self.offsets[label_id + 1]))

    def _positions(self, label_id: int, at: "_Candidates") -> np.ndarray:
        """Per candidate: its row's position in the arrays when the label has one, else -1 (each
        list is sorted by image id, so this is a binary search per candidate, done once per label)."""
        found = at.positions.get(label_id)
        if found is None:
            part = self._list(label_id)
            ids = self.image_ids[part]
            if not len(ids):
                found = np.full(len(at.ids), -1, dtype=np.int64)
            else:
                pos = np.minimum(np.searchsorted(ids, at.ids), len(ids) - 1)
                found = np.where(ids[pos] == at.ids, pos + part.start, -1)
            at.positions[label_id] = found
        return found

    def _has(self, label_id: int, where: np.ndarray | None = None, at: "_Candidates | None" = None) -> np.ndarray:
        """Per image id (or per candidate): whether the label has a row there (one with `where`)."""
        if at is not None:
            pos = self._positions(label_id, at)
            found = pos >= 0
            return found if where is None else found & where[np.maximum(pos, 0)]
        mask = np.zeros(self.size, dtype=bool)
        part = self._list(label_id)
        ids = self.image_ids[part]
        mask[ids if where is None else ids[where[part]]] = True
        return mask

    def _value(self, column: np.ndarray, label_id: int, at: "_Candidates | None" = None) -> np.ndarray:
        """This label's value of a column per image id (or per id of `at`), 0 where the label is
        absent (SQL's coalesce)."""
        if at is not None:
            pos = self._positions(label_id, at)
            return np.where(pos >= 0, column[np.maximum(pos, 0)], 0).astype(column.dtype)
        dense = np.zeros(self.size, dtype=column.dtype)
        part = self._list(label_id)
        dense[self.image_ids[part]] = column[part]
        return dense

    def _sighted(self, member: Member, at: "_Candidates | None", deciding: bool = False) -> np.ndarray:
        where = self.area >= member.floor if member.floor > 0.0 else None
        if deciding and member.confident > 0.0:
            sure = self.score >= member.confident * self.area
            where = sure if where is None else where & sure
        return self._has(member.label_id, where, at)

    def _present(self, members: tuple[Member, ...], at: "_Candidates | None") -> np.ndarray:
        by_network: dict[str, list[Member]] = {}
        for m in members:
            by_network.setdefault(m.network, []).append(m)
        sighted = {m: self._sighted(m, at) for m in members}
        if len(by_network) == 1:
            return np.logical_or.reduce([sighted[m] for m in members])
        votes = np.zeros(self._universe(at), dtype=np.int8)
        for ms in by_network.values():
            votes += np.logical_or.reduce([sighted[m] for m in ms])
        deciding = [self._sighted(m, at, deciding=True) if m.confident > 0.0 else sighted[m]  # a box: the same
                    for m in members if m.alone]
        return np.logical_or.reduce(deciding + [votes >= 2])

    def _universe(self, at: "_Candidates | None") -> int:
        return self.size if at is None else len(at.ids)

    def _term(self, term: Term, resolver: Resolver, at: "_Candidates | None") -> np.ndarray:
        members = resolver.resolve(term.class_name)
        default_count = term.at_least_one
        if default_count and term.area_op is None:
            return self._present(members, at)
        if term.none:
            return ~self._present(members, at)
        upper = term.count_op in ("<", "<=")
        parts = []
        for m in (members if default_count else counted_members(members)):
            condition = np.ones(self._universe(at), dtype=bool)
            if not default_count:
                condition &= COMPARISONS[term.count_op](self._value(self.count, m.label_id, at), term.count)
            if term.area_op is not None:
                condition &= COMPARISONS[term.area_op](self._value(self.area, m.label_id, at), term.area)
            parts.append(condition)
        area_upper = term.area_op in ("<", "<=")
        reduce = np.logical_and if upper or (area_upper and default_count) else np.logical_or
        return reduce.reduce(parts)

    def condition(self, node: Node, resolver: Resolver, at: "_Candidates | None" = None) -> np.ndarray:
        """Per image id (or per candidate, when given): whether the image satisfies the query
        (indexed or not)."""
        if isinstance(node, Term):
            return self._term(node, resolver, at)
        if isinstance(node, Not):
            return ~self.condition(node.item, resolver, at)
        parts = [self.condition(item, resolver, at) for item in node.items]
        if isinstance(node, And):
            return np.logical_and.reduce(parts) if parts else np.ones(self._universe(at), dtype=bool)
        if isinstance(node, Or):
            return np.logical_or.reduce(parts) if parts else np.zeros(self._universe(at), dtype=bool)
        raise TypeError(f"unknown query node {node!r}")

    def matching(self, node: Node, resolver: Resolver) -> np.ndarray:
        """The ids of the indexed images satisfying the query, ascending."""
        return np.flatnonzero(self.condition(node, resolver) & self.indexed)

    def _scores(self, class_ids: list[int], at: "_Candidates | None" = None) -> np.ndarray:
        """Per image id (or candidate): the sum of the labels' scores, added in label order as
        SQLite reads them (so the floats are the SQL's, bit for bit)."""
        scores = np.zeros(self._universe(at), dtype=np.float64)
        for c in sorted(class_ids):
            if at is None:
                part = self._list(c)
                scores[self.image_ids[part]] += self.score[part]
            else:
                scores += self._value(self.score, c, at)
        return scores

    def _best(self, ids: np.ndarray, got: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """The `limit` best of these satisfying images by score, ties by path."""
        if len(ids) > limit > 0:
            cut = -np.partition(-got, limit - 1)[limit - 1]
            keep = got >= cut - TIE  # everything tied with the last place, ordered below
            ids, got = ids[keep], got[keep]
        order = np.lexsort((self.path_rank[ids], -got))[:limit]
        return [(int(i), float(s)) for i, s in zip(ids[order], got[order])]

    def top(self, node: Node, resolver: Resolver, class_ids: list[int], limit: int,
            walk: bool | None = None) -> list[tuple[int, float]]:
        """(image id, score) of the `limit` best satisfying images: score = the sum of the queried
        labels' scores, ties by path. Where every satisfying image has a row in one of the lists
        (`requires_a_positive_class`), a threshold walk (`walk_top`) reads about `limit` rows of
        each list whatever the index's size; otherwise (or with `walk=False`) every image is
        scored. Both give the same answer."""
        if walk is None:
            walk = bool(class_ids) and limit > 0 and requires_a_positive_class(node)
        if walk:
            found = self.walk_top(node, resolver, class_ids, limit)
            if found is not None:
                return found
        ids = self.matching(node, resolver)
        return self._best(ids, self._scores(class_ids)[ids], limit)

    def walk_top(self, node: Node, resolver: Resolver, class_ids: list[int], limit: int,
                 give_up: float = 1 / 16) -> list[tuple[int, float]] | None:
        """`top` by Fagin's threshold algorithm over the score-ordered lists, in rounds of growing
        depth d: the candidates are the images among the first d of some queried label's list;
        an image outside them scores at most the sum of the lists' scores at depth d (0 for a list
        no longer than d), so once `limit` satisfying candidates score above that bound, they are
        the answer. Correct only when every satisfying image has a row in one of the lists. None
        when the next round's candidates would pass `give_up` of the images (labels that rarely
        meet, deep in the lists): a candidate costs a binary search per label where scoring every
        image costs a pass over the lists. Measured on 2 cores: `car and person` walked 2.5k
        candidates of 83k photos in about the full pass's time (0.5 ms) and 2.9k of 333k in 0.6×
        of it, so the walk gives up somewhat past that share, where the full pass is cheaper."""
        lists = [self._list(c) for c in sorted(set(class_ids))]
        longest = max(p.stop - p.start for p in lists)

        def bound(depth: int) -> float:  # the most an image outside the first `depth` of every list scores
            return sum(float(self.score[self.by_score[p.start + depth]]) for p in lists if p.stop - p.start > depth)

        depth = max(limit, 16)
        while True:
            heads = [self.by_score[p.start:min(p.stop, p.start + depth)] for p in lists]
            # distinct and sorted (the binary searches need it) by a sort and a neighbour test:
            # np.unique's hashing measured about 3x slower on these arrays (200 to 30k ids)
            candidates = np.sort(self.image_ids[np.concatenate(heads)])
            candidates = candidates[np.concatenate(([True], candidates[1:] != candidates[:-1]))[:len(candidates)]]
            seen = len(candidates)
            at = _Candidates(candidates[self.indexed[candidates]])
            ok = self.condition(node, resolver, at)
            ids, got = at.ids[ok], self._scores(class_ids, at)[ok]  # one lookup per label serves both
            if depth >= longest:  # every row of every list has been a candidate
                return self._best(ids, got, limit)
            if len(ids) >= limit:
                floor = float(-np.partition(-got, limit - 1)[limit - 1])
                if floor > bound(depth) + TIE:
                    return self._best(ids, got, limit)
                # the floor only rises with depth, so no answer is possible before the bound falls below it
                low, high = depth + 1, longest
                while low < high:
                    mid = (low + high) // 2
                    low, high = (mid + 1, high) if bound(mid) >= floor - TIE else (low, mid)
                deeper = low
            else:
                deeper = depth * GROWTH
            if seen * deeper / depth > give_up * self.size:
                return None
            depth = deeper


@dataclass
class _Candidates:
    """Image ids a query is evaluated at (instead of every image), with each label's row positions
    at them once looked up."""

    ids: np.ndarray
    positions: dict[int, np.ndarray] = field(default_factory=dict)


GROWTH = 8  # each round of the threshold walk reads this many times deeper: few rounds, each mostly fixed cost
