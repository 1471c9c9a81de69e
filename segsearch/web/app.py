"""The HTTP API and the static page. Images are addressed by index id only: no request parameter
ever becomes a file-system path, so only files that are in the index can be served. Uploaded query
images are analysed from a temporary file that is deleted at once; they never enter the index."""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, AsyncIterator

import numpy as np
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from PIL import Image

from ..vocabulary import vocabulary
from ..errors import SegsearchError
from ..images import ImageError, decode
from ..search import ExampleResult, Searcher
from ..store import Index

STATIC = Path(__file__).parent / "static"
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
THUMB_SIDES = (160, 320, 640)


def _example_json(result: ExampleResult) -> dict[str, Any]:
    return {"query_objects": [o.as_dict() for o in result.query_objects],
            "whole_image": result.whole_image, "hits": [h.as_dict() for h in result.hits]}


def web_wording(message: str) -> str:
    """A CLI message as the page should say it: options named as the API's fields (--object 3 →
    object 3), no command lines."""
    message = message.replace("`segsearch vocabulary`", "GET /api/classes")
    message = re.sub(r"`segsearch [^`]*`", "the segsearch command", message)
    return re.sub(r"(?<![\w-])--([a-z][a-z-]*)", lambda m: m.group(1).replace("-", "_"), message)


def create_app(index_dir: str | os.PathLike[str], weights: str | os.PathLike[str] | None = None,
               device: str | None = None, max_upload_bytes: int = MAX_UPLOAD_BYTES) -> FastAPI:
    searcher = Searcher(Index.open(index_dir), weights=weights, device=device)
    segment_lock = threading.Lock()  # one query segmentation at a time bounds memory
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        searcher.close()

    app = FastAPI(title="segsearch", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=lifespan)
    app.state.searcher = searcher

    @app.exception_handler(SegsearchError)
    def _user_error(_: Request, exc: SegsearchError) -> JSONResponse:
        return JSONResponse({"error": web_wording(str(exc).splitlines()[0])}, status_code=400)

    def image_path(image_id: int) -> str:
        record = searcher.index.image_record(image_id)
        if record is None:
            raise HTTPException(404, f"no indexed image with id {image_id}")
        path = record.file_path
        if not os.path.exists(path):
            raise HTTPException(410, "the file has moved or been deleted since it was indexed")
        return path

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
               offset: int = Query(0, ge=0)) -> dict[str, Any]:
        return {"query": q, "k": k, "offset": offset, "hits": [h.as_dict() for h in searcher.search(q, k, offset)]}

    @app.post("/api/search/image")
    def search_image(request: Request, file: UploadFile = File(...), k: int = Form(20, ge=1, le=200),
                     object: int | None = Form(None, ge=1), any_class: bool = Form(False),
                     where: str | None = Form(None, max_length=500)) -> dict[str, Any]:
        declared = int(request.headers.get("content-length") or 0)
        data = file.file.read(max_upload_bytes + 1)
        if declared > max_upload_bytes + 64 * 1024 or len(data) > max_upload_bytes:
            raise HTTPException(413, f"upload larger than {max_upload_bytes // (1024 * 1024)} MB")
        suffix = Path(file.filename or "query").suffix[:10] or ".img"
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            tmp.write(data)
            tmp.flush()
            try:
                with segment_lock:
                    result = searcher.search_image(tmp.name, k=k, object_number=object, any_class=any_class,
                                                   where=where or None)
            except SegsearchError as exc:  # never show the server's temporary path
                raise type(exc)(str(exc).replace(tmp.name, "the uploaded file")) from None
        return _example_json(result)

    @app.get("/api/images/{image_id}")
    def image_info(image_id: int) -> dict[str, Any]:
        record = searcher.index.image_record(image_id)
        regions = searcher.index.stored_regions(image_id)
        if record is None or regions is None:
            raise HTTPException(404, f"no indexed image with id {image_id}")
        return {"image_id": image_id, "path": record.path, "width": record.width, "height": record.height,
                "segments": [{"object": i + 1, "segment_id": seg.segment_id, "class": searcher.index.space.display(seg.class_id),
                              "area": round(seg.area, 4), "confidence": round(seg.confidence, 4),
                              "bbox": list(seg.bbox)} for i, seg in enumerate(regions.segments)]}

    @app.get("/api/images/{image_id}/similar")
    def similar(image_id: int, object: int | None = Query(None, ge=1), k: int = Query(20, ge=1, le=200),
                any_class: bool = False) -> dict[str, Any]:
        return _example_json(searcher.search_indexed(image_id, k=k, object_number=object, any_class=any_class))

    @app.get("/api/images/{image_id}/file")
    def image_file(image_id: int) -> FileResponse:
        return FileResponse(image_path(image_id))

    @app.get("/api/images/{image_id}/thumb")
    def thumbnail(image_id: int, size: int = Query(320)) -> Response:
        side = min(THUMB_SIDES, key=lambda s: abs(s - size))
        path = image_path(image_id)
        return Response(_thumbnail(path, os.stat(path).st_mtime_ns, side), media_type="image/jpeg",
                        headers={"Cache-Control": "max-age=3600"})

    @app.get("/api/segments/{segment_id}/mask.png")
    def segment_mask(segment_id: int) -> Response:
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


@lru_cache(maxsize=512)
def _thumbnail(path: str, _mtime_ns: int, side: int) -> bytes:
    """JPEG bytes of an upright thumbnail; the mtime in the key drops stale entries."""
    try:
        img = decode(path, side).image
    except ImageError as exc:
        raise HTTPException(422, f"cannot decode the indexed file: {exc}") from None
    img.thumbnail((side, side))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82)
    return buf.getvalue()
