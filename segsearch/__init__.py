"""segsearch: find photos by the objects in them.

    import segsearch
    with segsearch.open_index("indexes/default") as idx:
        hits = idx.search("car and person")
        result = idx.search_image("query.jpg")
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import SegsearchError

__version__ = "0.1.0"


def default_index_dir() -> Path:
    """$SEGSEARCH_INDEX, else `indexes/default` in a source checkout, else the user data dir."""
    if os.environ.get("SEGSEARCH_INDEX"):
        return Path(os.environ["SEGSEARCH_INDEX"]).expanduser()
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").exists() and (root / "indexes").is_dir():
        return root / "indexes" / "default"
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data) / "segsearch" / "indexes" / "default"


def open_index(path: str | os.PathLike[str] | None = None, weights: str | os.PathLike[str] | None = None,
               device: str | None = None):
    """Open an index for searching; returns a `segsearch.search.Searcher`."""
    from .search import Searcher
    from .store import Index

    return Searcher(Index.open(path or default_index_dir()), weights=weights, device=device)


__all__ = ["SegsearchError", "__version__", "default_index_dir", "open_index"]
