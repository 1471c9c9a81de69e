"""A corpus of broken and unusual files, generated here: each is indexed or recorded as failed
with a one-line reason, and the run always finishes."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from segsearch.indexer import Indexer
from segsearch.store import Index, ModelIdentity


def _jpeg_bytes(img: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, **kw)
    return buf.getvalue()


def make_corpus(root: Path, astronaut: Image.Image) -> dict[str, str]:
    """name → expected outcome ('ok' or a substring of the failure reason)."""
    good = _jpeg_bytes(astronaut)
    (root / "truncated.jpg").write_bytes(good[: len(good) // 3])
    corrupt = bytearray(good)
    corrupt[400:4000] = np.random.default_rng(7).bytes(3600)  # the same damage every run
    (root / "corrupt.jpg").write_bytes(bytes(corrupt))
    (root / "empty.jpg").write_bytes(b"")
    (root / "text.jpg").write_text("hello, I am not a photo")
    # a PNG header declaring 100000 x 100000 pixels: refused before decoding
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    (root / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                                    + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))
    astronaut.convert("CMYK").save(root / "cmyk.jpg")
    Image.fromarray((np.asarray(astronaut.convert("L"), dtype=np.uint16) * 257)).save(root / "sixteen.png")
    pal = astronaut.convert("P", palette=Image.ADAPTIVE)
    pal.info["transparency"] = 0
    pal.save(root / "palette.png", transparency=0)
    frames = [astronaut.resize((128, 128)), Image.new("RGB", (128, 128), (0, 0, 0))]
    frames[0].save(root / "animated.gif", save_all=True, append_images=frames[1:], duration=100)
    Image.new("RGB", (1, 1), (10, 20, 30)).save(root / "tiny.png")
    Image.new("RGB", (20000, 500), (120, 140, 160)).save(root / "panorama.jpg", quality=70)
    Image.new("RGB", (2000, 3), (90, 100, 110)).save(root / "strip.png")  # one pixel high at 513 wide
    Image.new("RGB", (3, 2000), (90, 100, 110)).save(root / "tall-strip.png")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    astronaut.rotate(90, expand=True).save(root / "rotated.jpg", exif=exif)
    os.symlink(root, root / "loop")
    weird = os.fsencode(root) + b"/caf\xe9.png"
    with open(weird, "wb") as fh:
        astronaut.resize((200, 200)).save(fh, "PNG")
    astronaut.resize((300, 300)).save(root / "phone.heic")  # what most phones write
    astronaut.resize((300, 300)).save(root / "modern.avif")
    return {"truncated.jpg": "corrupt or truncated", "corrupt.jpg": "not an image", "empty.jpg": "empty file (0 bytes)",
            "text.jpg": "not an image", "bomb.png": "decompression bomb refused", "cmyk.jpg": "ok", "sixteen.png": "ok",
            "palette.png": "ok", "animated.gif": "ok", "tiny.png": "ok", "panorama.jpg": "ok", "strip.png": "ok",
            "tall-strip.png": "ok",
            "rotated.jpg": "ok", "caf\\xe9.png": "ok", "phone.heic": "ok", "modern.avif": "ok"}


def test_bad_inputs_never_stop_the_run(tmp_path: Path, segmenter) -> None:
    from .conftest import skimage_photo

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    expected = make_corpus(corpus, skimage_photo("astronaut"))
    identity = ModelIdentity(segmenter.spec.name, segmenter.weights_sha256, segmenter.feature_dim)
    with Index.open(tmp_path / "idx", writable=True, model=identity) as idx:
        summary = Indexer(idx, segmenter).run([corpus])
        failures = dict(idx.failures())
        report = idx.check()
    assert report.ok
    assert summary.discovered == len(expected)  # the symlink loop is walked once
    failed = {Path(p).name: r for p, r in failures.items()}
    for name, outcome in expected.items():
        if outcome == "ok":
            assert name not in failed, (name, failed.get(name))
        elif outcome:
            assert outcome in failed[name], (name, failed.get(name))
    assert all("\n" not in r for r in failed.values())
    assert summary.indexed + len(summary.failed) == len(expected)

    # EXIF-rotated: the upright image is 512 wide, 512 high (square), and the person is found
    with Index.open(tmp_path / "idx") as idx:
        from segsearch.search import Searcher

        hits = {Path(h.path).name: h for h in Searcher(idx).search("person", k=100)}
    assert "rotated.jpg" in hits and "cmyk.jpg" in hits and "sixteen.png" in hits
    assert "phone.heic" in hits and "modern.avif" in hits


def test_exif_rotation_gives_upright_coordinates(tmp_path: Path, segmenter) -> None:
    from segsearch.images import decode
    from segsearch.regions import extract_regions

    from .conftest import skimage_photo

    upright = skimage_photo("astronaut").crop((0, 0, 512, 300))  # wide: 512 x 300
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = upright.rotate(90, expand=True)  # stored sideways: 300 x 512
    stored.save(tmp_path / "r.jpg", exif=exif, quality=95)
    decoded = decode(tmp_path / "r.jpg")
    assert decoded.original_size == (512, 300)
    seg = segmenter.segment_tensors([segmenter.preprocess(decoded.image)], [decoded.original_size])[0]
    person = [s for s in extract_regions(seg).segments if s.class_id == 15]
    assert person
    x0, y0, x1, y1 = person[0].bbox
    assert 0 <= x0 < x1 <= 512 and 0 <= y0 < y1 <= 300
