"""One image (or a batch) through every network an index is built with, to one list of segments.

The `Analyzer` owns the loaded networks in a fixed order. Their labels are laid end to end into
the index's *label space*: network i's channel c is label `offset[i] + c`, so every segment row,
class summary and vector shard speaks one id space, and an index built with the VOC network alone
keeps exactly the ids it always had. The first per-pixel network is the *embedding network*: every
segment, whichever network found it, is embedded by pooling that network's features under its mask,
so objects are compared in one vector space. The same functions serve indexing, query photos,
`segsearch segment` and evaluation.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from PIL import Image

from .errors import SegsearchError
from .labels import LabelSpace, NetworkEntry
from .models.registry import ModelSpec, parse_networks
from .models.segmenter import DetectionResult, Detector, Network, Precision, Segmentation, Segmenter, load_network
from .colours import ColourMap, box_shares, chroma, colour_map, region_shares
from .regions import (CompactMask, ImageRegions, RegionSettings, Segment, box_cells, box_iou, box_segments,
                      image_embedding, pixel_segments)


Outputs = dict[str, "Segmentation | DetectionResult | ColourMap"]  # by network name, and COLOUR_MAP
COLOUR_MAP = "colours"  # an image's outputs also hold its colour names (`colours.ColourMap`) under this key


@dataclass
class Analysis:
    """One image's result: its segments (largest first) and each network's raw output."""

    regions: ImageRegions
    original_size: tuple[int, int]
    outputs: Outputs = field(default_factory=dict)  # by network name


@dataclass
class QueryPhoto:
    """An analysed query photo as search keeps it: its segments, its size, and the embedding
    network's feature map (a few MB), so a region of it can be embedded later (`box_embedding`)."""

    regions: ImageRegions
    original_size: tuple[int, int]
    features: np.ndarray
    analysis_wh: tuple[int, int]

    def box_embedding(self, box: tuple[int, int, int, int]) -> np.ndarray:
        """The embedding of a region (x0, y0, x1, y1 in original pixels): the embedding network's
        features pooled under it, as for a detector's box."""
        pooled = box_segments(np.array([box], np.float32), np.ones(1, np.float32), np.zeros(1, np.int64),
                              np.zeros((1, 1), np.float32), self.original_size, self.features, self.analysis_wh,
                              RegionSettings(min_detection_score=0.0))
        return pooled[0].embedding


Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]


