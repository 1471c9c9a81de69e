"""Batched inference: images in, per-pixel class probabilities and backbone features out.

Images are resized, aspect preserved, so that the long side equals the model's input size (513 for
the DeepLab graphs); that is the *analysis resolution* at which regions are extracted. A batch is
zero-padded (the mean pixel after normalisation) to a common size; DeepLab graphs get sizes of the
form 8k+1, at which their SAME paddings stay symmetric, so no work is spent on a square canvas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from ..errors import SegsearchError
from ..labels import VOC, LabelSet
from .registry import DEFAULT_MODEL, ModelSpec, get_spec
from .weights import ensure_weights, file_sha256

Precision = Literal["fp32", "bf16"]
_IMAGENET_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
_IMAGENET_STD = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)


@dataclass
class Segmentation:
    """One image's result at analysis resolution (h, w); `original_size` is (width, height).

    `probs`: float32 (planes, ⌈h/step⌉, ⌈w/step⌉), the probabilities of `channels` (all when
    None); `features`: float32 (C, fh, fw), backbone features covering the same area. On a GPU
    both stay there (`device_probs`, `device_features`) and are copied to the host on first
    reading: the indexer's regions sum and pool them on the device, so the thread that feeds the
    GPU copies only the label map back."""

    original_size: tuple[int, int]
    stride: int
    label_set: LabelSet = VOC
    _labels: np.ndarray | None = field(default=None, repr=False)
    channels: np.ndarray | None = None  # the classes of `probs`' planes, when not all (see class_probabilities)
    step: int = 1  # `probs` holds every step-th pixel of each row and column (see class_probabilities)
    host_probs: np.ndarray | None = field(default=None, repr=False)
    host_features: np.ndarray | None = field(default=None, repr=False)
    device_probs: Any = field(default=None, repr=False)  # torch tensors on the network's GPU, or None
    device_features: Any = field(default=None, repr=False)

    @property
    def probs(self) -> np.ndarray:
        if self.host_probs is None:
            self.host_probs = self.device_probs.cpu().numpy()
        return self.host_probs

    @property
    def features(self) -> np.ndarray:
        if self.host_features is None:
            self.host_features = self.device_features.cpu().numpy()
        return self.host_features

    @property
    def probs_where_computed(self) -> Any:
        """`probs` on the network's device (a torch tensor on a GPU, numpy on the CPU)."""
        return self.probs if self.device_probs is None else self.device_probs

    @property
    def features_where_computed(self) -> Any:
        return self.features if self.device_features is None else self.device_features

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the analysis resolution."""
        return self.labels.shape[1], self.labels.shape[0]

    @property
    def labels(self) -> np.ndarray:
        if self._labels is None:
            if self.step != 1:
                raise ValueError("a label map is needed where the probabilities are sampled")
            winners = self.probs.argmax(axis=0)
            self._labels = (winners if self.channels is None else self.channels[winners]).astype(np.uint8)
        return self._labels

    def dense_probs(self) -> np.ndarray:
        """(classes, ⌈h/step⌉, ⌈w/step⌉): every class's plane, zeros for the pruned ones."""
        if self.channels is None:
            return self.probs
        dense = np.zeros((len(self.label_set),) + self.probs.shape[1:], np.float32)
        dense[self.channels] = self.probs
        return dense

    def class_fractions(self) -> dict[str, float]:
        """Fraction of image pixels per class present (background included), largest first."""
        counts = np.bincount(self.labels.ravel(), minlength=len(self.label_set)) / self.labels.size
        order = np.argsort(-counts)
        return {self.label_set.names[i]: round(float(counts[i]), 4) for i in order if counts[i] > 0}

    def labels_at(self, size: tuple[int, int]) -> np.ndarray:
        """The label map resized (nearest) to `size` = (width, height), e.g. the original image."""
        return np.asarray(Image.fromarray(self.labels).resize(size, Image.Resampling.NEAREST))


def analysis_size(width: int, height: int, long_side: int) -> tuple[int, int]:
    """(w, h) with the long side equal to `long_side`, aspect preserved, each at least 1."""
    scale = long_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def choose_device(device: str | None = None) -> torch.device:
    """The torch device to run on: `device` if given and usable, else CUDA when present."""
    if not device:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        chosen = torch.device(device)
    except (RuntimeError, ValueError):
        raise SegsearchError(f"unknown device {device!r}: use cpu, cuda or cuda:N") from None
    if chosen.type == "cuda" and not torch.cuda.is_available():
        raise SegsearchError(f"device {device!r} asked for, but this machine has no usable CUDA GPU; use --device cpu")
    if chosen.type not in ("cpu", "cuda"):
        raise SegsearchError(f"device {device!r} is not supported: use cpu, cuda or cuda:N")
    return chosen


