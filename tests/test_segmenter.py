"""The translated DeepLab graphs against the reference runtime, on real photos, and the
torchvision loading path with weight files made here (no network)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from segsearch.errors import SegsearchError
from segsearch.models import Segmenter, WeightsNotFound, get_spec
from segsearch.models.deeplab_tflite import load_tflite_deeplab
from segsearch.models.registry import UnknownModel

from .conftest import MODELS_DIR, class_fraction, pick_photos, skimage_photo


def _reference_logits(path, image: np.ndarray) -> np.ndarray:
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(path), num_threads=2)
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], image[None])
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])[0]


@pytest.mark.parametrize("file_name", ["deeplabv3_mobilenetv2_voc.tflite", "deeplabv3_mobilenetv2_dm05_voc.tflite"])
def test_parity_with_reference_runtime(file_name: str) -> None:
    path = MODELS_DIR / file_name
    module = load_tflite_deeplab(path)
    agreements = []
    for photo in pick_photos(8)[:5]:
        image = np.asarray(Image.open(photo).convert("RGB").resize((513, 513)), dtype=np.float32) / 127.5 - 1
        reference = _reference_logits(path, image)
        with torch.inference_mode():
            logits, features = module(torch.from_numpy(image).permute(2, 0, 1)[None])
        if reference.shape[0] != logits.shape[2]:  # the depth-0.5 graph ends with its own upsampling
            logits = torch.nn.functional.interpolate(logits, size=reference.shape[:2], mode="bilinear",
                                                     align_corners=module.upsample_align_corners)
        ours = logits[0].permute(1, 2, 0).numpy()
        agreements.append((ours.argmax(-1) == reference.argmax(-1)).mean())
        assert features.shape[1] == module.feature_dim
    assert np.mean(agreements) >= 0.99, agreements
    assert min(agreements) >= 0.95, agreements


def test_astronaut_is_a_person_and_chelsea_a_cat(segmenter: Segmenter) -> None:
    astronaut, chelsea = segmenter.segment([skimage_photo("astronaut"), skimage_photo("chelsea")])
    assert class_fraction(astronaut, "person") >= 0.38  # measured 0.419 (she fills about 40% of the photo)
    assert class_fraction(chelsea, "cat") >= 0.75  # measured 0.809
    assert class_fraction(chelsea, "person") < 0.05


def test_outputs_cover_the_image_at_analysis_resolution(segmenter: Segmenter) -> None:
    wide = Image.new("RGB", (2000, 500), (120, 130, 140))
    seg = segmenter.segment([wide])[0]
    assert seg.size == (513, 128)
    assert seg.original_size == (2000, 500)
    # the kept classes' planes: all but the probability of the pruned classes (each below the threshold)
    total = seg.dense_probs().sum(axis=0)
    assert total.max() <= 1 + 1e-4 and total.min() >= 0.92  # measured 0.936
    assert seg.features.shape == (320, 16, 65)
    assert seg.labels_at((2000, 500)).shape == (500, 2000)


def test_batched_equals_one_by_one(segmenter: Segmenter) -> None:
    """Images of one input shape batch without changing their results (the indexer batches only
    those); the tolerance is the indexer's."""
    images = [Image.open(p).convert("RGB").resize((640, 480)) for p in pick_photos(6)[:3]]
    batched = segmenter.segment(images)
    for img, b in zip(images, batched):
        single = segmenter.segment([img])[0]
        assert np.allclose(single.dense_probs(), b.dense_probs(), atol=1e-4)
        assert np.allclose(single.features, b.features, atol=1e-4)


def test_unknown_model_names_the_choices() -> None:
    with pytest.raises(UnknownModel, match="deeplabv3-mobilenetv2"):
        get_spec("resnet9000")


@pytest.mark.parametrize("name", ["lraspp_mobilenet_v3_large", "deeplabv3_mobilenet_v3_large", "fcn_resnet50"])
def test_torchvision_models_load_from_a_weights_file(name: str, tmp_path) -> None:
    from torchvision.models import segmentation

    spec = get_spec(name)
    kwargs = {} if name.startswith("lraspp") else {"aux_loss": True}
    torch.manual_seed(0)
    reference = getattr(segmentation, spec.builder)(weights=None, weights_backbone=None, num_classes=21, **kwargs).eval()
    weights = tmp_path / spec.weights_file
    torch.save(reference.state_dict(), weights)
    seg = Segmenter.load(name, weights=weights)
    image = Image.new("RGB", (96, 64), (90, 160, 30))
    out = seg.segment([image])[0]
    assert out.dense_probs().shape == (21, 347, 520)
    assert out.features.shape[0] == spec.feature_dim
    # the loaded weights are the saved ones: same logits as torchvision's own forward
    x = seg.preprocess(image)[None]
    with torch.inference_mode():
        expected = reference(x)["out"]
        logits, _ = seg.forward(x.to(memory_format=torch.channels_last))
        ours = torch.nn.functional.interpolate(logits, size=x.shape[2:], mode="bilinear", align_corners=False)
    assert torch.allclose(ours, expected, atol=1e-3)


def test_torchvision_offline_without_file_is_one_clear_error(tmp_path, monkeypatch) -> None:
    import torch.hub

    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SEGSEARCH_MODELS", raising=False)

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", offline)
    with pytest.raises(WeightsNotFound) as info:
        Segmenter.load("lraspp_mobilenet_v3_large")
    message = str(info.value)
    assert "lraspp_mobilenet_v3_large-d234d4ea.pth" in message
    assert str(tmp_path / "cache" / "segsearch" / "models") in message
    assert "\n" not in message


def test_weights_are_found_through_segsearch_models(tmp_path, monkeypatch) -> None:
    (tmp_path / "deeplabv3_mobilenetv2_dm05_voc.tflite").symlink_to(MODELS_DIR / "deeplabv3_mobilenetv2_dm05_voc.tflite")
    monkeypatch.setenv("SEGSEARCH_MODELS", str(tmp_path))
    seg = Segmenter.load("deeplabv3-mobilenetv2-dm05")
    assert seg.weights_path == tmp_path / "deeplabv3_mobilenetv2_dm05_voc.tflite"
    assert seg.weights_sha256.startswith("9403bc6d")


def test_a_file_that_is_not_tflite_is_refused(tmp_path) -> None:
    bogus = tmp_path / "deeplabv3_mobilenetv2_voc.tflite"
    bogus.write_bytes(b"not a model at all")
    with pytest.raises(SegsearchError, match="not a TensorFlow Lite file"):
        Segmenter.load(weights=bogus)
