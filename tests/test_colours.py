"""Colour words: pixels named against an independent table, and real objects of known colour
(painted in their own light) found by "<colour> <word>" through the real networks and index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import ImageColor

from segsearch.colours import COLOURS, name_pixels, painted

BASIC = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray", "grey")
DATASET = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "coco-voc-100"


def css_colours_named_by_one_basic_word() -> dict[str, tuple[str, str]]:
    """Pillow's CSS colour table: each distinct value whose name holds exactly one basic colour
    word ("darkblue", "hotpink", "saddlebrown") → (name, that word)."""
    named: dict[str, tuple[str, str]] = {}
    for name, value in sorted(ImageColor.colormap.items()):
        words = [b for b in BASIC if b in name]
        if len(words) == 1:
            named.setdefault(str(value), (name, words[0].replace("gray", "grey")))
    return named


def test_pixel_names_agree_with_the_css_colour_names() -> None:
    """Measured: 55 of 69 agree. The others are names whose word is not what the colour looks like
    (slate greys are bluish, "aliceblue" and "lightyellow" near white, violet-reds pink, CSS's
    "brown" a dark red by hue, "navajowhite" beige)."""
    named = css_colours_named_by_one_basic_word()
    got = {value: COLOURS[name_pixels(np.array([ImageColor.getrgb(value)], np.uint8))[0]] for value in named}
    agree = [value for value, (_, word) in named.items() if got[value] == word]
    assert len(named) == 69 and len(agree) >= 55, [(named[v], got[v]) for v in named if v not in agree]
    for word in ("black", "gray", "white", "red", "orange", "yellow", "green", "blue", "purple", "pink"):
        assert COLOURS[name_pixels(np.array([ImageColor.getrgb(word)], np.uint8))[0]] == word.replace("gray", "grey")


def test_paint_keeps_shading_and_names_as_painted() -> None:
    rng = np.random.default_rng(0)
    rgb = rng.integers(60, 255, (32, 32, 3), dtype=np.uint8)
    mask = np.zeros((32, 32), bool)
    mask[8:24, 8:24] = True
    for colour in ("red", "green", "blue", "purple"):
        out = painted(rgb, mask, colour)
        assert (out[~mask] == rgb[~mask]).all()
        names = name_pixels(out[mask])
        assert (names == COLOURS.index(colour)).mean() > 0.95
        brightness = out[mask].max(-1).astype(int)
        assert np.corrcoef(brightness, rgb[mask].max(-1))[0, 1] > 0.99  # the light is the photo's


@pytest.mark.skipif(not (DATASET / "SegmentationCOCO").is_dir(), reason="needs ../shared/evaldata")
def test_painted_objects_are_found_by_their_colour_and_not_by_others(tmp_path: Path) -> None:
    """Twelve labelled photos' largest objects painted red, yellow and blue: of the copies the
    plain word finds, "<colour> <word>" finds its own (measured on these: 28 of 28), and another
    colour's query seldom returns them (measured: 1 of 56; a copy is returned where another region
    of the object's label, or its background inside a box, has that colour)."""
    import segsearch
    from segsearch.evaluate import colour_figures, painted_copies

    copies = painted_copies(DATASET, tmp_path / "photos", colours=("red", "yellow", "blue"), limit=12)
    assert len(copies) >= 27 and {c.colour for c in copies} == {"red", "yellow", "blue"}
    segsearch.index([tmp_path / "photos"], tmp_path / "index")
    with segsearch.open_index(tmp_path / "index") as searcher:
        figures = colour_figures(searcher, copies)
    total = figures["all"]
    assert isinstance(total, dict)
    # measured: 28 of 33 copies detected, every one of them found by its colour, 2 of 56 confused
    assert total["detected"] >= 0.8 * total["copies"]
    assert total["found_rate"] >= 0.95, figures
    assert total["confused_rate"] <= 0.05, figures


def test_a_box_is_coloured_by_the_segmentation_of_its_thing_inside_it() -> None:
    """A thin red pole in a box of blue sky: the box's centre is mostly sky; the region a
    segmentation gave the pole is red. Regions covering under a tenth of the box are not used."""
    from segsearch.colours import ColourMap, box_shares

    names = np.full((100, 100), COLOURS.index("blue"), np.uint8)
    names[:, 45:52] = COLOURS.index("red")
    colours, size, box = ColourMap(names), (200, 200), (40, 0, 160, 200)  # original pixels: twice the map
    pole = np.ones((200, 14), bool)
    assert box_shares(colours, box, size)[COLOURS.index("blue")] > 0.8
    shares = box_shares(colours, box, size, [((90, 0, 104, 200), pole)])
    assert shares[COLOURS.index("red")] == 1.0
    speck = box_shares(colours, box, size, [((90, 0, 104, 10), np.ones((10, 14), bool))])
    assert speck[COLOURS.index("blue")] > 0.8


