"""First-use weight downloads against a real HTTP server on 127.0.0.1: success, checksum mismatch,
a transfer cut off half-way, and no server at all; and that runtime code never looks beside the
checkout for weights."""

from __future__ import annotations

import hashlib
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from segsearch.models.weights import WeightsNotFound, ensure_weights

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        body = PAYLOAD
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path.startswith("/cut"):
            self.wfile.write(body[: len(body) // 2])  # then hang up
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@dataclass
class _Spec:
    url: str
    sha256: str
    name: str = "test-net"
    weights_file: str = "test-net.bin"
    family: str = "tflite"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SEGSEARCH_MODELS", raising=False)
    return tmp_path / "cache" / "segsearch" / "models"


def test_download_on_first_use_then_cached(server: str, cache: Path) -> None:
    spec = _Spec(f"{server}/ok", hashlib.sha256(PAYLOAD).hexdigest())
    seen: list[int] = []
    path = ensure_weights(spec, progress=lambda done, total: seen.append(done))
    assert path == cache / "test-net.bin" and path.read_bytes() == PAYLOAD
    assert seen[-1] == len(PAYLOAD)
    assert ensure_weights(_Spec("http://127.0.0.1:9/never", spec.sha256)) == path  # no second download
    assert [p.name for p in cache.iterdir()] == ["test-net.bin"]


def test_checksum_mismatch_keeps_nothing(server: str, cache: Path) -> None:
    with pytest.raises(WeightsNotFound, match="SHA-256") as info:
        ensure_weights(_Spec(f"{server}/ok", "0" * 64))
    assert "\n" not in str(info.value) and str(cache) in str(info.value)
    assert not cache.exists() or not any(cache.iterdir())


def test_interrupted_transfer_keeps_nothing_and_a_retry_succeeds(server: str, cache: Path) -> None:
    sha = hashlib.sha256(PAYLOAD).hexdigest()
    with pytest.raises(WeightsNotFound) as info:
        ensure_weights(_Spec(f"{server}/cut", sha))
    assert "\n" not in str(info.value)
    assert not any(cache.iterdir())
    assert ensure_weights(_Spec(f"{server}/ok", sha)).read_bytes() == PAYLOAD


def test_offline_names_the_url_and_the_directory(cache: Path) -> None:
    url = "http://127.0.0.1:9/weights.bin"  # the discard port: nothing listens
    with pytest.raises(WeightsNotFound) as info:
        ensure_weights(_Spec(url, "0" * 64))
    message = str(info.value)
    assert url in message and str(cache) in message and "\n" not in message


def test_every_registered_network_pins_a_url_and_runtime_never_reads_beside_the_checkout() -> None:
    from segsearch.models import MODELS

    for spec in MODELS.values():
        assert spec.url.startswith("https://"), spec.name
        if spec.family != "torchvision":
            assert len(spec.sha256) == 64, spec.name
    package = Path(__file__).resolve().parents[1] / "segsearch"
    for source in package.rglob("*.py"):
        assert '"shared"' not in source.read_text() and "/ shared" not in source.read_text(), source
