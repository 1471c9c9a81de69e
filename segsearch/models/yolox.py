"""YOLOX (Megvii's anchor-free detector, here the COCO-trained Nano) rebuilt as a PyTorch module
from its ONNX export, plus the decoding and class-wise NMS that turn its raw output into boxes.

The translation reads the ONNX graph with the `onnx` package and emits torch layers for the few
operators a YOLOX export uses: Conv, Sigmoid·Mul (fused into SiLU), Add, Concat, MaxPool, nearest
Resize ×2 and the constant Slices of the Focus stem. It stops at the head's three per-level outputs
(box regression, objectness and class scores concatenated, one map per stride 8, 16, 32) and
decodes those itself, so any input whose sides are multiples of 32 works, not only the 416×416
the export was traced at; the export's Shape/Reshape/Transpose tail is not needed.

Pre-processing follows the export: BGR, 0-255, no normalisation, the image resized with its
aspect kept and placed at the top-left of a grey (114) canvas.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
# imported with the network, not at its first detection: torchvision's import takes seconds
# (1.3 s on the 2-core CPU, 5 s measured on an H200 machine) that would land on the first photo
from torchvision.ops import nms

from .layers import conv2d
from .tflite_graph import UnsupportedGraph

STRIDES = (8, 16, 32)
PAD_VALUE = 114.0


class _Conv(nn.Module):
    def __init__(self, conv: nn.Conv2d, silu: bool):
        super().__init__()
        self.conv, self.silu = conv, silu

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = conv2d(self.conv, x)
        return F.silu(x, inplace=True) if self.silu else x


class _Fn(nn.Module):
    """A parameter-free operator."""

    def __init__(self, fn: Callable[..., torch.Tensor]):
        super().__init__()
        self.fn = fn

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return self.fn(*xs)


class YOLOXModule(nn.Module):
    """`forward(x)` takes (N, 3, H, W) BGR 0-255 images, H and W multiples of 32, and returns
    `(levels, features)`: per stride 8/16/32 a (N, 5 + classes, H/s, W/s) map (x, y, w, h raw;
    objectness and class scores after sigmoid) and the stride-8 neck features the head reads."""

    def __init__(self, nodes: list[tuple[nn.Module, list[str], str]], input_name: str,
                 level_names: list[str], feature_name: str):
        super().__init__()
        self.nodes = nn.ModuleList(n for n, _, _ in nodes)
        self.wiring = [(inputs, output) for _, inputs, output in nodes]
        self.input_name, self.level_names, self.feature_name = input_name, level_names, feature_name
        keep = set(level_names) | {feature_name}
        last_use: dict[str, int] = {}
        for step, (inputs, _) in enumerate(self.wiring):
            for t in inputs:
                last_use[t] = step
        self._release = [[t for t in inputs if last_use[t] == step and t not in keep]
                         for step, (inputs, _) in enumerate(self.wiring)]

    def forward(self, x: torch.Tensor) -> tuple[list[torch.Tensor], torch.Tensor]:
        values: dict[str, torch.Tensor] = {self.input_name: x}
        for node, (inputs, output), release in zip(self.nodes, self.wiring, self._release):
            values[output] = node(*(values[t] for t in inputs))
            for t in release:
                del values[t]
        return [values[n] for n in self.level_names], values[self.feature_name]


def _attrs(node: Any) -> dict[str, Any]:
    import onnx

    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def load_yolox(path: str | Path) -> YOLOXModule:
    """Translate a YOLOX ONNX export into an eval-mode float32 torch module."""
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise UnsupportedGraph(f"reading ONNX files needs the onnx package ({exc})") from None
    try:
        model = onnx.load(str(path))
    except Exception as exc:
        raise UnsupportedGraph(f"{path} is not a readable ONNX file ({exc})") from None
    graph = model.graph
    consts: dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            consts[node.output[0]] = numpy_helper.to_array(_attrs(node)["value"])
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for t in node.input:
            consumers.setdefault(t, []).append(node)
    # the head's per-level outputs: the data inputs of the export's Reshape nodes, in stride order
    level_names = [n.input[0] for n in graph.node if n.op_type == "Reshape"]
    feature = next((n.input[0] for n in graph.node if n.op_type == "Conv" and "stems.0" in n.name), None)
    if len(level_names) != 3 or feature is None:
        raise UnsupportedGraph(f"{path}: not a YOLOX export (expected three head levels and head stems)")
    needed = _ancestors(graph, set(level_names) | {feature})
    nodes: list[tuple[nn.Module, list[str], str]] = []
    fused: set[str] = set()  # outputs of Sigmoid nodes folded into a SiLU
    alias: dict[str, str] = {}
    for node in graph.node:
        out = node.output[0]
        if out not in needed or node.op_type == "Constant" or out in fused:
            continue
        ins = [alias.get(t, t) for t in node.input]
        op, a = node.op_type, _attrs(node)
        if op == "Conv":
            w = consts[node.input[1]]
            b = consts[node.input[2]] if len(node.input) > 2 else np.zeros(w.shape[0], np.float32)
            pads = a.get("pads", [0, 0, 0, 0])
            if pads[0] != pads[2] or pads[1] != pads[3] or a.get("dilations", [1, 1]) != [1, 1]:
                raise UnsupportedGraph(f"{path}: asymmetric or dilated convolution in {node.name}")
            groups = int(a.get("group", 1))
            conv = nn.Conv2d(w.shape[1] * groups, w.shape[0], tuple(w.shape[2:]), stride=tuple(a["strides"]),
                             padding=(pads[0], pads[1]), groups=groups, bias=True)
            conv.weight.data.copy_(torch.from_numpy(w.astype(np.float32)))
            assert conv.bias is not None
            conv.bias.data.copy_(torch.from_numpy(b.astype(np.float32)))
            silu_out = _silu_output(out, consumers)
            if silu_out is not None:
                fused.add(silu_out[0])
                alias[silu_out[1]] = out
            nodes.append((_Conv(conv, silu_out is not None), [ins[0]], out))
        elif op == "Mul" and out in alias:
            continue  # the SiLU multiply, already folded
        elif op == "Sigmoid":
            nodes.append((_Fn(torch.sigmoid), ins, out))
        elif op == "Add":
            nodes.append((_Fn(torch.add), ins, out))
        elif op == "Concat":
            axis = int(a["axis"])
            nodes.append((_Fn(lambda *xs, axis=axis: torch.cat(xs, dim=axis)), ins, out))
        elif op == "MaxPool":
            k, p = a["kernel_shape"][0], a.get("pads", [0, 0, 0, 0])[0]
            nodes.append((_Fn(lambda x, k=k, p=p: F.max_pool2d(x, k, 1, p)), ins, out))
        elif op == "Resize":
            if a.get("mode") != b"nearest":
                raise UnsupportedGraph(f"{path}: only nearest Resize is supported ({node.name})")
            nodes.append((_Fn(lambda x: F.interpolate(x, scale_factor=2.0, mode="nearest")), ins[:1], out))
        elif op == "Slice":
            starts, ends, axes = (consts[t].tolist() for t in node.input[1:4])
            steps = consts[node.input[4]].tolist() if len(node.input) > 4 else [1] * len(axes)
            nodes.append((_Fn(_slicer(starts, ends, axes, steps)), ins[:1], out))
        else:
            raise UnsupportedGraph(f"{path}: operator {op} is not supported ({node.name})")
    module = YOLOXModule(nodes, graph.input[0].name, [alias.get(n, n) for n in level_names],
                         alias.get(feature, feature))
    return module.eval().requires_grad_(False)


def _silu_output(conv_out: str, consumers: dict[str, list[Any]]) -> tuple[str, str] | None:
    """(sigmoid output, mul output) when `conv_out` feeds exactly Sigmoid(x) and Mul(x, sigmoid)."""
    users = consumers.get(conv_out, [])
    sig = [n for n in users if n.op_type == "Sigmoid"]
    mul = [n for n in users if n.op_type == "Mul"]
    if len(users) != 2 or len(sig) != 1 or len(mul) != 1 or sig[0].output[0] not in mul[0].input:
        return None
    return sig[0].output[0], mul[0].output[0]


def _slicer(starts: list[int], ends: list[int], axes: list[int], steps: list[int]) -> Callable[[torch.Tensor], torch.Tensor]:
    def fn(x: torch.Tensor) -> torch.Tensor:
        index = [slice(None)] * x.dim()
        for s, e, ax, st in zip(starts, ends, axes, steps):
            index[ax] = slice(s, min(e, x.shape[ax]), st)
        return x[tuple(index)]
    return fn


def _ancestors(graph: Any, targets: set[str]) -> set[str]:
    producer = {o: n for n in graph.node for o in n.output}
    seen: set[str] = set()
    stack = list(targets)
    while stack:
        t = stack.pop()
        if t in seen or t not in producer:
            continue
        seen.add(t)
        stack.extend(producer[t].input)
    return seen


@dataclass
class Detections:
    """One image's detections in original-image pixels."""

    boxes: np.ndarray  # float32 (n, 4) x0, y0, x1, y1
    scores: np.ndarray  # float32 (n,) objectness x class probability of the winning class
    labels: np.ndarray  # int64 (n,) class index
    class_scores: np.ndarray  # float32 (n, classes): objectness x each class probability


