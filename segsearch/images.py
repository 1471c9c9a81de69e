"""Finding photos on disk and decoding them safely and fast.

Discovery follows directory symlinks but never enters the same directory twice (no loops), skips
hidden directories, and yields files in a stable order. Decoding applies EXIF orientation, uses
JPEG draft mode to decode big photos at a reduced scale, refuses decompression bombs, and turns
every failure into `ImageError` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import SegsearchError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif",
                            ".heic", ".heif", ".avif"})


def _register_heif() -> None:
    """HEIC/HEIF (what most phones write) through pillow-heif; AVIF is Pillow's own (11.2+)."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - a dependency of the package
        return
    register_heif_opener()


_register_heif()
# Declared sizes above this are refused before any pixel is decoded (a 12 MP photo is 12e6).
MAX_PIXELS = 250_000_000
# Pillow warns (and segsearch refuses) above its own limit: make that limit ours, so photos up to
# MAX_PIXELS decode and larger ones are refused by the explicit check before decoding.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MAX_FILE_BYTES = 1 << 30  # no photo is larger; a file that is (or grows past it) is refused
_ORIENTATION_TAG = 0x0112
_TRANSPOSED_ORIENTATIONS = {5, 6, 7, 8}


class ImageError(SegsearchError):
    """A file that cannot be used as an image; str() is a one-line reason."""


@dataclass
class DecodedImage:
    image: Image.Image  # RGB, upright, possibly reduced by JPEG draft decoding
    original_size: tuple[int, int]  # (width, height) of the upright full-resolution image
    taken: float | None = None  # EXIF DateTimeOriginal (else DateTime), as a POSIX time, local time as UTC
    camera: str = ""  # EXIF make and model, lower case ("apple iphone 12"); "": none recorded (`camera_of`)


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)}