@pytest.mark.skipif(not (DATASET / "SegmentationCOCO").is_dir(), reason="needs ../shared/evaldata")
def test_a_colour_query_shows_the_segments_of_that_colour(tmp_path: Path) -> None:
    """Each photo beside a copy of itself whose largest object is painted purple: "purple <word>"
    finds the pair and shows only the purple one's segments (every match in the painted half),
    named with their colour; the plain word shows the object in both halves. Measured on these:
    7 pairs found, every colour match in the painted half."""
    from PIL import Image

    import segsearch
    from segsearch.evaluate import painted_copies

    copies = painted_copies(DATASET, tmp_path / "painted", colours=("purple",), limit=10)
    pairs = tmp_path / "pairs"
    pairs.mkdir()
    for c in copies:
        with Image.open(DATASET / "JPEGImages" / f"{c.photo}.jpg") as left, Image.open(c.path) as right:
            both = Image.new("RGB", (left.width * 2, left.height))
            both.paste(left.convert("RGB"), (0, 0))
            both.paste(right.convert("RGB"), (left.width, 0))
            both.save(pairs / f"{c.photo}.jpg", quality=95)
    segsearch.index([pairs], tmp_path / "index")
    found = 0
    with segsearch.open_index(tmp_path / "index") as searcher:
        for c in copies:
            path = str((pairs / f"{c.photo}.jpg").resolve())
            coloured = {h.path: h for h in searcher.search(f"purple {c.word}", k=100)}
            if path not in coloured:
                continue
            found += 1
            half = coloured[path].width / 2
            matches = coloured[path].matches
            assert matches and all(m.colour == "purple" and "purple" in (m.colours or []) for m in matches)
            assert all((m.bbox[0] + m.bbox[2]) / 2 > half for m in matches), (c, [m.as_dict() for m in matches])
            plain = next(h for h in searcher.search(c.word, k=100) if h.path == path)
            assert all(m.colour is None for m in plain.matches)
            assert any((m.bbox[0] + m.bbox[2]) / 2 < half for m in plain.matches)  # the original is there too
            assert {m.segment_id for m in matches} < {m.segment_id for m in plain.matches}
            anything = {h.path: h for h in searcher.search("something purple", k=100)}  # of any thing
            assert {m.segment_id for m in matches} <= {m.segment_id for m in anything[path].matches}
            assert all(m.colour == "purple" for m in anything[path].matches)
    assert found >= 6


@pytest.mark.skipif(not (DATASET / "JPEGImages").is_dir(), reason="needs ../shared/evaldata")
def test_a_photo_is_black_and_white_when_no_part_of_it_has_a_hue() -> None:
    """Against an independent rule on the full-size pixels (at most 1% of them with channels more
    than 12 apart): the shared photos' black-and-white ones (3 of 100), every greyscale copy, and
    no sepia-toned copy (sepia is a colour)."""
    import io

    from PIL import Image, ImageOps

    from segsearch.colours import MONOCHROME, chroma, colour_map
    from segsearch.images import decode

    def grey_by_pixels(rgb: np.ndarray) -> bool:
        channels = rgb.astype(np.int16)
        apart = np.maximum(np.abs(channels[..., 0] - channels[..., 1]), np.abs(channels[..., 1] - channels[..., 2]))
        return bool((apart > 12).mean() <= 0.01)

    def saved(image: Image.Image) -> Image.Image:  # through a JPEG, as a library holds it
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")

    agree, grey = 0, []
    photos = sorted((DATASET / "JPEGImages").glob("*.jpg"))
    for path in photos:
        image = decode(path, 513).image
        monochrome = chroma(colour_map(image)) <= MONOCHROME
        with Image.open(path) as full:
            truth = grey_by_pixels(np.asarray(full.convert("RGB")))
        agree += monochrome == truth
        grey += [path.name] * truth
        copy = saved(ImageOps.grayscale(image).convert("RGB"))
        assert chroma(colour_map(copy)) <= MONOCHROME, path.name
        sepia = ImageOps.colorize(ImageOps.grayscale(image), (40, 26, 13), (255, 240, 192))
        assert chroma(colour_map(saved(sepia))) > MONOCHROME, path.name
    assert agree == len(photos) and len(grey) == 3, grey


@pytest.mark.skipif(not (DATASET / "JPEGImages").is_dir(), reason="needs ../shared/evaldata")
def test_black_and_white_photos_are_found_by_words(tmp_path: Path) -> None:
    """Greyscale copies beside their colour originals: "black and white photos" finds the copies
    (every one) and nothing else, "a black and white photo of a dog" the dog's copy, "dog" both;
    "colour photos" the originals."""
    from PIL import Image, ImageOps

    import segsearch

    folder = tmp_path / "photos"
    folder.mkdir()
    names = ["000000000394", "000000000257", "000000000071"]  # a dog, a street, a train
    for name in names:
        with Image.open(DATASET / "JPEGImages" / f"{name}.jpg") as photo:
            photo.save(folder / f"{name}.jpg", quality=92)
            ImageOps.grayscale(photo).save(folder / f"{name}-grey.jpg", quality=92)
    segsearch.index([folder], tmp_path / "index")
    with segsearch.open_index(tmp_path / "index") as searcher:
        def found(query: str) -> set[str]:
            return {Path(h.path).name for h in searcher.search(query, k=50)}

        assert found("black and white photos") == found("monochrome") == {f"{n}-grey.jpg" for n in names}
        assert found("a black and white photo of a dog") == {"000000000394-grey.jpg"}
        assert found("dog") == {"000000000394.jpg", "000000000394-grey.jpg"}
        # said of the photo, "colour" is the opposite: every original, no copy
        assert found("colour photos") == found("photos in color") == {f"{n}.jpg" for n in names}
        assert found("a colour photo of a dog") == {"000000000394.jpg"}
        # either negated is the other: "no black and white photos" every original, "not in colour" every copy
        assert found("no black and white photos") == found("not monochrome") == {f"{n}.jpg" for n in names}
        assert found("dogs not in black and white") == {"000000000394.jpg"}
        assert found("dogs not in colour") == {"000000000394-grey.jpg"}
