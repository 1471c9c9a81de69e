"""What colour each part of a photo is, in English's eleven basic colour terms (black, grey, white,
red, orange, yellow, green, blue, purple, pink, brown), so that "a red car" can be asked of a
segment.

Each pixel of a small copy of the photo (`MAP_LONG_SIDE`, brightened where the photo is
underexposed so that its whites are white) is named by its hue, saturation and value
(`name_pixels`); a segment's colours are the shares of those names under its mask
(`region_shares`), and for a detector's box under the regions of its concept that a per-pixel
network found in it, else over its central part, which holds more of the object than its corners
do (`box_shares`). A colour describes a segment where its share reaches `DESCRIBES`: a red car's
windows, tyres and shadow leave its paint most, but rarely all, of the car.

Lighting shifts colours and a camera's white balance more; the rule names what the pixels are,
not what the object would be under white light, so a white car in blue shade can be grey or blue.
The naming is checked against the colour names Pillow knows (`tests/test_colours.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from PIL import Image

COLOURS = ("black", "grey", "white", "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown")
MAP_LONG_SIDE = 128  # the colour map's long side: a segment of 0.5% of a photo still has ~80 of its pixels
DESCRIBES = 0.3  # a colour describes a segment from this share of its pixels
# A photo is black and white where at most this share of its colour map has a hue (is named neither
# black, grey nor white). Measured on the 100 shared photos: their 3 black-and-white ones 0.000,
# the least colourful colour photo (birds against a grey sky) 0.028, greyscale copies of all 100
# 0.000, sepia-toned copies 0.34 or more (so sepia is not black and white).
MONOCHROME = 0.01
BOX_CENTRE = 0.6  # a box's colours are read over its central part, this fraction of each side

_BLACK, _GREY, _WHITE, _RED, _ORANGE, _YELLOW, _GREEN, _BLUE, _PURPLE, _PINK, _BROWN = range(len(COLOURS))
# hue ranges in degrees, from each start to the next: what a saturated, bright pixel is called
_HUE_STARTS = np.array([0, 15, 42, 70, 180, 255, 290, 335], np.float32)
_HUE_NAMES = np.array([_RED, _ORANGE, _YELLOW, _GREEN, _BLUE, _PURPLE, _PINK, _RED], np.uint8)


@dataclass
class ColourMap:
    """One photo's colour names, `MAP_LONG_SIDE` on its long side (mutable: `handoff` packs it)."""

    names: np.ndarray  # uint8 (h, w): indices into COLOURS


def name_pixels(rgb: np.ndarray) -> np.ndarray:
    """The colour word of each pixel of a uint8 (..., 3) RGB array, as indices into `COLOURS`.

    Dark pixels are black; pixels with little colour are white, grey or black by their value; the
    rest are named by hue, except that dark or washed-out oranges and dark yellows are brown (tan,
    chocolate, khaki), pale or light reds pink, and dark pinks purple. A red in shade stays red
    (CSS's "brown", a dark red by hue, is red here)."""
    x = rgb.astype(np.float32) / 255.0
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    v = x.max(-1)
    c = v - x.min(-1)
    s = np.where(v > 0, c / np.maximum(v, 1e-6), 0)
    safe = np.maximum(c, 1e-6)
    hue = np.where(v == r, ((g - b) / safe) % 6, np.where(v == g, (b - r) / safe + 2, (r - g) / safe + 4)) * 60
    names = _HUE_NAMES[np.searchsorted(_HUE_STARTS, hue, side="right") - 1]
    red, orange = names == _RED, names == _ORANGE
    brown = ((orange | (names == _YELLOW)) & (v < 0.6)) | (orange & ((v < 0.7) | (s < 0.55)))
    names = np.where(brown, _BROWN, names)
    names = np.where(red & ~brown & (s < 0.5) & (v > 0.6), _PINK, names)
    names = np.where((names == _PINK) & (v < 0.6), _PURPLE, names)
    grey = np.where(v >= 0.8, _WHITE, np.where(v < 0.3, _BLACK, _GREY))
    # little colour: pale and bright (cream, ivory), or dark, where a hue is mostly the camera's noise
    names = np.where((s < 0.12) | ((s < 0.2) & (v > 0.9)) | ((s < 0.3) & (v < 0.35)), grey, names)
    return np.where(v < 0.18, _BLACK, names).astype(np.uint8)


def colour_map(image: Image.Image) -> ColourMap:
    """The colour names of a decoded photo, `MAP_LONG_SIDE` on its long side."""
    scale = min(1.0, MAP_LONG_SIDE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = np.asarray(image.convert("RGB").resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0))
    bright = float(np.percentile(small.max(-1), 98)) if small.size else 255.0
    if bright < 255:  # an underexposed photo's whites are its brightest pixels: lift them (at most 1.5x)
        small = np.clip(small.astype(np.float32) * min(1.5, 255.0 / max(bright, 1.0)), 0, 255).astype(np.uint8)
    return ColourMap(name_pixels(small))


def _cells(colours: ColourMap, bbox: tuple[float, float, float, float],
           original_size: tuple[int, int]) -> tuple[slice, slice]:
    """The colour map's rows and columns under a box in original pixels (at least one of each)."""
    h, w = colours.names.shape
    ow, oh = original_size
    x0, y0, x1, y1 = bbox
    c0, r0 = min(w - 1, max(0, int(x0 * w / ow))), min(h - 1, max(0, int(y0 * h / oh)))
    c1, r1 = max(c0 + 1, int(np.ceil(x1 * w / ow))), max(r0 + 1, int(np.ceil(y1 * h / oh)))
    return slice(r0, r1), slice(c0, c1)


