"""The query language: `parse` text to an AST (the store compiles it: `store.catalogue`)."""

from .parser import And, Node, Not, Or, Term, ignored_words, parse, positive_classes, requires_a_positive_class

__all__ = ["And", "Node", "Not", "Or", "Term", "ignored_words", "parse", "positive_classes",
           "requires_a_positive_class"]
