"""Layers shared by the translated networks."""

from __future__ import annotations

import torch
from torch import nn


def conv2d(conv: nn.Conv2d, x: torch.Tensor) -> torch.Tensor:
    """`conv(x)`, on a CPU always through oneDNN.

    PyTorch picks oneDNN for a CPU convolution only when it expects it to win, and for pointwise
    (1x1) convolutions it expects that only on more than one thread; otherwise it uses its generic
    path (im2col and a BLAS call). On this project's CPUs that made the translated MobileNet graphs
    two to four times slower on one thread than on two (torch 2.15), although oneDNN on one thread
    is about half the two-thread time, as it should be. Results are the same convolution, within
    float rounding."""
    if (x.device.type != "cpu" or x.dtype != torch.float32 or isinstance(conv.padding, str)
            or torch.is_autocast_enabled("cpu")):
        return conv(x)
    return torch.ops.aten.mkldnn_convolution(x, conv.weight, conv.bias, list(conv.padding), list(conv.stride),
                                             list(conv.dilation), conv.groups)
