"""DeepLabV3-MobileNetV2 (the TensorFlow model zoo's VOC networks) rebuilt as a PyTorch module from
their .tflite files.

The translation walks the TFLite operator list and emits torch layers, with three rewrites that
make it a plain float NCHW network:
- DEQUANTIZE of a constant is done once at load (int8 weights become float32 parameters);
- SPACE_TO_BATCH_ND → DEPTHWISE_CONV_2D → BATCH_TO_SPACE_ND becomes one dilated depthwise
  convolution (the pairs are how TFLite expresses atrous convolution);
- the per-channel MUL + ADD that follow those convolutions (their batch norm) fold into the
  convolution's weights and bias.

The module returns the class logits at output stride 8 and the backbone feature map: the input of
the image-pooling branch (MobileNetV2's last 1x1 projection, 320 channels at depth 1.0, 160 at 0.5).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .layers import conv2d
from .tflite_graph import ACTIVATIONS, Graph, Operator, UnsupportedGraph, read_graph


def _activation(code: int) -> nn.Module | None:
    if code not in ACTIVATIONS:
        raise UnsupportedGraph(f"fused activation code {code} is not supported")
    name = ACTIVATIONS[code]
    if name == "relu6":
        return nn.Hardtanh(0.0, 6.0, inplace=True)
    if name == "relu":
        return nn.ReLU(inplace=True)
    return None


def _same_padding(in_size: int, out_size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    total = max((out_size - 1) * stride + (kernel - 1) * dilation + 1 - in_size, 0)
    return total // 2, total - total // 2


class ConvNode(nn.Module):
    """Conv2d (+ optional asymmetric zero pad) + fused activation."""

    def __init__(self, conv: nn.Conv2d, pad: tuple[int, int, int, int] | None, act: nn.Module | None):
        super().__init__()
        self.conv, self.pad, self.act = conv, pad, act

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.pad is not None:
            x = F.pad(x, self.pad)
        x = conv2d(self.conv, x)
        return self.act(x) if self.act is not None else x


class AddNode(nn.Module):
    def __init__(self, act: nn.Module | None):
        super().__init__()
        self.act = act

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        x = a + b
        return self.act(x) if self.act is not None else x


class GlobalPoolNode(nn.Module):
    """AVERAGE_POOL_2D whose window covers the whole map: a global mean at any input size."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3), keepdim=True)


