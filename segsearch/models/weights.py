"""Where a network's weight file comes from: an explicit path, `$SEGSEARCH_MODELS`, the user cache,
torch's hub cache (torchvision models), else a download from the publisher's URL on first use.

Downloads are written to a temporary file beside the target, checked against the SHA-256 pinned in
the registry, then renamed into place: an interrupted or corrupted transfer never leaves a file
that looks valid, and the next attempt starts clean. Offline, the error names the URL and the
directory to put the file in. Nothing here knows about any source checkout's layout.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Protocol

from ..errors import SegsearchError

CHUNK = 1 << 16
TIMEOUT_SECONDS = 30


class WeightsNotFound(SegsearchError):
    """No weight file for a network here, and it could not be downloaded."""


class WeightsSource(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def weights_file(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def family(self) -> str: ...


def user_cache_dir() -> Path:
    """The per-user model cache (platformdirs' cache directory, e.g. ~/.cache/segsearch/models)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("segsearch")) / "models"


def torch_hub_checkpoints_dir() -> Path:
    import torch.hub

    return Path(torch.hub.get_dir()) / "checkpoints"


def search_dirs(spec: WeightsSource) -> list[Path]:
    """Directories searched for `spec.weights_file`, in order."""
    dirs: list[Path] = []
    if os.environ.get("SEGSEARCH_MODELS"):
        dirs.append(Path(os.environ["SEGSEARCH_MODELS"]).expanduser())
    dirs.append(user_cache_dir())
    if spec.family == "torchvision":
        dirs.append(torch_hub_checkpoints_dir())
    return dirs


def find_weights(spec: WeightsSource, explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The weight file for `spec` already on disk, or None."""
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


ProgressCallback = Callable[[int, int | None], None]  # (bytes so far, total or None)


def download(url: str, target: Path, sha256: str, progress: ProgressCallback | None = None,
             timeout: float = TIMEOUT_SECONDS) -> Path:
    """Fetch `url` to `target` atomically, verifying its SHA-256. Raises WeightsNotFound with one
    line on any failure (offline, HTTP error, cut-off transfer, checksum mismatch); a partial file
    is never left under the target's name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part-{os.getpid()}")
    digest = hashlib.sha256()
    where = f"download it from {url} and put it in {target.parent} (or point $SEGSEARCH_MODELS at its folder)"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(tmp, "wb") as fh:
            total = response.headers.get("Content-Length")
            total_bytes = int(total) if total and total.isdigit() else None
            done = 0
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                fh.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total_bytes)
            if total_bytes is not None and done != total_bytes:
                raise WeightsNotFound(f"download of {target.name} was cut off ({done} of {total_bytes} bytes); "
                                      f"run again, or {where}")
            fh.flush()
            os.fsync(fh.fileno())
        if sha256 and digest.hexdigest() != sha256:
            raise WeightsNotFound(f"{target.name} from {url} has SHA-256 {digest.hexdigest()[:12]}…, "
                                  f"expected {sha256[:12]}…; not used. {where[0].upper()}{where[1:]}")
        os.replace(tmp, target)
        return target
    except WeightsNotFound:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
        raise WeightsNotFound(f"cannot download {target.name} ({reason}): {where}") from None
    finally:
        tmp.unlink(missing_ok=True)


def ensure_weights(spec: WeightsSource, explicit: str | os.PathLike[str] | None = None,
                   progress: ProgressCallback | None = None) -> Path:
    """The weight file for `spec`: found on disk, else downloaded once into the user cache."""
    found = find_weights(spec, explicit)
    if found is not None:
        return found
    if not spec.url:
        raise WeightsNotFound(f"weights for {spec.name} not found: put {spec.weights_file} in "
                              f"{user_cache_dir()} (or in $SEGSEARCH_MODELS, or pass --weights PATH)")
    return download(spec.url, user_cache_dir() / spec.weights_file, spec.sha256, progress)
