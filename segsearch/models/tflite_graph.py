"""Read a TensorFlow Lite flatbuffer into plain Python: tensors (int8 weights dequantized once)
and operators with their options. Only what DeepLab-style segmenters use is supported; anything
else is a clear error rather than a silent mis-translation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# TFLite TensorType codes for the types these graphs carry.
_NUMPY_DTYPES = {0: np.float32, 2: np.int32, 3: np.uint8, 4: np.int64, 9: np.int8}
# Fused activation codes: 0 NONE, 1 RELU, 3 RELU6.
ACTIVATIONS = {0: None, 1: "relu", 3: "relu6"}


class UnsupportedGraph(ValueError):
    """The file is not a TFLite graph this importer can translate faithfully."""


@dataclass
class Tensor:
    name: str
    shape: tuple[int, ...]
    value: np.ndarray | None  # constant data as float32 (dequantized) or int; None for activations


@dataclass
class Operator:
    kind: str
    inputs: list[int]
    outputs: list[int]
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Graph:
    tensors: list[Tensor]
    operators: list[Operator]
    inputs: list[int]
    outputs: list[int]

    def consumers(self, tensor: int) -> list[int]:
        return [i for i, op in enumerate(self.operators) if tensor in op.inputs]


def _builtin_names() -> dict[int, str]:
    import tflite

    return {v: k for k, v in vars(tflite.BuiltinOperator).items() if not k.startswith("_")}


def _dequantize(raw: np.ndarray, tensor: Any) -> np.ndarray:
    quant = tensor.Quantization()
    scale = np.atleast_1d(quant.ScaleAsNumpy()).astype(np.float32)
    zero = np.atleast_1d(quant.ZeroPointAsNumpy()).astype(np.float32)
    if scale.size > 1:  # per-channel: broadcast along the quantized dimension
        axis = quant.QuantizedDimension()
        bshape = [1] * raw.ndim
        bshape[axis] = scale.size
        scale, zero = scale.reshape(bshape), zero.reshape(bshape)
    return (raw.astype(np.float32) - zero) * scale


def _read_tensor(model: Any, tensor: Any) -> Tensor:
    shape = tuple(int(s) for s in tensor.ShapeAsNumpy()) if tensor.ShapeLength() else ()
    buffer = model.Buffers(tensor.Buffer())
    value = None
    if buffer is not None and buffer.DataLength() > 0:
        dtype = _NUMPY_DTYPES.get(tensor.Type())
        if dtype is None:
            raise UnsupportedGraph(f"tensor {tensor.Name().decode()} has unsupported type {tensor.Type()}")
        raw = np.frombuffer(buffer.DataAsNumpy().tobytes(), dtype=dtype).reshape(shape)
        value = _dequantize(raw, tensor) if dtype is np.int8 else raw.copy()
    return Tensor(tensor.Name().decode(), shape, value)


def _options(op: Any, kind: str) -> dict[str, Any]:
    import tflite

    table = op.BuiltinOptions()
    if table is None:
        return {}
    readers = {
        "CONV_2D": (tflite.Conv2DOptions, ("Padding", "StrideH", "StrideW", "DilationHFactor",
                                           "DilationWFactor", "FusedActivationFunction")),
        "DEPTHWISE_CONV_2D": (tflite.DepthwiseConv2DOptions, (
            "Padding", "StrideH", "StrideW", "DilationHFactor", "DilationWFactor",
            "DepthMultiplier", "FusedActivationFunction")),
        "ADD": (tflite.AddOptions, ("FusedActivationFunction",)),
        "MUL": (tflite.MulOptions, ("FusedActivationFunction",)),
        "CONCATENATION": (tflite.ConcatenationOptions, ("Axis", "FusedActivationFunction")),
        "AVERAGE_POOL_2D": (tflite.Pool2DOptions, ("Padding", "StrideH", "StrideW", "FilterHeight",
                                                   "FilterWidth", "FusedActivationFunction")),
        "RESIZE_BILINEAR": (tflite.ResizeBilinearOptions, ("AlignCorners", "HalfPixelCenters")),
    }
    if kind not in readers:
        return {}
    cls, fields = readers[kind]
    opts = cls()
    opts.Init(table.Bytes, table.Pos)
    return {name: getattr(opts, name)() for name in fields}


def read_graph(path: str | Path) -> Graph:
    """Parse a .tflite file. Raises UnsupportedGraph for files that are not such a graph."""
    import tflite

    data = Path(path).read_bytes()
    if len(data) < 8 or data[4:8] != b"TFL3":
        raise UnsupportedGraph(f"{path} is not a TensorFlow Lite file (no TFL3 identifier)")
    model = tflite.Model.GetRootAsModel(data, 0)
    if model.SubgraphsLength() != 1:
        raise UnsupportedGraph(f"{path} has {model.SubgraphsLength()} subgraphs; expected one")
    sub = model.Subgraphs(0)
    names = _builtin_names()
    tensors = [_read_tensor(model, sub.Tensors(i)) for i in range(sub.TensorsLength())]
    operators = []
    for i in range(sub.OperatorsLength()):
        op = sub.Operators(i)
        code = model.OperatorCodes(op.OpcodeIndex())
        kind = names.get(max(code.BuiltinCode(), code.DeprecatedBuiltinCode()), "UNKNOWN")
        operators.append(Operator(kind, [int(t) for t in op.InputsAsNumpy()],
                                  [int(t) for t in op.OutputsAsNumpy()], _options(op, kind)))
    return Graph(tensors, operators, [int(t) for t in sub.InputsAsNumpy()],
                 [int(t) for t in sub.OutputsAsNumpy()])
