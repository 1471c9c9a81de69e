"""Label sets: what each network can name. Torch-free, so the query parser, the catalogue and the CLI
start without loading a network.

A network carries one `LabelSet`: its output channels' names in order (channel 0 of a per-pixel
network is its "background"/"other"), each with a kind — a *thing* is a countable object (person,
cup), *stuff* an amorphous region (sky, grass, wall) — and a display colour. Presence rules differ
by kind: stuff needs a larger share of the image before a photo counts as showing it.
"""

from __future__ import annotations

import colorsys
import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, Sequence

Kind = Literal["thing", "stuff", "background"]


@dataclass(frozen=True)
class Label:
    name: str
    kind: Kind
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class LabelSet:
    """The labels of one network, by output channel."""

    network: str  # the label set's short name: voc, ade20k, coco
    labels: tuple[Label, ...]
    # The kinds of label whose sighting alone decides a concept that other networks know too (see
    # `store.catalogue.present`); other kinds need a second network to agree. ADE20K's 150-class
    # per-pixel network sees things in stray pixels far more often than VOC's 21-class one or the
    # detector (on the shared photos: 28 false "person" photos against VOC's 2 and the detector's 5)
    alone: frozenset[str] = frozenset({"thing", "stuff"})

    def __len__(self) -> int:
        return len(self.labels)

    @cached_property
    def names(self) -> tuple[str, ...]:  # asked once per displayed match: computed once
        return tuple(label.name for label in self.labels)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def as_dict(self) -> dict[str, object]:
        return {"network": self.network,
                "labels": [{"name": l.name, "kind": l.kind} for l in self.labels]}


def _colour(key: str) -> tuple[int, int, int]:
    """A stable, saturated colour for a label (hue from a hash of its name)."""
    hue = int(hashlib.blake2b(key.encode(), digest_size=2).hexdigest(), 16) / 65535
    r, g, b = colorsys.hsv_to_rgb(hue, 0.75, 0.95)
    return int(r * 255), int(g * 255), int(b * 255)


def _label_set(network: str, names: list[str], stuff: frozenset[str] = frozenset(),
               background: str | None = None, colours: dict[str, tuple[int, int, int]] | None = None,
               alone: frozenset[str] = frozenset({"thing", "stuff"})) -> LabelSet:
    labels = []
    for name in names:
        kind: Kind = "background" if name == background else ("stuff" if name in stuff else "thing")
        colour = (colours or {}).get(name) or ((0, 0, 0) if kind == "background" else _colour(f"{network}:{name}"))
        labels.append(Label(name, kind, colour))
    return LabelSet(network, tuple(labels), alone)


# PASCAL VOC order: the channel index of the VOC networks' logits.
VOC_NAMES = ["background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat",
             "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant",
             "sheep", "sofa", "train", "tvmonitor"]
_VOC_COLOURS = dict(zip(VOC_NAMES, [
    (0, 0, 0), (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48),
    (145, 30, 180), (70, 240, 240), (240, 50, 230), (210, 245, 60), (250, 190, 212),
    (0, 128, 128), (220, 190, 255), (170, 110, 40), (255, 250, 200), (128, 0, 0),
    (170, 255, 195), (128, 128, 0), (255, 215, 180), (0, 0, 128), (128, 128, 128)]))
VOC = _label_set("voc", VOC_NAMES, background="background", colours=_VOC_COLOURS)

# ADE20K SceneParsing's 150 classes (short names), channel 0 = "other"; channel i = class i.
# Names are the first words of each class's description, long enough to be unambiguous
# ("screen door", "projection screen" and "crt screen" are three classes).
ADE20K_NAMES = ["other"] + """wall|building|sky|floor|tree|ceiling|road|bed|windowpane|grass|cabinet|
sidewalk|person|earth|door|table|mountain|plant|curtain|chair|car|water|painting|sofa|shelf|house|sea|
mirror|rug|field|armchair|seat|fence|desk|rock|wardrobe|lamp|bathtub|railing|cushion|base|box|column|
signboard|chest of drawers|counter|sand|sink|skyscraper|fireplace|refrigerator|grandstand|path|stairs|
runway|display case|pool table|pillow|screen door|stairway|river|bridge|bookcase|blind|coffee table|
toilet|flower|book|hill|bench|countertop|stove|palm|kitchen island|computer|swivel chair|boat|bar|
arcade machine|hovel|bus|towel|light|truck|tower|chandelier|awning|streetlight|booth|television|
airplane|dirt track|apparel|pole|land|bannister|escalator|ottoman|bottle|buffet|poster|stage|van|ship|
fountain|conveyer belt|canopy|washer|plaything|swimming pool|stool|barrel|basket|waterfall|tent|bag|
minibike|cradle|oven|ball|food|step|tank|trade name|microwave|pot|animal|bicycle|lake|dishwasher|
projection screen|blanket|sculpture|hood|sconce|vase|traffic light|tray|ashcan|fan|pier|crt screen|
plate|monitor|bulletin board|shower|radiator|glass|clock|flag""".replace("\n", "").split("|")
# Amorphous regions (surfaces, terrain, vegetation, structures seen as backdrop).
ADE20K_STUFF = frozenset("""wall|building|sky|floor|tree|ceiling|road|grass|sidewalk|earth|mountain|
plant|curtain|water|sea|rug|field|fence|rock|railing|sand|skyscraper|grandstand|path|stairs|runway|
river|bridge|hill|countertop|awning|dirt track|land|bannister|stage|canopy|swimming pool|waterfall|step|
lake|blind|house|tower|stairway|palm""".replace("\n", "").split("|"))
ADE20K = _label_set("ade20k", ADE20K_NAMES, ADE20K_STUFF, background="other", alone=frozenset({"stuff"}))

