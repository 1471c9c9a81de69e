"""The networks segsearch knows: one `ModelSpec` each, carrying its weights (file name, publisher's
URL, pinned SHA-256), its pre-processing, its output kind (per-pixel labels or boxes) and its
`LabelSet`. Torch-free: listing networks and resolving words needs no network loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import SegsearchError
from ..labels import ADE20K, COCO, VOC, LabelSet
from .weights import WeightsNotFound, ensure_weights, file_sha256, find_weights, user_cache_dir

DEFAULT_MODEL = "deeplabv3-mobilenetv2"
# The networks a new index is built with unless --models says otherwise: VOC objects and animals
# per pixel, ADE20K scenes and stuff per pixel, COCO's 80 everyday objects as boxes.
DEFAULT_NETWORKS = ("deeplabv3-mobilenetv2", "deeplabv3-mobilenetv2-ade20k", "yolox-nano")
_TFHUB = "https://tfhub.dev/sayakpaul/lite-model/{}/1/default/1?lite-format=tflite"
_TORCHVISION = "https://download.pytorch.org/models/{}"


class UnknownModel(SegsearchError):
    def __init__(self, name: str):
        super().__init__(f"unknown model {name!r}; choose from: {', '.join(list(ALIASES) + list(MODELS))}")


@dataclass(frozen=True)
class ModelSpec:
    name: str
    family: Literal["tflite", "torchvision", "yolox"]
    description: str
    weights_file: str
    input_size: int  # the long side images are resized to
    output_stride: int  # of the feature map (and of the logits for DeepLabV3)
    feature_dim: int
    feature_layer: str
    normalisation: Literal["tf", "imagenet", "bgr255"]
    builder: str = ""  # torchvision builder function name
    weights_enum: str = ""  # torchvision weights enum name (VOC-label weights)
    labels: LabelSet = VOC
    output: Literal["pixels", "boxes"] = "pixels"
    url: str = ""
    sha256: str = ""


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec("deeplabv3-mobilenetv2", "tflite",
                  "DeepLabV3, MobileNetV2 depth 1.0, PASCAL VOC (TF model zoo): 20 objects and animals per pixel",
                  "deeplabv3_mobilenetv2_voc.tflite", 513, 8, 320,
                  "MobileNetV2 final 1x1 projection (input of image pooling)", "tf",
                  url=_TFHUB.format("deeplabv3-mobilenetv2"),
                  sha256="6484a23e2d5d3da904f7dbc5e8d2c74e0dc77f37b3aed6bd3c476bf1401c6051"),
        ModelSpec("deeplabv3-mobilenetv2-dm05", "tflite",
                  "DeepLabV3, MobileNetV2 depth 0.5, PASCAL VOC (TF model zoo)",
                  "deeplabv3_mobilenetv2_dm05_voc.tflite", 513, 8, 160,
                  "MobileNetV2 final 1x1 projection (input of image pooling)", "tf",
                  url=_TFHUB.format("deeplabv3-mobilenetv2_dm05"),
                  sha256="9403bc6d9b77481836ebe7e3f67724eb3a38dfacb43e4ccd25870f44ba1b8f53"),
        ModelSpec("deeplabv3-mobilenetv2-ade20k", "tflite",
                  "DeepLabV3+, MobileNetV2, ADE20K (TF model zoo): 150 scene, indoor and outdoor classes per pixel",
                  "deeplabv3_mobilenetv2_ade20k.tflite", 513, 8, 320,
                  "MobileNetV2 final 1x1 projection (input of image pooling)", "tf", labels=ADE20K,
                  url=_TFHUB.format("deeplabv3-mobilenetv2-ade20k"),
                  sha256="9476784566f88bf0bdc3169f0012fb7d08857b325811d8c1aaf5ada1c0d4e4f9"),
        ModelSpec("yolox-nano", "yolox", "YOLOX-Nano, COCO (Megvii): 80 everyday object classes as boxes",
                  "yolox_nano_coco.onnx", 640, 8, 64, "PAFPN stride-8 output (input of the head)", "bgr255",
                  labels=COCO, output="boxes",
                  url="https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx",
                  sha256="d39bee73564e338080378b0ad567fbb40e818b55bbfaf971de82a0267ed16b8a"),
        ModelSpec("fcn_resnet50", "torchvision", "FCN, ResNet-50, COCO with VOC labels (torchvision)",
                  "fcn_resnet50_coco-1167a1af.pth", 520, 8, 2048, "ResNet-50 layer4", "imagenet",
                  "fcn_resnet50", "FCN_ResNet50_Weights", url=_TORCHVISION.format("fcn_resnet50_coco-1167a1af.pth")),
        ModelSpec("deeplabv3_resnet50", "torchvision",
                  "DeepLabV3, ResNet-50, COCO with VOC labels (torchvision)",
                  "deeplabv3_resnet50_coco-cd0a2569.pth", 520, 8, 2048, "ResNet-50 layer4",
                  "imagenet", "deeplabv3_resnet50", "DeepLabV3_ResNet50_Weights",
                  url=_TORCHVISION.format("deeplabv3_resnet50_coco-cd0a2569.pth")),
        ModelSpec("deeplabv3_mobilenet_v3_large", "torchvision",
                  "DeepLabV3, MobileNetV3-Large, COCO with VOC labels (torchvision)",
                  "deeplabv3_mobilenet_v3_large-fc3c493d.pth", 520, 16, 960,
                  "MobileNetV3-Large last stage", "imagenet", "deeplabv3_mobilenet_v3_large",
                  "DeepLabV3_MobileNet_V3_Large_Weights",
                  url=_TORCHVISION.format("deeplabv3_mobilenet_v3_large-fc3c493d.pth")),
        ModelSpec("lraspp_mobilenet_v3_large", "torchvision",
                  "LR-ASPP, MobileNetV3-Large, COCO with VOC labels (torchvision)",
                  "lraspp_mobilenet_v3_large-d234d4ea.pth", 520, 16, 960,
                  "MobileNetV3-Large last stage", "imagenet", "lraspp_mobilenet_v3_large",
                  "LRASPP_MobileNet_V3_Large_Weights",
                  url=_TORCHVISION.format("lraspp_mobilenet_v3_large-d234d4ea.pth")),
    )
}
# Short names for --models: the label set each default network answers for.
ALIASES = {"voc": "deeplabv3-mobilenetv2", "ade20k": "deeplabv3-mobilenetv2-ade20k", "coco": "yolox-nano"}


def get_spec(name: str) -> ModelSpec:
    try:
        return MODELS[ALIASES.get(name, name)]
    except KeyError:
        raise UnknownModel(name) from None


def parse_networks(text: str | None) -> tuple[ModelSpec, ...]:
    """`--models voc,ade20k,coco` → specs, in order (the first per-pixel one embeds segments)."""
    names = [n.strip() for n in (text or ",".join(DEFAULT_NETWORKS)).split(",") if n.strip()]
    if not names:
        raise SegsearchError("--models needs at least one network name")
    specs = tuple(get_spec(n) for n in names)
    if len({s.name for s in specs}) != len(specs):
        raise SegsearchError(f"--models names a network twice: {text}")
    return specs


def missing_weights_message(spec: ModelSpec) -> str:
    return (f"weights for model {spec.name} not found: put {spec.weights_file} in {user_cache_dir()} "
            f"(or in $SEGSEARCH_MODELS, or pass --weights PATH)")


__all__ = ["ALIASES", "DEFAULT_MODEL", "DEFAULT_NETWORKS", "MODELS", "ModelSpec", "UnknownModel",
           "WeightsNotFound", "ensure_weights", "file_sha256", "find_weights", "get_spec", "parse_networks"]