class Segmenter:
    """A loaded network plus its pre- and post-processing."""

    def __init__(self, spec: ModelSpec, module: torch.nn.Module, weights_path: Path | None,
                 device: torch.device, precision: Precision = "fp32", channels_last: bool = True):
        self.spec = spec
        self.weights_path = weights_path
        self.weights_sha256 = file_sha256(weights_path) if weights_path else "unknown"
        self.device = device
        self.precision = precision
        self.channels_last = channels_last
        memory_format = torch.channels_last if channels_last else torch.contiguous_format
        self.module = module.to(device=device, memory_format=memory_format)  # type: ignore[call-overload]
        # The TF graphs were trained with align_corners resizing; torchvision's models were not.
        self.align_corners = spec.family == "tflite"
        self.prune_below = PRUNE_BELOW  # 0: upsample every class (the reference path)
        # a GPU post-processes a whole batch at once (`batch_class_probabilities`); a CPU image by image
        self.batched_post = device.type != "cpu"

    @classmethod
    def load(cls, name: str = DEFAULT_MODEL, weights: str | Path | None = None,
             device: str | None = None, precision: Precision = "fp32",
             channels_last: bool = True) -> "Segmenter":
        spec = get_spec(name)
        if spec.output != "pixels":
            raise SegsearchError(f"{spec.name} is a detector, not a segmenter")
        device_ = choose_device(device)
        if spec.family == "tflite":
            from .deeplab_tflite import load_tflite_deeplab
            from .tflite_graph import UnsupportedGraph

            path = ensure_weights(spec, weights)
            weights_path: Path | None = path
            try:
                module: torch.nn.Module = load_tflite_deeplab(path, len(spec.labels))
            except UnsupportedGraph as exc:
                raise SegsearchError(f"{path} is not weights for {spec.name}: {exc}") from None
        else:
            from .torchvision_models import build_torchvision

            module, weights_path = build_torchvision(spec, weights)
        seg = cls(spec, module, weights_path, device_, precision, channels_last)
        _check_pinned(spec, seg.weights_sha256, weights_path, weights)
        return seg

    @property
    def feature_dim(self) -> int:
        return self.spec.feature_dim

    # --- pre-processing ---------------------------------------------------------------------
    def preprocess(self, image: Image.Image) -> torch.Tensor:
        """RGB image → normalised float tensor (3, h, w) at analysis resolution."""
        w, h = analysis_size(image.width, image.height, self.spec.input_size)
        resized = image.convert("RGB").resize((w, h), Image.Resampling.BILINEAR, reducing_gap=3.0)
        x = torch.from_numpy(np.asarray(resized, dtype=np.float32)).permute(2, 0, 1)
        if self.spec.normalisation == "tf":
            return x.div_(127.5).sub_(1.0)
        return x.div_(255.0).sub_(_IMAGENET_MEAN).div_(_IMAGENET_STD)

    def _padded_size(self, h: int, w: int) -> tuple[int, int]:
        s = self.spec.output_stride
        if self.align_corners:  # sizes 8k+1: the output grid lands on pixels 0, 8, 16, ...
            return (math.ceil((h - 1) / s) * s + 1, math.ceil((w - 1) / s) * s + 1)
        return (math.ceil(h / s) * s, math.ceil(w / s) * s)

    def batch_shape(self, tensor: torch.Tensor) -> tuple[int, int]:
        """The padded input size of one preprocessed image. Batch only images of one batch shape:
        padding an image further changes its result (DeepLab pools over the whole input)."""
        return self._padded_size(tensor.shape[1], tensor.shape[2])

    def batch_input(self, tensors: Sequence[torch.Tensor]) -> torch.Tensor:
        """Preprocessed images as one batch on the device, zero-padded to a common size."""
        ph = max(self._padded_size(t.shape[1], t.shape[2])[0] for t in tensors)
        pw = max(self._padded_size(t.shape[1], t.shape[2])[1] for t in tensors)
        # padded on the device: the host copies each image's pixels once, not a padded batch
        batch = torch.zeros(len(tensors), 3, ph, pw, device=self.device)
        for i, t in enumerate(tensors):
            batch[i, :, : t.shape[1], : t.shape[2]] = t.to(self.device, non_blocking=True)
        memory_format = torch.channels_last if self.channels_last else torch.contiguous_format
        return batch.contiguous(memory_format=memory_format)

    # --- inference --------------------------------------------------------------------------
    @torch.inference_mode()
    def forward(self, batch: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Raw network call: low-resolution logits and features, float32."""
        # cuDNN sets itself up for every new input shape, about 1 s per shape for the translated
        # DeepLab graphs (H100, torch 2.11), and photos come in many sizes; PyTorch's own kernels
        # start at once and cost about 1 ms more per image there
        with torch.backends.cudnn.flags(enabled=self.spec.family != "tflite"), \
                torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.precision == "bf16"):
            logits, feats = self.module(batch)
        return logits.float(), feats.float()

    @torch.inference_mode()
    def segment(self, images: Sequence[Image.Image]) -> list[Segmentation]:
        """Segment a batch of decoded images."""
        if not images:
            return []
        tensors = [self.preprocess(img) for img in images]
        return self.segment_tensors(tensors, [(img.width, img.height) for img in images])

    @torch.inference_mode()
    def segment_tensors(self, tensors: Sequence[torch.Tensor], original_sizes: Sequence[tuple[int, int]],
                        batch: torch.Tensor | None = None) -> list[Segmentation]:
        """Segment preprocessed images; `batch`, when given, is `batch_input(tensors)` already made
        (by another network that reads the same input)."""
        batch = self.batch_input(tensors) if batch is None else batch
        logits, feats = self.forward(batch)
        s = self.spec.output_stride
        sizes = [(t.shape[1], t.shape[2]) for t in tensors]
        if self.batched_post:
            post = batch_class_probabilities(logits, sizes, batch.shape[2:], self.align_corners, self.prune_below)
        else:
            post = []
            for i, size in enumerate(sizes):
                one = class_probabilities(logits[i], size, batch.shape[2:], self.align_corners, self.prune_below)
                post.append((one[0], None if one[1] is None else one[1].cpu().numpy(), one[2].cpu().numpy(), one[3]))
        results = []
        for i, ((h, w), (probs, channels, labels, step)) in enumerate(zip(sizes, post)):
            fh, fw = math.ceil(h / s), math.ceil(w / s)
            features = feats[i, :, :fh, :fw]  # on a GPU a view: whoever reads it copies it, not the feeding thread
            seg = Segmentation(original_sizes[i], s, self.spec.labels, _labels=labels, channels=channels, step=step)
            if self.device.type == "cpu":
                seg.host_probs, seg.host_features = probs.numpy(), features.contiguous().numpy()
            else:  # copied to the host only if read there (see Segmentation)
                seg.device_probs, seg.device_features = probs, features
            results.append(seg)
        return results


PRUNE_BELOW = 0.05  # a class whose probability stays below this everywhere in the low-resolution output
# Many-class networks: the probabilities are computed at every SAMPLE_STEP-th pixel of each row and
# column (a quarter of the pixels at 2), which is all a region's mean needs; the label map stays
# exact at every pixel. Measured on ADE20K's output for 40 shared photos: region means within 0.012
# of every pixel's (mean difference +0.0005 over 463 regions); probabilities and region sums 36
# against 82 ms per photo on one CPU thread.
SAMPLE_STEP = 2


def class_probabilities(low: torch.Tensor, size: tuple[int, int], padded: Sequence[int], align_corners: bool,
                        prune_below: float = PRUNE_BELOW, sample_step: int = SAMPLE_STEP,
                        ) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor, int]:
    """Class probabilities and the label map (uint8) at `size` = (h, w) from one image's
    low-resolution logits (C, lh, lw) over the `padded` (h, w) batch input it was placed in.
    Returns (probs, channels, labels, step): probs are (planes, ⌈h/step⌉, ⌈w/step⌉), the pixels
    (step·i, step·j), possibly a view of pixel-major memory (not contiguous).

    The reference computation upsamples all C logit planes to every pixel, takes a softmax over
    them and the argmax. Most of an image's classes are nowhere likely (ADE20K keeps 45 of 151 on
    average at 5%), yet they cost most of the time and memory, so only the classes whose
    low-resolution probability reaches `prune_below` somewhere are kept (`channels` lists them, in
    order; None: all). The others stay in the softmax's denominator as one plane, the log-sum-exp
    of their logits, upsampled like a logit plane, and do not win the argmax: such a class is below
    `prune_below` at every low-resolution point and does not win between them in practice (the
    reference equality is tested on real photos). With many planes, the label map is the exact
    argmax of the upsampled logits without upsampling them everywhere (`_exact_argmax`), and the
    probabilities are computed at every `sample_step`-th pixel. `prune_below=0, sample_step=1` is
    the reference path."""
    h, w = size
    # the logits' own stride is read from the shapes (DeepLabV3+ decodes at 4, DeepLabV3 at 8)
    stride, lh, lw = _cells(low.shape[1:], size, padded, align_corners)
    up = ((lh - 1) * stride + 1, (lw - 1) * stride + 1) if align_corners else (lh * stride, lw * stride)
    in_h, in_w = low.shape[1:]
    # pixel-major (lh, lw, classes): a view of the networks' channels-last output, in which a
    # cell's classes lie together, so the pruning reads memory in order
    pixels = low.permute(1, 2, 0)[:lh, :lw]
    channels = None
    if prune_below > 0:
        channels, pixels = _pruned(pixels, prune_below)
    n_kept = pixels.shape[2] - (channels is not None)
    if pixels.shape[2] <= PLANAR_UP_TO:  # few planes: plane by plane at every pixel is fastest on a CPU
        low = pixels.permute(2, 0, 1).contiguous()
        planes = F.interpolate(low[None], size=up, mode="bilinear", align_corners=align_corners)[0, :, :h, :w]
        winners = _argmax_planes(planes[:n_kept])
        probs, step = torch.softmax(planes, 0)[:n_kept], 1
    else:  # many: pixel-major, so that a pixel's planes lie together
        rows = _bilinear_taps(h, in_h, padded[0], align_corners, lh, low.device)
        cols = _bilinear_taps(w, in_w, padded[1], align_corners, lw, low.device)
        pixels = pixels.contiguous()
        winners = _exact_argmax(pixels, n_kept, rows, cols)
        step = sample_step
        by_row = _along_rows(pixels, tuple(t[::step] for t in rows))  # type: ignore[arg-type]
        sampled = _along_columns(by_row, tuple(t[::step] for t in cols))  # type: ignore[arg-type]
        # a (planes, h', w') view of pixel-major memory: the region sums read it by pixel rows
        probs = torch.softmax(sampled, -1)[..., :n_kept].permute(2, 0, 1)
    labels = (winners if channels is None else channels[winners.long()]).to(torch.uint8)
    return probs, channels, labels, step


PLANAR_UP_TO = 24  # planes; measured on a CPU: plane by plane wins below about this many


def _cells(low_hw: Sequence[int], size: tuple[int, int], padded: Sequence[int], align_corners: bool
           ) -> tuple[int, int, int]:
    """(stride, lh, lw): the stride of low-resolution logits of shape `low_hw` over the `padded`
    (h, w) input, and how many of their cells an image of `size` (h, w) at the top left reads (one
    more than it covers where there is one, so that its borders interpolate as in the padded batch)."""
    h, w = size
    # read along the axis with more cells: a photo one pixel high (a strip scaled to 513 wide) has a single row
    axis = 0 if low_hw[0] >= low_hw[1] else 1
    if align_corners:  # the output grid lands on input pixels 0, s, 2s, ...
        stride = round((padded[axis] - 1) / max(1, low_hw[axis] - 1))
        return stride, math.ceil((h - 1) / stride) + 1, math.ceil((w - 1) / stride) + 1
    stride = round(padded[axis] / low_hw[axis])
    return stride, min(low_hw[0], math.ceil(h / stride) + 1), min(low_hw[1], math.ceil(w / stride) + 1)


MASKED = -1e30  # a logit no class reaches: finite, so that bilinear weights of 0 leave it finite (not NaN)
DENSE_BYTES = 256 << 20  # at most this much of every plane upsampled at every pixel at once (per batch chunk)


@torch.inference_mode()
def batch_class_probabilities(logits: torch.Tensor, sizes: Sequence[tuple[int, int]], padded: Sequence[int],
                              align_corners: bool, prune_below: float = PRUNE_BELOW,
                              sample_step: int = SAMPLE_STEP,
                              ) -> list[tuple[torch.Tensor, np.ndarray | None, np.ndarray, int]]:
    """`class_probabilities` for a whole batch at once, as a GPU likes it: a few large operations
    and two waits for the device per batch (which classes each image keeps, then all the label
    maps), instead of a few dozen small operations and several waits per image, which left the
    thread that feeds the GPU busier than the networks. `logits` (B, C, LH, LW) are the batch's
    over the `padded` (h, w) input; image i fills the top left `sizes[i]` = (h, w) of it.

    Per image it returns what `class_probabilities` does, to float rounding (tested): its own
    kept classes (`channels`, on the host; None: all), their probabilities at every `step`-th
    pixel where the logits are, and the label map (uint8, on the host). The planes are shared
    while computing: every class some image of the batch keeps, with the logits of a class an
    image does not keep set to `MASKED` for that image (its probability is then 0, and its
    exponentials count in the image's own log-sum-exp plane instead). The label maps are the
    argmax of the kept planes upsampled at every pixel, the reference path's upsampling, which a
    GPU affords (`class_probabilities` reaches the same exactly from the borders alone), in
    chunks of at most `DENSE_BYTES`."""
    b, c, low_h, low_w = logits.shape
    ph, pw = int(padded[0]), int(padded[1])
    device = logits.device
    cells = np.zeros((b, 1, low_h, low_w), dtype=bool)
    for i, size in enumerate(sizes):  # the cells each image reads, as class_probabilities crops them
        _, lh, lw = _cells((low_h, low_w), size, padded, align_corners)
        cells[i, :, :lh, :lw] = True
    top = logits.amax(1, keepdim=True)
    e = (logits - top).exp_()
    low_probs = (e / e.sum(1, keepdim=True)).masked_fill_(~torch.from_numpy(cells).to(device), 0.0)
    keep = low_probs.amax(dim=(2, 3)) >= prune_below
    if prune_below <= 0:
        keep.fill_(True)
    keep_host = keep.cpu().numpy()  # the first wait: which classes each image keeps
    union = np.flatnonzero(keep_host.any(0))
    n = len(union)
    # one copy to the device: the union's classes, then each image's own planes among them
    own = [np.flatnonzero(keep_host[i, union]) for i in range(b)]
    ends = np.cumsum([n] + [len(o) for o in own])
    index = torch.from_numpy(np.concatenate([union] + own)).to(device)
    others = torch.einsum("bchw,bc->bhw", e, (~keep).to(e.dtype))
    rest = others.clamp_(min=1e-30).log_().add_(top[:, 0])
    not_kept = ~keep.index_select(1, index[:n])[..., None, None]
    planes = torch.cat([logits.index_select(1, index[:n]).masked_fill_(not_kept, MASKED), rest[:, None]], 1)
    labels = torch.empty((b, ph, pw), dtype=torch.uint8, device=device)
    probs: list[torch.Tensor] = []
    steps: list[int] = []
    chunk = max(1, DENSE_BYTES // (planes.shape[1] * ph * pw * 4))
    for start in range(0, b, chunk):
        full = F.interpolate(planes[start:start + chunk], size=(ph, pw), mode="bilinear", align_corners=align_corners)
        labels[start:start + chunk] = index[:n][full[:, :n].argmax(1)].to(torch.uint8)
        for j in range(full.shape[0]):
            i = start + j
            h, w = sizes[i]
            every = len(own[i]) == c  # as class_probabilities: no plane of the others when it keeps all
            step = 1 if len(own[i]) + (not every) <= PLANAR_UP_TO else sample_step
            sampled = full[j, :, :h:step, :w:step]
            probs.append(torch.softmax(sampled, 0).index_select(0, index[ends[i]:ends[i + 1]]))
            steps.append(step)
    host = labels.cpu().numpy()  # the second wait: every label map at once
    return [(probs[i], None if len(own[i]) == c else union[own[i]], np.ascontiguousarray(host[i, :h, :w]), steps[i])
            for i, (h, w) in enumerate(sizes)]


def _pruned(pixels: torch.Tensor, prune_below: float) -> tuple[torch.Tensor | None, torch.Tensor]:
    """(channels, planes) of pixel-major logits (lh, lw, C): the classes whose probability reaches
    `prune_below` at some cell (None: all of them, and the logits as they are), and their logits
    followed by one plane for the others, the log-sum-exp of their logits. That sum is taken of
    the exponentials already computed for the softmax (one matrix-vector product over the dropped
    classes), floored at 1e-30 of the largest: below that it adds nothing to the denominator."""
    top = pixels.amax(-1, keepdim=True)
    e = (pixels - top).exp_()
    keep = (e / e.sum(-1, keepdim=True)).amax(dim=(0, 1)) >= prune_below
    if bool(keep.all()):
        return None, pixels
    channels = keep.nonzero().squeeze(1)
    others = e.reshape(-1, e.shape[2]) @ (~keep).to(e.dtype)
    rest = others.reshape(top.shape).clamp_(min=1e-30).log_().add_(top)
    return channels, torch.cat([pixels.index_select(2, channels), rest], 2)

Taps = tuple[torch.Tensor, torch.Tensor, torch.Tensor]


def _bilinear_taps(n_out: int, n_in: int, n_padded: int, align_corners: bool, cells: int,
                   device: torch.device) -> Taps:
    """For each of the first `n_out` output positions of a bilinear resize from `n_in` to
    `n_padded` (F.interpolate's coordinate rule): the two input cells it reads (the second clamped
    below `cells`) and the second one's weight."""
    d = torch.arange(n_out, dtype=torch.float32, device=device)
    if align_corners:
        src = d * ((n_in - 1) / (n_padded - 1) if n_padded > 1 else 0.0)
    else:
        src = ((d + 0.5) * (n_in / n_padded) - 0.5).clamp_(min=0.0)
    first = src.long()
    return first, (first + 1).clamp_(max=min(n_in, cells) - 1), src - first


def _along_rows(pixels: torch.Tensor, rows: Taps) -> torch.Tensor:
    """Pixel-major (lh, lw, C) cells interpolated to the given rows: (h, lw, C)."""
    first, second, weight = rows
    return torch.lerp(pixels.index_select(0, first), pixels.index_select(0, second), weight[:, None, None])


def _along_columns(by_row: torch.Tensor, cols: Taps) -> torch.Tensor:
    """(h, lw, C) interpolated to the given columns: (h, w, C)."""
    first, second, weight = cols
    return torch.lerp(by_row.index_select(1, first), by_row.index_select(1, second), weight[None, :, None])


CANDIDATES = 2  # per cell: the classes a border pixel's argmax is first sought among (see _exact_argmax)


def _exact_argmax(pixels: torch.Tensor, n: int, rows: Taps, cols: Taps) -> torch.Tensor:
    """The argmax over the first `n` planes of the bilinear upsampling of pixel-major logits
    (lh, lw, C) at every output pixel, computed in full only where it can differ from the cells'.

    A pixel's logits are a convex combination of its four surrounding cells' (its *quad*); where
    all four have the same argmax, that class stays the argmax in between (and the first on ties,
    as argmax takes it). Only the pixels of quads whose cells disagree, along the label borders
    (a fifth of ADE20K's pixels, measured), need more, and there the winner is sought among each
    corner's `CANDIDATES` best classes, interpolated exactly. That is provably the argmax where it
    beats the same interpolation of each corner's next best logit, above every other class at
    that corner; the rare pixels where it does not (a third class winning between two regions)
    are interpolated over every plane."""
    r0, _, wy = rows  # the second cells are the next ones, clamped (`_bilinear_taps`): `down`, `right` below
    c0, _, wx = cols
    lh, lw, planes = pixels.shape
    k = min(n, CANDIDATES + 1)
    top_values, top_classes = _top(pixels[..., :n], k)
    cell_winner = top_classes[..., 0]
    # the quads' corners, cell (i, j) at the top left: the taps' second cell is the next, clamped
    down = torch.arange(lh, device=pixels.device).add_(1).clamp_(max=lh - 1)
    right = torch.arange(lw, device=pixels.device).add_(1).clamp_(max=lw - 1)
    below = cell_winner.index_select(0, down)
    disagree = ((cell_winner != cell_winner.index_select(1, right)) | (cell_winner != below)
                | (cell_winner != below.index_select(1, right)))
    winners = cell_winner.index_select(0, r0).index_select(1, c0)
    border = disagree.index_select(0, r0).index_select(1, c0)
    ys, xs = border.nonzero(as_tuple=True)
    if not len(ys):
        return winners
    qi, qj = disagree.nonzero(as_tuple=True)
    corners = torch.stack([qi * lw + qj, down[qi] * lw + qj, qi * lw + right[qj], down[qi] * lw + right[qj]], 1)
    flat = pixels.reshape(lh * lw, planes)
    candidates = top_classes.reshape(lh * lw, k)[:, :CANDIDATES][corners].reshape(len(qi), -1)  # (quads, 4·m)
    values = flat[corners[:, :, None], candidates[:, None, :]]  # (quads, 4 corners, 4·m)
    bound = top_values.reshape(lh * lw, k)[corners, k - 1] if k > CANDIDATES else None  # (quads, 4)
    quad_of = torch.full((lh * lw,), -1, dtype=torch.long, device=pixels.device)
    quad_of[qi * lw + qj] = torch.arange(len(qi), device=pixels.device)
    quad = quad_of[r0[ys] * lw + c0[xs]]
    py, px = wy[ys], wx[xs]
    best, which = _between(values[quad], py, px).max(1)
    winners[ys, xs] = candidates[quad].gather(1, which[:, None])[:, 0].to(winners.dtype)
    if bound is not None:
        unsure = (best <= _between(bound[quad], py, px)).nonzero().squeeze(1)
        if len(unsure):  # every plane at these pixels
            every = flat[corners[quad[unsure]]][..., :n]
            winners[ys[unsure], xs[unsure]] = _between(every, py[unsure], px[unsure]).argmax(1).to(winners.dtype)
    return winners


def _between(corners: torch.Tensor, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Bilinear interpolation of per-pixel corner values (n, 4, ...), ordered top left, bottom left,
    top right, bottom right, at row and column weights `y`, `x` (n,): rows first, then columns."""
    if corners.dim() > 2:
        y, x = y[:, None], x[:, None]
    return torch.lerp(torch.lerp(corners[:, 0], corners[:, 1], y), torch.lerp(corners[:, 2], corners[:, 3], y), x)


def _top(values: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """`values.topk(k, -1)` for a small k as k passes of max (a third of topk's time on a CPU for
    45 values per cell); the first index on ties, as max gives it."""
    rest = values.clone() if k > 1 else values
    best, which = [], []
    for i in range(k):
        v, c = rest.max(-1, keepdim=True)
        best.append(v)
        which.append(c)
        if i + 1 < k:
            rest.scatter_(-1, c, -torch.inf)
    return torch.cat(best, -1), torch.cat(which, -1)


def _argmax_planes(planes: torch.Tensor) -> torch.Tensor:
    """argmax over dim 0 of (K, h, w) as whole-plane operations, first maximum on ties (as
    torch.argmax): for a few planes far faster than argmax(0), which strides across them."""
    best = planes[0].clone()
    index = torch.zeros(planes.shape[1:], dtype=torch.uint8, device=planes.device)
    for k in range(1, planes.shape[0]):
        better = planes[k] > best
        torch.maximum(best, planes[k], out=best)
        index.masked_fill_(better, k)
    return index


def _check_pinned(spec: ModelSpec, sha256: str, path: Path | None, explicit: object) -> None:
    """A weight file given with --weights must be the network's own (pinned) file: the depth-0.5
    VOC file under the default network's name would otherwise be recorded as that network."""
    if explicit is not None and spec.sha256 and sha256 != spec.sha256:
        raise SegsearchError(f"{path} is not the weight file of {spec.name} (SHA-256 {sha256[:12]}…, expected "
                             f"{spec.sha256[:12]}…); pass the right file or choose the matching --models")


class Detector:
    """A loaded box detector (YOLOX) with its pre-processing, decoding and NMS."""

    def __init__(self, spec: ModelSpec, module: torch.nn.Module, weights_path: Path, device: torch.device,
                 score_floor: float = 0.2):
        self.spec = spec
        self.weights_path = weights_path
        self.weights_sha256 = file_sha256(weights_path)
        self.device = device
        self.module = module.to(device)
        self.score_floor = score_floor  # detections below this are never kept
        self.precision: Precision = "fp32"

    @classmethod
    def load(cls, name: str = "yolox-nano", weights: str | Path | None = None, device: str | None = None,
             precision: Precision = "fp32", channels_last: bool = True) -> "Detector":
        from .tflite_graph import UnsupportedGraph
        from .yolox import load_yolox

        spec = get_spec(name)
        path = ensure_weights(spec, weights)
        try:
            module = load_yolox(path)
        except UnsupportedGraph as exc:
            raise SegsearchError(f"{path} is not weights for {spec.name}: {exc}") from None
        det = cls(spec, module, path, choose_device(device))
        _check_pinned(spec, det.weights_sha256, path, weights)
        return det

    @property
    def feature_dim(self) -> int:
        return self.spec.feature_dim

    def preprocess(self, image: Image.Image) -> tuple[torch.Tensor, float]:
        """BGR 0-255 (3, h, w) with the long side at the input size, and the scale applied."""
        w, h = analysis_size(image.width, image.height, self.spec.input_size)
        resized = image.convert("RGB").resize((w, h), Image.Resampling.BILINEAR, reducing_gap=3.0)
        # flipped to BGR and laid out as planes while still bytes, then widened: one pass of floats
        x = torch.from_numpy(np.ascontiguousarray(np.asarray(resized)[:, :, ::-1].transpose(2, 0, 1))).float()
        return x, w / image.width

    def batch(self, inputs: Sequence[torch.Tensor]) -> torch.Tensor:
        """Preprocessed inputs as one batch on the device, padded (grey 114, as in training) only
        up to the next multiple of the largest stride."""
        ph = max(math.ceil(x.shape[1] / 32) * 32 for x in inputs)
        pw = max(math.ceil(x.shape[2] / 32) * 32 for x in inputs)
        batch = torch.full((len(inputs), 3, ph, pw), 114.0, device=self.device)
        for i, x in enumerate(inputs):
            batch[i, :, : x.shape[1], : x.shape[2]] = x.to(self.device, non_blocking=True)
        return batch

    def detect(self, images: Sequence[Image.Image]) -> list["DetectionResult"]:
        return self.detect_prepared([self.preprocess(img) for img in images], [(img.width, img.height) for img in images])

    @torch.inference_mode()
    def detect_prepared(self, prepared: Sequence[tuple[torch.Tensor, float]],
                        sizes: Sequence[tuple[int, int]]) -> list["DetectionResult"]:
        """Detections for `preprocess` outputs of images of `sizes` (w, h), boxes in their pixels."""
        if not prepared:
            return []
        from .yolox import decode

        levels, feats = self.module(self.batch([x for x, _ in prepared]))
        decoded = decode(levels, self.score_floor)
        host_feats = feats.float().cpu().numpy()  # the batch's features in one copy
        results = []
        for (x, scale), (width, height), (boxes, scores, labels, class_scores), f in zip(
                prepared, sizes, decoded, host_feats):
            fh, fw = math.ceil(x.shape[1] / self.spec.output_stride), math.ceil(x.shape[2] / self.spec.output_stride)
            b = boxes / np.float32(scale)
            b[:, [0, 2]] = b[:, [0, 2]].clip(0, width)
            b[:, [1, 3]] = b[:, [1, 3]].clip(0, height)
            results.append(DetectionResult(b.astype(np.float32), scores, labels, class_scores,
                                           np.ascontiguousarray(f[:, :fh, :fw]), (width, height), self.spec.labels))
        return results


@dataclass
class DetectionResult:
    """One image's detections, boxes in the pixels of the image given to `detect`."""

    boxes: np.ndarray  # float32 (n, 4) x0, y0, x1, y1
    scores: np.ndarray  # float32 (n,)
    labels: np.ndarray  # int64 (n,)
    class_scores: np.ndarray  # float32 (n, classes)
    features: np.ndarray  # float32 (C, fh, fw) neck features at stride 8 of the input
    size: tuple[int, int]  # (width, height) of the image the boxes refer to
    label_set: LabelSet

    def class_scores_by_name(self) -> dict[str, float]:
        best: dict[str, float] = {}
        for label, score in zip(self.labels.tolist(), self.scores.tolist()):
            name = self.label_set.names[label]
            best[name] = max(best.get(name, 0.0), round(float(score), 4))
        return dict(sorted(best.items(), key=lambda kv: -kv[1]))


Network = Segmenter | Detector


def load_network(name: str, weights: str | Path | None = None, device: str | None = None,
                 precision: Precision = "fp32") -> Network:
    """The loaded network named `name` (or an alias: voc, ade20k, coco)."""
    spec = get_spec(name)
    if spec.output == "boxes":
        return Detector.load(spec.name, weights, device)
    return Segmenter.load(spec.name, weights, device, precision)
