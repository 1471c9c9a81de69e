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

import functools
import zlib
from dataclasses import asdict, dataclass
from typing import Any, Sequence

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
    # boxes: their mask is the pixels inside that a per-pixel network labels with the box's concept
    # where those fill at least this share of it, else the whole box (0: always the box, as in
    # indexes recorded before; see `analysis.refine_box`)
    refine_boxes: float = 0.2

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RegionSettings":
        known = {k: float(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        known.setdefault("refine_boxes", 0.0)  # recorded before boxes were refined: they were not
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
    colours: np.ndarray | None = None  # float32 (len(colours.COLOURS),): each colour's share of its pixels

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
    chroma: float | None = None  # the share of the photo that has a hue (`colours.chroma`); None: not measured


def box_iou(a: Sequence[int], b: Sequence[int]) -> float:
    """Intersection over union of two (x0, y0, x1, y1) boxes; 0 for empty ones."""
    inter = max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


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


def _tensor(array: Any) -> Any:
    """A torch view of a numpy array; a torch tensor (on any device) as it is."""
    import torch

    return array if isinstance(array, torch.Tensor) else torch.from_numpy(array)


def _component_sums(components: Any, probs: Any, k: int) -> Any:
    """(k, C) sums (float32; float64 on a GPU) of the C planes of `probs` (C, h, w) over the
    pixels of each component id 0..k-1 of `components` (h, w), torch tensors on one device (numpy
    arrays are read in place), as one scatter-add in torch. It releases the GIL and runs on the calling thread's torch
    threads, so workers extracting the regions of different images run in parallel (a one-hot BLAS
    product did not: its own thread pool fought the workers for the cores). Probabilities in
    pixel-major memory (a transposed view, as `class_probabilities` gives for many classes) are
    summed by pixel rows, without a plane-major copy: measured on a CPU thread for 40 planes of
    345 x 513 pixels, 12 ms against 50 ms for copy and scatter."""
    import torch

    values = _tensor(probs)
    if values.device.type == "cuda":  # a GPU's atomics add in any order: float32 sums over a large
        values = values.double()  # region then differ from run to run by 1e-5 of the mean
    c = values.shape[0]
    index = _tensor(components).reshape(-1).long()
    if c > 1 and values.stride(0) == 1:  # channels innermost: one row of C values per pixel
        zeros = torch.zeros((k, c), dtype=values.dtype, device=values.device)
        return zeros.index_add_(0, index, values.permute(1, 2, 0).reshape(-1, c))
    planes = values.contiguous().reshape(c, -1)
    zeros = torch.zeros((c, k), dtype=planes.dtype, device=planes.device)
    return zeros.scatter_add_(1, index.expand(c, -1), planes).T


@functools.lru_cache(maxsize=256)
def _box_taps(n: int, cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Pillow's BOX resize of n pixels to `cells` (n >= cells) along one axis, as taps: for each
    pixel up to two (cell, weight) pairs, arrays (2, n), an unused tap with weight 0. A cell
    averages the pixels whose centres fall inside it; the bounds are computed with Pillow's own
    double arithmetic, under which a pixel on a cell boundary can count in both cells or in
    neither (tested against Pillow for every size pair up to 160; checked once up to 300)."""
    if cells > n:
        raise ValueError(f"a box filter from {n} to {cells} cells would enlarge")
    scale = n / cells
    support, inverse = 0.5 * scale, 1.0 / scale
    taps = np.zeros((2, n), np.int64)
    weights = np.zeros((2, n), np.float32)
    used = np.zeros(n, np.int64)
    for cell in range(cells):
        centre = (cell + 0.5) * scale
        first = max(int(centre - support + 0.5), 0)
        last = min(int(centre + support + 0.5), n)
        members = [x for x in range(first, last) if -0.5 < (x - centre + 0.5) * inverse <= 0.5]
        for x in members:
            taps[used[x], x], weights[used[x], x] = cell, 1.0 / len(members)
            used[x] += 1
    return taps, weights


def _pooled(coverage: Any, features: Any) -> np.ndarray:
    """Unit-length means of `features` (D, fh, fw) weighted by each row of `coverage` (m, fh·fw),
    one matrix product on the features' device (torch, so on a CPU it runs on the calling worker's
    torch threads and not through numpy's BLAS, whose spinning thread pool took the cores from the
    other workers' networks: VOC and ADE20K's forward pass measured at 654-702 ms per photo beside a
    worker extracting regions, against 402-420 ms idle). A row that covers nothing is all zeros."""
    feats = _tensor(features)
    pooled = coverage.to(feats.dtype) @ feats.reshape(feats.shape[0], -1).T
    return l2_normalise(pooled.cpu().numpy())


def _component_coverage(components: Any, k: int, ids: Any, cells: tuple[int, int]) -> Any:
    """(len(ids), fh·fw) float32: for each component id in `ids` (of 0..k-1), the fraction of each
    feature cell it covers, as Pillow's BOX resize of its mask to the (fh, fw) feature grid gives
    (see `_box_taps`), for all components in one scatter-add per tap on their device."""
    import torch

    comp = _tensor(components)
    (h, w), (fh, fw), device = comp.shape, cells, comp.device
    lookup = torch.full((k,), len(ids), dtype=torch.long, device=device)  # others: a row dropped below
    lookup[ids] = torch.arange(len(ids), device=device)
    base = lookup[comp.long()] * (fh * fw)
    coverage = torch.zeros((len(ids) + 1) * fh * fw, dtype=torch.float32, device=device)
    (row_taps, row_weights), (col_taps, col_weights) = _box_taps(h, fh), _box_taps(w, fw)
    for a in range(2 if row_weights[1].any() else 1):  # second taps: pixels on a cell boundary
        rows, row_w = (torch.from_numpy(x[a]).to(device) for x in (row_taps, row_weights))
        for b in range(2 if col_weights[1].any() else 1):
            cols, col_w = (torch.from_numpy(x[b]).to(device) for x in (col_taps, col_weights))
            coverage.index_add_(0, (base + rows[:, None] * fw + cols[None, :]).reshape(-1),
                                (row_w[:, None] * col_w[None, :]).reshape(-1))
    return coverage.reshape(len(ids) + 1, fh * fw)[:-1]


def _box_coverage(rows: tuple[int, int], cols: tuple[int, int], shape: tuple[int, int], cells: tuple[int, int]) -> np.ndarray:
    """(fh·fw,) the fraction of each feature cell covered by the rectangle rows × cols (half-open,
    at analysis resolution `shape` = (h, w)): Pillow's BOX resize of the rectangle's mask, which
    is separable."""
    along = []
    for (start, stop), n, c in ((rows, shape[0], cells[0]), (cols, shape[1], cells[1])):
        taps, weights = _box_taps(n, c)
        part = np.zeros(c, np.float32)
        for a in range(2):
            np.add.at(part, taps[a, start:stop], weights[a, start:stop])
        along.append(part)
    return np.outer(along[0], along[1]).ravel()


def _centre_embedding(features: Any, mask: np.ndarray) -> np.ndarray:
    """The feature cell under the centre of a mask too thin to cover any cell, unit length."""
    from scipy import ndimage

    feats = _tensor(features)
    h, w = mask.shape
    cy, cx = ndimage.center_of_mass(mask)
    y, x = min(int(cy / h * feats.shape[1]), feats.shape[1] - 1), min(int(cx / w * feats.shape[2]), feats.shape[2] - 1)
    return l2_normalise(feats[:, y, x].float().cpu().numpy())


def image_embedding(features: Any) -> np.ndarray:
    """The unit-length mean of a feature map (numpy, or a torch tensor on its device)."""
    feats = _tensor(features)
    return l2_normalise(feats.reshape(feats.shape[0], -1).double().mean(1).cpu().numpy())


def pixel_segments(probs: Any, labels: np.ndarray, kinds: tuple[str, ...], original_size: tuple[int, int],
                   features: Any, settings: RegionSettings = RegionSettings(),
                   label_offset: int = 0, channels: np.ndarray | None = None, step: int = 1) -> list[Segment]:
    """Segments of one per-pixel network's label map at analysis resolution (h, w); `features` is
    the embedding network's map over the same area. `probs` holds the planes of `channels` (None:
    of every class, in order) at every `step`-th pixel of each row and column (see
    `class_probabilities`): a histogram is the mean over the region's pixels among those (over
    all of its pixels for a region that has none of them), and it scores the classes without a
    plane 0. `probs` and `features` are numpy arrays or torch tensors on the network's device:
    the sums and the pooled embeddings are computed where they are (on a GPU, beside the network),
    the connected components on the CPU."""
    import torch
    from scipy import ndimage

    h, w = labels.shape
    n_pixels = h * w
    components, classes = _component_map(labels, max(1, int(np.ceil(settings.min_area * n_pixels))),
                                         max(1, int(np.ceil(settings.min_stuff_area * n_pixels))), kinds)
    if not classes:
        return []
    k = len(classes) + 1
    values = _tensor(probs)
    comp = torch.from_numpy(components).to(values.device)
    areas = np.bincount(components.ravel(), minlength=k).astype(np.float64)
    sampled = comp if step == 1 else comp[::step, ::step]
    counts = areas if step == 1 else np.bincount(components[::step, ::step].ravel(), minlength=k).astype(np.float64)
    sums = _component_sums(sampled, values, k)
    thin = np.flatnonzero(counts[1:] == 0) + 1
    if len(thin):  # missed by the sampling: each pixel reads its nearest sample
        ys, xs = np.nonzero(np.isin(components, thin))
        at = torch.from_numpy(np.stack([ys // step, xs // step, components[ys, xs]])).to(values.device)
        sums[at[2]] = 0
        sums.index_add_(0, at[2], values[:, at[0], at[1]].T.to(sums.dtype))
        counts[thin] = areas[thin]
    hist_kept = sums.double().cpu().numpy() / np.maximum(counts[:, None], 1)
    if channels is None:
        hist = hist_kept
    else:
        hist = np.zeros((k, len(kinds)), np.float64)
        hist[:, channels] = hist_kept
    kept = [i for i, cls in enumerate(classes, start=1) if hist[i, cls] >= settings.min_confidence]
    if not kept:
        return []
    feats = _tensor(features)
    coverage = _component_coverage(comp, k, torch.tensor(kept, device=comp.device), tuple(feats.shape[1:]))
    embeddings = _pooled(coverage, feats)
    covered = (coverage.sum(1) > 0).cpu().numpy()
    boxes = ndimage.find_objects(components)
    ow, oh = original_size
    sx, sy = ow / w, oh / h
    segments: list[Segment] = []
    for row, i in enumerate(kept):
        cls = classes[i - 1]
        ys, xs = boxes[i - 1]
        crop = components[ys, xs] == i
        bbox = (int(xs.start * sx), int(ys.start * sy),
                min(ow, int(np.ceil(xs.stop * sx))), min(oh, int(np.ceil(ys.stop * sy))))
        embedding = embeddings[row] if covered[row] else _centre_embedding(feats, components == i)
        segments.append(Segment(label_offset + cls, float(areas[i] / n_pixels), bbox, float(hist[i, cls]),
                                hist[i].astype(np.float32), CompactMask.encode(crop), embedding))
    return segments


def box_cells(box: tuple[float, float, float, float], original_size: tuple[int, int],
              analysis_size: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The rows and the columns (half-open, at least one of each) of the analysis grid of
    `analysis_size` = (w, h) that a box (x0, y0, x1, y1) in original pixels covers."""
    (ow, oh), (aw, ah) = original_size, analysis_size
    x0, y0, x1, y1 = box
    ax0, ay0 = min(aw - 1, int(x0 * aw / ow)), min(ah - 1, int(y0 * ah / oh))
    return ((ay0, max(ay0 + 1, min(ah, int(np.ceil(y1 * ah / oh))))),
            (ax0, max(ax0 + 1, min(aw, int(np.ceil(x1 * aw / ow))))))


