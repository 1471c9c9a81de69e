"""The class query language: `parse` text to an AST, `compile_condition` it to SQL."""

from .compile import compile_condition, prominence
from .parser import And, Node, Not, Or, Term, parse, positive_classes, requires_a_positive_class

__all__ = ["And", "Node", "Not", "Or", "Term", "compile_condition", "parse", "positive_classes", "prominence",
           "requires_a_positive_class"]
