"""segsearch: find photos by the objects and scenes in them.

    import segsearch
    segsearch.index(["~/Pictures"], "indexes/default")          # default networks: voc,ade20k,coco
    with segsearch.open_index("indexes/default") as idx:
        hits = idx.search("people on the beach")
        result = idx.search_image("query.jpg")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

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
               device: str | None = None, class_lists: bool = False):
    """Open an index for searching; returns a `segsearch.search.Searcher`. `class_lists` keeps
    in-memory posting lists for class queries (loaded in the background, about a second per
    million segments; the same answers, several times faster on large indexes): for programs that
    ask many queries."""
    from .search import Searcher
    from .store import open_store

    index = open_store(path or default_index_dir())
    if class_lists:
        index.keep_class_lists()
    return Searcher(index, weights=weights, device=device)


def index(paths: Iterable[str | os.PathLike[str]], index_dir: str | os.PathLike[str] | None = None,
          models: str | None = None, **options: Any) -> Any:
    """Index photos (recursively) into `index_dir`; returns an `indexer.IndexSummary`. `models`
    names the networks of a new index (default voc,ade20k,coco); `options` are those of
    `indexer.index_photos` (prune, device, settings, min_area, ...)."""
    from .indexer import index_photos

    return index_photos(paths, index_dir or default_index_dir(), models, **options)


__all__ = ["SegsearchError", "__version__", "default_index_dir", "index", "open_index"]
