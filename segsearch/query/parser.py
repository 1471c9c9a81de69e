"""The class query language: text → AST.

    query  := or
    or     := and (("or" | "|") and)*
    and    := unary (("and" | "&" | "," | "with" | <nothing>) unary)*
    unary  := ("not" | "no" | "without" | "!") unary | "(" or ")" | term
    term   := [count] CLASS [(">" | ">=" | "<" | "<=" | "=") NUMBER ["%"]]
    count  := N | "at least" N | "at most" N | "exactly" N | "more than" N | "fewer/less than" N

`N` is a number or a number word (one … ten). A bare count means "at least": `2 person` matches
photos with two or more person segments. An area bound applies to the class's total area in the
image, as a percentage of the image (`car > 10%`). CLASS is a class name, a synonym or a plural
(`pedestrians`, `bikes`, `tv`); filler words such as "images containing" are ignored.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Union

from ..classes import VOC_CLASSES, VOCABULARY
from ..errors import QueryError

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
FILLER = {"image", "images", "photo", "photos", "picture", "pictures", "containing", "contains",
          "contain", "showing", "show", "of", "the", "some", "any", "in", "find", "where", "there",
          "is", "are", "at", "least", "a", "an"}
COMPARATORS = {">", ">=", "<", "<=", "="}
_TOKEN = re.compile(r"\s*(>=|<=|[()><=,&|!%]|\d+(?:\.\d+)?|[^\s()><=,&|!%]+)")


@dataclass(frozen=True)
class Term:
    class_name: str
    count_op: str = ">="
    count: int = 1
    area_op: str | None = None
    area: float | None = None  # fraction of the image, 0..1

    def __str__(self) -> str:
        text = self.class_name if (self.count_op, self.count) == (">=", 1) else f"{self.count_op}{self.count} {self.class_name}"
        return text + (f" {self.area_op} {self.area * 100:g}%" if self.area_op else "")


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    item: "Node"


Node = Union[Term, And, Or, Not]


def tokenize(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.strip().lower()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or not m.group(1):
            break
        tokens.append(m.group(1))
        pos = m.end()
    return tokens


def unknown_word_error(word: str) -> QueryError:
    close = difflib.get_close_matches(word, list(VOCABULARY), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return QueryError(f"unknown class '{word}'; {hint}known classes: {', '.join(VOC_CLASSES[1:])}")


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.pos = 0

    def peek(self, offset: int = 0) -> str | None:
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        self._skip_filler()
        if self.peek() is None:
            raise QueryError("empty query: name at least one class, e.g. \"car and person\"")
        node = self.parse_or()
        if self.peek() == ")":
            raise QueryError("unbalanced parentheses: ')' without a matching '('")
        if self.peek() is not None:
            raise QueryError(f"unexpected '{self.peek()}' in query")
        return node

    def _skip_filler(self) -> None:
        # "at least" is a count, not filler: only skip "at"/"least" when not followed by a number
        while self.peek() in FILLER and not (self.peek() == "at" and self.peek(1) in ("least", "most")):
            self.take()

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.peek() in ("or", "|"):
            self.take()
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_unary()]
        while True:
            self._skip_filler()
            tok = self.peek()
            if tok in ("and", "&", ",", "with", "plus"):
                self.take()
                items.append(self.parse_unary())
            elif tok is not None and tok not in ("or", "|", ")"):
                items.append(self.parse_unary())  # juxtaposition: "dog cat" = dog and cat
            else:
                break
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        self._skip_filler()
        tok = self.peek()
        if tok is None:
            raise QueryError("query ends where a class name was expected")
        if tok in ("not", "no", "without", "!"):
            self.take()
            return Not(self.parse_unary())
        if tok == "(":
            self.take()
            node = self.parse_or()
            if self.peek() != ")":
                raise QueryError("unbalanced parentheses: '(' is never closed")
            self.take()
            return node
        if tok in (")", "and", "or", "&", "|", ","):
            raise QueryError(f"unexpected '{tok}' where a class name was expected")
        return self.parse_term()

    def _number(self) -> float:
        tok = self.peek()
        if tok is None:
            raise QueryError("a number was expected at the end of the query")
        if tok in NUMBER_WORDS:
            self.take()
            return NUMBER_WORDS[tok]
        try:
            value = float(tok)
        except ValueError:
            raise QueryError(f"a number was expected, got '{tok}'") from None
        self.take()
        return value

    def _count(self) -> tuple[str, int] | None:
        tok, nxt = self.peek(), self.peek(1)
        prefixes = {("at", "least"): ">=", ("at", "most"): "<=", ("more", "than"): ">",
                    ("fewer", "than"): "<", ("less", "than"): "<"}
        if (tok, nxt) in prefixes:
            self.take(), self.take()
            return prefixes[(tok, nxt)], int(self._number())
        if tok == "exactly":
            self.take()
            return "=", int(self._number())
        if tok is not None and (tok.isdigit() or tok in NUMBER_WORDS):
            if self.peek(1) == "%" or self.peek(1) in COMPARATORS:
                raise QueryError("an area bound needs a class first, e.g. \"car > 10%\"")
            return ">=", int(self._number())
        return None

    def parse_term(self) -> Term:
        count = self._count() or (">=", 1)
        self._skip_filler()
        word = self.peek()
        if word is None or not re.match(r"[a-z]", word):
            raise QueryError(f"a class name was expected{'' if word is None else f', got {word!r}'}")
        self.take()
        pair = f"{word} {self.peek()}" if self.peek() else None
        if pair in VOCABULARY:
            self.take()
            name = VOCABULARY[pair]
        elif word in VOCABULARY:
            name = VOCABULARY[word]
        else:
            raise unknown_word_error(word)
        area_op = area = None
        if self.peek() in COMPARATORS:
            area_op = self.take()
            area = self._number() / 100.0
            if self.peek() == "%":
                self.take()
            if not 0 <= area <= 1:
                raise QueryError(f"area bound {area * 100:g}% is outside 0-100%")
        return Term(name, count[0], count[1], area_op, area)


def parse(text: str) -> Node:
    """Parse a class query; QueryError (one line) on anything malformed."""
    return _Parser(tokenize(text)).parse()


def positive_classes(node: Node, negated: bool = False) -> list[str]:
    """Classes the query asks to be present (not under a NOT), in order, without repeats."""
    if isinstance(node, Term):
        return [] if negated or (node.count_op in ("<", "<=", "=") and node.count == 0) else [node.class_name]
    if isinstance(node, Not):
        return positive_classes(node.item, not negated)
    seen: list[str] = []
    for item in node.items:
        for name in positive_classes(item, negated):
            if name not in seen:
                seen.append(name)
    return seen


def requires_a_positive_class(node: Node) -> bool:
    """True when every image satisfying the query contains at least one of its positive classes,
    so ranked search may walk the per-class score lists instead of scanning every image."""
    if isinstance(node, Term):
        return (node.count_op == ">=" and node.count >= 1) or (node.count_op == ">" and node.count >= 0) \
            or (node.count_op == "=" and node.count >= 1)
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(requires_a_positive_class(item) for item in node.items)
    return all(requires_a_positive_class(item) for item in node.items)
