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
    """A query that cannot be searched. For a mistyped word, `typed` and `meant` name it and the
    vocabulary word nearest to it, so that a page can offer the corrected query."""

    def __init__(self, message: str, typed: str | None = None, meant: str | None = None):
        super().__init__(message)
        self.typed, self.meant = typed, meant


class InputError(SegsearchError):
    """A bad argument: missing file, not an image, empty query."""