def _placed(colours: ColourMap, bbox: tuple[int, int, int, int], mask: np.ndarray,
            original_size: tuple[int, int]) -> np.ndarray:
    """A segment's mask (over its box) as a boolean map of the colour map's cells."""
    rows, cols = _cells(colours, bbox, original_size)
    out = np.zeros(colours.names.shape, bool)
    shape = (rows.stop - rows.start, cols.stop - cols.start)
    if mask.shape != shape:
        mask = np.asarray(Image.fromarray(mask.astype(np.uint8) * 255).resize((shape[1], shape[0]),
                                                                             Image.Resampling.NEAREST)) >= 128
    out[rows, cols] = mask[: out[rows, cols].shape[0], : out[rows, cols].shape[1]]
    return out


def _shares(names: np.ndarray) -> np.ndarray:
    counts = np.bincount(names.ravel(), minlength=len(COLOURS)).astype(np.float32)
    return counts / max(1.0, float(counts.sum()))


def region_shares(colours: ColourMap, bbox: tuple[int, int, int, int], mask: np.ndarray,
                  original_size: tuple[int, int]) -> np.ndarray:
    """Each colour's share (float32, len(COLOURS)) of a per-pixel region's cells: those of its
    `mask` over its box `bbox` (original pixels). All zero where it covers no cell."""
    return _shares(colours.names[_placed(colours, bbox, mask, original_size)])


def box_shares(colours: ColourMap, bbox: tuple[int, int, int, int], original_size: tuple[int, int],
               regions: Sequence[tuple[tuple[int, int, int, int], np.ndarray]] = ()) -> np.ndarray:
    """Each colour's share of a detector's box: its cells that per-pixel `regions` of the same
    concept cover ((box, mask) each), where they cover at least a tenth of it; else its central
    `BOX_CENTRE` of each side. A box holds background too, most of it for thin things (a chair, a
    bird against the sky), which a segmentation of the thing leaves out."""
    rows, cols = _cells(colours, bbox, original_size)
    inside = np.zeros(colours.names.shape, bool)
    inside[rows, cols] = True
    covered = inside & np.logical_or.reduce([_placed(colours, b, m, original_size) for b, m in regions]
                                            + [np.zeros_like(inside)])
    if covered.sum() >= 0.1 * inside.sum():
        return _shares(colours.names[covered])
    x0, y0, x1, y1 = bbox
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * BOX_CENTRE / 2, (y1 - y0) * BOX_CENTRE / 2
    rows, cols = _cells(colours, (cx - hw, cy - hh, cx + hw, cy + hh), original_size)
    return _shares(colours.names[rows, cols])


def chroma(colours: ColourMap) -> float:
    """The share of a photo's colour map that has a hue: 0 for a black-and-white photo."""
    return float((colours.names > _WHITE).mean()) if colours.names.size else 0.0


def quantised(shares: np.ndarray) -> bytes:
    """Colour shares as an index stores them: one byte each, the share times 255, rounded."""
    return np.rint(np.clip(shares, 0.0, 1.0) * 255.0).astype(np.uint8).tobytes()


def stored(data: bytes) -> np.ndarray:
    """The shares (float32) of `quantised` bytes."""
    return np.frombuffer(data, np.uint8).astype(np.float32) / 255.0


def describing(shares: np.ndarray) -> list[str]:
    """The colours that describe a segment of these shares (`DESCRIBES` or more), largest first."""
    return [COLOURS[c] for c in np.argsort(-shares, kind="stable") if shares[c] >= DESCRIBES]


# Hues (degrees) that paint each chromatic colour for `painted`
PAINT_HUES = {"red": 0.0, "orange": 28.0, "yellow": 55.0, "green": 120.0, "blue": 220.0, "purple": 275.0}


def painted(rgb: np.ndarray, mask: np.ndarray, colour: str, saturation: float = 0.8) -> np.ndarray:
    """`rgb` (uint8 (h, w, 3)) with the pixels of `mask` painted `colour` (one of PAINT_HUES) at
    `saturation`, keeping their shading: each pixel's value is scaled so that the mask's brightest
    tenth reaches 1, as paint in the same light would. An oracle of known colour for tests and
    benchmarks: a real object, in its real scene and light, whose colour is what was painted."""
    out = rgb.copy()
    x = rgb[mask].astype(np.float32) / 255.0
    if not len(x):
        return out
    v = x.max(-1)
    v = np.clip(v / max(float(np.percentile(v, 90)), 1e-3), 0, 1)
    h = PAINT_HUES[colour] / 60.0
    sector = np.floor(h) % 6
    f = h - np.floor(h)
    p, q, t = v * (1 - saturation), v * (1 - saturation * f), v * (1 - saturation * (1 - f))
    channels = {0: (v, t, p), 1: (q, v, p), 2: (p, v, t), 3: (p, q, v), 4: (t, p, v), 5: (v, p, q)}[int(sector)]
    out[mask] = np.clip(np.stack(channels, -1) * 255 + 0.5, 0, 255).astype(np.uint8)
    return out
