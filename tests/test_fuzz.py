"""2,000 generated queries (seeded) through the Python API and 2,000 through the web API: every one
gives results or the query error, never another exception or a 500."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from segsearch.errors import QueryError, SegsearchError
from segsearch.vocabulary import vocabulary

WORDS = sorted(vocabulary().words)
PIECES = ["and", "or", "not", "no", "without", "!", "&", "|", ",", "(", ")", "(", ")", ">", ">=", "<", "<=", "=",
          "%", "at", "least", "most", "exactly", "more", "than", "fewer", "less", "on", "the", "with", "a",
          "0", "1", "3", "10", "0.5", "1.5", "-1", "nan", "inf", "1e309", "99999999999999999999999999999999999999",
          "🚗", "\x00", "é", "'", '"', ";", "--", "%%", "DROP", "TABLE", "images;", "*", "\\", "\t", "ünïcode",
          "person", "sky", "beach", "people on the beach",
          # the phrasings read around counts, dates, places and slips ("3 dogs or more", "max 2 cats",
          # "older than 2010", "at home", "a clock face", "teh"): "2 sofa or" once raised IndexError
          "or more", "or fewer", "max", "minimum", "of", "older than", "newer than", "2010", "at home", "in",
          "next to", "face", "sea of", "someone's", "≥", "1,000", "ppl", "teh", "adn", "but", "dogs or"]


def generated_queries(n: int, seed: int = 20261125) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for i in range(n):
        kind = i % 6
        if kind == 0:  # deep nesting of one kind
            depth = rng.choice([5, 31, 33, 60, 200, 400])
            opener = rng.choice(["(", "not ", "! ", "no "])
            queries.append(opener * depth + rng.choice(WORDS) + (")" * depth if opener == "(" else ""))
        elif kind == 1:  # long chains
            queries.append(f" {rng.choice(['and', 'or', ','])} ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 400))))
        elif kind == 2:  # a few of the pieces alone, where a phrasing's edge cases lie ("3 person or")
            queries.append(" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4))))
        else:
            queries.append(" ".join(rng.choice(PIECES + WORDS[:200] + rng.sample(WORDS, 5))
                                    for _ in range(rng.randint(1, 25))))
    return queries


@pytest.fixture(scope="module")
def searcher(three_network_index: Path):  # type: ignore[no-untyped-def]
    import segsearch

    with segsearch.open_index(three_network_index) as s:
        yield s


def test_generated_queries_through_the_python_api(searcher) -> None:  # type: ignore[no-untyped-def]
    import time

    started = time.monotonic()
    answered = refused = 0
    for query in generated_queries(2000):
        try:
            hits = searcher.search(query, k=5)
            answered += 1
            assert isinstance(hits, list)
        except QueryError as exc:
            refused += 1
            assert str(exc) and "\n" not in str(exc)
    assert answered > 200 and refused > 200  # both paths are exercised
    print(f"2000 queries: {answered} answered, {refused} refused in {time.monotonic() - started:.1f} s")


@pytest.mark.parametrize("k, offset", [(0, 0), (-1, 0), (5, -3)])
def test_bad_k_and_offset_are_input_errors(searcher, k: int, offset: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SegsearchError):
        searcher.search("person", k=k, offset=offset)
    if offset == 0:
        with pytest.raises(SegsearchError):
            searcher.search_indexed(1, k=k)


def test_generated_queries_through_the_web_api(three_network_index: Path) -> None:
    from fastapi.testclient import TestClient

    from segsearch.web import create_app

    with TestClient(create_app(three_network_index)) as client:
        for query in generated_queries(2000, seed=7):
            r = client.get("/api/search", params={"q": query[:500] or "x", "k": 5})
            assert r.status_code in (200, 400, 422), (query, r.status_code, r.text[:200])