class Analyzer:
    """The loaded networks of one index, in order, with the region settings."""

    def __init__(self, networks: Sequence[Network], settings: RegionSettings = RegionSettings()):
        if not networks:
            raise SegsearchError("an index needs at least one network")
        self.networks = list(networks)
        self.settings = settings
        self.space = LabelSpace.of([n.spec for n in networks], [n.weights_sha256 for n in networks])
        pixels = [i for i, n in enumerate(networks) if isinstance(n, Segmenter)]
        self.embedder = pixels[0] if pixels else 0

    @classmethod
    def load(cls, names: str | Sequence[str] | None = None, weights: str | os.PathLike[str] | None = None,
             device: str | None = None, precision: Precision = "fp32",
             settings: RegionSettings = RegionSettings()) -> "Analyzer":
        """Load networks by name (`voc,ade20k,coco` or a sequence; None: the default set). An
        explicit weights file applies when exactly one network is named."""
        specs = parse_networks(names if names is None or isinstance(names, str) else ",".join(names))
        if weights is not None and len(specs) != 1:
            raise SegsearchError("--weights names one file, so it needs exactly one network in --models")
        explicit = Path(weights) if weights is not None else None
        return cls([load_network(s.name, explicit, device, precision) for s in specs], settings)

    @property
    def specs(self) -> list[ModelSpec]:
        return [n.spec for n in self.networks]

    @property
    def dim(self) -> int:
        return self.networks[self.embedder].feature_dim

    @property
    def input_size(self) -> int:
        """The long side images are decoded at (the largest any network reads)."""
        return max(n.spec.input_size for n in self.networks)

    @property
    def device(self) -> Any:
        return self.networks[0].device

    # --- analysis -----------------------------------------------------------------------------
    def analyse(self, image: Image.Image, original_size: tuple[int, int] | None = None) -> Analysis:
        return self.analyse_batch([image], [original_size or (image.width, image.height)])[0]

    def analyse_batch(self, images: Sequence[Image.Image], original_sizes: Sequence[tuple[int, int]],
                      mapper: Mapper = map) -> list[Analysis]:
        """Every network on every image (batched where shapes allow), then regions per image
        (through `mapper`, e.g. a thread pool's map)."""
        outputs = self.run_networks([self.network_inputs(img) for img in images],
                                    [(img.width, img.height) for img in images], original_sizes)
        return list(mapper(lambda item: self.regions(*item), zip(outputs, original_sizes)))

    def network_inputs(self, image: Image.Image) -> list[Any]:
        """Each network's preprocessed input for one decoded image, on the CPU, in network order
        (a segmenter's (3, h, w) tensor, a detector's (tensor, scale)); segmenters that read the
        same input share one tensor. Separate from `run_networks` so that worker threads can
        prepare the next batch while the device runs this one. Last, after the networks' inputs,
        the photo's colour names (`colours.colour_map`), which `run_networks` passes on."""
        shared: dict[tuple[int, str], Any] = {}
        inputs: list[Any] = []
        # for a GPU in page-locked memory: the thread that feeds it then starts their copies
        # without waiting for them (from ordinary memory a copy is staged, and waited for)
        pin = self.device.type == "cuda"
        for net in self.networks:
            if isinstance(net, Detector):
                x, scale = net.preprocess(image)
                inputs.append((x.pin_memory() if pin else x, scale))
            else:
                key = (net.spec.input_size, net.spec.normalisation)
                if key not in shared:
                    x = net.preprocess(image)
                    shared[key] = x.pin_memory() if pin else x
                inputs.append(shared[key])
        return inputs + [colour_map(image)]

    def run_networks(self, inputs: Sequence[list[Any]], image_sizes: Sequence[tuple[int, int]],
                     original_sizes: Sequence[tuple[int, int]]) -> list[Outputs]:
        """Every network on a batch of `network_inputs` (of decoded images of `image_sizes`):
        each image's outputs by network name, ready for `regions`."""
        outputs: list[Outputs] = [{} for _ in inputs]
        batches: dict[tuple[int, ...], Any] = {}  # device batches, shared by segmenters that read one input
        for k, net in enumerate(self.networks):
            column = [per_image[k] for per_image in inputs]
            if isinstance(net, Detector):
                for out, result in zip(outputs, net.detect_prepared(column, image_sizes)):
                    out[net.spec.name] = result
            else:
                for i, seg in _segment_grouped(net, column, original_sizes, batches):
                    outputs[i][net.spec.name] = seg
        for out, per_image in zip(outputs, inputs):
            out[COLOUR_MAP] = per_image[len(self.networks)]
        return outputs

    def _output(self, outputs: Outputs, net: Network) -> Segmentation | DetectionResult:
        out = outputs[net.spec.name]
        assert not isinstance(out, ColourMap)
        return out

    def _embedding_map(self, outputs: Outputs) -> tuple[np.ndarray, tuple[int, int]]:
        """The embedding network's feature map and the (w, h) area it covers."""
        embed_out = self._output(outputs, self.networks[self.embedder])
        features = embed_out.features
        if isinstance(embed_out, Segmentation):
            return features, embed_out.size
        s = self.networks[self.embedder].spec.output_stride  # a detector: its stride over the resized image
        return features, (features.shape[2] * s, features.shape[1] * s)

    def outputs_for_regions(self, outputs: Outputs
                            ) -> Outputs:
        """One image's network outputs less what `regions` never reads, to send to another
        process (`indexer.Helpers`): the feature maps of every network but the
        embedding network, the largest part, become empty. Arrays stay where they are (on a GPU)."""
        embedder = self.networks[self.embedder].spec.name
        empty = np.zeros((0, 0, 0), np.float32)
        kept: Outputs = {}
        for name, out in outputs.items():
            if name == embedder or isinstance(out, ColourMap):
                kept[name] = out
            elif isinstance(out, Segmentation):
                kept[name] = replace(out, host_features=empty, device_features=None)
            else:
                kept[name] = replace(out, features=empty)
        return kept

    def query_photo(self, analysis: Analysis) -> "QueryPhoto":
        """What search needs of an analysed query photo, without the networks' full outputs."""
        features, analysis_wh = self._embedding_map(analysis.outputs)
        return QueryPhoto(analysis.regions, analysis.original_size, features, analysis_wh)

    def regions(self, outputs: Outputs, original_size: tuple[int, int]) -> Analysis:
        """One image's segments from its network outputs: connected components on the CPU; sums
        and pooled embeddings where the networks left their outputs (a GPU's, when they ran on
        one)."""
        with _worker_stream(self.device):
            return self._regions(outputs, original_size)

    def _regions(self, outputs: Outputs, original_size: tuple[int, int]) -> Analysis:
        embed_out = self._output(outputs, self.networks[self.embedder])
        if isinstance(embed_out, Segmentation):  # its features where they were computed (see Segmentation)
            features, analysis_wh = embed_out.features_where_computed, embed_out.size
        else:
            features, analysis_wh = self._embedding_map(outputs)
        found: list[tuple[NetworkEntry, bool, list[Segment]]] = []
        for net, entry in zip(self.networks, self.space.networks):
            out = self._output(outputs, net)
            if isinstance(out, Segmentation):
                feats = features if out.size == analysis_wh else _resample(self._embedding_map(outputs)[0], out.size,
                                                                           analysis_wh)
                kinds = tuple(label.kind for label in out.label_set.labels)
                found.append((entry, False, pixel_segments(out.probs_where_computed, out.labels, kinds, original_size,
                                                           feats, self.settings, entry.offset, out.channels, out.step)))
            else:
                found.append((entry, True, box_segments(out.boxes, out.scores, out.labels, out.class_scores,
                                                        original_size, features, analysis_wh, self.settings,
                                                        entry.offset)))
        segments = settle_torn_boxes(found)
        if self.settings.refine_boxes > 0:
            maps = [(out.labels, _thing_concepts(entry)) for net, entry in zip(self.networks, self.space.networks)
                    if isinstance(out := self._output(outputs, net), Segmentation)]
            kept = {id(seg) for seg in segments}
            for entry, is_box, segs in found:
                for box in (seg for seg in segs if is_box and id(seg) in kept):
                    refine_box(box, _concept(entry, box), maps, analysis_wh, original_size, self.settings.refine_boxes)
        colours = outputs.get(COLOUR_MAP)
        if isinstance(colours, ColourMap):
            _colour(segments, found, colours, original_size)
        segments.sort(key=lambda s: -s.area)
        return Analysis(ImageRegions(segments, image_embedding(features),
                                     chroma(colours) if isinstance(colours, ColourMap) else None),
                        original_size, outputs)


