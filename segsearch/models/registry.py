"""The segmenters segsearch knows, and where their weight files are found.

Lookup order for a model's weight file: an explicit path, the directory in $SEGSEARCH_MODELS, the
user cache directory, torch's hub cache (torchvision models), and `../shared/models` beside the
project root, so that a fresh clone with that folder beside it works without any setting.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED_MODELS_DIR = PROJECT_ROOT.parent / "shared" / "models"
DEFAULT_MODEL = "deeplabv3-mobilenetv2"


class WeightsNotFound(FileNotFoundError):
    """No weight file for a model here, and it could not be downloaded."""


class UnknownModel(KeyError):
    def __str__(self) -> str:
        return f"unknown model {self.args[0]!r}; choose one of: {', '.join(MODELS)}"


@dataclass(frozen=True)
class ModelSpec:
    name: str
    family: Literal["tflite", "torchvision"]
    description: str
    weights_file: str
    input_size: int  # the long side images are resized to
    output_stride: int
    feature_dim: int
    feature_layer: str
    normalisation: Literal["tf", "imagenet"]
    builder: str = ""  # torchvision builder function name
    weights_enum: str = ""  # torchvision weights enum name (VOC-label weights)


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec("deeplabv3-mobilenetv2", "tflite",
                  "DeepLabV3, MobileNetV2 depth 1.0, PASCAL VOC (TF model zoo)",
                  "deeplabv3_mobilenetv2_voc.tflite", 513, 8, 320,
                  "MobileNetV2 final 1x1 projection (input of image pooling)", "tf"),
        ModelSpec("deeplabv3-mobilenetv2-dm05", "tflite",
                  "DeepLabV3, MobileNetV2 depth 0.5, PASCAL VOC (TF model zoo)",
                  "deeplabv3_mobilenetv2_dm05_voc.tflite", 513, 8, 160,
                  "MobileNetV2 final 1x1 projection (input of image pooling)", "tf"),
        ModelSpec("fcn_resnet50", "torchvision", "FCN, ResNet-50, COCO with VOC labels (torchvision)",
                  "fcn_resnet50_coco-1167a1af.pth", 520, 8, 2048, "ResNet-50 layer4", "imagenet",
                  "fcn_resnet50", "FCN_ResNet50_Weights"),
        ModelSpec("deeplabv3_resnet50", "torchvision",
                  "DeepLabV3, ResNet-50, COCO with VOC labels (torchvision)",
                  "deeplabv3_resnet50_coco-cd0a2569.pth", 520, 8, 2048, "ResNet-50 layer4",
                  "imagenet", "deeplabv3_resnet50", "DeepLabV3_ResNet50_Weights"),
        ModelSpec("deeplabv3_mobilenet_v3_large", "torchvision",
                  "DeepLabV3, MobileNetV3-Large, COCO with VOC labels (torchvision)",
                  "deeplabv3_mobilenet_v3_large-fc3c493d.pth", 520, 16, 960,
                  "MobileNetV3-Large last stage", "imagenet", "deeplabv3_mobilenet_v3_large",
                  "DeepLabV3_MobileNet_V3_Large_Weights"),
        ModelSpec("lraspp_mobilenet_v3_large", "torchvision",
                  "LR-ASPP, MobileNetV3-Large, COCO with VOC labels (torchvision)",
                  "lraspp_mobilenet_v3_large-d234d4ea.pth", 520, 16, 960,
                  "MobileNetV3-Large last stage", "imagenet", "lraspp_mobilenet_v3_large",
                  "LRASPP_MobileNet_V3_Large_Weights"),
    )
}


def get_spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise UnknownModel(name) from None


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "segsearch" / "models"


def torch_hub_checkpoints_dir() -> Path:
    import torch.hub

    return Path(torch.hub.get_dir()) / "checkpoints"


def search_dirs(spec: ModelSpec) -> list[Path]:
    """Directories searched for `spec.weights_file`, in order."""
    dirs: list[Path] = []
    if os.environ.get("SEGSEARCH_MODELS"):
        dirs.append(Path(os.environ["SEGSEARCH_MODELS"]).expanduser())
    dirs.append(user_cache_dir())
    if spec.family == "torchvision":
        dirs.append(torch_hub_checkpoints_dir())
    dirs.append(SHARED_MODELS_DIR)
    return dirs


def find_weights(spec: ModelSpec, explicit: str | Path | None = None) -> Path | None:
    """The weight file for `spec`, or None when none of the search directories has it."""
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise WeightsNotFound(f"weights file {path} does not exist")
        return path
    for directory in search_dirs(spec):
        candidate = directory / spec.weights_file
        if candidate.is_file():
            return candidate
    return None


def missing_weights_message(spec: ModelSpec) -> str:
    where = torch_hub_checkpoints_dir() if spec.family == "torchvision" else user_cache_dir()
    return (f"weights for model {spec.name} not found: put {spec.weights_file} in {where} "
            f"(or in $SEGSEARCH_MODELS, or pass --weights PATH)")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
