"""`build.py serve`: a preview server that rebuilds on every change and reloads open pages.

The built files are served as they are; only the copy sent to the browser gets a small
script that listens for rebuilds (and a banner when the last build failed), so output/
stays exactly what a publish would upload.

It is made for one person's browser on this machine, and to be safe when other pages are open:
it answers only requests addressed to `localhost` or an IP address (a page on another site cannot
reach it by pointing a domain of its own here), serves only files inside output/ (no listing, no
link out), answers byte ranges (audio seeks), and keeps a bounded number of threads: a connection
waits for its request without holding one, and open pages wait for rebuilds on a single thread.
"""
from __future__ import annotations

import email.utils
import hashlib
import html
import http.server
import ipaddress
import json
import logging
import mimetypes
import os
import re
import selectors
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .layout import ANCHOR_LEDGER

log = logging.getLogger(__name__)

EVENTS_PATH = "/__shownotes/events"
# Waits for a burst of saves (an editor writes a temp file, renames, touches) before rebuilding.
SETTLE_SECONDS = 0.2
WORKERS = 8  # threads answering requests
MAX_WAITING = 256  # connections that have not sent their request yet; past this the oldest is closed
IDLE_SECONDS = 20  # a connection that sends no request this long is closed
REQUEST_SECONDS = 10  # each read of a request must arrive within this
MAX_LISTENERS = 64  # open pages waiting for a rebuild
PING_SECONDS = 15
MAX_PATH = 2048
# What watchdog reports that changes nothing: a file opened, or closed without writing (the build's own reads).
QUIET_EVENTS = {"opened", "closed_no_write"}
RELOAD_SCRIPT = """<script>
(function () {
  var source = new EventSource("%s?since=%d");
  source.addEventListener("build", function () { location.reload(); });
})();
</script>
"""
ERROR_BANNER = ('<div role="alert" style="position:fixed;inset:0 0 auto 0;z-index:99;background:#8b0000;color:#fff;'
                'padding:1rem;font:14px/1.4 monospace;white-space:pre-wrap">Build failed; showing the last good '
                'site.\n%s</div>')
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_UNSAFE_PATH = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class BuildStatus:
    """The outcome of the latest build, shared between the watcher and the request handlers."""

    generation: int = 0
    error: str | None = None
    builds: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def record(self, error: str | None) -> None:
        with self.changed:
            self.generation += 1
            self.builds += 1
            self.error = error
            self.changed.notify_all()