TORN_IOU = 0.5  # two boxes, or a box and a region, at one place (a detector's usual NMS overlap)


def _concept(entry: NetworkEntry, seg: Segment) -> str | None:
    """The concept of a thing segment's label (None for stuff)."""
    from .vocabulary import vocabulary

    label = entry.labels.labels[seg.class_id - entry.offset]
    return vocabulary().concept_of_label(entry.labels.network, label.name) if label.kind == "thing" else None


def _thing_concepts(entry: NetworkEntry) -> np.ndarray:
    """Per channel of a per-pixel network, the concept of its label if a thing, else "" (object array)."""
    return _label_concepts(entry.labels.network, tuple((label.name, label.kind) for label in entry.labels.labels))


@functools.lru_cache(maxsize=16)
def _label_concepts(network: str, labels: tuple[tuple[str, str], ...]) -> np.ndarray:
    from .vocabulary import vocabulary

    return np.array([vocabulary().concept_of_label(network, name) if kind == "thing" else "" for name, kind in labels],
                    dtype=object)


def refine_box(box: Segment, concept: str | None, maps: Sequence[tuple[np.ndarray, np.ndarray]],
               analysis_wh: tuple[int, int], original_size: tuple[int, int], share: float) -> None:
    """A detector's box segment, its mask made the pixels inside it that some per-pixel network
    labels with the box's concept (`maps`: each network's label map and `_thing_concepts`), where
    those fill at least `share` of the box. Elsewhere (no such network, or it saw too little of the
    object) the box stays its own mask. Measured against COCO's labels of the box's category inside
    the box on the 100 shared photos: at 0.2, 247 of the 466 boxes over their category are refined,
    their mask IoU 0.565 -> 0.659 (0.573 -> 0.623 over all 466; at 0.1 0.602, at 0.3 0.624, VOC's
    pixels alone refine 175 boxes to 0.686, ADE20K's 209 to 0.633). The mask is what the web page
    draws over a segment. The box's area and embedding stay the box's: pooled under the refined
    mask, example search's objects-only mAP fell 0.805 -> 0.793, and with the mask's area as the
    segment's 0.805 -> 0.801 (default ranking 0.753 -> 0.750); the word queries were unchanged."""
    if concept is None:
        return
    aw, ah = analysis_wh
    rows, cols = box_cells(box.bbox, original_size, analysis_wh)  # where `box_segments` pooled it
    inside = np.zeros((rows[1] - rows[0], cols[1] - cols[0]), bool)
    for labels, concepts in maps:
        ids = np.flatnonzero(concepts == concept)
        if not len(ids):
            continue
        lh, lw = labels.shape
        crop = labels[np.arange(*rows)[:, None] * lh // ah, np.arange(*cols)[None, :] * lw // aw]
        inside |= np.isin(crop, ids)
    if not inside.any() or inside.sum() < share * inside.size:
        return
    box.mask = CompactMask.encode(inside)


def _colour(segments: list[Segment], found: Sequence[tuple[NetworkEntry, bool, list[Segment]]], colours: ColourMap,
            original_size: tuple[int, int]) -> None:
    """Each of `segments`' colours (`Segment.colours`): a region's under its mask, a box's under the
    regions of its concept inside it (`colours.box_shares`). `found` holds every network's segments,
    `segments` those kept (`settle_torn_boxes` drops boxes, never regions)."""
    kept = {id(seg) for seg in segments}
    regions = [(_concept(entry, seg), seg, seg.mask.decode()) for entry, is_box, segs in found if not is_box
               for seg in segs]  # each mask decoded once: a region's own colours, and the boxes over it
    for _, seg, mask in regions:
        seg.colours = region_shares(colours, seg.bbox, mask, original_size)
    for entry, is_box, segs in found:
        for box in (seg for seg in segs if is_box and id(seg) in kept):
            concept = _concept(entry, box)
            own = [(r.bbox, mask) for c, r, mask in regions
                   if c is not None and c == concept and box_iou(r.bbox, box.bbox) > 0]
            box.colours = box_shares(colours, box.bbox, original_size, own)


def settle_torn_boxes(found: Sequence[tuple[NetworkEntry, bool, list[Segment]]]) -> list[Segment]:
    """Every network's segments (`found`: its entry, whether it is a detector, its segments), less
    the boxes of a detector torn between two concepts at one place that a segmentation settles:
    a box is dropped where the same detector boxed another concept at the same place (IoU >=
    TORN_IOU), a region of that other concept from a per-pixel network whose things decide alone
    (`LabelSet.alone`: VOC's, not ADE20K's stray thing pixels) covers it more confidently than the
    box scores, and no per-pixel region of the box's own concept covers it. (Scikit-image's cat:
    "dog" 0.47 and "cat" 0.46 boxes over it, VOC's cat region at 0.97: the dog box goes.) The
    object keeps its box of the settled concept; on the 100 labelled photos 7 boxes go, 5 of them
    wrong labels, and no query loses a right photo."""
    regions = [(_concept(entry, seg), "thing" in entry.labels.alone, seg)
               for entry, is_detector, segs in found if not is_detector for seg in segs]
    kept: list[Segment] = []
    for entry, is_detector, segs in found:
        if not is_detector:
            kept += segs
            continue
        named = [(_concept(entry, seg), seg) for seg in segs]
        for own, box in named:
            rivals = {c for c, other in named if c is not None and c != own and box_iou(box.bbox, other.bbox) >= TORN_IOU}
            at_place = [(c, alone, r) for c, alone, r in regions if c is not None and box_iou(box.bbox, r.bbox) >= TORN_IOU]
            settled = any(c in rivals and alone and r.confidence > box.confidence for c, alone, r in at_place)
            if own is None or not settled or any(c == own for c, _, _ in at_place):
                kept.append(box)
    return kept


_streams = threading.local()


def _worker_stream(device: Any) -> Any:
    """On a GPU, this thread's own CUDA stream: a worker's small reductions and their copies back
    then wait for its own work only, not for the networks' next batch queued meanwhile on the
    default stream by the thread that feeds the device. (The outputs they read were finished
    there: the label maps were copied to the host, which waits for the default stream.)"""
    import contextlib

    if getattr(device, "type", "cpu") != "cuda":
        return contextlib.nullcontext()
    import torch

    if getattr(_streams, "stream", None) is None:
        _streams.stream = torch.cuda.Stream(device)
    return torch.cuda.stream(_streams.stream)


def _segment_grouped(net: Segmenter, tensors: Sequence[Any], original_sizes: Sequence[tuple[int, int]],
                     batches: dict[tuple[int, ...], Any] | None = None) -> list[tuple[int, Segmentation]]:
    """Segment preprocessed images in batches of one input shape: padding a photo further would
    change its result (DeepLab pools over the whole input). `batches` keeps each device batch
    made, by its tensors and layout, for the next network that reads the same tensors (VOC and
    ADE20K share their input): one copy to the device instead of one per network."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, t in enumerate(tensors):
        groups.setdefault(net.batch_shape(t), []).append(i)
    results = []
    for shape, members in groups.items():
        group = [tensors[i] for i in members]
        key = (*shape, net.channels_last, *(id(t) for t in group))
        batch = None if batches is None else batches.get(key)
        if batch is None:
            batch = net.batch_input(group)
            if batches is not None:
                batches[key] = batch
        segs = net.segment_tensors(group, [original_sizes[i] for i in members], batch)
        results += list(zip(members, segs))
    return results


def _resample(features: np.ndarray, size: tuple[int, int], like: tuple[int, int]) -> np.ndarray:
    """Features for another analysis size (only when networks read different input sizes)."""
    import torch
    import torch.nn.functional as F

    w, h = size
    stride = max(1, round(like[0] / features.shape[2]))
    fh, fw = math.ceil(h / stride), math.ceil(w / stride)
    t = torch.from_numpy(features)[None]
    return F.interpolate(t, size=(fh, fw), mode="bilinear", align_corners=False)[0].numpy()


def identity(analyzer: Analyzer) -> Any:
    """The `store.ModelIdentity` an index built by `analyzer` records."""
    from .store.index import ModelIdentity

    return ModelIdentity(analyzer.space.model_names, analyzer.space.weights_hashes, analyzer.dim,
                         analyzer.space, analyzer.settings)