# COCO's 80 detection classes in the standard order (YOLOX output columns).
COCO_NAMES = ["person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat",
              "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog",
              "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella",
              "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
              "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
              "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
              "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant",
              "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
              "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
              "teddy bear", "hair drier", "toothbrush"]
COCO = _label_set("coco", COCO_NAMES)

LABEL_SETS: dict[str, LabelSet] = {s.network: s for s in (VOC, ADE20K, COCO)}


# --- the label space of an index ------------------------------------------------------------
@dataclass(frozen=True)
class NetworkEntry:
    """One network of an index: its name, weights hash, labels and where they start."""

    name: str
    weights_sha256: str
    labels: LabelSet
    offset: int

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "weights_sha256": self.weights_sha256, "offset": self.offset,
                **self.labels.as_dict()}


@dataclass(frozen=True)
class LabelSpace:
    """The labels of all of an index's networks, end to end (torch-free; stored in the index)."""

    networks: tuple[NetworkEntry, ...]

    @classmethod
    def of(cls, specs: Sequence[Any], hashes: Sequence[str]) -> "LabelSpace":
        entries, offset = [], 0
        for spec, sha in zip(specs, hashes):
            entries.append(NetworkEntry(spec.name, sha, spec.labels, offset))
            offset += len(spec.labels)
        return cls(tuple(entries))

    def __len__(self) -> int:
        return sum(len(n.labels) for n in self.networks)

    def locate(self, label_id: int) -> tuple[NetworkEntry, int]:
        for entry in self.networks:
            if entry.offset <= label_id < entry.offset + len(entry.labels):
                return entry, label_id - entry.offset
        raise KeyError(label_id)

    def name(self, label_id: int) -> str:
        entry, local = self.locate(label_id)
        return entry.labels.names[local]

    def kind(self, label_id: int) -> str:
        entry, local = self.locate(label_id)
        return entry.labels.labels[local].kind

    def network_of(self, label_id: int) -> str:
        return self.locate(label_id)[0].labels.network

    def colour(self, label_id: int) -> tuple[int, int, int]:
        entry, local = self.locate(label_id)
        return entry.labels.labels[local].colour

    def label_id(self, network: str, name: str) -> int | None:
        """The id of label `name` of the network whose label set is `network` (voc, ade20k, coco)."""
        for entry in self.networks:
            if entry.labels.network == network and name in entry.labels.names:
                return entry.offset + entry.labels.index(name)
        return None

    def display(self, label_id: int) -> str:
        """`person` when one network has that name, else `person (coco)`; in words where the
        network's own name is a code (VOC's diningtable: `dining table`, `SHOWN_AS`)."""
        if not 0 <= label_id < len(self._displayed):
            raise KeyError(label_id)
        return self._displayed[label_id]

    @cached_property
    def _displayed(self) -> tuple[str, ...]:  # asked once per displayed match: computed once
        def shown(network: str, name: str) -> str:
            return SHOWN_AS.get((network, name), name)

        names = [shown(self.network_of(i), self.name(i)) for i in range(len(self))]
        shown_by = [{shown(e.labels.network, m) for m in e.labels.names} for e in self.networks]
        networks = [sum(n in names_of for names_of in shown_by) for n in names]
        return tuple(n if same == 1 else f"{n} ({self.network_of(i)})" for i, (n, same) in enumerate(zip(names, networks)))

    @property
    def model_names(self) -> str:
        return ",".join(n.name for n in self.networks)

    @property
    def weights_hashes(self) -> str:
        return ",".join(n.weights_sha256 for n in self.networks)


# Labels shown in words where their network names them by a code: the label sets (which an index
# records) keep the networks' own names, and so do `segment` and the vocabulary's label lists
SHOWN_AS = {("voc", "diningtable"): "dining table", ("voc", "pottedplant"): "potted plant", ("voc", "tvmonitor"): "tv"}


def space_from_meta(meta: dict[str, str]) -> LabelSpace:
    """The label space an index records; indexes from before multi-network indexing (one VOC
    model, no `networks` key) get that model's labels at offset 0."""
    import json

    from .models.registry import get_spec

    if "networks" in meta:
        entries = []
        for item in json.loads(meta["networks"]):
            known = LABEL_SETS.get(item["network"])
            labels = LabelSet(item["network"], tuple(
                Label(l["name"], l["kind"], _known_colour(item["network"], l["name"])) for l in item["labels"]),
                known.alone if known is not None else frozenset({"thing", "stuff"}))
            entries.append(NetworkEntry(item["name"], item["weights_sha256"], labels, int(item["offset"])))
        return LabelSpace(tuple(entries))
    spec = get_spec(meta["model"])
    return LabelSpace((NetworkEntry(spec.name, meta["weights_sha256"], LABEL_SETS[spec.labels.network], 0),))


def _known_colour(network: str, name: str) -> tuple[int, int, int]:
    known = LABEL_SETS.get(network)
    if known is not None and name in known.names:
        return known.labels[known.index(name)].colour
    return (128, 128, 128)
