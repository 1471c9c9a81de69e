"""`segsearch export`: results as files in a folder, named by rank so a file browser keeps the order."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError


def export_hits(hits: Sequence[Any], directory: str | os.PathLike[str], copy: bool = False) -> list[tuple[Any, Path]]:
    """Link (or copy) each hit's file into `directory` as `NNN-name`; returns (hit, new path)
    pairs. Files that vanished since indexing are skipped. An entry already there under that name
    that is the same photo (a link to it, or a copy of it) is kept and returned, so that exporting
    again does not duplicate the folder; any other entry is never overwritten (the new one gets a
    suffix)."""
    target = Path(directory).expanduser()
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} is a file, not a folder: give a folder to export into")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {target}: {exc.strerror or exc}") from None
    width = max(3, len(str(len(hits))))
    written: list[tuple[Any, Path]] = []
    for rank, hit in enumerate(hits, start=1):
        source = Path(os.fsdecode(os.fsencode(hit.path)))
        if not source.is_file():
            continue
        dest = target / f"{rank:0{width}d}-{source.name}"
        n = 1
        while (dest.exists() or dest.is_symlink()) and not _same_photo(dest, source, copy):
            dest = target / f"{rank:0{width}d}-{source.stem}-{n}{source.suffix}"
            n += 1
        if not (dest.exists() or dest.is_symlink()):
            try:
                if copy:
                    shutil.copy2(source, dest)
                else:
                    dest.symlink_to(source.resolve())
            except OSError as exc:  # a full disk, a folder not ours, a drive without links (FAT)
                hint = "" if copy else "; --copy copies the files where links cannot be made"
                raise InputError(f"cannot write {dest.name} into {target}: {exc.strerror or exc} "
                                 f"({len(written)} photo(s) written before it){hint}") from None
        written.append((hit, dest))
    return written


def other_entries(directory: str | os.PathLike[str], written: Sequence[tuple[Any, Path]]) -> int:
    """How many entries of `directory` an export did not write (`export_hits`): earlier exports'
    results, or the user's own files, that its ranked names now sit beside."""
    target = Path(directory).expanduser()
    ours = {path.name for _, path in written}
    return sum(1 for entry in target.iterdir() if entry.name not in ours) if target.is_dir() else 0


def _same_photo(entry: Path, source: Path, copy: bool) -> bool:
    """Whether `entry` is already what exporting `source` makes: a link to it (links), or a file
    of the same bytes (copies)."""
    try:
        if not copy:
            return entry.is_symlink() and entry.resolve() == source.resolve()
        return entry.is_file() and not entry.is_symlink() and filecmp.cmp(entry, source, shallow=False)
    except OSError:
        return False
