"""Ranked class search on a library large enough for the score-list walk to stop early, checked
against a brute-force ranking read straight from the SQLite rows. Areas and confidences are drawn
from a few values so that exact score ties are common and must be ordered by path."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from segsearch.classes import CLASS_ID, NUM_CLASSES
from segsearch.query import parse
from segsearch.regions import CompactMask, ImageRegions, Segment, l2_normalise
from segsearch.search import Searcher
from segsearch.store import Index, ModelIdentity, NewImage

DIM = 8
IMAGES = 4000
CLASSES = ["person", "person", "person", "car", "car", "dog", "cat", "chair", "diningtable", "bus"]
Summary = dict[str, tuple[int, float, float]]  # class → (segments, area, score)


def synthetic_image(rng: np.random.Generator, number: int, mask: CompactMask) -> NewImage:
    segments = []
    for _ in range(int(rng.integers(1, 5))):
        class_id = CLASS_ID[CLASSES[int(rng.integers(len(CLASSES)))]]
        area = float(rng.choice([0.01, 0.05, 0.1, 0.2, 0.4]))
        confidence = float(rng.choice([0.5, 0.75, 1.0]))
        embedding = l2_normalise(rng.standard_normal(DIM).astype(np.float32))
        segments.append(Segment(class_id, area, (0, 0, 10, 10), confidence,
                                np.full(NUM_CLASSES, 1 / NUM_CLASSES, np.float32), mask, embedding))
    path = f"/library/{number % 7}/img_{number:05d}.jpg"
    regions = ImageRegions(segments, l2_normalise(np.ones(DIM, np.float32)))
    return NewImage(path.encode(), path, 1000, number, None, (640, 480), regions)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ranking")
    rng = np.random.default_rng(7)
    mask = CompactMask.encode(np.ones((4, 4), bool))
    with Index.open(directory, writable=True, model=ModelIdentity("deeplabv3-mobilenetv2", "0" * 64, DIM)) as idx:
        idx.add_images([synthetic_image(rng, n, mask) for n in range(IMAGES)])
    return directory


def summaries(directory: Path) -> tuple[dict[int, Summary], dict[int, str]]:
    con = sqlite3.connect(directory / "index.db")
    names = {v: k for k, v in CLASS_ID.items()}
    per_image: dict[int, Summary] = defaultdict(dict)
    for image_id, cls, n, area, score in con.execute(
            "select image_id, class_id, count, area, score from image_classes"):
        per_image[image_id][names[cls]] = (n, area, score)
    return per_image, dict(con.execute("select id, path from images"))


def n(c: Summary, name: str) -> int:
    return c.get(name, (0, 0.0, 0.0))[0]


# query → (predicate, the classes whose scores rank it); at most two classes, so that a sum of
# scores is the same float whichever order it is added in
QUERIES: dict[str, tuple[Callable[[Summary], bool], list[str]]] = {
    "person": (lambda c: n(c, "person") >= 1, ["person"]),
    "car and person": (lambda c: n(c, "car") >= 1 and n(c, "person") >= 1, ["car", "person"]),
    "dog or cat": (lambda c: n(c, "dog") + n(c, "cat") >= 1, ["dog", "cat"]),
    "chair and diningtable": (lambda c: n(c, "chair") >= 1 and n(c, "diningtable") >= 1, ["chair", "diningtable"]),
    "at least 2 people and not dog": (lambda c: n(c, "person") >= 2 and n(c, "dog") == 0, ["person"]),
    "exactly 1 car": (lambda c: n(c, "car") == 1, ["car"]),
    "bus > 30%": (lambda c: c.get("bus", (0, 0.0, 0.0))[1] > 0.3, ["bus"]),
    "2 cars or bus": (lambda c: n(c, "car") >= 2 or n(c, "bus") >= 1, ["car", "bus"]),
    "car and not person": (lambda c: n(c, "car") >= 1 and n(c, "person") == 0, ["car"]),
    # satisfied by images without the class too (area and count 0), so no score list holds them all
    "bus < 30%": (lambda c: c.get("bus", (0, 0.0, 0.0))[1] < 0.3, ["bus"]),
    "fewer than 2 cars and dog": (lambda c: n(c, "car") < 2 and n(c, "dog") >= 1, ["car", "dog"]),
}


@pytest.mark.parametrize("lists", [False, True], ids=["sql", "class-lists"])
@pytest.mark.parametrize("query", sorted(QUERIES))
def test_ranked_pages_equal_the_brute_force_ranking(library: Path, query: str, lists: bool) -> None:
    per_image, paths = summaries(library)
    satisfies, ranked_by = QUERIES[query]
    expected = sorted(((-sum(per_image[i].get(name, (0, 0.0, 0.0))[2] for name in ranked_by), paths[i], i)
                       for i in per_image if satisfies(per_image[i])))
    ids = [i for _, _, i in expected]
    assert len(ids) > 20  # deep enough that the walk can stop before reading whole lists
    assert len({s for s, _, _ in expected[:200]}) < 200  # ties at the top exist
    with Searcher(Index.open(library)) as searcher:
        if lists:
            searcher.index.keep_class_lists(wait=True)
        assert searcher.index.class_lists_current() == lists
        assert searcher.matching_image_ids(query) == set(ids)
        for k, offset in ((20, 0), (1, 0), (7, 0), (10, 13), (50, 150)):
            assert [h.image_id for h in searcher.search(query, k=k, offset=offset)] == ids[offset:offset + k]
            forced, _ = searcher.index.top_images(parse(query), searcher.resolver, k, offset,
                                                  route="lists" if lists else "sql")
            assert [h.image_id for h in forced] == ids[offset:offset + k]
        hits = searcher.search(query, k=5)
        assert [h.score for h in hits] == pytest.approx([-s for s, _, _ in expected[:5]])
