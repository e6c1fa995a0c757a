"""Fault injection on `build.py serve`: one change makes one build and an idle server builds nothing;
it answers byte ranges, only localhost, only files inside output/, hostile paths with an error status,
200 idle connections without running out of threads, and a build that fails unexpectedly, or a request
that does, leaves it serving. No browser needed: raw HTTP over sockets."""
from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from shownotes import serve

from .conftest import REPO, episode_file
from .test_serve import fetch, next_build

CLIP = bytes(range(256)) * 4  # 1024 bytes, each position telling where it is


@pytest.fixture
def server(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** First words.\n"),
                      "themes/default/static/clip.mp3": CLIP})
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--site",
                                    str(site), "-q"], stdout=subprocess.PIPE, stderr=stderr, text=True)
    line = process.stdout.readline()
    assert line.startswith("serving "), line + errors.read_text()
    url = line.split(" at ")[1].split(" ")[0]
    yield site, url, process, errors
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in errors.read_text()


def generation(url: str) -> int:
    """The build a served page was made after (its reload script waits for a newer one)."""
    found = re.search(r"since=(\d+)", fetch(url + "index.html"))
    assert found is not None
    return int(found.group(1))


def request(url: str, head: str, timeout: float = 20) -> tuple[int, dict[str, str], bytes]:
    """Send a raw request (`head`: the request line and headers, without the blank line); the status,
    headers and body of the answer."""
    host, port = url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(head.encode("latin-1") + b"\r\n\r\n")
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    top, _, body = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@pytest.mark.slow
def test_one_change_makes_one_build_and_an_idle_server_builds_nothing(server):
    """Before, the build's own reads (watchdog's `opened` and `closed_no_write`) started the next build,
    for ever: one open tab reloaded 63 times in 18 s."""
    site, url, _, _ = server
    first = generation(url)
    (site / "content/episodes/001-a.md").write_text(episode_file(1, "A", "**Ada Host:** Second words.\n"))
    event = next_build(url, first)
    assert event["error"] is None and event["generation"] == first + 1
    fetch(url + "episodes/001-a/index.html")  # reading pages and files changes nothing either
    time.sleep(10)
    assert generation(url) == first + 1


