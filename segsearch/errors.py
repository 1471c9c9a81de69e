"""Errors a user can cause and fix. Each str() is one line that says what to do."""


class SegsearchError(Exception):
    """Base class: the CLI prints these as one line, without a traceback."""


class IndexNotFound(SegsearchError):
    pass


class IndexLocked(SegsearchError):
    pass


class IndexMismatch(SegsearchError):
    """The index was built with another model, or by a newer schema."""


class IndexCorrupt(SegsearchError):
    pass


class QueryError(SegsearchError):
    pass


class InputError(SegsearchError):
    """A bad argument: missing file, not an image, empty query."""
