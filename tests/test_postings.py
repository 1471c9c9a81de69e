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
    assert sum(bool(by_sql[q][0]) for q in answered) > 135  # measured 147: many answered queries find photos  # type: ignore[index]
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


def test_fused_presence_rule_on_synthetic_sightings(tmp_path: Path) -> None:
    """The fusion rule, case by case, by both routes (SQL and lists): for a concept several networks
    know, a detector's box or VOC's confident region decides alone, ADE20K's region and VOC's unsure
    one (mean confidence under CONFIDENT_ALONE, area-weighted over its regions) need a second
    network; small boxes count (a ball is small); stuff counts from 3% of the photo."""
    from segsearch.labels import LabelSpace
    from segsearch.models.registry import get_spec
    from segsearch.regions import RegionSettings

    specs = [get_spec(n) for n in ("deeplabv3-mobilenetv2", "deeplabv3-mobilenetv2-ade20k", "yolox-nano")]
    space = LabelSpace.of(specs, ["0" * 64] * 3)
    identity = ModelIdentity(space.model_names, space.weights_hashes, 8, space, RegionSettings())
    lid = space.label_id
    mask, emb = CompactMask.encode(np.ones((4, 4), bool)), l2_normalise(np.ones(8, np.float32))

    def photo(number: int, *sightings: tuple[float, ...]) -> NewImage:
        segments = [Segment(int(c), area, (0, 0, 4, 4), rest[0] if rest else 0.9, np.full(21, 1 / 21, np.float32),
                            mask, emb) for c, area, *rest in sightings]
        path = f"/photos/case_{number:02d}.jpg"
        return NewImage(path.encode(), path, 100, number, None, (64, 48), ImageRegions(segments, emb))

    person = {net: lid(net, "person") for net in ("voc", "ade20k", "coco")}
    cases = {  # case -> (sightings, person present, sports ball present, sky present)
        "big box alone": ([(person["coco"], 0.02)], True, False, False),
        "tiny box alone": ([(person["coco"], 0.002)], True, False, False),
        "VOC alone": ([(person["voc"], 0.01)], True, False, False),
        "ADE20K alone": ([(person["ade20k"], 0.2)], False, False, False),
        "ADE20K and VOC": ([(person["ade20k"], 0.2), (person["voc"], 0.01)], True, False, False),
        "VOC unsure alone": ([(person["voc"], 0.05, 0.6)], False, False, False),
        "VOC unsure, ADE20K agrees": ([(person["voc"], 0.05, 0.6), (person["ade20k"], 0.1)], True, False, False),
        "VOC sure on average": ([(person["voc"], 0.03, 0.9), (person["voc"], 0.01, 0.6)], True, False, False),
        "VOC unsure on average": ([(person["voc"], 0.01, 0.9), (person["voc"], 0.03, 0.6)], False, False, False),
        "tiny ball": ([(lid("coco", "sports ball"), 0.001)], False, True, False),
        "sky 2%": ([(lid("ade20k", "sky"), 0.02)], False, False, False),
        "sky 5%": ([(lid("ade20k", "sky"), 0.05)], False, False, True),
    }
    with Index.open(tmp_path, writable=True, model=identity) as writer:
        ids = writer.add_images([photo(i, *c[0]) for i, c in enumerate(cases.values())])
    by_case = dict(zip(cases, ids))
    with Searcher(Index.open(tmp_path)) as searcher:
        for route in ("sql", "lists"):
            if route == "lists":
                searcher.index.keep_class_lists(wait=True)
                assert searcher.index.class_lists_current()
            for column, word in ((1, "person"), (2, "ball"), (3, "sky")):
                expected = {by_case[name] for name, case in cases.items() if case[column]}
                assert searcher.matching_image_ids(word) == expected, (route, word)
                assert {h.image_id for h in searcher.search(word, k=20)} == expected, (route, word)


@pytest.mark.parametrize("tied", [True, False])
def test_threshold_walk_over_the_lists_equals_scoring_every_image(tmp_path: Path, tied: bool) -> None:
    """`ClassLists.walk_top` (Fagin's threshold algorithm over score-ordered lists) against the
    oracle it replaces, scoring every image: 4000 synthetic photos, built to tie (a handful of
    areas and confidences) or with scores drawn from ranges as real ones are, every structured
    and generated query at several limits. Where it answers it must give the oracle's images,
    scores and order (ties by path); with real-like scores it must answer most positive queries
    itself, some only after deepening (among ties it may not stop at a bound an unseen image
    could reach, so it deepens further there)."""
    from segsearch.query.parser import positive_classes, requires_a_positive_class

    from .test_sharded import VOC_QUERIES, _library

    identity = ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, 8)
    with Index.open(tmp_path, writable=True, model=identity) as writer:
        library = _library(4000, seed=21, tied=tied)
        for start in range(0, len(library), 1000):
            writer.add_images(library[start:start + 1000])
    with Searcher(Index.open(tmp_path)) as searcher:
        searcher.index.keep_class_lists(wait=True)
        lists = searcher.index._current_class_lists()
        assert lists is not None
        walked = deepened = eligible = 0
        for query in VOC_QUERIES + STRUCTURED + generated_queries(300, seed=8):
            try:
                ast = parse(query)
                class_ids = searcher.resolver.label_ids(positive_classes(ast))
                lists.matching(ast, searcher.resolver)
            except QueryError:  # a word of a network this index lacks
                continue
            for limit in (1, 5, 20, 150):
                oracle = lists.top(ast, searcher.resolver, class_ids, limit, walk=False)
                assert lists.top(ast, searcher.resolver, class_ids, limit) == oracle, (query, limit)
                if class_ids and requires_a_positive_class(ast):
                    found = lists.walk_top(ast, searcher.resolver, class_ids, limit)
                    eligible += 1
                    assert found is None or found == oracle, (query, limit)
                    walked += found is not None
                    shallow = lists.walk_top(ast, searcher.resolver, class_ids, limit, give_up=16 / lists.size)
                    deepened += found is not None and shallow is None
        # measured 84 eligible (the queries in VOC's words that need a positive class; the
        # generated ones follow the vocabulary), answered by the walk 50 tied and 55 drawn, after
        # deepening 12 and 13
        assert eligible > 60
        assert walked > 0.5 * eligible
        assert deepened > 0.1 * eligible