def test_byte_ranges_are_answered_206_or_416(server):
    _, url, _, _ = server
    path = "static/clip.mp3"
    code, headers, body = request(url, f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=100-199")
    assert (code, headers["content-range"], body) == (206, "bytes 100-199/1024", CLIP[100:200])
    assert headers["accept-ranges"] == "bytes" and headers["content-type"] == "audio/mpeg"
    code, headers, body = request(url, f"GET /{path} HTTP/1.1\r\nHost: localhost\r\nRange: bytes=1000-")
    assert (code, headers["content-range"], body) == (206, "bytes 1000-1023/1024", CLIP[1000:])
    code, headers, body = request(url, f"GET /{path} HTTP/1.1\r\nHost: localhost\r\nRange: bytes=-24")
    assert (code, body) == (206, CLIP[-24:])
    code, headers, body = request(url, f"GET /{path} HTTP/1.1\r\nHost: localhost\r\nRange: bytes=5000-")
    assert (code, headers["content-range"], body) == (416, "bytes */1024", b"")
    code, headers, body = request(url, f"GET /{path} HTTP/1.1\r\nHost: localhost")
    assert (code, body) == (200, CLIP)


@pytest.mark.parametrize("host, code", [("localhost", 200), ("localhost:8000", 200), ("127.0.0.1", 200),
                                        ("[::1]:8000", 200), ("evil.example", 403), ("evil.example:8000", 403),
                                        ("localhost.evil.example", 403), ("127.0.0.1.nip.io", 403)])
def test_only_requests_to_localhost_are_answered(server, host, code):
    """A page on another site that points its own domain at 127.0.0.1 (DNS rebinding) sends its Host."""
    _, url, _, _ = server
    assert request(url, f"GET /index.html HTTP/1.1\r\nHost: {host}")[0] == code


def test_no_listing_and_no_link_out_of_output(server, tmp_path):
    site, url, _, _ = server
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the browser\n")
    (site / "output/leak.txt").symlink_to(secret)
    (site / "output/leaks").symlink_to(tmp_path)
    for path in ("/static/", "/episodes/", "/leak.txt", "/leaks/secret.txt", "/../secret.txt", "/%2e%2e/secret.txt"):
        code, _, body = request(url, f"GET {path} HTTP/1.1\r\nHost: localhost")
        assert code == 404 and b"not for the browser" not in body and b"<a href" not in body, path
    assert request(url, "GET /episodes/001-a HTTP/1.1\r\nHost: localhost")[1]["location"] == "/episodes/001-a/"


@pytest.mark.parametrize("path, code", [("/a%00b", 400), ("/a\x01b", 400), ("/" + "a" * 60_000, 404),
                                        ("/" + "%ff" * 10, 404), ("/%" , 404), ("/" + "a/" * 5000, 404)])
def test_hostile_paths_get_an_error_status_and_the_server_goes_on(server, path, code):
    _, url, _, errors = server
    assert request(url, f"GET {path} HTTP/1.1\r\nHost: localhost")[0] == code
    assert request(url, "GET /index.html HTTP/1.1\r\nHost: localhost")[0] == 200
    assert "Traceback" not in errors.read_text()


def thread_count(pid: int) -> int:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        pytest.skip("counting threads needs /proc")
    return int(re.search(r"^Threads:\s+(\d+)", status.read_text(), re.M).group(1))


def test_200_idle_connections_and_open_pages_do_not_exhaust_it(server):
    _, url, process, _ = server
    host, port = url.split("//")[1].rstrip("/").split(":")
    idle = [socket.create_connection((host, int(port)), timeout=20) for _ in range(200)]
    pages = []
    for _ in range(20):  # open pages waiting for a rebuild: more than there are workers
        page = socket.create_connection((host, int(port)), timeout=20)
        page.sendall(f"GET {serve.EVENTS_PATH}?since=999 HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        pages.append(page)
    try:
        started = time.monotonic()
        assert "First words." in fetch(url + "episodes/001-a/index.html")
        assert time.monotonic() - started < 15  # answered, not queued behind the idle ones (a bound, not a timing)
        assert thread_count(process.pid) <= 24  # its workers, accept, events, watchdog's and the main thread
    finally:
        for connection in idle + pages:
            connection.close()


def test_a_build_that_fails_unexpectedly_is_reported_and_the_server_goes_on(make_site, tmp_path, caplog):
    """The way a file vanishing mid-build (an editor's rename-save) used to stop the server: an
    exception no one foresaw. It is reported like a build error, and the next change builds again."""
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** hi\n")})
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<html><body>old</body></html>")
    calls = []

    def rebuild() -> str | None:
        calls.append(1)
        if len(calls) == 2:
            raise FileNotFoundError(2, "No such file or directory", str(site / "content/episodes/001-a.md"))
        return None

    status, stop, ready = serve.BuildStatus(), threading.Event(), threading.Event()
    urls: list[str] = []
    thread = threading.Thread(target=serve.serve, args=(site, output, rebuild),
                              kwargs=dict(port=0, ready=lambda u: (urls.append(u), ready.set()), stop=stop,
                                          status=status), daemon=True)
    thread.start()
    try:
        assert ready.wait(20)
        for text in ("first", "second"):
            before = status.generation
            (site / "content/episodes/001-a.md").write_text(episode_file(1, "A", f"**Ada Host:** {text}\n"))
            event = next_build(urls[0], before)
            if text == "first":
                assert event["error"] == (f"build failed unexpectedly: FileNotFoundError: [Errno 2] No such file or "
                                          f"directory: '{site / 'content/episodes/001-a.md'}'")
                assert 'role="alert"' in fetch(urls[0] + "index.html")
            else:
                assert event["error"] is None
        assert len(calls) == 3
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive()


def test_a_file_vanishing_mid_build_is_an_error_naming_it_not_a_crash(make_site, tmp_path, capsys, monkeypatch):
    """The command line's rebuild turns a file gone between listing and reading into a message."""
    from shownotes import cli, pipeline

    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** hi\n")})
    vanished = site / "content/episodes/001-a.md"

    def stats(site_folder: Path) -> dict:
        vanished.unlink(missing_ok=True)
        raise FileNotFoundError(2, "No such file or directory", str(vanished))

    monkeypatch.setattr(pipeline, "_stat_sources", stats)
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"error: {vanished}: No such file or directory"


def test_event_stream_answers_at_once_when_a_build_is_newer(server):
    _, url, _, _ = server
    with urllib.request.urlopen(f"{url}{serve.EVENTS_PATH.lstrip('/')}?since=0", timeout=20) as response:
        for line in response:
            if line.startswith(b"data: "):
                assert json.loads(line[6:])["generation"] >= 1
                break


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_or_kill_stops_a_server_started_in_the_background(make_site, tmp_path, stop):
    """A job a script puts in the background (`build.py serve &`) starts with SIGINT ignored, and
    Python keeps it so; `kill` sends SIGTERM. Either stops the server cleanly, with status 0."""
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** First words.\n")})
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--site", str(site), "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        assert process.stdout is not None and process.stdout.readline().startswith("serving ")
        process.send_signal(stop)
        _, errors = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in errors