def display_path(path: str | os.PathLike[str]) -> str:
    """A printable, valid-UTF-8 form of a path on one line: undecodable bytes and control
    characters (a newline in a file name) shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace").translate(_CONTROL)


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """'a regular file', 'a FIFO (named pipe)', ... for a stat mode."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@contextlib.contextmanager
def _regular_file(path: str | os.PathLike[str]) -> Iterator[tuple[int, os.stat_result]]:
    """A descriptor on the regular file at `path` and its status: opened once without blocking (a
    FIFO swapped in would otherwise hang) and checked with fstat on that descriptor (so a swap
    after any earlier check cannot slip through). ImageError with a one-line reason otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ImageError("file disappeared before it could be read") from None
    except PermissionError:
        raise ImageError("permission denied") from None
    except OSError as exc:
        raise ImageError(f"cannot open file ({exc.strerror or exc})") from None
    try:
        try:
            st = os.fstat(fd)
        except OSError as exc:
            raise ImageError(f"cannot read file ({exc.strerror or exc})") from None
        if not stat.S_ISREG(st.st_mode):
            raise ImageError(f"not a regular file: {file_kind(st.st_mode)}")
        yield fd, st
    finally:
        os.close(fd)


def content_hash(data: bytes) -> str:
    """The hash an index records of a file's bytes (what incremental runs and the server compare
    when a file's mtime moved but its bytes may not have)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_regular_file(path: str | os.PathLike[str], max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and the status of exactly the file read (`_regular_file`), read
    with a size cap (a symlink to /dev/zero would otherwise fill memory)."""
    with _regular_file(path) as (fd, st):
        if st.st_size > max_bytes:
            raise ImageError(f"file too large ({st.st_size:,} bytes; limit {max_bytes:,})")
        chunks, total = [], 0
        try:
            while True:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
                if total > max_bytes:
                    raise ImageError(f"file grew past {max_bytes:,} bytes while being read")
        except OSError as exc:
            raise ImageError(f"cannot read file ({exc.strerror or exc})") from None
        return b"".join(chunks), st


def missing_photo(path: Path) -> str | None:
    """Why `path` cannot be a query photo before it is read (None: it is a file): a folder is said
    to be one, since "not found" would send the user looking for a path that exists."""
    if path.is_file():
        return None
    if path.is_dir():
        return f"{path} is a folder: search by example takes one photo"
    return f"query image not found: {path}"


def stat_regular_file(path: str | os.PathLike[str]) -> os.stat_result:
    """The status of the regular file at `path`, checked as `read_regular_file` does, unread."""
    with _regular_file(path) as (_, st):
        return st


def is_image_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in IMAGE_SUFFIXES


def discover(roots: Iterable[str | os.PathLike[str]],
             unreadable: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    """Files with an image name under `roots` (files or directories), absolute, each real
    directory once. Directories that cannot be listed are appended to `unreadable` with a reason
    (the caller records them; prune must not take their photos for deleted). The names are not
    checked to be regular files here: the indexer records anything else as a failure."""
    seen_dirs: set[tuple[int, int]] = set()

    def walk_error(exc: OSError) -> None:
        if unreadable is not None and exc.filename is not None:
            unreadable.append((Path(exc.filename), f"directory could not be read ({exc.strerror or exc})"))

    for root in roots:
        root = Path(os.path.abspath(root))
        if not root.is_dir():
            if is_image_name(root.name):
                yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=walk_error):
            try:
                st = os.stat(dirpath)
            except OSError:
                dirnames[:] = []
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:  # a symlink back into a tree already walked
                dirnames[:] = []
                continue
            seen_dirs.add(key)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if is_image_name(name) and not name.startswith("."):
                    yield Path(dirpath) / name


_DATETIME_ORIGINAL, _DATETIME, _EXIF_IFD = 0x9003, 0x0132, 0x8769
_MAKE, _MODEL = 0x010F, 0x0110
CAMERA_CHARS = 64  # the most of a camera's make and model an index keeps


def camera_of(img: Image.Image) -> str:
    """The camera that took the photo, from EXIF: make and model in lower case, the make once
    ("canon eos 5d" from "Canon" and "Canon EOS 5D", "apple iphone 12"), printable characters only,
    at most CAMERA_CHARS; "" where neither is recorded (never a failure)."""
    try:
        exif = img.getexif()
        said = [exif.get(tag) for tag in (_MAKE, _MODEL)]
    except Exception:  # broken EXIF: no camera
        return ""
    make, model = (" ".join("".join(c for c in v if c.isprintable()).split()).lower() if isinstance(v, str) else ""
                   for v in said)
    return (model if make and model.startswith(make) else f"{make} {model}").strip()[:CAMERA_CHARS]


def taken_time(img: Image.Image) -> float | None:
    """When the photo was taken, from EXIF (DateTimeOriginal, else DateTime), or None. EXIF times
    carry no zone: they are read as UTC so that a date filter means the camera's calendar day."""
    import datetime

    try:
        exif = img.getexif()
        text = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
        if not isinstance(text, str):
            return None
        when = datetime.datetime.strptime(text.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S")
        return when.replace(tzinfo=datetime.timezone.utc).timestamp()
    except Exception:  # absent, broken or odd EXIF: no date, never a failure
        return None


def _upright_size(img: Image.Image) -> tuple[int, int]:
    try:
        orientation = img.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # broken EXIF must not make a readable photo fail
        orientation = 1
    w, h = img.size
    return (h, w) if orientation in _TRANSPOSED_ORIENTATIONS else (w, h)


def _to_rgb(img: Image.Image) -> Image.Image:
    """Any PIL mode → 8-bit RGB; transparency is composited on white, 16-bit is scaled down."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        peak = 65535.0 if img.mode.startswith("I;16") or arr.max() > 255 else 255.0
        arr = np.clip(arr * (255.0 / peak), 0, 255).astype(np.uint8)
        return Image.fromarray(arr, "L").convert("RGB")
    if img.mode == "F":
        arr = np.nan_to_num(np.asarray(img, dtype=np.float32))
        lo, hi = float(arr.min()), float(arr.max())
        arr = ((arr - lo) * (255.0 / (hi - lo or 1.0))).astype(np.uint8)
        return Image.fromarray(arr, "L").convert("RGB")
    if img.mode == "P" and "transparency" in img.info or img.mode in ("RGBA", "LA", "PA"):
        rgba = img.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    return img if img.mode == "RGB" else img.convert("RGB")


def _empty(source: str | os.PathLike[str] | IO[bytes]) -> bool:
    """Whether a file or stream holds no bytes at all (a failed copy, a placeholder)."""
    try:
        if isinstance(source, (str, os.PathLike)):
            return os.path.getsize(source) == 0
        return source.seek(0, os.SEEK_END) == 0
    except (OSError, ValueError):
        return False


def decode(path: str | os.PathLike[str] | IO[bytes], target_long_side: int | None = 513,
           max_pixels: int = MAX_PIXELS) -> DecodedImage:
    """Open, orient and convert an image. `target_long_side` lets JPEG decoding skip detail that
    would be thrown away by the resize to the model's input (None: full resolution)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img: Image.Image = Image.open(path)
            try:
                w, h = img.size
                if w < 1 or h < 1:
                    raise ImageError(f"empty image ({w}x{h})")
                if w * h > max_pixels:
                    raise ImageError(f"image too large: {w}x{h} pixels (limit {max_pixels:,})")
                original_size = _upright_size(img)
                taken, camera = taken_time(img), camera_of(img)
                if target_long_side and img.format == "JPEG":
                    img.draft("RGB", (target_long_side, target_long_side))
                img.seek(0)  # first frame of animations
                img.load()
                if getattr(img, "n_frames", 1) > 1:  # detach the frame from the open file
                    frame = img.copy()
                    img.close()
                    img = frame
                # in place, and no conversion of what is already RGB: a decoded 54 MP photo then
                # occupies memory once, not three times
                ImageOps.exif_transpose(img, in_place=True)
                return DecodedImage(_to_rgb(img), original_size, taken, camera)
            except BaseException:
                img.close()
                raise
    except ImageError:
        raise
    except FileNotFoundError:
        raise ImageError("file disappeared before it could be read") from None
    except PermissionError:
        raise ImageError("permission denied") from None
    except IsADirectoryError:
        raise ImageError("is a directory") from None
    except UnidentifiedImageError:
        if _empty(path):
            raise ImageError("empty file (0 bytes)") from None
        raise ImageError("not an image, or a format Pillow cannot read") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"decompression bomb refused: {exc}".split(". ")[0]) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImageError(f"corrupt or truncated image data ({reason})") from None
