"""The `segsearch` command: argument parsing and printing over the Python API, nothing more."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

import typer
from typer.core import TyperGroup
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

from . import default_index_dir
from .errors import SegsearchError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])

IndexOpt = typer.Option(None, "--index", help="Index directory (default: $SEGSEARCH_INDEX, else indexes/default of a "
                        "source checkout, else ~/.local/share/segsearch/indexes/default).")


def Flag(*names: str, **kwargs: Any) -> Any:
    """A boolean option shown without a metavar (Typer would print `<bool>`)."""
    return typer.Option(False, *names, metavar="", **kwargs)


JsonOpt = Flag("--json", help="Print JSON for scripts instead of tables.")
WeightsOpt = typer.Option(None, "--weights", help="Weight file to use instead of the looked-up one.")
DeviceOpt = typer.Option(None, "--device", help="torch device, e.g. cpu or cuda (default: cuda if available).")


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def _report(exc: BaseException) -> int:
    """One line on stderr for an expected failure; the exit code. Bugs are one line too unless
    SEGSEARCH_DEBUG is set."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, SegsearchError):
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    elif isinstance(exc, KeyboardInterrupt):
        err.print("interrupted: everything committed so far is kept; run the same command to resume")
        return 130
    elif isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        message = f"{exc.strerror or exc}{where}"
    elif isinstance(exc, DBAPIError):  # e.g. a full disk under SQLite: committed work is kept
        message = (f"index database error: {str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__}; "
                   "everything committed before it is kept")
    else:
        if os.environ.get("SEGSEARCH_DEBUG"):
            raise exc
        message = f"internal error ({type(exc).__name__}: {exc}); set SEGSEARCH_DEBUG=1 for details"
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True)
    return 1


def _usage_errors() -> tuple[type[Exception], ...]:
    """Click's usage errors: Typer 0.29 raises those of its own copy of Click (subclasses of
    `typer.exceptions.TyperException`), earlier Typers those of Click itself."""
    own = getattr(typer.exceptions, "TyperException", None)
    if isinstance(own, type):
        return (own,)
    import click

    return (click.ClickException,)


_USAGE_ERRORS = _usage_errors()


