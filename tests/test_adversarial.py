"""Reliability round 2: special files, files swapped after indexing, bounded thumbnail work,
unreadable directories and prune. Every file is generated here."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from .conftest import pick_photos


def _photos(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for p in pick_photos(n + 2)[:n]:
        shutil.copy(p, folder / p.name)
        out.append(folder / p.name)
    return out


def _run_measured(args: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """A command's run and its own peak memory in MB, measured by a fresh parent process: this
    process's RUSAGE_CHILDREN holds the largest of every child it ever waited for, so a larger
    child of an earlier test would be counted here."""
    wrapper = ("import resource, subprocess, sys\n"
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=180)\n"
               "sys.stdout.write(p.stdout)\n"
               "sys.stderr.write(p.stderr + '\\npeak-kb %d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.exit(p.returncode)\n")
    proc = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True, text=True, timeout=200)
    stderr, _, peak = proc.stderr.rpartition("\npeak-kb ")
    proc.stderr = stderr
    return proc, int(peak) / 1024


def test_special_files_are_failures_within_time_and_memory(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    _photos(folder, 2)
    os.mkfifo(folder / "pipe.jpg")
    (folder / "zero.jpg").symlink_to("/dev/zero")
    (folder / "random.png").symlink_to("/dev/urandom")
    (folder / "folder.jpg").mkdir()
    (folder / "folder.jpg" / "inside.txt").write_text("a directory named like a photo")
    started = time.monotonic()
    proc, peak_mb = _run_measured([sys.executable, "-m", "segsearch", "index", str(folder), "--index",
                                   str(tmp_path / "idx"), "--models", "voc", "--json"])
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    import json

    summary = json.loads(proc.stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in summary["failed"]}
    assert summary["indexed"] == 2
    assert "FIFO" in reasons["pipe.jpg"] and "character device" in reasons["zero.jpg"]
    assert "character device" in reasons["random.png"]
    assert elapsed < 120 and peak_mb < 2500, (elapsed, peak_mb)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(index: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "segsearch", "serve", "--index", str(index), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=2).read()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(proc.stderr.read() if proc.stderr else "server did not start")


def _status(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_server_serves_only_the_regular_file_that_was_indexed(tmp_path: Path) -> None:
    import segsearch

    photos = _photos(tmp_path / "photos", 4)
    index = tmp_path / "idx"
    segsearch.index([tmp_path / "photos"], index, models="voc")
    with segsearch.open_index(index) as s:
        ids = {Path(p).name: i for p, i in ((os.fsdecode(r), st.image_id) for r, st in s.index.file_states().items())}
    kept, to_link, to_fifo, to_dir = photos
    os.unlink(to_link)
    to_link.symlink_to("/etc/passwd")
    os.unlink(to_fifo)
    os.mkfifo(to_fifo)
    os.unlink(to_dir)
    to_dir.mkdir()
    proc, base = _serve(index)
    try:
        status, body = _status(f"{base}/api/images/{ids[kept.name]}/file")
        assert status == 200 and body == kept.read_bytes()
        assert _status(f"{base}/api/images/{ids[kept.name]}/thumb")[0] == 200
        for path in (to_link, to_fifo, to_dir):
            for kind in ("file", "thumb"):
                started = time.monotonic()
                status, body = _status(f"{base}/api/images/{ids[path.name]}/{kind}")
                assert status == 410 and b"root:" not in body, (path.name, kind, status)
                assert time.monotonic() - started < 5
        # a photo copied or restored without its times (same bytes, another mtime) is still served;
        # one edited in place to the same size is not
        original = kept.read_bytes()
        os.utime(kept, ns=(kept.stat().st_atime_ns, kept.stat().st_mtime_ns + 86_400 * 10**9))
        for kind in ("file", "thumb", "file"):
            status, body = _status(f"{base}/api/images/{ids[kept.name]}/{kind}")
            assert status == 200 and (kind == "thumb" or body == original), (kind, status)
        edited = bytearray(original)
        edited[len(edited) // 2] ^= 0xFF
        kept.write_bytes(bytes(edited))
        assert kept.stat().st_size == len(original)
        for kind in ("file", "thumb"):
            assert _status(f"{base}/api/images/{ids[kept.name]}/{kind}")[0] == 410, kind
        # an edited photo (same path, other bytes) is not served as the indexed one either
        Image.new("RGB", (64, 64), (200, 10, 10)).save(kept, "JPEG")
        assert _status(f"{base}/api/images/{ids[kept.name]}/file")[0] == 410
        assert _status(f"{base}/api/stats")[0] == 200  # no worker thread is stuck
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_thumbnail_reads_its_file_once_even_where_the_check_read_it() -> None:
    """A file whose mtime alone moved is read to check its bytes; the thumbnail is made from those
    bytes, not from a second read, and a cached one is served with no read at all."""
    from segsearch.web.app import Thumbnails

    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(buf, "JPEG")
    data = buf.getvalue()
    reads: list[int] = []

    def read(image_id: int) -> tuple[bytes, int]:
        reads.append(image_id)
        return data, 7

    thumbnails = Thumbnails()
    touched = thumbnails.get(1, 160, lambda i: (7, data), read, 640 * 480)  # the check read it
    plain = thumbnails.get(2, 160, lambda i: (7, None), read, 640 * 480)  # the status told: read now
    again = thumbnails.get(2, 160, lambda i: (7, None), read, 640 * 480)  # cached
    assert reads == [2] and touched == plain == again
    assert Image.open(io.BytesIO(touched)).size == (160, 120)


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_parallel_thumbnails_of_a_huge_photo_stay_within_a_memory_bound(tmp_path: Path) -> None:
    import segsearch

    folder = tmp_path / "photos"
    folder.mkdir()
    w, h = 9000, 6000  # 54 MP: 162 MB as decoded RGB
    gradient = np.linspace(0, 255, w, dtype=np.uint8)[None, :, None].repeat(h, 0).repeat(3, 2)
    Image.fromarray(gradient).save(folder / "huge.png", compress_level=1)
    index = tmp_path / "idx"
    segsearch.index([folder], index, models="voc")
    proc, base = _serve(index)
    try:
        before = _vm_hwm_mb(proc.pid)
        results: list[int] = []

        def fetch(side: int) -> None:
            results.append(_status(f"{base}/api/images/1/thumb?size={side}", timeout=120)[0])

        threads = [threading.Thread(target=fetch, args=(side,)) for side in (160, 320, 640) * 4]
        for t in threads:
            t.start()
        for t in threads:
            t.join(150)
        grown = _vm_hwm_mb(proc.pid) - before
    finally:
        proc.terminate()
        proc.wait(10)
    assert results == [200] * 12
    # 12 unbounded decodes would add about 12 x 162 MB; two at a time add about 2 x (162 + copies)
    assert grown < 600, grown


def test_prune_after_an_unreadable_directory_deletes_nothing_under_it(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import segsearch
    from segsearch.indexer import Indexer
    from segsearch.models import Segmenter
    from segsearch.store import Index

    root = tmp_path / "library"
    _photos(root / "open", 2)
    _photos(root / "locked", 2)
    index = tmp_path / "idx"
    segsearch.index([root], index, models="voc")
    locked = os.fsencode(root / "locked")
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path=".", *a, **k):  # type: ignore[no-untyped-def]
        if os.fsencode(path).startswith(locked):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path, *a, **k)

    def stat(path, *a, **k):  # type: ignore[no-untyped-def]
        p = os.fsencode(path) if not isinstance(path, int) else b""
        if p.startswith(locked + b"/"):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_stat(path, *a, **k)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    with Index.open(index, writable=True) as idx:
        summary = Indexer(idx, Segmenter.load()).run([root], prune=True)
        failures = dict(idx.failures())
        kept = [os.fsdecode(r) for r, st in idx.file_states().items() if st.status == "indexed"]
    assert summary.pruned == 0
    assert sum("/locked/" in p for p in kept) == 2 and len(kept) == 4
    assert any(p.endswith("locked") and "could not be read" in r for p, r in failures.items())
    monkeypatch.setattr(os, "scandir", real_scandir)
    monkeypatch.setattr(os, "stat", real_stat)
    with Index.open(index, writable=True) as idx:  # readable again: the record goes
        Indexer(idx, Segmenter.load()).run([root], prune=True)
        assert not idx.failures()


def test_forged_host_is_refused_and_the_real_one_answered(tmp_path: Path) -> None:
    import segsearch

    _photos(tmp_path / "photos", 2)
    segsearch.index([tmp_path / "photos"], tmp_path / "idx", models="voc")
    proc, base = _serve(tmp_path / "idx")
    try:
        for host, expected in (("evil.example", 400), ("127.0.0.1.evil.example:8000", 400),
                               ("localhost", 200), (base.split("//")[1], 200)):
            request = urllib.request.Request(base + "/api/stats", headers={"Host": host})
            try:
                status = urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as exc:
                status = exc.code
            assert status == expected, host
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_oversized_streaming_upload_is_refused_before_much_is_written(tmp_path: Path) -> None:
    """A chunked upload with no Content-Length, far over the 25 MB limit: 413 once the limit is
    passed, and the server's temporary directory never holds more than the limit."""
    import http.client
    import tempfile as tf

    import segsearch

    _photos(tmp_path / "photos", 2)
    segsearch.index([tmp_path / "photos"], tmp_path / "idx", models="voc")
    proc, base = _serve(tmp_path / "idx")
    host, port = base.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    boundary = "xyz"
    conn.putrequest("POST", "/api/search/image")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q.jpg\"\r\n"
            "Content-Type: image/jpeg\r\n\r\n").encode()
    chunk = b"\xff" * (1 << 20)
    sent, refused = 0, False
    try:
        for payload in [head] + [chunk] * 200:  # 200 MB offered
            conn.send(b"%x\r\n%s\r\n" % (len(payload), payload))
            sent += len(payload)
    except (BrokenPipeError, ConnectionResetError):
        refused = True
    try:
        status = conn.getresponse().status
    except (http.client.RemoteDisconnected, ConnectionResetError):
        status = 413 if refused else 0
    finally:
        proc.terminate()
        proc.wait(10)
    assert status == 413
    spooled = sum(p.stat().st_size for p in Path(tf.gettempdir()).glob("tmp*") if p.is_file())
    assert spooled < 30 * (1 << 20)