def decode(levels: list[torch.Tensor], score_floor: float, iou: float = 0.45,
           max_detections: int = 100) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per image: (boxes in input pixels, scores, labels, per-class scores) after class-wise NMS,
    on the host, best first, at most `max_detections`. The whole batch goes through one NMS, each
    image's boxes of each class apart from all others (shifted by their own offset, in float64 so
    that the shift leaves their coordinates exact), and one copy to the host: on a GPU, two waits
    per batch instead of seven per image."""
    flat = []
    for level, stride in zip(levels, STRIDES):
        n, c, h, w = level.shape
        ys, xs = torch.meshgrid(torch.arange(h, device=level.device), torch.arange(w, device=level.device),
                                indexing="ij")
        grid = torch.stack((xs, ys), 0).reshape(1, 2, h * w).to(level.dtype)
        p = level.reshape(n, c, h * w)
        xy = (p[:, :2] + grid) * stride
        wh = p[:, 2:4].exp() * stride
        flat.append(torch.cat((xy - wh / 2, xy + wh / 2, p[:, 4:]), 1))
    out = torch.cat(flat, 2).transpose(1, 2)  # (n, anchors, 4 + 1 + classes)
    n, classes = out.shape[0], out.shape[2] - 5
    class_scores = out[..., 5:] * out[..., 4:5]
    scores, labels = class_scores.max(2)
    image, anchor = (scores >= score_floor).nonzero(as_tuple=True)  # the first wait
    rows = np.zeros((0, 7 + classes), np.float32)
    if len(image):
        boxes = out[image, anchor, :4]
        group = (image * classes + labels[image, anchor]).double()
        apart = boxes.double() + (group * (boxes.abs().max().double() + 1.0))[:, None]
        kept = nms(apart, scores[image, anchor].double(), iou)
        i, a = image[kept], anchor[kept]
        rows = torch.cat([boxes[kept], scores[i, a, None], labels[i, a, None].to(out.dtype), i[:, None].to(out.dtype),
                          class_scores[i, a]], 1).float().cpu().numpy()  # the second wait
    results = []
    for k in range(n):
        mine = rows[rows[:, 6] == k][:max_detections]
        results.append((mine[:, :4], mine[:, 4], mine[:, 5].astype(np.int64), mine[:, 7:]))
    return results