def allowed_host(header: str | None) -> bool:
    """True for a Host this machine's browser uses for it: localhost or an IP address. A domain name
    is refused: a page elsewhere could point its own name here (DNS rebinding) and read the answers."""
    if header is None:
        return True  # HTTP/1.0 without Host: no browser, so no other site's page
    host = header.strip().lower()
    if host.startswith("["):
        name = host[1:host.find("]")] if "]" in host else ""
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class _Handler(http.server.BaseHTTPRequestHandler):
    """One request; built by _Server for each connection that has started to send one."""

    server: _Server  # type: ignore[assignment]
    timeout = REQUEST_SECONDS
    server_version = "shownotes-preview"
    kept = False  # an event stream, handed to the listeners: not closed when the request is done

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        log.debug("serve: " + format, *args)

    def do_HEAD(self) -> None:  # noqa: N802 - the stdlib's name
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        if not allowed_host(self.headers.get("Host")):
            self._plain(403, "This preview answers only requests to localhost.\n", head)
            return
        if len(self.path) > MAX_PATH:  # no file has so long a name
            self._plain(404, "Not found.\n", head)
            return
        url = urlsplit(self.path)
        path = unquote(url.path, errors="replace") if "%" in url.path else url.path
        if _UNSAFE_PATH.search(path) or not path.startswith("/"):
            self._plain(400, "Bad address.\n", head)
            return
        if path == EVENTS_PATH:
            self._events(url.query)
            return
        found = self.server.find(path)
        if isinstance(found, str):  # a folder asked for without its slash: links inside it need one
            self.send_response(301)
            self.send_header("Location", found + (f"?{url.query}" if url.query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif found is None:
            self._missing(head)
        elif found.suffix == ".html":
            self._page(found, head)
        else:
            self._file(found, head)

    def _plain(self, code: int, text: str, head: bool) -> None:
        body = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _extra(self) -> str:
        """What the served copy of a page gets: the reload script, and the last build's error."""
        status = self.server.status
        extra = RELOAD_SCRIPT % (EVENTS_PATH, status.generation)
        return ERROR_BANNER % html.escape(status.error) + extra if status.error else extra

    def _missing(self, head: bool) -> None:
        if self.server.status.error is None:
            self._plain(404, "Not found.\n", head)
            return
        body = f"<!doctype html><title>Build failed</title><body>{self._extra()}</body>".encode("utf-8")
        self._send(404, "text/html; charset=utf-8", body, head)

    def _page(self, path: Path, head: bool) -> None:
        """An HTML page, with the reload script and, after a failed build, the error."""
        text = path.read_text(encoding="utf-8", errors="replace")
        extra = self._extra()
        body = (text.replace("</body>", extra + "</body>", 1) if "</body>" in text else text + extra).encode("utf-8")
        self._send(200, "text/html; charset=utf-8", body, head)

    def _send(self, code: int, kind: str, body: bytes, head: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _file(self, path: Path, head: bool) -> None:
        """Any other file, whole or the byte range asked for (an audio player seeking asks for one)."""
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            start, end = 0, size - 1
            asked = _RANGE.match(self.headers.get("Range", "").strip())
            code = 200
            if asked and (asked.group(1) or asked.group(2)):
                first, last = asked.group(1), asked.group(2)
                if first:
                    start, end = int(first), min(int(last), size - 1) if last else size - 1
                else:
                    start, end = max(0, size - int(last)), size - 1
                if start >= size or start > end:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                code = 206
            length = max(0, end - start + 1)
            self.send_response(code)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            self.send_header("Content-Length", str(length))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Last-Modified", email.utils.formatdate(os.fstat(handle.fileno()).st_mtime, usegmt=True))
            self.send_header("Cache-Control", "no-store")
            if code == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            if head:
                return
            handle.seek(start)
            while length > 0:
                chunk = handle.read(min(length, 1 << 16))
                if not chunk:
                    break
                self.wfile.write(chunk)
                length -= len(chunk)

    def _events(self, query: str) -> None:
        """Server-sent events: one `build` event when a build newer than the page's finishes. The wait
        is the listeners' thread's, not this worker's."""
        try:
            since = int(parse_qs(query).get("since", ["0"])[0])
        except ValueError:
            since = 0
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.flush()
        self.kept = True
        self.server.listeners.add(self.connection, since)


class _Listeners:
    """Open pages waiting for a rebuild, served by one thread: each gets its `build` event, or a
    comment now and then that keeps the connection open and notices a closed tab."""

    def __init__(self, status: BuildStatus) -> None:
        self.status = status
        self.lock = threading.Lock()
        self.waiting: list[tuple[socket.socket, int]] = []

    def add(self, connection: socket.socket, since: int) -> None:
        with self.lock:
            self.waiting.append((connection, since))
            while len(self.waiting) > MAX_LISTENERS:
                _close(self.waiting.pop(0)[0])
        with self.status.changed:
            self.status.changed.notify_all()  # a build may have finished already: answer at once

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            with self.status.changed:
                self.status.changed.wait(timeout=PING_SECONDS)
                generation, error = self.status.generation, self.status.error
            with self.lock:
                waiting, self.waiting = self.waiting, []
            kept = []
            for connection, since in waiting:
                if generation > since:
                    payload = json.dumps({"generation": generation, "error": error})
                    _send_quietly(connection, f"event: build\ndata: {payload}\n\n".encode("utf-8"))
                    _close(connection)
                elif _send_quietly(connection, b": waiting\n\n"):
                    kept.append((connection, since))
                else:
                    _close(connection)
            with self.lock:
                self.waiting = kept + self.waiting
        with self.lock:
            for connection, _ in self.waiting:
                _close(connection)


def _send_quietly(connection: socket.socket, data: bytes) -> bool:
    try:
        connection.settimeout(2)
        connection.sendall(data)
        return True
    except OSError:
        return False


def _close(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()


class _Server:
    """Accepts connections and hands each to a worker thread only once its request begins to arrive;
    a connection that sends nothing is closed after IDLE_SECONDS, and at most MAX_WAITING wait."""

    def __init__(self, output: Path, status: BuildStatus, host: str, port: int) -> None:
        self.output = output
        self.status = status
        self.listeners = _Listeners(status)
        self.socket = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.socket.setblocking(False)
        self.server_address = self.socket.getsockname()
        self.pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="serve")
        self.stop = threading.Event()

    def find(self, url_path: str) -> Path | str | None:
        """The file under output/ a URL path names; a folder's index.html; a str to redirect to when a
        folder is asked for without its slash; None when there is no such file inside output/."""
        parts = [p for p in url_path.split("/") if p not in ("", ".")]
        if ".." in parts or any("\\" in p for p in parts):
            return None
        try:
            root = self.output.resolve(strict=True)
            real = root.joinpath(*parts).resolve(strict=True)
            if not real.is_relative_to(root):  # a link out of output/
                return None
            if real.is_dir():
                if not url_path.endswith("/"):
                    return url_path + "/"
                real = (real / "index.html").resolve(strict=True)
                if not real.is_relative_to(root):
                    return None
            return real if real.is_file() else None
        except (OSError, RuntimeError, ValueError):  # missing, a loop of links, a name too long
            return None

    def serve(self) -> None:
        """Run until `stop` is set."""
        selector = selectors.DefaultSelector()
        selector.register(self.socket, selectors.EVENT_READ, None)
        waiting: dict[socket.socket, float] = {}
        try:
            while not self.stop.is_set():
                for key, _ in selector.select(timeout=0.5):
                    if key.data is None:
                        self._accept(selector, waiting)
                    else:
                        connection = key.fileobj
                        assert isinstance(connection, socket.socket)
                        selector.unregister(connection)
                        del waiting[connection]
                        try:
                            self.pool.submit(self._handle, connection, key.data)
                        except RuntimeError:  # closing: the pool takes no more work
                            _close(connection)
                            return
                cutoff = time.monotonic() - IDLE_SECONDS
                for connection in [c for c, since in waiting.items() if since < cutoff]:
                    selector.unregister(connection)
                    del waiting[connection]
                    _close(connection)
        finally:
            for connection in waiting:
                _close(connection)
            selector.close()

    def _accept(self, selector: selectors.BaseSelector, waiting: dict[socket.socket, float]) -> None:
        try:
            connection, address = self.socket.accept()
        except BlockingIOError:
            return
        except OSError as error:  # out of file descriptors, say: wait a little rather than spin
            log.debug("serve: cannot accept a connection: %s", error)
            time.sleep(0.05)
            return
        connection.setblocking(True)
        if len(waiting) >= MAX_WAITING:
            oldest = min(waiting, key=waiting.__getitem__)
            selector.unregister(oldest)
            del waiting[oldest]
            _close(oldest)
        waiting[connection] = time.monotonic()
        selector.register(connection, selectors.EVENT_READ, address)

    def _handle(self, connection: socket.socket, address: tuple) -> None:
        """Answer one request; whatever goes wrong is logged, never the end of the server."""
        handler = None
        try:
            handler = _Handler(connection, address, self)  # type: ignore[arg-type]
        except (ConnectionError, TimeoutError, socket.timeout):
            pass  # the browser went away, or sent nothing in time
        except Exception as error:  # noqa: BLE001 - any fault in one request must leave the server up
            log.error("serve: a request failed: %s: %s", type(error).__name__, error)
            log.debug("serve: the request's traceback", exc_info=True)
            try:
                connection.sendall(b"HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
        finally:
            if handler is None or not handler.kept:
                _close(connection)

    def close(self) -> None:
        self.stop.set()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.socket.close()


class _Changes(FileSystemEventHandler):
    """Marks that something the site is made of may have changed (watchdog's reports of files
    opened or read are no change)."""

    def __init__(self) -> None:
        self.pending = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in QUIET_EVENTS:
            self.pending.set()


def watched_paths(site: Path) -> list[Path]:
    """What a change to triggers a rebuild: content/, themes/ and site_config.yaml."""
    return [site / "content", site / "themes", site / "site_config.yaml"]


def sources_fingerprint(site: Path) -> str:
    """Every watched file's name, size and modification time: what a real change changes, and a read
    (or a file's access time) never does."""
    sha = hashlib.sha256()
    ledger = str(site / ANCHOR_LEDGER)
    for path in watched_paths(site):
        for folder, dirs, names in os.walk(path) if path.is_dir() else [(str(path.parent), [], [path.name])]:
            dirs.sort()
            for name in sorted(names):
                if os.path.join(folder, name) == ledger:
                    continue  # the build's own writing: it must not start another
                try:
                    found = os.lstat(os.path.join(folder, name))
                except OSError:
                    continue
                sha.update(f"{folder}/{name}\0{found.st_size}\0{found.st_mtime_ns}\n".encode("utf-8", "replace"))
    return sha.hexdigest()


def _safely(rebuild: Callable[[], str | None]) -> str | None:
    """Run a build; an error it did not foresee is reported like any other, and the server goes on."""
    try:
        return rebuild()
    except Exception as error:  # noqa: BLE001 - the preview must outlive any build
        log.error("build failed unexpectedly: %s: %s", type(error).__name__, error)
        log.debug("the build's traceback", exc_info=True)
        return f"build failed unexpectedly: {type(error).__name__}: {error}"


def serve(site: Path, output: Path, rebuild: Callable[[], str | None], host: str = "127.0.0.1", port: int = 8000,
          ready: Callable[[str], None] | None = None, stop: threading.Event | None = None,
          status: BuildStatus | None = None) -> None:
    """Serve `output` and call `rebuild` (which returns an error text or None) after every change."""
    status = status or BuildStatus()
    seen = sources_fingerprint(site)
    status.record(_safely(rebuild))
    server = _Server(output, status, host, port)
    changes = _Changes()
    observer = Observer()
    scheduled = set()
    for path in watched_paths(site):
        target = path if path.is_dir() else path.parent  # a file, or a folder yet to be made: its parent
        if target not in scheduled:
            scheduled.add(target)
            observer.schedule(changes, str(target), recursive=path.is_dir())
    observer.start()
    threads = [threading.Thread(target=server.serve, daemon=True, name="serve-accept"),
               threading.Thread(target=server.listeners.run, args=(server.stop,), daemon=True, name="serve-events")]
    for thread in threads:
        thread.start()
    address = server.server_address[0]
    shown = f"[{address}]" if ":" in address else address
    if ready:
        ready(f"http://{shown}:{server.server_address[1]}/")
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            if changes.pending.wait(timeout=0.5):
                time.sleep(SETTLE_SECONDS)
                changes.pending.clear()
                now = sources_fingerprint(site)
                if now == seen:
                    continue  # only reads, or a save that put back the same file
                seen = now
                status.record(_safely(rebuild))
    finally:
        observer.stop()
        server.close()
        with status.changed:
            status.changed.notify_all()
        for thread in threads:
            thread.join(timeout=5)
        observer.join(timeout=5)
