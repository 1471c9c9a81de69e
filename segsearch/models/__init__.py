"""Segmentation networks: the registry, weight lookup and batched inference."""

from .registry import (DEFAULT_MODEL, MODELS, ModelSpec, UnknownModel, WeightsNotFound,
                       find_weights, get_spec)
from .segmenter import Segmentation, Segmenter

__all__ = ["DEFAULT_MODEL", "MODELS", "ModelSpec", "Segmentation", "Segmenter", "UnknownModel",
           "WeightsNotFound", "find_weights", "get_spec"]
