"""Networks: the registry (torch-free), weight lookup and download, and batched inference.

`Segmenter`, `Detector` and `Segmentation` load torch; they are imported on first use so that
listing networks or parsing a query does not pay for it.
"""

from typing import Any

from .registry import (ALIASES, DEFAULT_MODEL, DEFAULT_NETWORKS, MODELS, ModelSpec, UnknownModel, get_spec,
                       parse_networks)
from .weights import WeightsNotFound, ensure_weights, find_weights

_LAZY = {"Segmenter", "Segmentation", "Detector", "load_network"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import segmenter

        return getattr(segmenter, name)
    raise AttributeError(name)


__all__ = ["ALIASES", "DEFAULT_MODEL", "DEFAULT_NETWORKS", "MODELS", "ModelSpec", "Segmentation", "Segmenter",
           "Detector", "UnknownModel", "WeightsNotFound", "ensure_weights", "find_weights", "get_spec",
           "load_network", "parse_networks"]
