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


CAPTION_HEIGHT = 54
GAP = 8


def _missing_tile(path: str) -> Image.Image:
    tile = Image.new("RGB", (THUMB_SIZE, THUMB_SIZE * 3 // 4), (235, 235, 235))
    draw = ImageDraw.Draw(tile)
    draw.rectangle([0, 0, tile.width - 1, tile.height - 1], outline=(180, 60, 60), width=3)
    draw.text((12, tile.height // 2 - 16), "file missing or changed", fill=(150, 30, 30))
    draw.text((12, tile.height // 2 + 2), os.path.basename(path)[:40], fill=(90, 90, 90))
    return tile


def _captioned(thumb: Image.Image, lines: list[str], highlight: bool = False) -> Image.Image:
    """The thumbnail centred on a fixed-size tile, with caption lines under it."""
    tile = Image.new("RGB", (THUMB_SIZE, THUMB_SIZE + CAPTION_HEIGHT), (250, 250, 250) if not highlight else (255, 244, 214))
    tile.paste(thumb, ((THUMB_SIZE - thumb.width) // 2, (THUMB_SIZE - thumb.height) // 2))
    draw = ImageDraw.Draw(tile)
    for n, line in enumerate(lines[:3]):
        draw.text((6, THUMB_SIZE + 4 + 16 * n), line[:52], fill=(20, 20, 20))
    return tile


def contact_sheet(hits: Sequence[Any], out: str | os.PathLike[str], title: str,
                  query: str | os.PathLike[str] | None = None, by_date: bool = False) -> Path:
    """Write the hits as an HTML page (thumbnails embedded) or a PNG grid, by `out`'s suffix. The
    PNG has the query photo first (when there is one), then each hit with its rank, score (or, for
    hits ranked `by_date`, the day taken), file name and matched labels; it is as wide as it needs
    to be (up to 4 columns), and a file gone since indexing is a marked tile, not a grey square."""
    out = Path(out)

    def said(hit: Any) -> str:
        return f"taken {hit.day_taken()}" if by_date else f"score {hit.score:.3f}"

    tiles = []
    for rank, hit in enumerate(hits, start=1):
        boxes = [(m.class_name, m.bbox, m.label if m.similarity is None else
                  f"#{m.query_object} {m.label} {m.similarity:.2f}") for m in hit.matches]
        try:
            thumb = outlined_thumbnail(hit.path, boxes)
        except Exception:  # a file gone since indexing: keep the rank, say so
            thumb = _missing_tile(hit.path)
        tiles.append((rank, hit, thumb))
    if out.suffix.lower() == ".png":
        cards = []
        if query is not None:
            try:
                qthumb = decode(os.fspath(query), THUMB_SIZE * 2).image
                qthumb.thumbnail((THUMB_SIZE, THUMB_SIZE))
            except Exception:
                qthumb = _missing_tile(os.fspath(query))
            cards.append(_captioned(qthumb, ["query", os.path.basename(os.fspath(query))], highlight=True))
        for rank, hit, thumb in tiles:
            labels = ", ".join(dict.fromkeys(m.label for m in hit.matches))
            cards.append(_captioned(thumb, [f"{rank}. {said(hit)}", os.path.basename(hit.path), labels]))
        cols = max(1, min(4, len(cards)))
        rows = max(1, (len(cards) + cols - 1) // cols)
        header = 28
        tile_h = THUMB_SIZE + CAPTION_HEIGHT
        sheet = Image.new("RGB", (cols * (THUMB_SIZE + GAP) + GAP, header + rows * (tile_h + GAP) + GAP), (255, 255, 255))
        draw = ImageDraw.Draw(sheet)
        draw.text((GAP, 8), title[:120] if cards else f"{title[:100]}: no matching images", fill=(0, 0, 0))
        for i, card in enumerate(cards):
            sheet.paste(card, (GAP + (i % cols) * (THUMB_SIZE + GAP), header + GAP + (i // cols) * (tile_h + GAP)))
        sheet.save(out)
        return out
    cards_html = "\n".join(
        f'<figure><img src="{_data_uri(thumb)}" alt=""><figcaption>{rank}. {said(hit)}<br>'
        f'<small>{html.escape(hit.path)}</small></figcaption></figure>' for rank, hit, thumb in tiles)
    out.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:1em}} .grid{{display:flex;flex-wrap:wrap;gap:12px}}
figure{{margin:0;width:{THUMB_SIZE}px}} small{{color:#555;word-break:break-all}}</style></head>
<body><h1>{html.escape(title)}</h1><div class="grid">{cards_html}</div></body></html>""", encoding="utf-8")
    return out
