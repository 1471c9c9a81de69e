"""Storage: SQLite rows (source of truth) and FAISS vectors kept in step by the `Index` facade."""

from .index import CheckReport, FileState, FileWrite, Index, ModelIdentity, NewImage, Taken
from .sharded import AnyIndex, ShardedIndex, index_exists, open_store

__all__ = ["AnyIndex", "CheckReport", "FileState", "FileWrite", "Index", "ModelIdentity", "NewImage", "ShardedIndex",
           "Taken", "index_exists", "open_store"]