class BroadcastNode(nn.Module):
    """RESIZE_BILINEAR of a 1x1 map to the size of another tensor: a broadcast."""

    def forward(self, x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        return x.expand(-1, -1, like.shape[2], like.shape[3])


class ConcatNode(nn.Module):
    """Channel concatenation. Inputs flagged in `upsample` come from a RESIZE_BILINEAR whose size was
    fixed for 513x513 input (DeepLabV3+'s decoder, 65→129): they are resized to the spatial size of
    the first unflagged input, so the graph keeps working at any input size."""

    def __init__(self, upsample: tuple[bool, ...] = (), align_corners: bool = True):
        super().__init__()
        self.upsample, self.align_corners = upsample, align_corners

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        if any(self.upsample):
            size = next(x.shape[2:] for x, up in zip(xs, self.upsample) if not up)
            xs = tuple(F.interpolate(x, size=size, mode="bilinear", align_corners=self.align_corners)
                       if up and x.shape[2:] != size else x for x, up in zip(xs, self.upsample))
        return torch.cat(xs, dim=1)


class TFLiteDeepLab(nn.Module):
    """A translated graph: `forward(x)` takes NCHW images already scaled to [-1, 1] and returns
    `(logits, features)` at output stride 8."""

    def __init__(self, nodes: list[tuple[nn.Module, list[int], int]], input_id: int,
                 logits_id: int, features_id: int, upsample_align_corners: bool):
        super().__init__()
        self.nodes = nn.ModuleList(node for node, _, _ in nodes)
        self.wiring = [(inputs, output) for _, inputs, output in nodes]
        self.input_id, self.logits_id, self.features_id = input_id, logits_id, features_id
        self.upsample_align_corners = upsample_align_corners
        self.feature_dim = next(
            n.conv.out_channels for n, (_, out) in zip(self.nodes, self.wiring)
            if out == features_id and isinstance(n, ConvNode))
        # Free each intermediate right after its last use to keep peak memory low on big batches.
        last_use: dict[int, int] = {}
        for step, (inputs, _) in enumerate(self.wiring):
            for t in inputs:
                last_use[t] = step
        keep = {logits_id, features_id}
        self._release = [[t for t in inputs if last_use[t] == step and t not in keep]
                         for step, (inputs, _) in enumerate(self.wiring)]

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        values: dict[int, torch.Tensor] = {self.input_id: x}
        for node, (inputs, output), release in zip(self.nodes, self.wiring, self._release):
            values[output] = node(*(values[t] for t in inputs))
            for t in release:
                del values[t]
        return values[self.logits_id], values[self.features_id]


class _Builder:
    def __init__(self, graph: Graph):
        self.g = graph
        self.nodes: list[tuple[nn.Module, list[int], int]] = []
        self.skip: set[int] = set()  # operator indices already consumed by a fusion
        self.alias: dict[int, int] = {}  # tensor id → the tensor that now carries its value
        self.upsampled: dict[int, bool] = {}  # resized tensors a concatenation must match up (align_corners)

    def const(self, tensor: int) -> np.ndarray | None:
        return self.g.tensors[tensor].value

    def shape(self, tensor: int) -> tuple[int, ...]:
        return self.g.tensors[tensor].shape

    def src(self, tensor: int) -> int:
        while tensor in self.alias:
            tensor = self.alias[tensor]
        return tensor

    def only_consumer(self, tensor: int, kind: str) -> int | None:
        users = self.g.consumers(tensor)
        if len(users) == 1 and self.g.operators[users[0]].kind == kind:
            return users[0]
        return None

    def build(self) -> list[tuple[nn.Module, list[int], int]]:
        for i, op in enumerate(self.g.operators):
            if op.kind == "DEQUANTIZE":
                self.g.tensors[op.outputs[0]].value = self.const(op.inputs[0])
        for i, op in enumerate(self.g.operators):
            if i in self.skip or op.kind == "DEQUANTIZE":
                continue
            handler = getattr(self, f"_op_{op.kind.lower()}", None)
            if handler is None:
                raise UnsupportedGraph(f"operator {op.kind} is not supported")
            handler(i, op)
        return self.nodes

    # --- convolutions -------------------------------------------------------------------------
    def _conv(self, op: Operator, inp: int, out: int, depthwise: bool, dilation: int,
              padding: tuple[int, int] | None) -> None:
        weight = self.const(op.inputs[1])
        bias = self.const(op.inputs[2]) if len(op.inputs) > 2 and op.inputs[2] >= 0 else None
        if weight is None:
            raise UnsupportedGraph("convolution weights must be constant")
        if depthwise:  # TFLite [1, kh, kw, C*m] → torch [C*m, 1, kh, kw]
            w = torch.from_numpy(np.ascontiguousarray(weight.transpose(3, 0, 1, 2)))
            groups = self.shape(inp)[3]
        else:  # TFLite [out, kh, kw, in] → torch [out, in, kh, kw]
            w = torch.from_numpy(np.ascontiguousarray(weight.transpose(0, 3, 1, 2)))
            groups = 1
        out_c, _, kh, kw = w.shape
        stride = op.options["StrideH"]
        if padding is None:  # SAME (0) or VALID (1), from the static shapes in the graph
            if op.options["Padding"] == 0:
                ph = _same_padding(self.shape(inp)[1], self.shape(out)[1], kh, stride, dilation)
                pw = _same_padding(self.shape(inp)[2], self.shape(out)[2], kw, stride, dilation)
            else:
                ph = pw = (0, 0)
        else:
            ph = pw = padding
        symmetric = ph[0] == ph[1] and pw[0] == pw[1]
        conv = nn.Conv2d(w.shape[1] * groups, out_c, (kh, kw), stride=stride,
                         padding=(ph[0], pw[0]) if symmetric else 0, dilation=dilation,
                         groups=groups, bias=True)
        conv.weight.data.copy_(w)
        assert conv.bias is not None
        conv.bias.data.copy_(torch.from_numpy(bias) if bias is not None else torch.zeros(out_c))
        out, act_code = self._fold_affine(conv, out, op.options["FusedActivationFunction"])
        act = _activation(act_code)
        pad = None if symmetric else (pw[0], pw[1], ph[0], ph[1])
        self.nodes.append((ConvNode(conv, pad, act), [self.src(inp)], out))

    def _fold_affine(self, conv: nn.Conv2d, out: int, act_code: int) -> tuple[int, int]:
        """Fold a following per-channel MUL then ADD (batch norm) into the convolution. Returns
        the tensor that now carries the result and the activation to apply (the ADD's)."""
        if act_code != 0:
            return out, act_code
        mul = self.only_consumer(out, "MUL")
        if mul is None:
            return out, act_code
        mul_op = self.g.operators[mul]
        scale = self.const(mul_op.inputs[1])
        add = self.only_consumer(mul_op.outputs[0], "ADD")
        if scale is None or scale.ndim != 1 or mul_op.options["FusedActivationFunction"] or add is None:
            return out, act_code
        add_op = self.g.operators[add]
        shift = self.const(add_op.inputs[1])
        if shift is None or shift.ndim != 1:
            return out, act_code
        s, t = torch.from_numpy(scale), torch.from_numpy(shift)
        conv.weight.data.mul_(s.view(-1, 1, 1, 1))
        assert conv.bias is not None
        conv.bias.data.mul_(s).add_(t)
        self.skip.update({mul, add})
        return add_op.outputs[0], add_op.options["FusedActivationFunction"]

    def _op_conv_2d(self, i: int, op: Operator) -> None:
        if op.options["DilationHFactor"] != 1:
            raise UnsupportedGraph("dilated CONV_2D is not supported")
        self._conv(op, op.inputs[0], op.outputs[0], depthwise=False, dilation=1, padding=None)

    def _op_depthwise_conv_2d(self, i: int, op: Operator) -> None:
        if op.options.get("DepthMultiplier", 1) not in (0, 1):
            raise UnsupportedGraph("depth multiplier other than 1 is not supported")
        self._conv(op, op.inputs[0], op.outputs[0], depthwise=True,
                   dilation=op.options["DilationHFactor"], padding=None)

    def _op_space_to_batch_nd(self, i: int, op: Operator) -> None:
        block = self.const(op.inputs[1])
        conv_i = self.only_consumer(op.outputs[0], "DEPTHWISE_CONV_2D")
        if block is None or conv_i is None:
            raise UnsupportedGraph("SPACE_TO_BATCH_ND is only supported around a depthwise convolution")
        conv_op = self.g.operators[conv_i]
        b2s_i = self.only_consumer(conv_op.outputs[0], "BATCH_TO_SPACE_ND")
        kh = self.shape(conv_op.inputs[1])[1]
        rate = int(block[0])
        if b2s_i is None or int(block[1]) != rate or kh != 3 or conv_op.options["Padding"] != 1:
            raise UnsupportedGraph("unexpected atrous convolution pattern")
        b2s = self.g.operators[b2s_i]
        if self.shape(b2s.outputs[0])[1:3] != self.shape(op.inputs[0])[1:3]:
            raise UnsupportedGraph("atrous convolution changes the spatial size")
        self.skip.update({conv_i, b2s_i})
        # A 3x3 kernel at dilation r keeps the size with r zeros on each side.
        self._conv(conv_op, op.inputs[0], b2s.outputs[0], depthwise=True, dilation=rate,
                   padding=(rate, rate))

    # --- element-wise and head ------------------------------------------------------------------
    def _op_add(self, i: int, op: Operator) -> None:
        if any(self.const(t) is not None for t in op.inputs):
            raise UnsupportedGraph("ADD with a constant outside a batch-norm pattern")
        act = _activation(op.options["FusedActivationFunction"])
        self.nodes.append((AddNode(act), [self.src(t) for t in op.inputs], op.outputs[0]))

    def _op_average_pool_2d(self, i: int, op: Operator) -> None:
        h, w = self.shape(op.inputs[0])[1:3]
        if (op.options["FilterHeight"], op.options["FilterWidth"]) != (h, w):
            raise UnsupportedGraph("only global average pooling is supported")
        self.features = self.src(op.inputs[0])
        self.nodes.append((GlobalPoolNode(), [self.features], op.outputs[0]))

    def _op_resize_bilinear(self, i: int, op: Operator) -> None:
        in_shape, out_shape = self.shape(op.inputs[0]), self.shape(op.outputs[0])
        if in_shape[1:3] == (1, 1):
            like = getattr(self, "features", None)
            if like is None:
                raise UnsupportedGraph("image pooling broadcast before the feature map")
            self.nodes.append((BroadcastNode(), [self.src(op.inputs[0]), like], op.outputs[0]))
        elif in_shape == out_shape:
            self.alias[op.outputs[0]] = op.inputs[0]
        elif self.only_consumer(op.outputs[0], "CONCATENATION") is not None:  # a decoder's upsampling
            self.alias[op.outputs[0]] = op.inputs[0]
            self.upsampled[op.inputs[0]] = bool(op.options.get("AlignCorners", False))
        else:  # the final upsampling to input size: done by the segmenter on the valid region
            self.alias[op.outputs[0]] = op.inputs[0]
            self.upsample_align_corners = bool(op.options.get("AlignCorners", False))

    def _op_concatenation(self, i: int, op: Operator) -> None:
        if op.options["Axis"] not in (3, -1) or op.options["FusedActivationFunction"]:
            raise UnsupportedGraph("only channel concatenation is supported")
        inputs = [self.src(t) for t in op.inputs]
        flags = tuple(t in self.upsampled for t in inputs)
        align = all(self.upsampled[t] for t in inputs if t in self.upsampled)
        self.nodes.append((ConcatNode(flags, align), inputs, op.outputs[0]))

    upsample_align_corners = False


def load_tflite_deeplab(path: str | Path, num_classes: int = 21) -> TFLiteDeepLab:
    """Translate a DeepLab .tflite file (DeepLabV3, or DeepLabV3+ with its decoder) into an
    eval-mode float32 torch module with `num_classes` output channels."""
    graph = read_graph(path)
    builder = _Builder(graph)
    nodes = builder.build()
    if not hasattr(builder, "features"):
        raise UnsupportedGraph(f"{path}: no image-pooling branch found; not a DeepLabV3 graph")
    logits = builder.src(graph.outputs[0])
    if graph.tensors[logits].shape[-1] != num_classes:
        raise UnsupportedGraph(f"{path}: expected {num_classes} output classes, got {graph.tensors[logits].shape}")
    module = TFLiteDeepLab(nodes, graph.inputs[0], logits, builder.features,
                           builder.upsample_align_corners)
    return module.eval().requires_grad_(False)