def test_integer_parameters_beyond_sqlite_range_are_4xx(built_index: Path) -> None:
    from fastapi.testclient import TestClient

    from segsearch.web import create_app

    with TestClient(create_app(built_index)) as client:
        for url in ("/api/images/9223372036854775808", "/api/images/99999999999999999999999/thumb",
                    "/api/segments/9223372036854775808/mask.png", "/api/images/-1/file",
                    "/api/search?q=person&offset=100000000000000000000", "/api/images/1/thumb?size=10000000000"):
            assert 400 <= client.get(url).status_code < 500, url
        assert client.get("/api/images/9223372036854775807").status_code == 404


def _voc_index(tmp_path: Path, n: int = 4) -> Path:
    import segsearch

    _photos(tmp_path / "photos", n)
    index = tmp_path / "idx"
    segsearch.index([tmp_path / "photos"], index, models="voc")
    return index


def _answers(index: Path) -> tuple[list[int], list[int]]:
    import segsearch

    with segsearch.open_index(index) as s:
        person = s.search("person", k=1)[0].image_id
        return ([h.image_id for h in s.search_indexed(person, k=10).hits],
                [h.image_id for h in s.search_whole_image(s.index.stored_regions(person).image_embedding, 10)])


@pytest.mark.parametrize("damage", ["drop a shard", "swap two shards", "garbage shard", "garbage manifest"])
def test_damaged_vector_files_heal_on_open_and_on_the_next_run(tmp_path: Path, damage: str) -> None:
    import json

    import segsearch

    index = _voc_index(tmp_path)
    before = _answers(index)
    vectors = index / "vectors"
    manifest = json.loads((vectors / "manifest.json").read_text())
    if damage == "drop a shard":
        (vectors / "class15.faiss").unlink()
    elif damage == "swap two shards":  # the manifest's generation still matches SQLite's
        (vectors / "class15.faiss").rename(vectors / "tmp.faiss")
        (vectors / "images.faiss").rename(vectors / "class15.faiss")
        (vectors / "tmp.faiss").rename(vectors / "images.faiss")
    elif damage == "garbage shard":
        (vectors / "images.faiss").write_bytes(b"\x00" * 100)
    else:
        (vectors / "manifest.json").write_text("{not json")
    assert json.loads((vectors / "manifest.json").read_text())["generation"] == manifest["generation"] \
        if damage != "garbage manifest" else True
    proc = subprocess.run([sys.executable, "-m", "segsearch", "check", "--index", str(index), "--json"],
                          capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and not report["ok"] and "internal error" not in proc.stderr
    assert _answers(index) == before  # a reader heals in memory
    segsearch.index([tmp_path / "photos"], index)  # the next run (nothing new to index) heals the files
    proc = subprocess.run([sys.executable, "-m", "segsearch", "check", "--index", str(index), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout
    assert _answers(index) == before


def test_a_read_only_index_with_a_pending_log_returns_every_committed_image(tmp_path: Path) -> None:
    import sqlite3
    import signal as sig

    from .test_reliability import _mount_tmpfs

    _photos(tmp_path / "photos", 8)
    index = tmp_path / "idx"
    writer = subprocess.Popen([sys.executable, "-m", "segsearch", "index", str(tmp_path / "photos"), "--index", str(index),
                               "--models", "voc"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and writer.poll() is None:
        try:
            with sqlite3.connect(f"file:{index / 'index.db'}?mode=ro", uri=True, timeout=1) as con:
                if con.execute("select count(*) from images").fetchone()[0] >= 4:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    writer.send_signal(sig.SIGKILL)
    writer.wait()
    assert (index / "index.db-wal").stat().st_size > 0  # the commits are (at least partly) in the log
    target = tmp_path / "ro"
    if os.geteuid() != 0 or not _mount_tmpfs(target, "size=50m"):
        pytest.skip("cannot mount a tmpfs here (needs root and mount permission)")
    try:
        con = sqlite3.connect(f"file:{index / 'index.db'}?mode=ro", uri=True)  # read-only: no checkpoint
        committed = {r[0] for r in con.execute("select path from images where status = 'indexed'")}
        con.close()
        shutil.copytree(index, target / "idx")
        assert (target / "idx" / "index.db-wal").stat().st_size > 0
        subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
        proc = subprocess.run([sys.executable, "-m", "segsearch", "search", "person or not person", "-k", "100",
                               "--index", str(target / "idx"), "--json"], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        import json

        assert {h["path"] for h in json.loads(proc.stdout)} == committed and len(committed) >= 4
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_check_during_a_normal_indexing_run_raises_no_false_alarm(tmp_path: Path) -> None:
    import json

    _photos(tmp_path / "photos", 12)
    index = tmp_path / "idx"
    writer = subprocess.Popen([sys.executable, "-m", "segsearch", "index", str(tmp_path / "photos"), "--index", str(index),
                               "--models", "voc"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    checks = []
    try:
        while writer.poll() is None and len(checks) < 6:
            if (index / "index.db").exists():
                proc = subprocess.run([sys.executable, "-m", "segsearch", "check", "--index", str(index), "--json"],
                                      capture_output=True, text=True, timeout=120)
                if proc.stdout.strip():
                    checks.append((proc.returncode, json.loads(proc.stdout)))
            time.sleep(0.2)
    finally:
        assert writer.wait(300) == 0
    assert checks and all(code == 0 and report["ok"] for code, report in checks), checks


def test_a_camera_roll_alias_a_same_size_edit_and_a_newline_in_a_name(tmp_path: Path) -> None:
    """The same folder through a symlinked alias is indexed once; a photo replaced by another of the
    same size and mtime is found by --verify; a name with a newline prints on one line."""
    import segsearch

    roll = tmp_path / "roll"
    first, second = _photos(roll, 2)
    odd = roll / "two\nlines.jpg"
    shutil.copy(first, odd)
    (tmp_path / "alias").symlink_to(roll)
    index = tmp_path / "idx"
    summary = segsearch.index([roll, tmp_path / "alias"], index, models="voc")
    assert summary.indexed == 3 and summary.discovered == 3
    out = subprocess.run([sys.executable, "-m", "segsearch", "search", "person or not person", "--index", str(index)],
                         capture_output=True, text=True, timeout=120).stdout
    assert "two\\x0alines.jpg" in out and all(not line.startswith("lines.jpg") for line in out.splitlines())
    # same size, same mtime, other pixels
    st = first.stat()
    img = Image.open(first).convert("RGB")
    arr = np.asarray(img).copy()
    arr[: arr.shape[0] // 2] = 255 - arr[: arr.shape[0] // 2]
    data = bytearray(first.read_bytes())
    from io import BytesIO

    buf = BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=85)
    new = buf.getvalue()[: len(data)] if len(buf.getvalue()) >= len(data) else buf.getvalue() + b"\0" * (len(data) - len(buf.getvalue()))
    first.write_bytes(new)
    os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert first.stat().st_size == st.st_size
    assert segsearch.index([roll], index).indexed == 0  # size and mtime say unchanged
    again = segsearch.index([roll], index, verify=True)
    assert again.indexed + len(again.failed) == 1 and again.unchanged == 2


def test_a_photo_over_pillows_default_bomb_limit_decodes(tmp_path: Path) -> None:
    from segsearch.images import decode

    path = tmp_path / "wide.jpg"
    Image.new("RGB", (12000, 8000), (90, 120, 150)).save(path, quality=60)  # 96 MP > Pillow's 89.5 MP
    assert decode(path, 513).original_size == (12000, 8000)


def test_queued_uploads_leave_other_requests_fast_and_bombs_are_refused(tmp_path: Path) -> None:
    import io as _io
    import json
    import uuid

    import segsearch

    _photos(tmp_path / "photos", 3)
    segsearch.index([tmp_path / "photos"], tmp_path / "idx", models="voc")
    proc, base = _serve(tmp_path / "idx")
    photo = pick_photos(4)[0].read_bytes()

    def upload(data: bytes, name: str = "q.jpg") -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(base + "/api/search/image", data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with urllib.request.urlopen(request, timeout=300) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    try:
        statuses: list[int] = []
        threads = [threading.Thread(target=lambda: statuses.append(upload(photo)[0])) for _ in range(45)]
        for t in threads:
            t.start()
        time.sleep(1.0)  # the uploads are queued for the analysis slot now
        latencies = []
        for _ in range(5):
            started = time.monotonic()
            assert _status(base + "/api/stats")[0] == 200
            latencies.append(time.monotonic() - started)
        for t in threads:
            t.join(300)
        assert statuses == [200] * 45
        assert max(latencies) < 1.0, latencies
        buf = _io.BytesIO()
        Image.new("RGB", (10000, 7000), (10, 200, 30)).save(buf, "PNG")  # 70 MP in a small file
        status, body = upload(buf.getvalue(), "bomb.png")
        assert status == 400 and "too large" in body["error"] and "/tmp" not in body["error"]
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_index_killed_before_its_tables_existed_says_to_run_again(tmp_path: Path) -> None:
    import sqlite3

    index = tmp_path / "idx"
    index.mkdir()
    sqlite3.connect(index / "index.db").close()  # the file exists, no table yet
    for command in (["check"], ["stats"], ["search", "person"]):
        proc = subprocess.run([sys.executable, "-m", "segsearch", *command, "--index", str(index)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1 and "run `segsearch index` again" in proc.stderr, (command, proc.stderr)
        assert "move it away" not in proc.stderr and proc.stderr.count("\n") == 1
