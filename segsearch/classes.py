"""The one table of class names, synonyms and colours used everywhere (parser, CLI, overlays, web)."""

from __future__ import annotations

# PASCAL VOC order: the channel index of every supported segmenter's logits.
VOC_CLASSES: tuple[str, ...] = (
    "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat",
    "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant",
    "sheep", "sofa", "train", "tvmonitor",
)
NUM_CLASSES = len(VOC_CLASSES)
BACKGROUND = 0
CLASS_ID: dict[str, int] = {name: i for i, name in enumerate(VOC_CLASSES)}

# Everyday words a user types, mapped to the model's class names. Plurals of these and of the
# class names are derived by `plural_forms`, so only irregular plurals are listed here.
SYNONYMS: dict[str, str] = {
    "plane": "aeroplane", "airplane": "aeroplane", "aircraft": "aeroplane", "jet": "aeroplane",
    "bike": "bicycle", "cycle": "bicycle",
    "ship": "boat", "sailboat": "boat", "yacht": "boat",
    "coach": "bus",
    "automobile": "car", "taxi": "car",
    "kitten": "cat", "kitty": "cat",
    "seat": "chair", "armchair": "chair",
    "cattle": "cow", "calf": "cow", "calves": "cow",
    "table": "diningtable", "dining table": "diningtable",
    "puppy": "dog", "doggy": "dog",
    "pony": "horse",
    "motorcycle": "motorbike", "motorbikes": "motorbike", "scooter": "motorbike",
    "pedestrian": "person", "people": "person", "persons": "person", "man": "person",
    "men": "person", "woman": "person", "women": "person", "child": "person",
    "children": "person", "kid": "person", "boy": "person", "girl": "person",
    "human": "person", "humans": "person", "baby": "person", "babies": "person",
    "plant": "pottedplant", "potted plant": "pottedplant", "houseplant": "pottedplant",
    "flower pot": "pottedplant",
    "lamb": "sheep",
    "couch": "sofa",
    "locomotive": "train",
    "tv": "tvmonitor", "television": "tvmonitor", "monitor": "tvmonitor", "screen": "tvmonitor",
    "tv monitor": "tvmonitor",
}

# A qualitative palette (one RGB colour per class) for overlays and the web page.
CLASS_COLOURS: tuple[tuple[int, int, int], ...] = (
    (0, 0, 0), (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48),
    (145, 30, 180), (70, 240, 240), (240, 50, 230), (210, 245, 60), (250, 190, 212),
    (0, 128, 128), (220, 190, 255), (170, 110, 40), (255, 250, 200), (128, 0, 0),
    (170, 255, 195), (128, 128, 0), (255, 215, 180), (0, 0, 128), (128, 128, 128),
)


def plural_forms(word: str) -> list[str]:
    """English plurals good enough for class words (bus→buses, sheep stays, sofa→sofas)."""
    if word.endswith(("s", "x", "ch", "sh")):
        return [word + "es"]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def _vocabulary() -> dict[str, str]:
    vocab: dict[str, str] = {}
    for name in VOC_CLASSES[1:]:
        vocab[name] = name
    for word, name in SYNONYMS.items():
        vocab[word] = name
    for word, name in list(vocab.items()):
        for plural in plural_forms(word):
            vocab.setdefault(plural, name)
    return vocab


# Every word (or two-word phrase) the query language accepts as a class, lower-case.
VOCABULARY: dict[str, str] = _vocabulary()


def class_id(name: str) -> int:
    """The class index of a canonical class name; KeyError for anything else."""
    return CLASS_ID[name]