class _Reporting(TyperGroup):
    """The command group: every command runs through `invoke`, so this is the one place where an
    exception becomes one line on stderr and an exit code (for the CLI and for CliRunner alike)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:  # usage errors are re-raised: Click prints them with the usage, exit 2
            if isinstance(exc, _USAGE_ERRORS):
                raise
            raise typer.Exit(_report(exc)) from None
        except KeyboardInterrupt as exc:
            raise typer.Exit(_report(exc)) from None


app = typer.Typer(cls=_Reporting, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Find photos by the objects and scenes in them: index a folder, then search by words "
                       "(\"people on the beach\", \"car and dog\") or by example image.")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class _RichProgress:
    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = progress.add_task("indexing", total=None, rate="")
        self._done = 0

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def stage(self, what: str) -> None:
        """Until the first file is done, the bar says what the run is doing (helpers starting)."""
        self.progress.update(self.task, description=what)

    def advance(self, path: str) -> None:
        if self._done == 0:
            self.progress.update(self.task, description="indexing")
        self._done += 1
        elapsed = self.progress.tasks[0].elapsed or 0
        rate = f"{self._done / elapsed:.1f} img/s" if elapsed > 0 else ""
        self.progress.update(self.task, advance=1, rate=rate)


# --- index ---------------------------------------------------------------------------------------
@app.command()
def index(
    paths: list[Path] = typer.Argument(..., help="Photo folders or files to index (recursively)."),
    index_dir: Optional[Path] = IndexOpt,
    models: Optional[str] = typer.Option(None, "--models", "--model", help="Networks, comma-separated (voc, ade20k, coco or full names; see `segsearch models`) (default for a new index: voc,ade20k,coco; an existing index keeps its own)."),
    weights: Optional[Path] = WeightsOpt,
    prune: bool = Flag("--prune", help="Remove entries of files deleted under PATHS."),
    verify: bool = Flag("--verify", help="Also re-read files whose size and modification time are unchanged, and re-index those whose content changed."),
    min_area: Optional[float] = typer.Option(None, "--min-area", min=0.0, max=1.0,
                                             help="Smallest object segment kept, as a fraction of the image (default 0.005)."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                                   help="Smallest mean class probability of a kept segment (default 0.5)."),
    min_stuff_area: Optional[float] = typer.Option(None, "--min-stuff-area", min=0.0, max=1.0,
                                                   help="Smallest sky/grass/wall-like region kept, as a fraction of the image (default 0.01)."),
    min_detection_score: Optional[float] = typer.Option(None, "--min-detection-score", min=0.0, max=1.0,
                                                        help="Smallest score of a kept detector box (default 0.25)."),
    refine_boxes: Optional[float] = typer.Option(None, "--refine-boxes", min=0.0, max=1.0,
                                                 help="A detector box's mask becomes the pixels inside it that a per-pixel network labels with its concept where they fill at least this share of it (default 0.2; 0: always the whole box)."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="Images per forward pass (default: 1 on CPU; 32 on a GPU, 8 on one under 10 GB)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker threads: decoding and regions, and on a CPU whole-image inference (one torch thread each) (default: CPU cores, at most 8; at most 4 beside a GPU)."),
    helpers: Optional[int] = typer.Option(None, "--helpers", min=0, max=256, help="Beside a GPU: this many CPU helper processes read and decode the photos and extract their regions, each under its own Python lock, instead of the worker threads; 0: the threads (about 10 s to start; default: one per core but one, at most 15 and about 1 GB of free memory each, from 500 files on, unless --workers is given; else the threads)."),
    commit_every: Optional[int] = typer.Option(None, "--commit-every", min=1, help="Files per SQLite transaction: a crash or Ctrl-C loses at most this many files' work, or 2 seconds' (default 32)."),
    ray: Optional[str] = typer.Option(None, "--ray", help="Analyse the photos on a Ray cluster: 'local' starts one on this machine, or give a cluster's address (host:6379, ray://host:10001); every node must see the photos at the same paths. Needs pip install 'segsearch[ray]'."),
    shards: Optional[int] = typer.Option(None, "--shards", min=1, max=256, help="Shards of a new index: each a complete SQLite + vectors unit holding the photos whose paths hash to it, written in parallel and searched together (default 1; an existing index keeps its own)."),
    device: Optional[str] = DeviceOpt,
    precision: str = typer.Option("fp32", "--precision", help="fp32 or bf16 (bf16 pays off on GPUs only)."),
    faiss_factory: Optional[str] = typer.Option(
        None, "--faiss-factory", help="FAISS index type for a new index: Flat (exact, the default) or an "
                                      "approximate one such as HNSW32 for millions of segments."),
    as_json: bool = JsonOpt,
) -> None:
    """Index photos: run every network on every image and store its segments for search."""
    from .indexer import index_photos

    if precision not in ("fp32", "bf16"):
        _fail("--precision must be fp32 or bf16", 2)
    columns = [TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
        summary = index_photos(paths, index_dir or default_index_dir(), models, weights, device, precision,
                               factory=faiss_factory, prune=prune, batch_size=batch_size, workers=workers,
                               progress=_RichProgress(bar), verify=verify, min_area=min_area, min_confidence=min_confidence,
                               min_stuff_area=min_stuff_area, min_detection_score=min_detection_score,
                               refine_boxes=refine_boxes, commit_every=commit_every, ray=ray, shards=shards, helpers=helpers)
    if summary.discovered == 0 and not as_json:
        err.print("warning: no image files found under " + ", ".join(str(p) for p in paths)
                  + " (JPEG, PNG, WebP, BMP, TIFF, GIF, HEIC, AVIF)", highlight=False, markup=False)
    if as_json:
        _print_json(summary.as_dict())
        return
    out.print(f"indexed {summary.indexed}, unchanged {summary.unchanged}, failed {len(summary.failed)}"
              + (f", pruned {summary.pruned}" if prune else "")
              + f" — {summary.segments} segments in {summary.seconds:.1f}s"
              + (f" ({summary.images_per_second:.2f} images/s)" if summary.indexed else ""), highlight=False)
    for path, reason in summary.failed:
        out.print(f"  failed: {path}: {reason}", highlight=False, markup=False)
    if summary.discovered == 0:
        raise typer.Exit(1)


# --- search --------------------------------------------------------------------------------------
def _print_hits(hits: list[Any], title: str, by_date: bool = False, by_camera: bool = False) -> None:
    """One line per hit with its whole path (easy to copy), then what matched; `by_date`: hits
    ranked by when they were taken (`query.parser.date_order`) show that day instead of a score,
    hits ranked by a count (`count_order`: "the most people") that count, as "×5";
    `by_camera`: hits of a camera said ("photos from my iphone") name the camera that took them."""
    from .images import display_path

    out.print(title, style="bold", highlight=False, markup=False)
    for rank, hit in enumerate(hits, start=1):
        said = hit.day_taken() if by_date else f"{'×' + str(hit.count):>6}" if hit.count is not None \
            else f"{hit.score:6.3f}"  # ranked by a count ("the most people"): that count
        camera = f"  ({hit.camera})" if by_camera and hit.camera else ""
        out.print(f"{rank:>3}. {said}  {display_path(hit.path)}{camera}", highlight=False, markup=False)
        # a class query's objects once each (not another network's view of one, `Match.repeats`), counted
        labels = Counter(m.label for m in hit.matches if m.similarity is None and m.repeats is None)
        matches = ", ".join([f"{label} ×{n}" if n > 1 else label for label, n in labels.items()] + [
            f"#{m.query_object} {m.label} → segment {m.segment_id} {m.bbox} sim {m.similarity:.2f}"
            for m in hit.matches if m.similarity is not None])
        if matches:
            out.print(f"             {matches}", highlight=False, markup=False)


@app.command()
def search(
    words: Optional[list[str]] = typer.Argument(None, metavar="WORDS", help='Words, e.g. "car and pedestrian", "people on the beach", "What photos have dogs but no cats?", "a red car", "black and white photos of dogs", "at least 2 people and not dog", "car > 10%" (quotes optional; words no network sees, such as sizes and actions, are left out and named on stderr).'),
    image: Optional[list[Path]] = typer.Option(None, "--image", help="Search by example: photos with objects like this image's (repeat for several photos)."),
    match_any: bool = Flag("--any", help="With several --image photos: results may match any of them (default: all of them)."),
    like: Optional[Path] = typer.Option(None, "--like", help="Search by example with an indexed photo's stored objects (no re-analysis)."),
    object_number: Optional[int] = typer.Option(None, "--object", min=1, help="With --image/--like: match only query object N."),
    box: Optional[str] = typer.Option(None, "--box", help="With --image: search for what is inside this region, x0,y0,x1,y1 in the photo's pixels."),
    any_class: bool = Flag("--any-class", help="With --image/--like: match segments of any class."),
    objects_only: bool = Flag("--objects-only", help="With --image/--like: rank by object matches alone (the default adds whole-scene similarity)."),
    scene_only: bool = Flag("--scene-only", help="With --image/--like: rank by whole-image similarity alone."),
    where: Optional[str] = typer.Option(None, "--where", help="With --image/--like: keep only images satisfying these words."),
    under: Optional[Path] = typer.Option(None, "--under", help="Only photos under this folder."),
    taken_after: Optional[str] = typer.Option(None, "--taken-after", help="Only photos taken on or after this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM): EXIF time, else the file's."),
    taken_before: Optional[str] = typer.Option(None, "--taken-before", help="Only photos taken before this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)."),
    k: int = typer.Option(20, "-k", "--limit", min=1, help="Number of results."),
    index_dir: Optional[Path] = IndexOpt,
    weights: Optional[Path] = WeightsOpt,
    device: Optional[str] = DeviceOpt,
    contact_sheet: Optional[Path] = typer.Option(None, "--contact-sheet", help="Also write thumbnails of the results (.html or .png)."),
    paths: bool = Flag("--paths", help="Print only the matching files' paths, one per line (for xargs and scripts)."),
    as_json: bool = JsonOpt,
) -> None:
    """Search the index by words, by an example image, or like an indexed photo."""
    from . import open_index

    query = " ".join(words) if words else None  # `segsearch search people on the beach` needs no quotes
    filters = _filters(under, taken_after, taken_before)
    photos = list(image or [])
    if match_any and len(photos) < 2:
        _fail("--any combines several --image photos: give at least two", 2)
    if len(photos) > 1 and query is not None:
        _fail("give words or --image photos, not both (use --where to combine)", 2)
    if len(photos) > 1:
        _search_several(open_index, photos, match_any, object_number, box, any_class, objects_only, scene_only,
                        where, filters, k, index_dir, weights, device, contact_sheet, paths, as_json)
        return
    first = photos[0] if photos else None
    mode = _example_mode(objects_only, scene_only)
    if (objects_only or scene_only) and first is None and like is None:
        _fail("--objects-only and --scene-only apply to search by example (--image, --like)", 2)
    hits, objects, title = _run_search(open_index, query, first, like, object_number, box, any_class, where, filters,
                                       k, index_dir, weights, device, contact_sheet, paths, as_json, mode)
    from .query.parser import photo_order, query_camera

    _show(hits, objects, title, contact_sheet, first or like, paths, as_json,
          by_date=query is not None and isinstance(photo_order(query), str),
          by_camera=query is not None and bool(query_camera(query)))


def _search_several(open_index: Any, photos: list[Path], match_any: bool, object_number: Optional[int],
                    box: Optional[str], any_class: bool, objects_only: bool, scene_only: bool, where: Optional[str],
                    filters: Any, k: int, index_dir: Optional[Path], weights: Optional[Path], device: Optional[str],
                    contact_sheet: Optional[Path], paths: bool, as_json: bool) -> None:
    """Search by several example photos: results that match all of them (or any, with --any)."""
    from .query import parse

    for flag, given in (("--object", object_number is not None), ("--box", box is not None)):
        if given:
            _fail(f"{flag} applies to one --image photo", 2)
    mode = _example_mode(objects_only, scene_only)
    _check_output(paths, as_json, contact_sheet)
    from .images import missing_photo

    for photo in photos:
        if (problem := missing_photo(photo)) is not None:
            _fail(problem)
    if where is not None:
        parse(where)
    with open_index(index_dir, weights, device) as searcher:
        result = searcher.search_images(photos, k=k, require_all=not match_any, any_class=any_class, where=where,
                                        filters=filters, mode=mode)
    if (note := result.unmatched_note()) is not None:
        err.print(f"note: {note}", highlight=False)
    title = f"images like {' and '.join(str(p) for p in photos)}" if not match_any else \
        f"images like {' or '.join(str(p) for p in photos)}"
    _show(result.hits, result.query_objects, title, contact_sheet, photos[0], paths, as_json)


def _example_mode(objects_only: bool, scene_only: bool) -> str:
    """The example-search ranking the flags ask for."""
    if objects_only and scene_only:
        _fail("give --objects-only or --scene-only, not both", 2)
    return "objects" if objects_only else "scene" if scene_only else "combined"


def _check_output(paths: bool, as_json: bool, contact_sheet: Optional[Path]) -> None:
    if paths and as_json:
        _fail("--paths and --json are two output formats: give one", 2)
    if contact_sheet is not None and contact_sheet.suffix.lower() not in (".html", ".htm", ".png"):
        _fail(f"--contact-sheet {contact_sheet}: name an .html or .png file", 2)


def _show(hits: list[Any], objects: list[Any] | None, title: str, contact_sheet: Optional[Path],
          query_photo: Optional[Path], paths: bool, as_json: bool, by_date: bool = False,
          by_camera: bool = False) -> None:
    """Print (or write) search results in the chosen format (`by_date`, `by_camera`: see `_print_hits`)."""
    if contact_sheet is not None:
        from .render import contact_sheet as write_sheet

        write_sheet(hits, contact_sheet, title, query=query_photo, by_date=by_date)
    if paths:
        for hit in hits:
            sys.stdout.write(hit.path + "\n")
        return
    if as_json:
        _print_json([h.as_dict() for h in hits])
        return
    if objects:
        table = Table(title=f"objects in {query_photo}", title_justify="left")
        for col in ("object", "class", "colours", "area", "box"):
            table.add_column(col)
        for o in objects:
            table.add_row(f"#{o.number}", o.class_name, " and ".join(o.colours or []), f"{o.area:.1%}", str(o.bbox))
        out.print(table)
    if not hits:
        out.print("no matching images")
        return
    _print_hits(hits, title, by_date, by_camera)


def _filters(under: Optional[Path], taken_after: Optional[str], taken_before: Optional[str]) -> Any:
    """The search filters of the options (None: none), one line for each mistake."""
    from .store.catalogue import Filters, taken_time

    def when(flag: str, text: Optional[str]) -> Optional[float]:
        if text is None:
            return None
        try:
            return taken_time(text)
        except ValueError:
            _fail(f"{flag} {text}: give a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)", 2)
            return None

    if under is not None and not under.is_dir():
        _fail(f"--under {under}: no such folder", 2)
    after, before = when("--taken-after", taken_after), when("--taken-before", taken_before)
    if after is not None and before is not None and after >= before:
        _fail(f"--taken-after {taken_after} is not before --taken-before {taken_before}", 2)
    return Filters.of(under, after, before)


def _notes(searcher: Any, query: str, unseen: list[str], hits: list[Any], filters: Any) -> None:
    """The `note:` lines of a search by words, on stderr: the words left out ("a big car": cars, and
    a line saying that big was not looked for), the words searched as any of their kind ("a
    squirrel": any animal, `broadened`) and, where nothing was found, what each condition finds
    alone (`Searcher.found_apart`)."""
    from .query.parser import broadened, broadened_note, photo_order, unseen_note
    from .search import apart_note

    if unseen:
        err.print(f"note: {unseen_note(unseen, photo_order(query))}; searched for the rest", highlight=False)
    if kinds := broadened(query):  # "a squirrel": any animal
        err.print(f"note: {broadened_note(kinds)}", highlight=False)
    if not hits and (found := searcher.found_apart(query, filters)):
        err.print(f"note: {apart_note(found)}", highlight=False)


def _run_search(open_index: Any, query: Optional[str], image: Optional[Path], like: Optional[Path],
                object_number: Optional[int], box: Optional[str], any_class: bool, where: Optional[str], filters: Any, k: int,
                index_dir: Optional[Path], weights: Optional[Path], device: Optional[str],
                contact_sheet: Optional[Path], paths: bool, as_json: bool,
                mode: str = "combined") -> tuple[list[Any], list[Any] | None, str]:
    """Check the options (one line for each mistake), then run the one search they ask for."""
    from .query import parse
    from .query.parser import parse_noting, reading

    given = [name for name, value in (("words", query), ("--image", image), ("--like", like)) if value is not None]
    if len(given) != 1:
        if not given:
            _fail('give words (e.g. segsearch search "car and person"), --image PATH or --like PATH', 2)
        _fail(f"give one of words, --image or --like, not {' and '.join(given)} (use --where to combine)", 2)
    unseen: list[str] = []  # describing words of the query that no network sees
    if query is not None:
        ignored = [flag for flag, value in (("--object", object_number is not None), ("--any-class", any_class),
                                            ("--where", where is not None)) if value]
        if ignored:
            _fail(f"{ignored[0]} applies to search by example (--image, --like); for words, combine them in the "
                  f"query, e.g. \"car and not dog\"", 2)
        _, unseen = parse_noting(query)  # syntax errors before touching the index
    region: tuple[int, int, int, int] | None = None
    if box is not None:
        if image is None:
            _fail("--box marks a region of the --image photo: give --image too", 2)
        if object_number is not None:
            _fail("give --box or --object, not both", 2)
        parts = box.replace(" ", "").split(",")
        if len(parts) != 4 or not all(p.isdigit() for p in parts):
            _fail(f"--box {box}: give four whole numbers x0,y0,x1,y1 (pixels of the photo)", 2)
        region = (int(parts[0]), int(parts[1]), int(parts[2]), int(parts[3]))
    _check_output(paths, as_json, contact_sheet)
    if where is not None:
        parse(where)
    from .images import missing_photo

    if image is not None and (problem := missing_photo(image)) is not None:
        _fail(problem)
    with open_index(index_dir, weights, device) as searcher:
        if query is not None:
            hits = searcher.search(query, k=k, filters=filters)
            _notes(searcher, query, unseen, hits, filters)
            read = reading(query)  # "people on the beach or in the park": person and (beach or park)
            return hits, None, f"images matching {query!r}" + (f", read as: {read}" if read else "")
        source: Path | None = like
        if region is not None and image is not None:
            result = searcher.search_box(image, region, k=k, any_class=any_class, where=where, filters=filters)
            source = image
        elif like is not None:
            result = searcher.like(like, k=k, object_number=object_number, any_class=any_class, where=where,
                                   filters=filters, mode=mode)
        else:
            result = searcher.search_image(image, k=k, object_number=object_number, any_class=any_class,
                                           where=where, filters=filters, mode=mode)
            source = image
        title = f"images like {source}" + (" (whole-image similarity: no objects found)" if result.whole_image else "")
        if (note := result.unmatched_note()) is not None:
            err.print(f"note: {note}", highlight=False)
        return result.hits, result.query_objects, title


@app.command()
def export(
    query: str = typer.Argument(..., help='Words, as for `segsearch search`, e.g. "people on the beach".'),
    directory: Path = typer.Argument(..., help="Folder to put the matching photos in (created when missing)."),
    k: int = typer.Option(100, "-k", "--limit", min=1, help="Number of photos."),
    copy: bool = Flag("--copy", help="Copy the files instead of linking to them."),
    under: Optional[Path] = typer.Option(None, "--under", help="Only photos under this folder."),
    taken_after: Optional[str] = typer.Option(None, "--taken-after", help="Only photos taken on or after this date."),
    taken_before: Optional[str] = typer.Option(None, "--taken-before", help="Only photos taken before this date."),
    index_dir: Optional[Path] = IndexOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Put the photos matching words into a folder: symbolic links (or copies), ranked names."""
    from . import open_index
    from .export import export_hits, other_entries
    from .query.parser import ignored_words

    filters = _filters(under, taken_after, taken_before)
    unseen = ignored_words(query)  # syntax errors before touching the index
    with open_index(index_dir) as searcher:
        hits = searcher.search(query, k=k, filters=filters)
        _notes(searcher, query, unseen, hits, filters)
    written = export_hits(hits, directory, copy=copy)
    if others := other_entries(directory, written):
        err.print(f"note: {directory} also holds {others} other file(s), from an earlier export or your own; "
                  "the ranked names of this one sit beside them", highlight=False, markup=False)
    if as_json:
        _print_json([{"path": h.path, "exported": str(p)} for h, p in written])
        return
    out.print(f"{len(written)} photo(s) {'copied' if copy else 'linked'} into {directory}", highlight=False, markup=False)


# --- segment -------------------------------------------------------------------------------------
@app.command()
def segment(
    images: list[Path] = typer.Argument(..., help="Image files."),
    model: str = typer.Option("voc", "--model", help="One network (voc, ade20k, coco or a full name; see `segsearch models`)."),
    weights: Optional[Path] = WeightsOpt,
    device: Optional[str] = DeviceOpt,
    overlay: Optional[Path] = typer.Option(None, "--overlay", help="Write the (first) image with a coloured mask and legend (.png, .jpg or .webp)."),
    as_json: bool = JsonOpt,
) -> None:
    """Run one network on images: classes with their pixel fractions (or a detector's box scores)."""
    from .images import ImageError, decode, display_path
    from .models import Segmenter, get_spec, load_network

    get_spec(model)  # an unknown name before anything else
    for path in images:
        if not path.exists():
            _fail(f"no such file: {path}", 1)

    if overlay is not None and overlay.suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
        _fail(f"--overlay {overlay}: name a .png, .jpg or .webp file", 2)
    network = load_network(model, weights, device)
    if overlay is not None and not isinstance(network, Segmenter):
        _fail(f"--overlay needs a per-pixel network; {network.spec.name} finds boxes", 2)
    results, failed = [], 0
    for i, path in enumerate(images):
        try:
            decoded = decode(path, network.spec.input_size)
        except ImageError as exc:
            err.print(f"error: {display_path(path)}: {exc}", highlight=False, markup=False)
            failed += 1
            continue
        w, h = decoded.original_size
        if isinstance(network, Segmenter):
            seg = network.segment_tensors([network.preprocess(decoded.image)], [decoded.original_size])[0]
            classes = seg.class_fractions()
            if overlay is not None and i == 0:
                from .render import overlay as draw_overlay

                draw_overlay(decode(path, None).image, seg.labels, label_set=network.spec.labels).save(overlay)
        else:
            classes = network.detect([decoded.image])[0].class_scores_by_name()
        results.append({"path": display_path(path), "width": w, "height": h, "network": network.spec.name,
                        "classes": classes})
    if as_json:
        _print_json(results)
    else:
        def said(v: float) -> str:  # a few pixels of a class are under a tenth of a percent, not none
            return f"score {v:.2f}" if not isinstance(network, Segmenter) else "<0.1%" if v < 0.0005 else f"{v:.1%}"

        for r in results:
            classes_text = ", ".join(f"{name} {said(v)}" for name, v in r["classes"].items())
            out.print(f"{r['path']} ({r['width']}x{r['height']}): {classes_text}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)


# --- eval ----------------------------------------------------------------------------------------
def _metrics_table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in rows:
        table.add_row(name, value)
    return table


@app.command("eval")
def eval_command(
    dataset: Path = typer.Argument(..., help="Folder in PASCAL VOC layout: JPEGImages/*.jpg, SegmentationClass/*.png."),
    model: Optional[str] = typer.Option(None, "--models", "--model", help="Networks, comma-separated (default: voc,ade20k,coco)."),
    weights: Optional[Path] = WeightsOpt,
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Use only the first N photos (by name)."),
    keep_index: Optional[Path] = typer.Option(None, "--keep-index", help="Build the index here and keep it (default: a temporary directory)."),
    shards: Optional[int] = typer.Option(None, "--shards", min=1, max=256, help="Build the index in this many shards (see `segsearch index --shards`)."),
    device: Optional[str] = DeviceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Measure segmentation, class-query and example-search quality against ground-truth masks."""
    from .evaluate import evaluate

    columns = [TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
        report = evaluate(dataset, model, weights, limit, index_dir=keep_index, device=device,
                          progress=_RichProgress(bar), shards=shards)
    if as_json:
        _print_json(report.as_dict())
        return
    seg, cq, ex, t = report.segmentation, report.class_query, report.example, report.timings
    out.print(f"{report.images} images from {report.dataset}, model {report.model}", highlight=False)
    if seg["images"]:
        out.print(_metrics_table(f"segmentation ({seg['images']} photos analysed)", [
            ("mIoU (classes in ground truth)", f"{seg['miou']:.3f}"), ("pixel accuracy", f"{seg['pixel_accuracy']:.3f}")]))
        iou = Table(title="per-class IoU", title_justify="left")
        iou.add_column("class")
        iou.add_column("IoU", justify="right")
        for name, value in seg["per_class_iou"].items():  # type: ignore[attr-defined]
            iou.add_row(name, f"{value:.3f}")
        out.print(iou)
    else:
        out.print("segmentation: not measured (the kept index already held every photo, so none was analysed)",
                  highlight=False)
    rows = [(f"{label}: precision / recall / F1",
             f"{part['precision']:.3f} / {part['recall']:.3f} / {part['f1']:.3f}")  # type: ignore[index]
            for label, part in (("all queries", cq), ("single classes", cq["single_class"]),
                                ("class pairs", cq["class_pairs"]),
                                ("all queries, classes under 1% ignored", cq.get("small_ignored"))) if part]
    out.print(_metrics_table(f"class queries ({cq['queries']} queries, a class is present at ≥1% of pixels)", rows))
    out.print(_metrics_table(f"search by example ({ex['queries']} leave-one-out queries)", [
        ("objects: P@5 / P@10 / mAP", f"{ex['precision_at_5']:.3f} / {ex['precision_at_10']:.3f} / {ex['map']:.3f}"),
        ("whole image: P@5 / P@10 / mAP", f"{ex['whole_image_precision_at_5']:.3f} / "
         f"{ex['whole_image_precision_at_10']:.3f} / {ex['whole_image_map']:.3f}")]))
    for protocol, words in report.words.items():  # strict, small_ignored
        rows = []
        for label in ("object_words", "scene_words", "phrases"):
            for net, part in words[label].items():  # type: ignore[index]
                rows.append((f"{label.replace('_', ' ')} ({net}, {part['words']})",
                             f"{part['macro_f1']:.3f} / {part['micro_f1']:.3f}"))
        out.print(_metrics_table(f"everyday words on COCO labels, {protocol.replace('_', ' ')} "
                                 f"({words['presence']}): macro F1 / micro F1", rows))  # type: ignore[index]
    out.print(_metrics_table("timings", [(k, str(v)) for k, v in t.items()]))


# --- models / stats / failures / check -----------------------------------------------------------
models_app = typer.Typer(rich_markup_mode=None, help="The networks: list them, or download their weights ahead of time.",
                         no_args_is_help=False, invoke_without_command=True)
app.add_typer(models_app, name="models")


@models_app.callback()
def models(ctx: typer.Context, as_json: bool = JsonOpt) -> None:
    """List the networks: what they label, input size, feature width and whether weights are here."""
    if ctx.invoked_subcommand is not None:
        return
    from .models import ALIASES, DEFAULT_NETWORKS, MODELS, find_weights

    short = {v: k for k, v in ALIASES.items()}
    rows: list[dict[str, Any]] = []
    for spec in MODELS.values():
        path = find_weights(spec)
        rows.append({"name": spec.name, "alias": short.get(spec.name), "default": spec.name in DEFAULT_NETWORKS,
                     "description": spec.description, "output": spec.output, "input_size": spec.input_size,
                     "feature_dim": spec.feature_dim, "feature_layer": spec.feature_layer,
                     "labels": spec.labels.network, "classes": [l.name for l in spec.labels.labels if l.kind != "background"],
                     "weights_file": spec.weights_file, "url": spec.url, "sha256": spec.sha256,
                     "weights_available": path is not None, "weights_path": str(path) if path else None})
    if as_json:
        _print_json(rows)
        return
    table = Table(title="networks (default set marked *; weights download on first use)", title_justify="left")
    for col in ("name", "labels", "input", "weights here", "description"):
        table.add_column(col, overflow="fold")
    for r in rows:
        name = r["name"] + (f" ({r['alias']})" if r["alias"] else "") + (" *" if r["default"] else "")
        table.add_row(name, f"{r['labels']}: {len(r['classes'])} {r['output']}", str(r["input_size"]),
                      r["weights_path"] or f"no ({r['weights_file']})", r["description"])
    out.print(table)


@models_app.command("download")
def models_download(names: Optional[list[str]] = typer.Argument(None, help="Networks to fetch (default: the default set)."),
                    all_models: bool = Flag("--all", help="Fetch every network's weights.")) -> None:
    """Download networks' weights into the user cache now (checked against their pinned SHA-256)."""
    from .models import DEFAULT_NETWORKS, MODELS, ensure_weights, get_spec

    specs = list(MODELS.values()) if all_models else [get_spec(n) for n in (names or DEFAULT_NETWORKS)]
    for spec in specs:
        if spec.family == "torchvision":
            err.print(f"{spec.name}: torchvision downloads it on first use", highlight=False)
            continue
        with Progress(TextColumn(spec.name), BarColumn(), MofNCompleteColumn(), console=err, transient=True,
                      disable=not err.is_terminal) as bar:
            task = bar.add_task("download", total=None)
            path = ensure_weights(spec, progress=lambda done, total: bar.update(task, completed=done, total=total))
        out.print(f"{spec.name}: {path}", highlight=False, markup=False)


@app.command()
def vocabulary(words: Optional[list[str]] = typer.Argument(None, metavar="WORD",
                                                           help="Show what one word means (quotes optional)."),
               as_json: bool = JsonOpt) -> None:
    """Every word the query language understands, the concept it names and the labels behind it; then the colours,
    looks and shapes, dates, orders and cameras."""
    from .query.parser import (FOR_AN_ANIMAL, UNINDEXED, emoji_as_words, skippable_word, unseen_note, when_listing,
                               when_word)
    from .vocabulary import COLOUR_WORDS, LOOKS
    from .vocabulary import vocabulary as load

    # `segsearch vocabulary traffic light`; an emoji as the word it stands for
    word = " ".join(emoji_as_words(" ".join(words)).split()) if words else None

    vocab = load()
    rows = vocab.listing() + when_listing()
    if word is not None:
        concept, colour = vocab.concept(word), COLOUR_WORDS.get(word.lower().split()[-1])  # "red", "light blue"
        if " ".join(word.lower().replace("&", " & ").replace("-", " ").split()) in LOOKS + ("b & w",):
            rows = [r for r in rows if r["kind"] == "look" and r["concept"] == "black and white"]
        elif concept is None and (looks := [r for r in rows if r["kind"] == "look"
                                            and word.lower() in r["words"]]):  # type: ignore[operator]
            rows = looks  # "panoramas", "in colour"
        elif concept is None and (when := when_word(" ".join(word.lower().split()))) is not None:
            rows = [r for r in rows if r["concept"] == when]  # "last summer", "recent", "canon"
        elif concept is None and colour is not None:
            rows = [r for r in rows if r["kind"] == "colour" and r["concept"] == colour]
        elif concept is None and (animal := FOR_AN_ANIMAL.get(word.lower())):
            _fail(f"{unseen_note([word.lower()])}: searches look for the {animal} instead and say so")
        elif concept is None and (word.lower() in UNINDEXED or skippable_word(word.lower())):
            _fail(f"{unseen_note([word.lower()])}: searches leave it out and say so")
        elif concept is None:
            hint = vocab.suggest(word)
            _fail(f"unknown word {word!r}" + (f"; did you mean {hint!r}?" if hint else ""))
        else:
            rows = [r for r in rows if r["concept"] == concept.name and r["kind"] not in ("colour", "look", "when",
                                                                                        "order", "camera")]
    if as_json:
        _print_json(rows)
        return
    table = Table(title=f"vocabulary: {len(vocab.concepts)} concepts, {len(vocab.words)} words", title_justify="left")
    for col in ("concept", "kind", "means", "words"):
        table.add_column(col, overflow="fold")
    for r in rows:
        labels: list[str] = r["labels"]  # type: ignore[assignment]
        synonyms: list[str] = r["words"]  # type: ignore[assignment]
        table.add_row(str(r["concept"]), str(r["kind"]), str(r["definition"] or " ".join(labels)), ", ".join(synonyms))
    out.print(table)


def _open_readonly(index_dir: Optional[Path]):
    from .store import open_store

    return open_store(index_dir or default_index_dir())


@app.command()
def stats(index_dir: Optional[Path] = IndexOpt, as_json: bool = JsonOpt) -> None:
    """Images, segments per class, size on disk and model of an index."""
    with _open_readonly(index_dir) as idx:
        info = idx.stats()
    if as_json:
        _print_json(info)
        return
    out.print(f"index {info['index']}\nmodel {info['model']} (weights {str(info['weights_sha256'])[:12]}, "
              f"{info['embedding_dim']}-d embeddings, FAISS {info['faiss_factory']})\n"
              f"images {info['images']}, failed {info['failed']}, segments {info['segments']}, "
              f"on disk {info['disk_bytes'] / 1e6:.2f} MB"
              + (f"\n{info['shards']} shards holding {', '.join(map(str, info['images_per_shard']))} images"
                 if "shards" in info else ""), highlight=False)
    table = Table(title="segments per class", title_justify="left")
    table.add_column("class")
    table.add_column("segments", justify="right")
    table.add_column("images", justify="right")
    for name, n in info["segments_per_class"].items():
        table.add_row(name, str(n), str(info["images_per_class"].get(name, 0)))
    out.print(table)


@app.command()
def failures(index_dir: Optional[Path] = IndexOpt, as_json: bool = JsonOpt) -> None:
    """Files that could not be indexed, with the reason."""
    with _open_readonly(index_dir) as idx:
        rows = idx.failures()
    if as_json:
        _print_json([{"path": p, "reason": r} for p, r in rows])
        return
    from .images import display_path

    if not rows:
        out.print("no failures")
    for path, reason in rows:
        out.print(f"{display_path(path)}: {reason}", highlight=False, markup=False)


@app.command("reindex-vectors")
def reindex_vectors(faiss_factory: str = typer.Option(..., "--faiss-factory", help="FAISS index type: Flat (exact), HNSW32, or a compressed one trained on the stored embeddings such as IVF1024,SQ8 (8 bits per dimension; searched with an exact re-rank)."),
                    index_dir: Optional[Path] = IndexOpt, as_json: bool = JsonOpt) -> None:
    """Rebuild the vector index as another FAISS type from the stored embeddings (no re-analysis)."""
    from .store import open_store
    from .store.vectors import UnsupportedFactory

    with open_store(index_dir or default_index_dir(), writable=True) as idx:
        try:
            result = idx.reindex_vectors(faiss_factory)
        except UnsupportedFactory as exc:
            _fail(str(exc), 2)
    if as_json:
        _print_json(result)
        return
    trained = (f", {result['compressed_shards']} of them compressed (a shard too small to train stays exact)"
               if result["compressed"] else "")
    out.print(f"vectors rebuilt as {result['factory']}: {result['vectors']} vectors in {result['shards']} shards{trained}",
              highlight=False)


@app.command()
def check(index_dir: Optional[Path] = IndexOpt, repair: bool = Flag("--repair", help="Fix what can be fixed."),
          as_json: bool = JsonOpt) -> None:
    """Verify SQLite integrity and that every segment has exactly one FAISS vector."""
    from dataclasses import asdict

    from .store import open_store

    with open_store(index_dir or default_index_dir(), writable=repair) as idx:
        report = idx.check(repair=repair)
    if as_json:
        _print_json({**asdict(report), "ok": report.ok})
    else:
        out.print(f"images {report.images} (failed {report.failed}), segments {report.segments}\n"
                  f"sqlite: {report.sqlite_message}; generation {report.sqlite_generation}, "
                  f"vector files at generation {report.vectors_generation}\n"
                  f"segments without vector {report.missing_vectors}, vectors without segment "
                  f"{report.orphan_vectors}, class summaries out of step {report.summary_mismatches}\n"
                  f"vector files: {report.vector_files_message}", highlight=False)
        if report.writer_pid is not None:
            out.print(f"an indexing run (PID {report.writer_pid}) is writing: its vector files catch up at its "
                      "next checkpoint", highlight=False)
        for name, shard in report.shards.items():
            if not shard["ok"]:
                out.print(f"{name}: segments without vector {shard['missing_vectors']}, vectors without segment "
                          f"{shard['orphan_vectors']}, class summaries out of step {shard['summary_mismatches']}, "
                          f"sqlite {shard['sqlite_message']}, vector files {shard['vector_files_message']}",
                          highlight=False)
        for line in report.repaired:
            out.print(f"repaired: {line}")
        out.print("ok" if report.ok or report.repaired else "problems found: run `segsearch check --repair`")
    if not report.ok and not report.repaired:
        raise typer.Exit(1)


# --- serve ---------------------------------------------------------------------------------------
@app.command()
def serve(
    index_dir: Optional[Path] = IndexOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    weights: Optional[Path] = WeightsOpt,
    device: Optional[str] = DeviceOpt,
    allowed_host: Optional[list[str]] = typer.Option(None, "--allowed-host", help="Also answer requests for this host name (repeatable); by default only the --host address (and the loopback names for a loopback address)."),
) -> None:
    """Serve the web page and JSON API for an index (open http://HOST:PORT/)."""
    import uvicorn

    from .web import create_app

    import socket

    try:  # a busy port is one line, before anything says "serving"
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    from .web.app import allowed_hosts_for

    application = create_app(index_dir or default_index_dir(), weights=weights, device=device,
                             allowed_hosts=allowed_hosts_for(host, allowed_host or ()))
    err.print(f"segsearch: serving {index_dir or default_index_dir()} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _version(value: bool) -> None:
    if value:
        from . import __version__

        out.print(f"segsearch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, metavar="",
                                       help="Print the version and exit.")) -> None:
    """The options before any command (the app's help text says what segsearch does)."""


def main() -> None:
    """The `segsearch` command: every user mistake is one line on stderr and a non-zero exit."""
    app()
