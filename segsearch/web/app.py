"""The HTTP API and the static page. Images are addressed by index id only: no request parameter
ever becomes a file-system path, so only files that are in the index can be served. Uploaded query
images are analysed from a temporary file that is deleted at once; they never enter the index."""

from __future__ import annotations

import contextlib
import hashlib
import time
import io
import json
import os
import re
import threading
from contextlib import asynccontextmanager
from collections import OrderedDict
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Sequence

import numpy as np
import anyio
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as FastApiPath
from starlette.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from PIL import Image

from ..query.parser import CountOrder, broadened, broadened_note, ignored_words, photo_order, reading, unseen_note
from ..vocabulary import vocabulary
from ..colours import describing
from ..errors import QueryError, SegsearchError
from ..images import ImageError, content_hash, decode, read_regular_file, stat_regular_file
from ..search import ExampleResult, Searcher, apart_note
from ..store import Taken, open_store
from ..store.catalogue import taken_text

STATIC = Path(__file__).parent / "static"
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_ID = 2**63 - 1  # SQLite's integer range: larger ids are a 422, not an overflow
MAX_OFFSET = 1_000_000
UPLOAD_MAX_PIXELS = 64_000_000  # a 48 MP phone photo fits
def _id() -> Any:
    """A path id within SQLite's integer range (a fresh parameter object per endpoint)."""
    return FastApiPath(..., ge=1, le=MAX_ID)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def allowed_hosts_for(bind: str, extra: Sequence[str] = ()) -> list[str]:
    """The Host header values the server answers: for a loopback address, the loopback names only
    (so a web page the user visits cannot reach the server through a DNS name it controls: DNS
    rebinding); for another address, that address; plus any names given with --allowed-host;
    '*' (anything) only when serving on every interface without naming hosts."""
    if bind in LOOPBACK_NAMES or bind.startswith("127."):
        hosts = list(LOOPBACK_NAMES) + ([bind] if bind not in LOOPBACK_NAMES else [])
    elif bind in ("0.0.0.0", "::", ""):
        hosts = [] if extra else ["*"]
        hosts += list(LOOPBACK_NAMES)
    else:
        hosts = [bind]
    return hosts + [h for h in extra if h not in hosts]


