"""Storage: SQLite rows (source of truth) and FAISS vectors kept in step by the `Index` facade."""

from .index import CheckReport, FileState, FileWrite, Index, ModelIdentity, NewImage

__all__ = ["CheckReport", "FileState", "FileWrite", "Index", "ModelIdentity", "NewImage"]
