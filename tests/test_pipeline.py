"""The fast indexing paths against their references, on real photos: oneDNN convolutions, pruned
class probabilities and the regions built from them; batched SQLite writes are all-or-nothing."""

from __future__ import annotations

import math
import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from segsearch.images import decode
from segsearch.labels import ADE20K
from segsearch.models import load_network
from segsearch.models.layers import conv2d
from segsearch.models.segmenter import PRUNE_BELOW, SAMPLE_STEP, Segmentation, Segmenter, class_probabilities
from segsearch.regions import RegionSettings, pixel_segments
from segsearch.store import FileWrite, Index, ModelIdentity

from .conftest import pick_photos, stored, stored_chroma, stored_colours

PHOTOS = 8


@pytest.mark.parametrize("shape", [(16, 8, 1, 1, 1, 1, 1), (32, 1, 3, 3, 2, 1, 32), (24, 24, 3, 3, 1, 2, 1),
                                   (8, 3, 3, 3, 2, 1, 1)])
def test_onednn_convolution_equals_torchs_own(shape: tuple[int, ...]) -> None:
    out_c, in_per_group, kh, kw, stride, dilation, groups = shape
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(in_per_group * groups, out_c, (kh, kw), stride=stride, dilation=dilation,
                           groups=groups, padding=dilation * (kh // 2))
    x = torch.randn(2, in_per_group * groups, 37, 29).contiguous(memory_format=torch.channels_last)
    with torch.inference_mode():
        for threads in (1, 2):
            previous = torch.get_num_threads()
            torch.set_num_threads(threads)
            try:
                assert torch.allclose(conv2d(conv, x), conv(x), atol=1e-5, rtol=1e-4)
            finally:
                torch.set_num_threads(previous)


def _reference(net: Segmenter, logits: torch.Tensor, batch_hw: tuple[int, int], h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """What the pipeline computed before pruning: every class upsampled over the whole padded
    batch, a softmax over all of them, the argmax."""
    full = F.interpolate(logits, size=batch_hw, mode="bilinear", align_corners=net.align_corners)[0, :, :h, :w]
    probs = torch.softmax(full, 0)
    return probs.cpu().numpy(), probs.argmax(0).cpu().numpy().astype(np.uint8)


@pytest.fixture(scope="module")
def ade20k() -> Segmenter:
    net = load_network("ade20k")  # on the GPU where there is one, like the default network
    assert isinstance(net, Segmenter)
    return net


def test_a_large_jpeg_decoded_at_a_reduced_scale_moves_its_objects_less_than_another_resampler(
        tmp_path: Path) -> None:
    """Decoding a large JPEG at a reduced DCT scale (`images.decode`'s draft, the CPU's fast path)
    is not the full decode's equal segment for segment: the networks answer any resampling of a
    photo with boxes and embeddings that move (measured on these 12 photos at 2000x1500: 51% of
    the full decode's segments within box IoU 0.98 and 63% within cosine 0.999, against 52% and 68%
    for the full decode resized to the analysis size with Lanczos; at 4000x3000 57% and 70%, against
    52% and 67%). What it keeps is each photo's objects: the classes of segments of at least 1% of
    the photo agree with the full decode's at a mean Jaccard of 0.956 (Lanczos 0.934; at 4000x3000
    0.920 and 0.878), so the tolerance of box and embedding holds only for paths given the same
    decoded pixels (the tests above)."""
    from segsearch.analysis import Analyzer

    analyzer = Analyzer.load(None, device="cpu")

    def classes(image: Image.Image, size: tuple[int, int]) -> set[int]:
        return {s.class_id for s in analyzer.analyse(image, size).regions.segments if s.area >= 0.01}

    draft, lanczos = [], []
    for photo in sorted((Path(pick_photos(2)[0]).parent).glob("*.jpg"))[:12]:
        with Image.open(photo) as im:
            size = (2000, 1500) if im.width >= im.height else (1500, 2000)
            im.convert("RGB").resize(size, Image.Resampling.BICUBIC).save(tmp_path / "large.jpg", quality=90)
        full, fast = decode(tmp_path / "large.jpg", None), decode(tmp_path / "large.jpg", analyzer.input_size)
        assert fast.image.width < full.image.width and fast.original_size == full.original_size == size
        long_side = analyzer.input_size
        other = full.image.resize((long_side, round(long_side * size[1] / size[0])) if size[0] >= size[1]
                                  else (round(long_side * size[0] / size[1]), long_side), Image.Resampling.LANCZOS)
        reference = classes(full.image, size)
        for kept, image in ((draft, fast.image), (lanczos, other)):
            got = classes(image, size)
            kept.append(len(reference & got) / max(1, len(reference | got)))
    assert np.mean(draft) >= max(0.94, np.mean(lanczos)), (np.mean(draft), np.mean(lanczos))


@pytest.mark.parametrize("network", ["voc", "ade20k"])
def test_pruned_probabilities_and_regions_equal_the_reference(network: str, segmenter: Segmenter,
                                                              ade20k: Segmenter) -> None:
    net = segmenter if network == "voc" else ade20k
    settings = RegionSettings()
    kinds = tuple(label.kind for label in net.spec.labels.labels)
    same, borderline, planes, pixel_diff, hist_diff, steps = 0, 0, [], [], [0.0], []
    for photo in pick_photos(PHOTOS):
        decoded = decode(photo, net.spec.input_size)
        x = net.preprocess(decoded.image)
        batch = net.batch_input([x])
        logits, features = net.forward(batch)
        h, w = x.shape[1:]
        ref_probs, ref_labels = _reference(net, logits, tuple(batch.shape[2:]), h, w)
        probs, channels, labels, step = class_probabilities(logits[0], (h, w), tuple(batch.shape[2:]),
                                                            net.align_corners)
        fast = Segmentation(decoded.original_size, 8, net.spec.labels, labels.cpu().numpy(),
                            None if channels is None else channels.cpu().numpy(), step,
                            host_probs=probs.cpu().numpy(), host_features=features[0].cpu().numpy())
        steps.append(step)
        assert (fast.labels == ref_labels).mean() >= 0.9999
        planes.append(probs.shape[0])
        dense = fast.dense_probs()
        kept = np.arange(len(kinds)) if channels is None else channels.cpu().numpy()
        # kept classes: near the reference probabilities; pruned ones: below the pruning threshold
        pixel_diff.append(float(np.abs(dense[kept] - ref_probs[kept, ::step, ::step]).max()))
        assert ref_probs[np.setdiff1d(np.arange(len(kinds)), kept)].max(initial=0) <= 2 * PRUNE_BELOW

        on_device = features[0, :, :math.ceil(h / 8), :math.ceil(w / 8)].contiguous()
        feats = on_device.cpu().numpy()
        reference = {(s.class_id, s.bbox): s for s in pixel_segments(ref_probs, ref_labels, kinds, decoded.original_size,
                                                                      feats, settings)}
        # the fast path as the indexer runs it: sums and pooling on the network's own device
        ours = {(s.class_id, s.bbox): s for s in pixel_segments(probs, fast.labels, kinds, decoded.original_size,
                                                                 on_device, settings, channels=fast.channels, step=step)}
        for key in reference.keys() ^ ours.keys():  # only a confidence at the threshold may differ
            s = reference.get(key) or ours[key]
            assert abs(s.confidence - settings.min_confidence) < 0.01, (photo.name, key, s.confidence)
            borderline += 1
        for key in reference.keys() & ours.keys():
            a, b = reference[key], ours[key]
            assert abs(a.area - b.area) < 1e-9 and abs(a.confidence - b.confidence) <= 0.01
            hist_diff.append(float(np.abs(a.histogram - b.histogram).max()))
            assert float(a.embedding @ b.embedding) >= 0.999
            same += 1
    # measured on these photos (VOC, ADE20K): 8 and 77 segments, none at the threshold; largest
    # differences per pixel 0.004 and 0.052, per histogram 0.005 and 0.011 (the same with ADE20K's
    # probabilities sampled at every second pixel: the pruning dominates)
    assert same >= (8 if network == "voc" else 70) and borderline <= max(1, same // 50)
    assert max(pixel_diff) <= 0.06 and max(hist_diff) <= 0.02
    if network == "ade20k":  # the point of pruning: measured 45 of 151 planes on average
        assert np.mean(planes) <= 0.35 * len(ADE20K)
        assert SAMPLE_STEP in steps  # many planes: probabilities sampled, labels exact


@pytest.mark.parametrize("network", ["voc", "ade20k"])
def test_a_batch_post_processed_at_once_equals_its_images_one_by_one(network: str, segmenter: Segmenter,
                                                                     ade20k: Segmenter) -> None:
    """What a GPU runs (`batch_class_probabilities`, the whole batch at once) against what a CPU
    runs (`class_probabilities`, image by image) on the same logits: photos of different sizes in
    one padded batch must get the same kept classes, sampling step and label map, probabilities
    to float rounding, and so the same segments. Here on the CPU, the same functions."""
    net = segmenter if network == "voc" else ade20k
    kinds = tuple(label.kind for label in net.spec.labels.labels)
    photos = pick_photos(PHOTOS)
    decoded = [decode(photo, net.spec.input_size) for photo in photos]
    inputs = [net.preprocess(d.image) for d in decoded]
    assert len({tuple(x.shape[1:]) for x in inputs}) >= 3  # sizes differ within the padded batch
    previous = net.batched_post
    try:
        results = {}
        for batched in (False, True):
            net.batched_post = batched
            results[batched] = net.segment_tensors(inputs, [d.original_size for d in decoded])
    finally:
        net.batched_post = previous
    segments = 0
    for d, one, whole in zip(decoded, results[False], results[True]):
        assert one.step == whole.step and (one.channels is None) == (whole.channels is None)
        assert one.channels is None or np.array_equal(one.channels, whole.channels)
        assert (one.labels == whole.labels).mean() >= 0.9999  # measured: every pixel
        probs_one, probs_whole = (torch.as_tensor(s.probs_where_computed) for s in (one, whole))
        assert probs_one.shape == probs_whole.shape and torch.allclose(probs_one, probs_whole, atol=1e-5)
        found = [{(s.class_id, s.bbox): s for s in pixel_segments(seg.probs_where_computed, seg.labels, kinds,
                                                                  d.original_size, seg.features_where_computed,
                                                                  RegionSettings(), channels=seg.channels,
                                                                  step=seg.step)} for seg in (one, whole)]
        assert found[0].keys() == found[1].keys()
        for key, a in found[0].items():
            b = found[1][key]
            assert abs(a.confidence - b.confidence) < 1e-5 and np.allclose(a.histogram, b.histogram, atol=1e-5)
            assert float(a.embedding @ b.embedding) >= 0.99999
            segments += 1
    assert segments >= (8 if network == "voc" else 70)  # as in the reference test above


def test_a_batch_keeping_every_class_is_post_processed_like_its_images() -> None:
    """Without pruning (the reference setting) and for a photo one pixel high among larger ones,
    the batch at once still equals image by image, on random logits with close calls."""
    from segsearch.models.segmenter import batch_class_probabilities

    rng = np.random.default_rng(17)
    for planes, align_corners, prune_below in ((21, True, 0.0), (40, True, 0.0), (40, False, PRUNE_BELOW)):
        stride, cells = 8, 9
        padded = ((cells - 1) * stride + 1,) * 2 if align_corners else (cells * stride,) * 2
        low = torch.from_numpy(rng.normal(0, 3, (3, planes, cells, cells)).astype(np.float32))
        sizes = [padded, (padded[0] - 5, padded[1] - 3), (1, padded[1] - 7)]
        whole = batch_class_probabilities(low, sizes, padded, align_corners, prune_below)
        for i, size in enumerate(sizes):
            probs, channels, labels, step = class_probabilities(low[i], size, padded, align_corners, prune_below)
            w_probs, w_channels, w_labels, w_step = whole[i]
            assert step == w_step and w_labels.shape == size and np.array_equal(labels.numpy(), w_labels)
            assert (channels is None) == (w_channels is None)
            assert channels is None or np.array_equal(channels.numpy(), w_channels)
            assert torch.allclose(probs, w_probs, atol=1e-5)


def test_detections_decoded_for_a_batch_at_once_equal_each_image_decoded_alone() -> None:
    """One NMS over the whole batch (each image's and class's boxes shifted apart) must keep what
    each image alone keeps, in the same order; with a low score floor there are many overlapping
    boxes of one class in each image, and the same classes across images."""
    from segsearch.models.segmenter import Detector
    from segsearch.models.yolox import decode as decode_boxes

    det = load_network("coco")
    assert isinstance(det, Detector)
    inputs = [det.preprocess(decode(photo, det.spec.input_size).image)[0] for photo in pick_photos(PHOTOS)]
    with torch.inference_mode():
        levels, _ = det.module(det.batch(inputs))
    for floor in (det.score_floor, 0.02):
        whole = decode_boxes(levels, floor)
        alone = [decode_boxes([level[i:i + 1] for level in levels], floor)[0] for i in range(len(inputs))]
        assert sum(len(w[0]) for w in whole) >= (30 if floor == det.score_floor else 150)  # measured 35, 188
        for w, a in zip(whole, alone):
            assert np.array_equal(w[2], a[2]) and np.allclose(w[0], a[0]) and np.allclose(w[1], a[1])
            assert np.allclose(w[3], a[3])


def test_component_sums_read_pixel_major_probabilities_as_plane_major_ones() -> None:
    """`class_probabilities` hands many-class probabilities over as a transposed view; the sums by
    pixel rows must equal the plane-major scatter, for every layout the regions may meet."""
    from segsearch.regions import _component_sums

    rng = np.random.default_rng(3)
    pixel_major = rng.random((37, 53, 9), dtype=np.float32)  # (h, w, planes + 1), the last plane cut off
    view = pixel_major[..., :8].transpose(2, 0, 1)
    assert not view.flags.c_contiguous and view.strides[0] == 4
    components = rng.integers(0, 5, (37, 53)).astype(np.int32)
    oracle = np.stack([[view[c][components == i].sum(dtype=np.float64) for c in range(8)] for i in range(5)])
    for probs in (view, np.ascontiguousarray(view)):
        assert np.allclose(_component_sums(components, probs, 5), oracle, rtol=1e-5)


@pytest.mark.parametrize("align_corners", [True, False])
def test_many_class_labels_are_the_argmax_of_every_upsampled_pixel(align_corners: bool) -> None:
    """The label map of the many-plane path (borders only interpolated in full) against the oracle:
    every plane upsampled to every pixel with F.interpolate, then argmax; both coordinate rules."""
    rng = np.random.default_rng(11)
    for trial in range(4):
        lh, lw, stride = 13 + trial, 17 - trial, 4 if align_corners else 8
        padded = ((lh - 1) * stride + 1, (lw - 1) * stride + 1) if align_corners else (lh * stride, lw * stride)
        # smooth logits with a few dominant classes, like a network's, plus noise for close calls
        low = torch.from_numpy(rng.normal(0, 1, (40, lh, lw)).astype(np.float32))
        low[:4] += torch.from_numpy(rng.normal(0, 4, (4, 1, 1)).astype(np.float32)) + \
            torch.from_numpy(np.cumsum(rng.normal(0, 1.5, (4, lh, lw)), axis=2).astype(np.float32))
        h, w = padded[0] - 3, padded[1] - 5  # the image does not fill the padded batch
        probs, channels, labels, step = class_probabilities(low, (h, w), padded, align_corners, prune_below=0)
        full = F.interpolate(low[None], size=padded, mode="bilinear", align_corners=align_corners)[0, :, :h, :w]
        assert channels is None and step == SAMPLE_STEP and labels.shape == (h, w)
        assert (labels.numpy() == full.argmax(0).numpy()).mean() >= 0.9999
        oracle = torch.softmax(full, 0)[:, ::step, ::step]
        assert probs.shape == oracle.shape and torch.allclose(probs, oracle, atol=1e-5)


def test_a_class_behind_two_others_at_both_cells_still_wins_between_them() -> None:
    """The border argmax first looks among each cell's best two classes; a class that is only
    third on both sides of a border, yet first between them (two regions with a strong shared
    neighbour class), must still win there, as in the oracle of every plane upsampled."""
    cells, stride = 5, 4
    padded = ((cells - 1) * stride + 1,) * 2
    low = torch.zeros(40, cells, cells)
    left, right = slice(0, 2), slice(2, cells)
    low[0, :, left], low[1, :, right] = 10.0, 10.0  # a region on each side
    low[2, :, left], low[3, :, right] = 9.5, 9.5  # each side's runner-up
    low[4] = 9.0  # third everywhere
    probs, channels, labels, step = class_probabilities(low, padded, padded, True, prune_below=0)
    full = F.interpolate(low[None], size=padded, mode="bilinear", align_corners=True)[0]
    assert np.array_equal(labels.numpy(), full.argmax(0).numpy())
    assert (labels.numpy() == 4).sum() >= cells * stride  # the third class does win between


@pytest.mark.parametrize("planes", [21, 40])  # the plane-by-plane path and the many-plane path
@pytest.mark.parametrize("align_corners", [True, False])
def test_a_photo_one_pixel_high_or_wide_gets_its_labels(planes: int, align_corners: bool) -> None:
    """A strip scaled to 513 pixels long is one pixel across: its logits have a single row (or
    column), so the stride must be read along the other axis (it was read along the rows: a
    division by zero stopped the whole indexing run)."""
    rng = np.random.default_rng(13)
    stride, cells = 8, 65
    long = (cells - 1) * stride + 1 if align_corners else cells * stride
    short = 1 if align_corners else stride
    for shape, padded, size in (((1, cells), (short, long), (1, long)), ((cells, 1), (long, short), (long, 1))):
        low = torch.from_numpy(rng.normal(0, 3, (planes,) + shape).astype(np.float32))
        probs, channels, labels, step = class_probabilities(low, size, padded, align_corners, prune_below=0)
        full = F.interpolate(low[None], size=padded, mode="bilinear", align_corners=align_corners)[0]
        full = full[:, :size[0], :size[1]]
        assert labels.shape == size and np.array_equal(labels.numpy(), full.argmax(0).numpy())
        assert torch.allclose(probs, torch.softmax(full, 0)[:, ::step, ::step], atol=1e-5)


def test_sampled_histograms_are_region_means_and_a_region_missed_by_the_samples_reads_its_nearest() -> None:
    """With probabilities at every second pixel, a histogram is the mean over the region's sampled
    pixels; a region lying wholly between the samples (a line on an odd row) still gets one, from
    the sample nearest each of its pixels, instead of a division by zero."""
    rng = np.random.default_rng(5)
    h, w, step = 9, 12, 2
    labels = np.zeros((h, w), np.uint8)
    labels[4:9, 0:6] = 1  # a block: sampled at rows 4, 6, 8 and columns 0, 2, 4
    labels[1, 6:12] = 2  # a line on an odd row: no sampled pixel
    sampled = rng.random((3, (h + 1) // 2, w // 2)).astype(np.float32)
    sampled /= sampled.sum(axis=0, keepdims=True)
    kinds = ("background", "thing", "thing")
    settings = RegionSettings(min_area=0.01, min_confidence=0.0)
    feats = rng.random((4, 2, 2)).astype(np.float32)
    segments = {s.class_id: s for s in pixel_segments(sampled, labels, kinds, (w, h), feats, settings, step=step)}
    assert set(segments) == {1, 2}
    block = sampled[:, 2:5, 0:3].reshape(3, -1).mean(axis=1)
    line = np.mean([sampled[:, 0, x // 2] for x in range(6, 12)], axis=0)
    assert np.allclose(segments[1].histogram, block, atol=1e-6)
    assert np.allclose(segments[2].histogram, line, atol=1e-6)
    assert segments[2].area == pytest.approx(6 / (h * w)) and segments[2].bbox == (6, 1, 12, 2)


def _pillow_box(mask: np.ndarray, cells: tuple[int, int]) -> np.ndarray:
    """The oracle: Pillow's BOX resize of a mask to the (fh, fw) feature grid."""
    image = Image.fromarray(mask.astype(np.float32)).resize((cells[1], cells[0]), Image.Resampling.BOX)
    return np.asarray(image, np.float32)


def test_box_taps_are_pillows_box_filter_for_every_size() -> None:
    """Each pixel's (cell, weight) taps against Pillow resizing the identity, for every pair of
    sizes up to 160 (boundary pixels that Pillow's arithmetic puts in two cells or in none
    included: 81 pairs below 300 have a pixel in two)."""
    from segsearch.regions import _box_taps

    two = 0
    for n in range(1, 161):
        eye = np.eye(n, dtype=np.float32)
        for c in range(1, n + 1):
            pillow = np.asarray(Image.fromarray(eye).resize((c, n), Image.Resampling.BOX), np.float32).T
            taps, weights = _box_taps(n, c)
            ours = np.zeros((c, n), np.float32)
            for a in range(2):
                np.add.at(ours, (taps[a], np.arange(n)), weights[a])
            assert np.allclose(ours, pillow, atol=1e-6), (n, c)
            two += bool(weights[1].any())
    assert two > 10


@pytest.mark.parametrize("shape", [(385, 513, 49, 65), (13, 11, 6, 5), (97, 300, 13, 38), (1, 513, 1, 65)])
def test_component_coverage_is_each_masks_box_resize(shape: tuple[int, int, int, int]) -> None:
    """The feature-cell coverage of every component at once (the weights of its pooled embedding)
    and of boxes, against Pillow's BOX resize of each mask on its own (how embeddings were pooled
    before), on random component maps, including sizes whose cell boundaries fall on pixels."""
    from segsearch.regions import _box_coverage, _component_coverage

    h, w, fh, fw = shape
    rng = np.random.default_rng(h * w)
    coarse = rng.integers(0, 7, (max(1, h // 4), max(1, w // 4)))
    components = np.kron(coarse, np.ones((4, 4), np.int64))[:h, :w]
    components = np.pad(components, ((0, h - components.shape[0]), (0, w - components.shape[1])), mode="edge")
    components[rng.random((h, w)) < 0.03] = 7  # scattered pixels: a component thinner than a cell
    ids = [i for i in range(8) if (components == i).any()][1:]
    coverage = _component_coverage(torch.from_numpy(components.astype(np.int32)), 8, torch.tensor(ids), (fh, fw))
    for row, i in enumerate(ids):
        assert np.allclose(coverage[row].numpy(), _pillow_box(components == i, (fh, fw)).ravel(), atol=1e-5)
    for _ in range(5):
        y0, x0 = rng.integers(0, h), rng.integers(0, w)
        y1, x1 = rng.integers(y0 + 1, h + 1), rng.integers(x0 + 1, w + 1)
        mask = np.zeros((h, w), bool)
        mask[y0:y1, x0:x1] = True
        assert np.allclose(_box_coverage((y0, y1), (x0, x1), (h, w), (fh, fw)), _pillow_box(mask, (fh, fw)).ravel(),
                           atol=1e-5)


def test_component_map_equals_a_whole_image_oracle() -> None:
    """The component map, built label by label inside each label's bounding box, against the
    plain whole-image construction: same ids, same pixels, same channels, for things (connected
    components over a size floor) and stuff (all pixels of a label over its own floor)."""
    from scipy import ndimage

    from segsearch.regions import _EIGHT_CONNECTED, _component_map

    def oracle(labels: np.ndarray, min_pixels: int, min_stuff: int, kinds: tuple[str, ...]):
        components, classes = np.zeros(labels.shape, np.int32), []
        for cls in np.flatnonzero(np.bincount(labels.ravel(), minlength=len(kinds))):
            mask = labels == cls
            if kinds[cls] == "stuff" and mask.sum() >= min_stuff:
                classes.append(int(cls))
                components[mask] = len(classes)
            elif kinds[cls] == "thing":
                comp, n = ndimage.label(mask, structure=_EIGHT_CONNECTED)
                for idx in range(1, n + 1):
                    if (comp == idx).sum() >= min_pixels:
                        classes.append(int(cls))
                        components[comp == idx] = len(classes)
        return components, classes

    rng = np.random.default_rng(7)
    kinds = ("thing", "background", "stuff", "thing", "thing", "stuff", "thing")  # label 0 a thing too
    for _ in range(6):
        coarse = rng.integers(0, len(kinds), (12, 16))
        labels = np.kron(coarse, np.ones((5, 5), np.int64)).astype(np.uint8)  # blobs of 5x5 cells
        labels[rng.random(labels.shape) < 0.05] = rng.integers(0, len(kinds))  # stray pixels
        ours, expected = _component_map(labels, 12, 60, kinds), oracle(labels, 12, 60, kinds)
        assert ours[1] == expected[1] and np.array_equal(ours[0], expected[0])
        assert len(ours[1]) > 5


def test_a_batch_of_files_is_committed_whole_or_not_at_all(tmp_path: Path) -> None:
    from segsearch.regions import CompactMask, ImageRegions, Segment

    def regions(seed: int) -> ImageRegions:
        rng = np.random.default_rng(seed)
        v = rng.normal(size=8).astype(np.float32)
        v /= np.linalg.norm(v)
        seg = Segment(15, 0.2, (0, 0, 10, 10), 0.9, np.eye(21, dtype=np.float32)[15],
                      CompactMask.encode(np.ones((4, 4), bool)), v)
        return ImageRegions([seg], v)

    def write(name: str, seed: int) -> FileWrite:
        return FileWrite(name.encode(), name, 1, 1, None, (10, 10), regions(seed))

    with Index.open(tmp_path, writable=True, model=ModelIdentity("deeplabv3-mobilenetv2", "x", 8)) as idx:
        idx.write_files([write("/a.jpg", 0), write("/b.jpg", 1)])
        # the second file cannot be stored (its row violates a constraint): nothing of the batch is
        bad = FileWrite(b"/d.jpg", "/d.jpg", 1, 1, None, (10, 10), regions(3))
        object.__setattr__(bad, "path", None)  # images.path is NOT NULL
        with pytest.raises(Exception):
            idx.write_files([write("/c.jpg", 2), bad, write("/a.jpg", 4)])
        idx.checkpoint()
    con = sqlite3.connect(tmp_path / "index.db")
    assert sorted(p for (p,) in con.execute("select path from images")) == ["/a.jpg", "/b.jpg"]
    assert con.execute("select count(*) from segments").fetchone()[0] == 2
    con.close()
    with Index.open(tmp_path) as idx:
        report = idx.check()
    assert report.ok, report


@pytest.mark.parametrize("shared_memory", [True, False])
def test_helper_processes_store_what_the_worker_threads_store(tmp_path: Path, shared_memory: bool,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The batched (GPU) path with two CPU helper processes reading and decoding the files and
    extracting the regions, this process running only the networks and the writes: the same
    segments as its worker threads give (both in batches of two, on a CPU, so the same network
    calls), to the rounding of sums and products on other thread counts, whether the arrays travel
    in shared memory or, where it is short, pickled; the network outputs stay here, and a photo
    that fails to decode is one failure row, as with threads."""
    from segsearch import handoff
    from segsearch.analysis import Analyzer, identity
    from segsearch.indexer import Helpers, Indexer

    from .conftest import EVAL_DIR

    folder = tmp_path / "photos"
    folder.mkdir()
    for p in sorted((EVAL_DIR / "JPEGImages").glob("*.jpg"))[:5]:
        (folder / p.name).symlink_to(p)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    analyzer = Analyzer.load(None, device="cpu")
    seen: dict[str, list[int]] = {"threads": [], "helpers": []}
    packed: list[bool] = []
    pack = handoff.pack
    monkeypatch.setattr(handoff, "pack", lambda buf, obj, **kw: packed.append(True) or pack(buf, obj, **kw))
    monkeypatch.setattr(handoff.Slots, "fit", staticmethod(lambda count: shared_memory))
    for mode in ("threads", "helpers"):
        with Index.open(tmp_path / mode, writable=True, model=identity(analyzer)) as index:
            indexer = Indexer(index, analyzer, batch_size=2,
                              observer=lambda path, analysis, mode=mode: seen[mode].append(len(analysis.outputs)))
            if mode == "helpers":
                indexer.helpers = 2
                with Helpers(analyzer, 2, batch_size=2) as pool:
                    indexer.helper_pool = pool
                    summary = indexer.run([folder])
            else:
                summary = indexer.run([folder])
        assert summary.indexed == 5 and [Path(p).name for p, _ in summary.failed] == ["broken.jpg"]
    assert seen == {"threads": [4] * 5, "helpers": [0] * 5}  # three networks' outputs and the colour names
    assert len(packed) == (5 if shared_memory else 0)  # each photo's outputs (its inputs: in the helpers)
    helpers, threads = stored(tmp_path / "helpers"), stored(tmp_path / "threads")
    assert len(helpers) == 5 and sum(map(len, helpers.values())) > 25 and helpers.keys() == threads.keys()
    for path in helpers:  # the same regions; sums and pooling ran on other thread counts, so to rounding
        assert len(helpers[path]) == len(threads[path])
        for a, b in zip(helpers[path], threads[path]):
            assert a[:7] == b[:7] and a[8] == b[8]  # class, area, box, confidence; mask
            assert np.abs(np.frombuffer(a[7], np.float32) - np.frombuffer(b[7], np.float32)).max() < 1e-6
            assert float(np.frombuffer(a[9], np.float32) @ np.frombuffer(b[9], np.float32)) > 0.99999
    colours = stored_colours(tmp_path / "helpers")
    assert len(colours) == 5 and colours == stored_colours(tmp_path / "threads")  # the colour names travelled too
    chroma = stored_chroma(tmp_path / "helpers")  # and each photo's share with a hue
    assert len(chroma) == 5 and None not in chroma.values() and chroma == stored_chroma(tmp_path / "threads")


def test_batches_by_default_one_image_on_a_cpu_and_32_on_a_large_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Indexer.default_batch_size`: one image per network call on a CPU; on a GPU of
    `LARGE_GPU_BYTES` or more `GPU_BATCH`, on a smaller one `SMALL_GPU_BATCH`, and so too where
    the shared-memory slots of the helpers at `GPU_BATCH` do not fit."""
    from types import SimpleNamespace

    from segsearch import handoff, indexer
    from segsearch.indexer import GPU_BATCH, LARGE_GPU_BYTES, SMALL_GPU_BATCH, Indexer

    gpu, cpu = SimpleNamespace(device=torch.device("cuda")), SimpleNamespace(device=torch.device("cpu"))
    assert (GPU_BATCH, SMALL_GPU_BATCH) == (32, 8)
    monkeypatch.setattr(indexer, "gpu_memory", lambda device: LARGE_GPU_BYTES)
    monkeypatch.setattr(handoff.Slots, "fit", staticmethod(lambda count: True))
    assert Indexer.default_batch_size(gpu) == 32  # type: ignore[arg-type]
    assert Indexer.default_batch_size(cpu) == 1  # type: ignore[arg-type]
    monkeypatch.setattr(indexer, "gpu_memory", lambda device: LARGE_GPU_BYTES - 1)
    assert Indexer.default_batch_size(gpu) == 8  # type: ignore[arg-type]
    monkeypatch.setattr(indexer, "gpu_memory", lambda device: LARGE_GPU_BYTES)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    asked: list[int] = []
    monkeypatch.setattr(handoff.Slots, "fit", staticmethod(lambda count: asked.append(count) and False))
    assert Indexer.default_batch_size(gpu) == 8  # type: ignore[arg-type]
    assert asked == [226]  # 15 helpers' slots at batches of 32


def test_helpers_by_default_beside_a_gpu_for_large_runs_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Indexer.default_helpers`: CPU helper processes, one per core but one, only beside a GPU,
    with at least 4 cores, for `HELPERS_FROM_FILES` files or more (they take seconds to start), at
    most 15 and as many as the available memory holds, where their slots fit in shared memory;
    otherwise none (the worker threads)."""
    from types import SimpleNamespace

    from segsearch import indexer
    from segsearch.indexer import HELPER_BYTES, HELPERS_FROM_FILES, Indexer

    from segsearch import handoff

    gpu, cpu = SimpleNamespace(device=torch.device("cuda")), SimpleNamespace(device=torch.device("cpu"))
    assert 0 < indexer.available_memory() < os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    monkeypatch.setattr(indexer, "available_memory", lambda: 64 * HELPER_BYTES)
    fits: list[int] = []  # the slots asked of shared memory
    monkeypatch.setattr(handoff.Slots, "fit", staticmethod(lambda count: fits.append(count) or True))
    monkeypatch.setattr(indexer, "gpu_memory", lambda device: 80 << 30)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert Indexer.default_helpers(gpu, HELPERS_FROM_FILES) == 15  # type: ignore[arg-type]
    assert Indexer.default_helpers(gpu, HELPERS_FROM_FILES - 1) == 0  # type: ignore[arg-type]
    assert Indexer.default_helpers(cpu, 10 * HELPERS_FROM_FILES) == 0  # type: ignore[arg-type]
    monkeypatch.setattr(os, "cpu_count", lambda: 64)  # a large machine: the most measured
    assert Indexer.default_helpers(gpu, HELPERS_FROM_FILES) == 15  # type: ignore[arg-type]
    monkeypatch.setattr(indexer, "available_memory", lambda: 5 * HELPER_BYTES + 1)  # what memory holds
    assert Indexer.default_helpers(gpu, HELPERS_FROM_FILES) == 5  # type: ignore[arg-type]
    monkeypatch.setattr(indexer, "available_memory", lambda: HELPER_BYTES)  # one is not worth starting
    assert Indexer.default_helpers(gpu, HELPERS_FROM_FILES) == 0  # type: ignore[arg-type]
    assert fits[0] == 226  # 15 helpers' 96 files in flight (3 batches of 32), and 130 for batches
    monkeypatch.setattr(indexer, "gpu_memory", lambda device: 8 << 30)
    monkeypatch.setattr(indexer, "available_memory", lambda: 64 * HELPER_BYTES)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    fits.clear()
    assert Indexer.default_helpers(gpu, HELPERS_FROM_FILES) == 15  # type: ignore[arg-type]
    assert fits[0] == 64  # on a smaller GPU: 30 files in flight, and 34 for batches of 8
    monkeypatch.setattr(indexer, "available_memory", lambda: 64 * HELPER_BYTES)  # shared memory short:
    monkeypatch.setattr(handoff.Slots, "fit", staticmethod(lambda count: False))  # pickled, slower than threads
    assert Indexer.default_helpers(gpu, HELPERS_FROM_FILES) == 0  # type: ignore[arg-type]
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert Indexer.default_helpers(gpu, 10 * HELPERS_FROM_FILES) == 0  # type: ignore[arg-type]


def test_an_indexer_not_told_its_helpers_starts_the_default_number(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`helpers` None asks `default_helpers` with the number of files to index and starts that
    many, saying so on the progress bar while they start; 0 keeps the worker threads whatever the
    default says; so do worker threads asked for, and an observer (evaluation), which reads the
    network outputs the helpers would keep to themselves."""
    from segsearch.analysis import Analyzer, identity
    from segsearch.indexer import Indexer

    from .conftest import EVAL_DIR

    folder = tmp_path / "photos"
    folder.mkdir()
    for p in sorted((EVAL_DIR / "JPEGImages").glob("*.jpg"))[:3]:
        (folder / p.name).symlink_to(p)
    analyzer = Analyzer.load(None, device="cpu")
    asked: list[int] = []
    monkeypatch.setattr(Indexer, "default_helpers", staticmethod(lambda a, files: asked.append(files) or 2))
    stages: dict[str, list[str]] = {}
    outputs: list[int] = []

    class Progress:  # what the progress bar is told
        def __init__(self, mode: str) -> None:
            self.mode = mode
            stages[mode] = []

        def start(self, total: int) -> None:
            pass

        def advance(self, path: str) -> None:
            pass

        def stage(self, what: str) -> None:
            stages[self.mode].append(what)

    for mode, helpers, observer, workers in (
            ("default", None, None, None), ("0", 0, None, None), ("threads", None, None, 2),
            ("observed", None, lambda path, analysis: outputs.append(len(analysis.outputs)), None)):
        with Index.open(tmp_path / mode, writable=True, model=identity(analyzer)) as index:
            indexer = Indexer(index, analyzer, batch_size=2, workers=workers, progress=Progress(mode),
                              observer=observer)
            indexer.helpers = helpers
            assert indexer.run([folder]).indexed == 3
    assert asked == [3]  # the default asked once: not with 0, --workers or an observer
    assert stages == {"default": ["starting 2 helper processes"], "0": [], "threads": [], "observed": []}
    assert outputs == [4] * 3  # the observer saw every network's outputs: worker threads
    with_helpers, with_threads = stored(tmp_path / "default"), stored(tmp_path / "0")  # the same segments
    assert {p: [r[:7] for r in rows] for p, rows in with_helpers.items()} == \
        {p: [r[:7] for r in rows] for p, rows in with_threads.items()}  # class, area, box, confidence


def test_the_library_call_keeps_threads_unless_given_helpers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`segsearch.index` never spawns helpers unasked (they import the caller's main module again,
    which an unguarded script would run twice); given None it takes the CLI's default."""
    import segsearch
    from segsearch.indexer import Indexer

    from .conftest import EVAL_DIR

    folder = tmp_path / "photos"
    folder.mkdir()
    for p in sorted((EVAL_DIR / "JPEGImages").glob("*.jpg"))[:2]:
        (folder / p.name).symlink_to(p)
    asked: list[int] = []
    monkeypatch.setattr(Indexer, "default_helpers", staticmethod(lambda a, files: asked.append(files) or 0))
    assert segsearch.index([folder], tmp_path / "a", models="voc", batch_size=2).indexed == 2
    assert asked == []
    assert segsearch.index([folder], tmp_path / "b", models="voc", batch_size=2, helpers=None).indexed == 2
    assert asked == [2]


def test_an_array_read_in_place_from_a_slot_survives_being_packed_into_it_again() -> None:
    """A photo's inputs are read in place from its slot, and its outputs packed into the same slot;
    an input passed on to the outputs (the colour names) must not be overwritten by the arrays
    placed before it."""
    import torch

    from segsearch.handoff import pack, unpack

    buf = memoryview(bytearray(1 << 16))
    names = np.arange(64, dtype=np.uint8).reshape(8, 8)
    pixels = torch.arange(48, dtype=torch.float32).reshape(3, 4, 4)
    read = unpack(buf, pack(buf, {"names": names, "pixels": pixels}))
    outputs = {"big": np.full(4096, 7, np.float32), "names": read["names"], "pixels": read["pixels"]}
    back = unpack(buf, pack(buf, outputs))
    assert (back["big"] == 7).all() and (back["names"] == names).all() and torch.equal(back["pixels"], pixels)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="page-locking needs CUDA (run on the GPU machine)")
def test_slots_registered_with_cuda_carry_arrays_both_ways_and_close() -> None:
    """Beside a GPU the helpers' shared-memory slots are registered as page-locked memory
    (`Slots.pin`): network outputs are copied from the GPU straight into a slot without waiting
    and, once the stream is waited for, read back equal; inputs read in place from a slot reach
    the GPU equal; and the slots unregister and close (an export left open would make closing
    fail)."""
    from segsearch.handoff import Slots, pack, unpack

    slots = Slots(2, size=1 << 22)
    try:
        assert slots.pin() and len(slots.pinned) == 2
        outputs = {"probs": torch.rand(5, 64, 48, device="cuda"), "view": torch.rand(8, 9, 10, device="cuda")[:, :5]}
        back = unpack(slots.buf(0), pack(slots.buf(0), outputs, non_blocking=True))
        torch.cuda.current_stream().synchronize()  # as the indexer waits once for a batch's copies
        assert all(torch.equal(back[k], outputs[k].cpu()) for k in outputs) and back["probs"].is_pinned()
        inputs = unpack(slots.buf(1), pack(slots.buf(1), {"x": torch.rand(3, 33, 17)}))
        on_gpu = inputs["x"].to("cuda", non_blocking=True)
        torch.cuda.synchronize()
        assert torch.equal(on_gpu.cpu(), inputs["x"])
        del back, inputs
    finally:
        slots.close()
    assert slots.pinned == [] and slots.blocks == []
