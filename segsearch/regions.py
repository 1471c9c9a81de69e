"""From per-pixel probabilities and backbone features to object segments.

A segment is one connected region (8-connectivity) of one foreground class at analysis
resolution, kept when it covers at least `min_area` of the image and its pixels are predicted
with mean confidence of at least `min_confidence`. Each carries its class histogram (mean softmax
over its pixels), a box in original-image pixels, a compact mask, and an embedding: the backbone
feature map averaged under the mask (area-weighted at feature resolution), L2-normalised.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from .classes import BACKGROUND, NUM_CLASSES
from .models.segmenter import Segmentation

MASK_LONG_SIDE = 64  # stored masks are at most this many pixels on their long side
_EIGHT_CONNECTED = np.ones((3, 3), dtype=bool)


@dataclass(frozen=True)
class RegionSettings:
    min_area: float = 0.005  # fraction of the image
    min_confidence: float = 0.5  # mean winning-class probability over the region


@dataclass
class Segment:
    class_id: int
    area: float  # fraction of the image's pixels
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1 in original-image pixels, x1/y1 exclusive
    confidence: float
    histogram: np.ndarray  # float32 (21,)
    mask: "CompactMask"
    embedding: np.ndarray  # float32 (D,), unit length
    segment_id: int | None = None  # the index row id, once stored

    @property
    def prominence(self) -> float:
        return self.area * self.confidence


@dataclass
class CompactMask:
    """A binary mask of the segment's box, downsampled to at most MASK_LONG_SIDE, bit-packed."""

    width: int
    height: int
    data: bytes  # zlib(packbits(mask))

    @classmethod
    def encode(cls, mask: np.ndarray) -> "CompactMask":
        h, w = mask.shape
        scale = min(1.0, MASK_LONG_SIDE / max(h, w))
        mw, mh = max(1, round(w * scale)), max(1, round(h * scale))
        if (mw, mh) != (w, h):
            small = Image.fromarray(mask.astype(np.uint8) * 255).resize((mw, mh), Image.BILINEAR)
            mask = np.asarray(small) >= 128
        return cls(mw, mh, zlib.compress(np.packbits(mask.ravel()).tobytes(), 6))

    def decode(self) -> np.ndarray:
        bits = np.unpackbits(np.frombuffer(zlib.decompress(self.data), dtype=np.uint8))
        return bits[: self.width * self.height].reshape(self.height, self.width).astype(bool)


@dataclass
class ImageRegions:
    segments: list[Segment]
    image_embedding: np.ndarray  # float32 (D,), unit length: features averaged over the image


def l2_normalise(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return (v / np.maximum(norm, 1e-12)).astype(np.float32)


def _component_map(labels: np.ndarray, min_pixels: int) -> tuple[np.ndarray, list[int]]:
    """Label every kept component with a distinct id 1..K; returns the map and each id's class."""
    components = np.zeros(labels.shape, dtype=np.int32)
    classes: list[int] = []
    for cls in np.unique(labels):
        if cls == BACKGROUND:
            continue
        comp, n = ndimage.label(labels == cls, structure=_EIGHT_CONNECTED)
        sizes = np.bincount(comp.ravel(), minlength=n + 1)
        for idx in np.flatnonzero(sizes >= min_pixels):
            if idx == 0:
                continue
            classes.append(int(cls))
            components[comp == idx] = len(classes)
    return components, classes


def _component_sums(components: np.ndarray, values: np.ndarray, k: int, chunk: int = 32) -> np.ndarray:
    """(k, C) sums of each of C value rows over the pixels of each component id 0..k-1: one-hot
    matrix products (a BLAS call per chunk of ids), far faster than a bincount per row."""
    sums = np.empty((k, values.shape[0]), np.float64)
    for start in range(0, k, chunk):
        ids = np.arange(start, min(k, start + chunk))
        onehot = (components[None, :] == ids[:, None]).astype(values.dtype)
        sums[start:start + len(ids)] = onehot @ values.T
    return sums


def _mask_weights(mask: np.ndarray, feature_shape: tuple[int, int]) -> np.ndarray:
    """The fraction of each feature cell covered by `mask` (box filter), flattened."""
    fh, fw = feature_shape
    cover = Image.fromarray(mask.astype(np.float32)).resize((fw, fh), Image.BOX)
    return np.asarray(cover, dtype=np.float32).ravel()


def extract_regions(seg: Segmentation, settings: RegionSettings = RegionSettings()) -> ImageRegions:
    """Segments of one image, largest first."""
    probs = seg.probs
    h, w = probs.shape[1:]
    n_pixels = h * w
    components, classes = _component_map(seg.labels, max(1, int(np.ceil(settings.min_area * n_pixels))))
    feats = seg.features.reshape(seg.features.shape[0], -1)
    image_embedding = l2_normalise(feats.mean(axis=1))
    if not classes:
        return ImageRegions([], image_embedding)

    flat = components.ravel()
    k = len(classes) + 1
    areas = np.bincount(flat, minlength=k).astype(np.float64)
    hist = _component_sums(flat, probs.reshape(NUM_CLASSES, -1), k) / np.maximum(areas[:, None], 1)
    boxes = ndimage.find_objects(components)
    ow, oh = seg.original_size
    sx, sy = ow / w, oh / h

    segments: list[Segment] = []
    for i, cls in enumerate(classes, start=1):
        confidence = float(hist[i, cls])
        if confidence < settings.min_confidence:
            continue
        ys, xs = boxes[i - 1]
        mask = components[ys, xs] == i
        full_mask = components == i
        weights = _mask_weights(full_mask, seg.features.shape[1:])
        if weights.sum() <= 0:  # thinner than a feature cell: take the cell under its centre
            cy, cx = ndimage.center_of_mass(full_mask)
            weights = np.zeros(feats.shape[1], np.float32)
            weights[min(int(cy / h * seg.features.shape[1]), seg.features.shape[1] - 1)
                    * seg.features.shape[2]
                    + min(int(cx / w * seg.features.shape[2]), seg.features.shape[2] - 1)] = 1.0
        embedding = l2_normalise(feats @ weights / weights.sum())
        bbox = (int(xs.start * sx), int(ys.start * sy),
                min(ow, int(np.ceil(xs.stop * sx))), min(oh, int(np.ceil(ys.stop * sy))))
        segments.append(Segment(cls, float(areas[i] / n_pixels), bbox, confidence,
                                hist[i].astype(np.float32), CompactMask.encode(mask), embedding))
    segments.sort(key=lambda s: -s.area)
    return ImageRegions(segments, image_embedding)
