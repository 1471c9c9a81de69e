"""torchvision's VOC-label segmentation networks behind the same `(logits, features)` interface as
the translated DeepLab graphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from .registry import ModelSpec, missing_weights_message
from .weights import WeightsNotFound, find_weights


class TorchvisionSegmenter(nn.Module):
    """Runs backbone and classifier separately so the backbone's feature map can be returned."""

    backbone: Any
    classifier: Any

    def __init__(self, model: Any, feature_key: str):
        super().__init__()
        self.backbone = model.backbone
        self.classifier = model.classifier
        self.feature_key = feature_key
        self.feature_dim = 0
        self.upsample_align_corners = False

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        feats = self.backbone(x)
        # LR-ASPP's classifier reads both of its backbone outputs; the others read "out".
        logits = self.classifier(feats if self.feature_key == "high" else feats["out"])
        return logits, feats[self.feature_key]


def _state_dict_from_file(path: Path) -> dict[str, torch.Tensor]:
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # a truncated or foreign file: say which one
        raise WeightsNotFound(f"weights file {path} could not be read: {exc}") from exc
    if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    return state


def _download_state_dict(spec: ModelSpec) -> dict[str, torch.Tensor]:
    """torchvision's own download into torch's hub cache; offline this fails with one message."""
    from torchvision.models import segmentation

    weights = getattr(segmentation, spec.weights_enum).COCO_WITH_VOC_LABELS_V1
    try:
        return weights.get_state_dict(progress=True, check_hash=True)
    except Exception as exc:
        raise WeightsNotFound(f"{missing_weights_message(spec)}; download failed: "
                              f"{type(exc).__name__}") from exc


def build_torchvision(spec: ModelSpec, weights: str | Path | None = None) -> tuple[TorchvisionSegmenter, Path | None]:
    """Build `spec`'s network and load its weights: explicit file, then the search directories,
    then torchvision's download. Returns the module and the weight file used (None when
    downloaded straight into memory)."""
    from torchvision.models import segmentation

    path = find_weights(spec, weights)
    state = _state_dict_from_file(path) if path is not None else _download_state_dict(spec)
    has_aux = any(k.startswith("aux_classifier.") for k in state)
    kwargs = {"aux_loss": has_aux} if spec.builder != "lraspp_mobilenet_v3_large" else {}
    model = getattr(segmentation, spec.builder)(weights=None, weights_backbone=None,
                                                num_classes=21, **kwargs)
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        first = str(exc).splitlines()[0]
        raise WeightsNotFound(f"weights file {path} does not fit {spec.name}: {first}") from exc
    wrapper = TorchvisionSegmenter(model, "high" if spec.builder.startswith("lraspp") else "out")
    wrapper.feature_dim = spec.feature_dim
    if path is None:  # downloaded: torchvision stored it in the hub cache
        from .weights import torch_hub_checkpoints_dir

        cached = torch_hub_checkpoints_dir() / spec.weights_file
        path = cached if cached.is_file() else None
    return wrapper.eval().requires_grad_(False), path
