"""`segsearch export`: results as files in a folder, named by rank so a file browser keeps the order."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError


def export_hits(hits: Sequence[Any], directory: str | os.PathLike[str], copy: bool = False) -> list[tuple[Any, Path]]:
    """Link (or copy) each hit's file into `directory` as `NNN-name`; returns (hit, new path)
    pairs. Files that vanished since indexing are skipped; an existing entry is never overwritten
    (a second export into the same folder adds a suffix)."""
    target = Path(directory).expanduser()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {target}: {exc.strerror or exc}") from None
    width = max(3, len(str(len(hits))))
    written = []
    for rank, hit in enumerate(hits, start=1):
        source = Path(os.fsdecode(os.fsencode(hit.path)))
        if not source.is_file():
            continue
        dest = target / f"{rank:0{width}d}-{source.name}"
        n = 1
        while dest.exists() or dest.is_symlink():
            dest = target / f"{rank:0{width}d}-{source.stem}-{n}{source.suffix}"
            n += 1
        if copy:
            shutil.copy2(source, dest)
        else:
            dest.symlink_to(source.resolve())
        written.append((hit, dest))
    return written
