"""The in-memory class lists (`segsearch.store.postings`) against the SQL they stand in for: the
same images, scores and order for every word of the vocabulary and for generated queries on real
photos indexed with three networks, and live with commits (a stale snapshot is never used)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from segsearch.errors import QueryError
from segsearch.query import parse
from segsearch.regions import CompactMask, ImageRegions, Segment, l2_normalise
from segsearch.search import Searcher
from segsearch.store import Index, ModelIdentity, NewImage
from segsearch.vocabulary import vocabulary

from .test_fuzz import generated_queries

STRUCTURED = ["person", "car and person", "dog or cat", "at least 2 people and not dog", "chair and table",
              "bus > 10%", "people on the beach", "not person", "wall < 5%", "fewer than 3 people",
              "exactly 2 dogs", "kitchen", "tree and not grass", "person > 20% and sky", "(cat or dog) and sofa",
              "no person", "grass or sky or water", "2 cars", "cars on the road", "street", "indoors",
              "at most 1 person and wall > 30%", "0 cars", "sky <= 10% and not (tree or building)"]


def answers(searcher: Searcher, queries: list[str], route: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for query in queries:
        try:
            ast = parse(query)
            out[query] = ([(h.image_id, h.path, h.score) for h in searcher.index.top_images(
                                ast, searcher.resolver, 12, route=route)[0]],
                          [h.image_id for h in searcher.index.top_images(ast, searcher.resolver, 5, 4, route=route)[0]],
                          [h.image_id for h in searcher.search(query, k=5)],
                          searcher.matching_image_ids(query))
        except QueryError as exc:
            out[query] = str(exc)
    return out


def test_class_lists_answer_exactly_as_sql_on_real_photos(three_network_index: Path) -> None:
    queries = STRUCTURED + sorted(vocabulary().concepts) + generated_queries(600, seed=11)
    with Searcher(Index.open(three_network_index)) as searcher:
        by_sql = answers(searcher, queries, "sql")
        searcher.index.keep_class_lists(wait=True)
        assert searcher.index.class_lists_current()
        by_lists = answers(searcher, queries, "lists")
    answered = [q for q in queries if not isinstance(by_sql[q], str)]
    assert len(answered) > 330  # measured 359
    assert sum(bool(by_sql[q][0]) for q in answered) > 150  # most answered queries find photos  # type: ignore[index]
    differ = [q for q in queries if by_sql[q] != by_lists[q]]
    assert not differ, differ[:5]


def _image(number: int, class_id: int, area: float) -> NewImage:
    mask = CompactMask.encode(np.ones((4, 4), bool))
    embedding = l2_normalise(np.ones(8, np.float32))
    segment = Segment(class_id, area, (0, 0, 4, 4), 1.0, np.full(21, 1 / 21, np.float32), mask, embedding)
    path = f"/photos/img_{number:04d}.jpg"
    return NewImage(path.encode(), path, 100, number, None, (64, 48), ImageRegions([segment], embedding))


def test_class_lists_stay_live_with_commits(tmp_path: Path) -> None:
    """A reader keeping lists sees a writer's commit at once (from SQL while the new snapshot
    loads), then from the reloaded lists; deleted images leave both."""
    identity = ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, 8)
    person, dog = 15, 12
    with Index.open(tmp_path, writable=True, model=identity) as writer:
        writer.add_images([_image(n, person, 0.1 + n / 1000) for n in range(50)])
        with Searcher(Index.open(tmp_path)) as searcher:
            searcher.index.keep_class_lists(wait=True)
            assert searcher.index.class_lists_current()
            assert searcher.search("dog", k=5) == []
            [new] = writer.add_images([_image(100, dog, 0.5)])
            assert not searcher.index.class_lists_current()  # the snapshot is stale: never used
            assert [h.image_id for h in searcher.search("dog", k=5)] == [new]
            searcher.index.keep_class_lists(wait=True)
            assert searcher.index.class_lists_current()
            assert [h.image_id for h in searcher.search("dog", k=5)] == [new]
            assert searcher.search("person", k=1)[0].path == "/photos/img_0049.jpg"  # largest area first
            writer.delete_images([new])
            assert searcher.search("dog", k=5) == []
            searcher.index.keep_class_lists(wait=True)
            assert searcher.search("dog", k=5) == [] and searcher.matching_image_ids("dog") == set()
            assert len(searcher.matching_image_ids("person")) == 50