class UploadLimit:
    """ASGI middleware: a request body over `limit` bytes is refused with 413 before it is read
    (by its Content-Length) or as soon as a chunked body passes the limit, so an oversized upload
    never reaches the disk."""

    def __init__(self, app: Any, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit + 64 * 1024):
            await self._too_large(send)
            return
        seen = 0
        overflow = started = False

        async def counted_receive() -> Any:
            nonlocal seen, overflow
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit + 64 * 1024:
                overflow = True
                raise _TooLarge()  # stops the body being read any further
            return message

        async def guarded_send(message: Any) -> None:
            nonlocal started
            if overflow:  # whatever the app made of the cut-off body, the answer is 413
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._too_large(send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except _TooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Any) -> None:
        body = json.dumps({"error": f"upload larger than {self.limit // (1024 * 1024)} MB"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
THUMB_SIDES = (160, 320, 640)


def _example_json(result: ExampleResult) -> dict[str, Any]:
    return {"query_objects": [o.as_dict() for o in result.query_objects],
            "whole_image": result.whole_image, "hits": [h.as_dict() for h in result.hits],
            **({"unmatched": result.unmatched, "unmatched_note": note}
               if (note := result.unmatched_note()) is not None else {})}


def web_wording(message: str) -> str:
    """A CLI message as the page should say it: options named as the API's fields (--object 3 →
    object 3), no command lines."""
    message = message.replace("`segsearch vocabulary`", "GET /api/classes")
    message = re.sub(r"`segsearch [^`]*`", "the segsearch command", message)
    return re.sub(r"(?<![\w-])--([a-z][a-z-]*)", lambda m: m.group(1).replace("-", "_"), message)


def create_app(index_dir: str | os.PathLike[str], weights: str | os.PathLike[str] | None = None,
               device: str | None = None, max_upload_bytes: int = MAX_UPLOAD_BYTES,
               allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The app over one index. `allowed_hosts` (see `allowed_hosts_for`) is the Host allow-list;
    None answers any Host (tests, embedding behind a proxy that checks it)."""
    searcher = Searcher(open_store(index_dir), weights=weights, device=device)
    searcher.index.keep_class_lists()  # a server asks many class queries: posting lists in memory
    analysis_slot = anyio.CapacityLimiter(1)  # one query analysis at a time bounds memory
    uploads = UploadCache()
    thumbnails = Thumbnails()
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        searcher.close()

    # no interactive docs: their pages load scripts from a CDN, blank offline; the schema is served
    app = FastAPI(title="segsearch", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=lifespan)
    app.state.searcher = searcher
    app.add_middleware(UploadLimit, limit=max_upload_bytes)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.exception_handler(SegsearchError)
    def _user_error(_: Request, exc: SegsearchError) -> JSONResponse:
        body: dict[str, Any] = {"error": web_wording(str(exc).splitlines()[0])}
        if isinstance(exc, QueryError) and exc.typed and exc.meant:  # the page offers the corrected query
            body["did_you_mean"] = {"typed": exc.typed, "meant": exc.meant}
        return JSONResponse(body, status_code=400)

    def record_of(image_id: int) -> Any:
        record = searcher.index.image_record(image_id)
        if record is None:
            raise HTTPException(404, f"no indexed image with id {image_id}")
        return record

    # image id → (size, mtime) of a file found to hold the indexed bytes under another mtime than
    # the recorded one (copied without its times, restored from a backup, touched)
    touched: dict[int, tuple[int, int]] = {}

    def as_indexed(image_id: int, st: os.stat_result, data: bytes | None) -> bool:
        """Whether the file of status `st` (and bytes `data`, where read) is the one indexed: the
        recorded size and mtime, or the recorded size and bytes of the recorded hash."""
        record = record_of(image_id)
        now = (st.st_size, st.st_mtime_ns)
        if now == (record.size, record.mtime_ns) or touched.get(image_id) == now:
            return True
        if data is None or st.st_size != record.size or record.content_hash != content_hash(data):
            return False
        touched[image_id] = now
        return True

    def opened(image_id: int, read: Callable[[str], Any]) -> Any:
        try:
            return read(record_of(image_id).file_path)
        except ImageError as exc:
            raise HTTPException(410, f"the indexed file cannot be served: {exc}") from None

    def still_indexed(image_id: int) -> tuple[int, bytes | None]:
        """The mtime of the file at the indexed path if it is still the regular file indexed
        (told by its status; where only its mtime moved, by reading it: `indexed_file`), and the
        bytes where it was read, so that the caller need not read them again."""
        st = opened(image_id, stat_regular_file)
        if as_indexed(image_id, st, None):
            return int(st.st_mtime_ns), None
        data, mtime = indexed_file(image_id)
        return mtime, data

    def indexed_file(image_id: int) -> tuple[bytes, int]:
        """The bytes of exactly the file that was indexed, and its mtime: a regular file of the
        recorded size and mtime, or of the recorded size and bytes (its mtime moved, its bytes did
        not), read once through one descriptor. Anything else at that path now (a symlink to
        /etc/passwd, a FIFO, a directory, an edited photo) is refused with 410."""
        data, st = opened(image_id, read_regular_file)
        if not as_indexed(image_id, st, data):
            raise HTTPException(410, "the file changed since it was indexed; index it again to serve it")
        return data, st.st_mtime_ns

    @app.get("/api/stats")
    def stats() -> dict[str, Any]:
        info = searcher.index.stats()
        info.pop("index", None)  # no server paths to the page
        return info

    @app.get("/api/classes")
    def classes() -> dict[str, Any]:
        space = searcher.index.space
        return {"classes": [{"name": space.display(i), "colour": "#%02x%02x%02x" % space.colour(i)}
                            for i in range(len(space)) if space.kind(i) != "background"],
                "words": sorted(vocabulary().words)}

    @app.get("/api/search")
    def search(q: str = Query(..., min_length=1, max_length=500), k: int = Query(20, ge=1, le=200),
               offset: int = Query(0, ge=0, le=MAX_OFFSET), taken_after: str | None = Query(None, max_length=19),
               taken_before: str | None = Query(None, max_length=19)) -> dict[str, Any]:
        filters = _dates(taken_after, taken_before)
        hits = searcher.search(q, k, offset, filters=filters)
        unseen = ignored_words(q)  # words left out ("big", "grazing", "eiffel"): searched without them
        kinds = broadened(q)  # words searched as any of their kind ("squirrel": any animal)
        order = photo_order(q)  # by date, by a count ("the most people") or None (by score)
        counted = order if isinstance(order, CountOrder) else None
        notes = [unseen_note(unseen, order)] if unseen else []
        notes += [broadened_note(kinds)] if kinds else []
        # nothing found: each condition alone, and how many photos meet it ("beach in none")
        apart = searcher.found_apart(q, filters) if not hits and not offset else []
        return {"query": q, "read_as": reading(q), "k": k, "offset": offset, "hits": [h.as_dict() for h in hits],
                # newest or oldest: each hit's day, not its score; most or fewest: each hit's count
                "order": ("most" if counted.most else "fewest") if counted else order or "score",
                **({"counted": counted.things()} if counted else {}),
                **({"ignored": unseen} if unseen else {}),
                **({"broadened": [{"word": w, "concept": c} for w, c in kinds]} if kinds else {}),
                **({"note": web_wording("; ".join(notes))} if notes else {}),
                **({"apart": [a.as_dict() for a in apart], "apart_note": apart_note(apart)} if apart else {})}

    def _dates(after: str | None, before: str | None) -> Any:
        """Date filters from YYYY-MM-DD (or ...THH:MM) parameters, read as the camera's calendar."""
        from ..store.catalogue import Filters, taken_time

        def when(name: str, text: str | None) -> float | None:
            if not text:
                return None
            try:
                return taken_time(text)
            except ValueError:
                raise HTTPException(422, f"{name} must be a date, YYYY-MM-DD") from None
        return Filters.of(None, when("taken_after", after), when("taken_before", before))

    @app.post("/api/search/image")
    async def search_image(file: UploadFile = File(...), k: int = Form(20, ge=1, le=200),
                           object: int | None = Form(None, ge=1, le=10_000), any_class: bool = Form(False),
                           where: str | None = Form(None, max_length=500)) -> dict[str, Any]:
        """Uploads wait for the one analysis slot in the event loop, not in worker threads (so 45
        waiting uploads leave every other request its thread), are analysed from memory (nothing
        is written under a name a killed server could leave behind) and may have at most
        UPLOAD_MAX_PIXELS (a decompression bomb under Pillow's limit costs seconds and a gigabyte)."""
        data = await file.read(max_upload_bytes + 1)
        if len(data) > max_upload_bytes:
            raise HTTPException(413, f"upload larger than {max_upload_bytes // (1024 * 1024)} MB")
        upload_id = hashlib.blake2b(data, digest_size=16).hexdigest()
        photo = uploads.get(upload_id)
        if photo is None:
            photo = await anyio.to_thread.run_sync(
                lambda: searcher.query_photo(data, "the uploaded file", UPLOAD_MAX_PIXELS), limiter=analysis_slot)
            uploads.put(upload_id, photo)
        return {**_upload_search(upload_id, photo, k, 0, object, None, any_class, where), "upload_id": upload_id}

    def _upload_search(upload_id: str, photo: Any, k: int, offset: int, object: int | None, box: str | None,
                       any_class: bool, where: str | None, filters: Any = None) -> dict[str, Any]:
        excluded = searcher.index.images_like(b"", upload_id)
        if box is not None:
            parts = box.split(",")
            if len(parts) != 4 or not all(p.strip().isdigit() for p in parts):
                raise HTTPException(422, "box must be four whole numbers x0,y0,x1,y1")
            x0, y0, x1, y1 = (int(p) for p in parts)
            result = searcher.search_box_photo(photo, (x0, y0, x1, y1), k + offset, any_class, where or None,
                                               filters, excluded)
        else:
            result = searcher.search_regions(photo.regions, k + offset, object, any_class, where or None, excluded,
                                             filters)
        result.hits = result.hits[offset:]
        return {**_example_json(result), "width": photo.original_size[0], "height": photo.original_size[1],
                "photo_objects": [o.as_dict() for o in searcher.query_objects(photo.regions)]}

    @app.get("/api/uploads/{upload_id}/search")
    def upload_search(upload_id: str = FastApiPath(..., pattern="^[0-9a-f]{32}$"), k: int = Query(20, ge=1, le=200),
                      offset: int = Query(0, ge=0, le=MAX_OFFSET), object: int | None = Query(None, ge=1, le=10_000),
                      box: str | None = Query(None, max_length=64), any_class: bool = False,
                      where: str | None = Query(None, max_length=500), taken_after: str | None = Query(None, max_length=19),
                      taken_before: str | None = Query(None, max_length=19)) -> dict[str, Any]:
        """Search again with an analysed upload (another object, another page) without analysing it
        again: uploads are kept, analysed, for a while (UPLOAD_TTL_SECONDS, last UPLOAD_CACHE)."""
        photo = uploads.get(upload_id)
        if photo is None:
            raise HTTPException(410, "that upload is no longer kept: drop the photo again")
        return {**_upload_search(upload_id, photo, k, offset, object, box, any_class, where,
                                 _dates(taken_after, taken_before)), "upload_id": upload_id}

    @app.get("/api/images/{image_id}")
    def image_info(image_id: int = _id()) -> dict[str, Any]:
        record = searcher.index.image_record(image_id)
        regions = searcher.index.stored_regions(image_id)
        if record is None or regions is None:
            raise HTTPException(404, f"no indexed image with id {image_id}")
        shares = searcher.index.segment_colours([seg.segment_id for seg in regions.segments if seg.segment_id])
        taken = searcher.index.taken([image_id]).get(image_id) or Taken(None, None)
        return {"image_id": image_id, "path": record.path, "width": record.width, "height": record.height,
                "taken": None if taken.at is None else taken_text(taken.at), "taken_from": taken.source,
                "camera": taken.camera,
                "segments": [{"object": i + 1, "segment_id": seg.segment_id, "class": searcher.index.space.display(seg.class_id),
                              "area": round(seg.area, 4), "confidence": round(seg.confidence, 4),
                              "bbox": list(seg.bbox),
                              "colours": describing(shares[seg.segment_id]) if seg.segment_id in shares else None}
                             for i, seg in enumerate(regions.segments)]}

    @app.get("/api/images/{image_id}/similar")
    def similar(image_id: int = _id(), object: int | None = Query(None, ge=1, le=10_000), k: int = Query(20, ge=1, le=200),
                offset: int = Query(0, ge=0, le=MAX_OFFSET), any_class: bool = False,
                taken_after: str | None = Query(None, max_length=19),
                taken_before: str | None = Query(None, max_length=19)) -> dict[str, Any]:
        result = searcher.search_indexed(image_id, k=k + offset, object_number=object, any_class=any_class,
                                         filters=_dates(taken_after, taken_before))
        result.hits = result.hits[offset:]
        return _example_json(result)

    @app.get("/api/images/{image_id}/file")
    def image_file(image_id: int = _id()) -> Response:
        data, _ = indexed_file(image_id)
        return Response(data, media_type=_media_type(data))

    @app.get("/api/images/{image_id}/thumb")
    def thumbnail(image_id: int = _id(), size: int = Query(320, ge=1, le=10_000)) -> Response:
        side = min(THUMB_SIDES, key=lambda s: abs(s - size))
        record = record_of(image_id)
        return Response(thumbnails.get(image_id, side, still_indexed, indexed_file, record.width * record.height),
                        media_type="image/jpeg",
                        headers={"Cache-Control": "max-age=3600"})

    @app.get("/api/segments/{segment_id}/mask.png")
    def segment_mask(segment_id: int = _id()) -> Response:
        seg = searcher.index.segment(segment_id)
        if seg is None:
            raise HTTPException(404, f"no segment with id {segment_id}")
        mask = seg.mask.decode()
        rgba = np.zeros((*mask.shape, 4), np.uint8)
        rgba[mask] = (*searcher.index.space.colour(seg.class_id), 150)
        buf = io.BytesIO()
        Image.fromarray(rgba, "RGBA").save(buf, "PNG")
        return Response(buf.getvalue(), media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _media_type(data: bytes) -> str:
    try:
        with Image.open(io.BytesIO(data)) as img:
            return Image.MIME.get(img.format or "", "application/octet-stream")
    except Exception:
        return "application/octet-stream"


UPLOAD_CACHE = 32
UPLOAD_TTL_SECONDS = 1800


class UploadCache:
    """Analysed uploads by content hash, in memory only (never on disk): the last UPLOAD_CACHE,
    each for UPLOAD_TTL_SECONDS, so clicking another object or page does not analyse the photo again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, key: str) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is None or time.monotonic() - item[0] > UPLOAD_TTL_SECONDS:
                self._items.pop(key, None)
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, regions: Any) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), regions)
            while len(self._items) > UPLOAD_CACHE:
                self._items.popitem(last=False)


BIG_PIXELS = 16_000_000


class Thumbnails:
    """Thumbnails with bounded work: at most `workers` decodes at once, and photos over BIG_PIXELS
    one at a time (a few huge photos cannot take the server's memory); one decode per missing
    entry however many requests ask for it (single flight); an LRU of the JPEG bytes keyed by
    image, size and mtime. A cached thumbnail is served only while the file is still the one
    indexed (its descriptor's size and mtime are checked, without reading it; a file whose mtime
    alone moved is read once, to check its bytes, and those bytes are the ones decoded)."""

    def __init__(self, workers: int = 2, entries: int = 512):
        self._decoding = threading.BoundedSemaphore(workers)
        self._big = threading.Lock()
        self._lock = threading.Lock()
        self._flights: dict[tuple[int, int], threading.Lock] = {}
        self._cache: OrderedDict[tuple[int, int, int], bytes] = OrderedDict()
        self._entries = entries

    def get(self, image_id: int, side: int, check: Any, read: Any, pixels: int) -> bytes:
        with self._lock:
            flight = self._flights.setdefault((image_id, side), threading.Lock())
        with flight:
            mtime, data = check(image_id)  # still the file as indexed (410 otherwise); its bytes if read
            key = (image_id, side, mtime)
            with self._lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return self._cache[key]
            with self._big if pixels > BIG_PIXELS else contextlib.nullcontext(), self._decoding:
                if data is None:
                    data, mtime = read(image_id)
                key = (image_id, side, mtime)
                jpeg = _thumbnail(data, side)
                del data
            with self._lock:
                self._cache[key] = jpeg
                while len(self._cache) > self._entries:
                    self._cache.popitem(last=False)
            return jpeg


def _thumbnail(data: bytes, side: int) -> bytes:
    """JPEG bytes of an upright thumbnail (JPEGs decoded at reduced scale)."""
    try:
        img = decode(io.BytesIO(data), side).image
    except ImageError as exc:
        raise HTTPException(422, f"cannot decode the indexed file: {exc}") from None
    img.thumbnail((side, side), reducing_gap=2.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82)
    return buf.getvalue()