def box_segments(boxes: np.ndarray, scores: np.ndarray, labels: np.ndarray, class_scores: np.ndarray,
                 original_size: tuple[int, int], features: Any, analysis_size: tuple[int, int],
                 settings: RegionSettings = RegionSettings(), label_offset: int = 0) -> list[Segment]:
    """Segments of one image's detections (boxes in original pixels); the mask is the box, and the
    embedding is pooled under it from `features` (numpy, or a torch tensor on its device), which
    cover `analysis_size` = (w, h)."""
    import torch

    ow, oh = original_size
    aw, ah = analysis_size
    feats = _tensor(features)
    cells = (feats.shape[1], feats.shape[2])
    found: list[tuple[tuple[float, float, float, float], float, int, np.ndarray, tuple[int, int], tuple[int, int]]] = []
    for box, score, label, hist in zip(boxes, scores, labels, class_scores):
        if score < settings.min_detection_score:
            continue
        x0, y0, x1, y1 = (float(v) for v in box)
        if x1 - x0 < 1 or y1 - y0 < 1:
            continue
        rows, cols = box_cells((x0, y0, x1, y1), original_size, analysis_size)
        found.append(((x0, y0, x1, y1), float(score), int(label), np.asarray(hist, np.float32), rows, cols))
    if not found:
        return []
    coverage = np.stack([_box_coverage(rows, cols, (ah, aw), cells) for *_, rows, cols in found])
    embeddings = _pooled(torch.from_numpy(coverage).to(feats.device), feats)
    segments: list[Segment] = []
    for ((x0, y0, x1, y1), score, label, hist, rows, cols), cover, embedding in zip(found, coverage, embeddings):
        if not cover.any():  # thinner than a feature cell on a boundary Pillow leaves out
            mask = np.zeros((ah, aw), bool)
            mask[rows[0]:rows[1], cols[0]:cols[1]] = True
            embedding = _centre_embedding(feats, mask)
        box_mask = np.ones((max(1, round(y1 - y0)), max(1, round(x1 - x0))), bool)
        area = (x1 - x0) * (y1 - y0) / (ow * oh)
        segments.append(Segment(label_offset + label, float(area),
                                (int(x0), int(y0), min(ow, int(np.ceil(x1))), min(oh, int(np.ceil(y1)))),
                                score, hist, CompactMask.encode(box_mask), embedding))
    return segments


def extract_regions(seg: Any, settings: RegionSettings = RegionSettings(), label_offset: int = 0) -> ImageRegions:
    """Segments of one per-pixel `Segmentation`, embedded with its own features, largest first."""
    kinds = tuple(label.kind for label in seg.label_set.labels)
    segments = pixel_segments(seg.probs, seg.labels, kinds, seg.original_size, seg.features, settings, label_offset,
                              seg.channels, seg.step)
    segments.sort(key=lambda s: -s.area)
    return ImageRegions(segments, image_embedding(seg.features))
