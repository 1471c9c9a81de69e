"""From network outputs to segments.

Per-pixel networks: a *thing* segment is one connected region (8-connectivity) of one label,
kept when it covers at least `min_area` of the image; a *stuff* label (sky, grass, wall) becomes
one segment of all its pixels, kept at `min_stuff_area` (stuff comes in fragments, and "is there
sky" is a question about the whole photo). Pixels must be predicted with mean confidence of at least
`min_confidence`. Detections: every box scoring at least `min_detection_score` after NMS.

Each segment carries its label (in the index's label space: the network's offset + its channel),
its network's score vector over the pixels (their mean; for many-class networks over every second
pixel of each row and column, see `class_probabilities`) or the box (histogram), a box in
original-image pixels, a compact mask, and an embedding: the embedding network's feature map
averaged under the mask (area-weighted at feature resolution), L2-normalised. One embedding network
for all segments keeps every segment in one vector space, so objects match across networks.
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from PIL import Image

MASK_LONG_SIDE = 64  # stored masks are at most this many pixels on their long side
_EIGHT_CONNECTED = np.ones((3, 3), dtype=bool)


@dataclass(frozen=True)
class RegionSettings:
    """What becomes a segment. Recorded in the index: search analyses query photos with the
    settings the index was built with."""

    min_area: float = 0.005  # things: fraction of the image
    min_confidence: float = 0.5  # mean winning-class probability over the region
    min_stuff_area: float = 0.01  # stuff labels: fraction of the image, all of the label's pixels
    min_detection_score: float = 0.25  # boxes: objectness x class probability

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RegionSettings":
        known = {k: float(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]

    def differences(self, other: "RegionSettings") -> list[str]:
        return [f"{k.replace('_', '-')} {getattr(other, k):g} (asked {getattr(self, k):g})"
                for k in self.__dataclass_fields__ if getattr(self, k) != getattr(other, k)]


@dataclass
class Segment:
    class_id: int  # label id in the index's label space (network offset + channel)
    area: float  # fraction of the image's pixels
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1 in original-image pixels, x1/y1 exclusive
    confidence: float
    histogram: np.ndarray  # float32 (the network's classes,): mean scores over the segment
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
            small = Image.fromarray(mask.astype(np.uint8) * 255).resize((mw, mh), Image.Resampling.BILINEAR)
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


def _component_map(labels: np.ndarray, min_pixels: int, min_stuff_pixels: int, kinds: tuple[str, ...]
                   ) -> tuple[np.ndarray, list[int]]:
    """Label every kept region with a distinct id 1..K; returns the map and each id's channel.
    Things: connected components; stuff: all pixels of the label as one region. Each label is
    worked on inside its bounding box only (most of ADE20K's labels cover a small part of the photo)."""
    from scipy import ndimage  # imported here: searching needs no image analysis

    components = np.zeros(labels.shape, dtype=np.int32)
    classes: list[int] = []
    counts = np.bincount(labels.ravel(), minlength=len(kinds))
    boxes = ndimage.find_objects(labels)  # per label value 1..max (0 is never a region: background)
    for cls in np.flatnonzero(counts):
        kind = kinds[cls]
        if kind == "background" or counts[cls] < (min_stuff_pixels if kind == "stuff" else min_pixels):
            continue
        box = boxes[cls - 1] if cls > 0 else (slice(None), slice(None))
        inside, target = labels[box] == cls, components[box]  # target: a view into the map
        if kind == "stuff":
            classes.append(int(cls))
            target[inside] = len(classes)
            continue
        comp, n = ndimage.label(inside, structure=_EIGHT_CONNECTED)
        sizes = np.bincount(comp.ravel(), minlength=n + 1)
        sizes[0] = 0
        kept = np.flatnonzero(sizes >= min_pixels)
        if len(kept):
            new_ids = np.zeros(n + 1, np.int32)
            new_ids[kept] = np.arange(len(classes) + 1, len(classes) + 1 + len(kept))
            classes += [int(cls)] * len(kept)
            target += new_ids[comp]  # this label's pixels are still 0: labels do not overlap
    return components, classes


def _component_sums(components: np.ndarray, probs: np.ndarray, k: int) -> np.ndarray:
    """(k, C) sums of the C planes of `probs` (C, h, w) over the pixels of each component id
    0..k-1 of `components` (h, w), as one scatter-add in torch. It releases the GIL and runs on the
    calling thread's torch threads, so workers extracting the regions of different images run in
    parallel (a one-hot BLAS product did not: its own thread pool fought the workers for the
    cores). Probabilities in pixel-major memory (a transposed view, as `class_probabilities`
    gives for many classes) are summed by pixel rows, without a plane-major copy: measured on a
    CPU thread for 40 planes of 345 x 513 pixels, 12 ms against 50 ms for copy and scatter."""
    import torch

    c = probs.shape[0]
    index = torch.from_numpy(components.reshape(-1).astype(np.int64))
    values = torch.from_numpy(probs)
    if c > 1 and values.stride(0) == 1:  # channels innermost: one row of C values per pixel
        sums = torch.zeros((k, c), dtype=values.dtype).index_add_(0, index, values.permute(1, 2, 0).reshape(-1, c))
    else:
        planes = values.contiguous().reshape(c, -1)
        sums = torch.zeros((c, k), dtype=planes.dtype).scatter_add_(1, index.expand(c, -1), planes).T
    return sums.numpy().astype(np.float64)


def _mask_weights(mask: np.ndarray, feature_shape: tuple[int, int]) -> np.ndarray:
    """The fraction of each feature cell covered by `mask` (box filter), flattened."""
    fh, fw = feature_shape
    cover = Image.fromarray(mask.astype(np.float32)).resize((fw, fh), Image.Resampling.BOX)
    return np.array(cover, dtype=np.float32).ravel()  # writable: torch reads it


def _pooled(features: np.ndarray, full_mask: np.ndarray) -> np.ndarray:
    """The unit-length mean of `features` (C, fh, fw) under a mask at analysis resolution.

    The product runs in torch, on the calling worker's torch threads, not through numpy's BLAS:
    OpenBLAS starts its own pool of as many threads as cores, whose threads keep spinning after
    the product and took the cores from the other workers' networks (measured: VOC and ADE20K's
    forward pass beside a worker extracting regions, 654-702 ms per photo against 402-420 ms
    idle, 412-444 ms with BLAS on one thread)."""
    import torch
    from scipy import ndimage

    feats = features.reshape(features.shape[0], -1)
    weights = _mask_weights(full_mask, features.shape[1:])
    if weights.sum() <= 0:  # thinner than a feature cell: take the cell under its centre
        h, w = full_mask.shape
        cy, cx = ndimage.center_of_mass(full_mask)
        weights = np.zeros(feats.shape[1], np.float32)
        weights[min(int(cy / h * features.shape[1]), features.shape[1] - 1) * features.shape[2]
                + min(int(cx / w * features.shape[2]), features.shape[2] - 1)] = 1.0
    pooled = torch.mv(torch.from_numpy(feats), torch.from_numpy(weights)).numpy()
    return l2_normalise(pooled / weights.sum())


def image_embedding(features: np.ndarray) -> np.ndarray:
    return l2_normalise(features.reshape(features.shape[0], -1).mean(axis=1))


def pixel_segments(probs: np.ndarray, labels: np.ndarray, kinds: tuple[str, ...], original_size: tuple[int, int],
                   features: np.ndarray, settings: RegionSettings = RegionSettings(),
                   label_offset: int = 0, channels: np.ndarray | None = None, step: int = 1) -> list[Segment]:
    """Segments of one per-pixel network's label map at analysis resolution (h, w); `features` is
    the embedding network's map over the same area. `probs` holds the planes of `channels` (None:
    of every class, in order) at every `step`-th pixel of each row and column (see
    `class_probabilities`): a histogram is the mean over the region's pixels among those (over
    all of its pixels for a region that has none of them), and it scores the classes without a
    plane 0."""
    from scipy import ndimage

    h, w = labels.shape
    n_pixels = h * w
    components, classes = _component_map(labels, max(1, int(np.ceil(settings.min_area * n_pixels))),
                                         max(1, int(np.ceil(settings.min_stuff_area * n_pixels))), kinds)
    if not classes:
        return []
    k = len(classes) + 1
    areas = np.bincount(components.ravel(), minlength=k).astype(np.float64)
    sampled = components if step == 1 else np.ascontiguousarray(components[::step, ::step])
    counts = areas if step == 1 else np.bincount(sampled.ravel(), minlength=k).astype(np.float64)
    sums = _component_sums(sampled, probs, k)
    for thin in np.flatnonzero(counts[1:] == 0) + 1:  # missed by the sampling: each pixel reads its nearest
        ys, xs = np.nonzero(components == thin)
        sums[thin] = probs[:, ys // step, xs // step].sum(axis=1, dtype=np.float64)
        counts[thin] = len(ys)
    sums /= np.maximum(counts[:, None], 1)
    if channels is None:
        hist = sums
    else:
        hist = np.zeros((k, len(kinds)), np.float64)
        hist[:, channels] = sums
    boxes = ndimage.find_objects(components)
    ow, oh = original_size
    sx, sy = ow / w, oh / h
    segments: list[Segment] = []
    for i, cls in enumerate(classes, start=1):
        confidence = float(hist[i, cls])
        if confidence < settings.min_confidence:
            continue
        ys, xs = boxes[i - 1]
        full_mask = components == i
        bbox = (int(xs.start * sx), int(ys.start * sy),
                min(ow, int(np.ceil(xs.stop * sx))), min(oh, int(np.ceil(ys.stop * sy))))
        segments.append(Segment(label_offset + cls, float(areas[i] / n_pixels), bbox, confidence,
                                hist[i].astype(np.float32), CompactMask.encode(full_mask[ys, xs]),
                                _pooled(features, full_mask)))
    return segments


def box_segments(boxes: np.ndarray, scores: np.ndarray, labels: np.ndarray, class_scores: np.ndarray,
                 original_size: tuple[int, int], features: np.ndarray, analysis_size: tuple[int, int],
                 settings: RegionSettings = RegionSettings(), label_offset: int = 0) -> list[Segment]:
    """Segments of one image's detections (boxes in original pixels); the mask is the box, and the
    embedding is pooled under it from `features`, which cover `analysis_size` = (w, h)."""
    ow, oh = original_size
    aw, ah = analysis_size
    segments: list[Segment] = []
    for box, score, label, hist in zip(boxes, scores, labels, class_scores):
        if score < settings.min_detection_score:
            continue
        x0, y0, x1, y1 = (float(v) for v in box)
        if x1 - x0 < 1 or y1 - y0 < 1:
            continue
        mask = np.zeros((ah, aw), bool)
        ax0, ay0 = min(aw - 1, int(x0 * aw / ow)), min(ah - 1, int(y0 * ah / oh))
        mask[ay0:max(ay0 + 1, int(np.ceil(y1 * ah / oh))), ax0:max(ax0 + 1, int(np.ceil(x1 * aw / ow)))] = True
        box_mask = np.ones((max(1, round(y1 - y0)), max(1, round(x1 - x0))), bool)
        area = (x1 - x0) * (y1 - y0) / (ow * oh)
        segments.append(Segment(label_offset + int(label), float(area),
                                (int(x0), int(y0), min(ow, int(np.ceil(x1))), min(oh, int(np.ceil(y1)))),
                                float(score), np.asarray(hist, np.float32), CompactMask.encode(box_mask),
                                _pooled(features, mask)))
    return segments


def extract_regions(seg: Any, settings: RegionSettings = RegionSettings(), label_offset: int = 0) -> ImageRegions:
    """Segments of one per-pixel `Segmentation`, embedded with its own features, largest first."""
    kinds = tuple(label.kind for label in seg.label_set.labels)
    segments = pixel_segments(seg.probs, seg.labels, kinds, seg.original_size, seg.features, settings, label_offset,
                              seg.channels, seg.step)
    segments.sort(key=lambda s: -s.area)
    return ImageRegions(segments, image_embedding(seg.features))
