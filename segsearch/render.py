"""Pictures for people: segmentation overlays and contact sheets of search results."""

from __future__ import annotations

import base64
import html
import io
import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from PIL import Image, ImageDraw

from .images import decode
from .labels import VOC, LabelSet, _colour

THUMB_SIZE = 320


def overlay(image: Image.Image, labels: np.ndarray, alpha: float = 0.5, label_set: LabelSet = VOC) -> Image.Image:
    """The image with each class's pixels tinted in its colour and a legend of the classes shown."""
    labels = np.asarray(Image.fromarray(labels).resize(image.size, Image.Resampling.NEAREST))
    colours = [label.colour for label in label_set.labels]
    palette = np.asarray(colours, dtype=np.float32)
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    tint = palette[labels]
    fg = (labels > 0)[..., None]
    blended = np.where(fg, rgb * (1 - alpha) + tint * alpha, rgb).astype(np.uint8)
    out = Image.fromarray(blended)
    present = [c for c in np.unique(labels) if c > 0]
    draw = ImageDraw.Draw(out)
    for row, cls in enumerate(present):
        y = 6 + row * 18
        draw.rectangle([6, y, 20, y + 14], fill=colours[cls], outline=(255, 255, 255))
        draw.text((26, y + 1), label_set.names[cls], fill=(255, 255, 255), stroke_width=2, stroke_fill=(0, 0, 0))
    return out


def outlined_thumbnail(path: str, boxes: Sequence[tuple[str, list[int], str]]) -> Image.Image:
    """A thumbnail with labelled boxes: (class name, [x0, y0, x1, y1] in original pixels, label)."""
    decoded = decode(os.fsencode(path).decode("utf-8", "surrogateescape"), THUMB_SIZE * 2)
    img = decoded.image
    img.thumbnail((THUMB_SIZE, THUMB_SIZE))
    sx, sy = img.width / decoded.original_size[0], img.height / decoded.original_size[1]
    draw = ImageDraw.Draw(img)
    for name, (x0, y0, x1, y1), label in boxes:
        colour = _colour(name)
        draw.rectangle([x0 * sx, y0 * sy, x1 * sx - 1, y1 * sy - 1], outline=colour, width=3)
        draw.text((x0 * sx + 4, y0 * sy + 3), label, fill=(255, 255, 255), stroke_width=2, stroke_fill=(0, 0, 0))
    return img


def _data_uri(img: Image.Image) -> str:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def contact_sheet(hits: Sequence[Any], out: str | os.PathLike[str], title: str) -> Path:
    """Write the hits as an HTML page (thumbnails embedded) or a PNG grid, by `out`'s suffix."""
    out = Path(out)
    tiles = []
    for rank, hit in enumerate(hits, start=1):
        boxes = [(m.class_name, m.bbox, m.class_name if m.similarity is None else
                  f"#{m.query_object} {m.class_name} {m.similarity:.2f}") for m in hit.matches]
        try:
            thumb = outlined_thumbnail(hit.path, boxes)
        except Exception:  # a file gone since indexing: keep the rank, show a blank tile
            thumb = Image.new("RGB", (THUMB_SIZE, THUMB_SIZE // 2), (200, 200, 200))
        tiles.append((rank, hit, thumb))
    if out.suffix.lower() == ".png":
        cols = 4
        rows = max(1, (len(tiles) + cols - 1) // cols)
        sheet = Image.new("RGB", (cols * (THUMB_SIZE + 8), rows * (THUMB_SIZE + 8)), (255, 255, 255))
        for i, (_, _, thumb) in enumerate(tiles):
            sheet.paste(thumb, ((i % cols) * (THUMB_SIZE + 8), (i // cols) * (THUMB_SIZE + 8)))
        sheet.save(out)
        return out
    cards = "\n".join(
        f'<figure><img src="{_data_uri(thumb)}" alt=""><figcaption>{rank}. score {hit.score:.3f}<br>'
        f'<small>{html.escape(hit.path)}</small></figcaption></figure>' for rank, hit, thumb in tiles)
    out.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:1em}} .grid{{display:flex;flex-wrap:wrap;gap:12px}}
figure{{margin:0;width:{THUMB_SIZE}px}} small{{color:#555;word-break:break-all}}</style></head>
<body><h1>{html.escape(title)}</h1><div class="grid">{cards}</div></body></html>""", encoding="utf-8")
    return out
