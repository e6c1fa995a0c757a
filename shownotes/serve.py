"""`build.py serve`: a preview server that rebuilds on every change and reloads open pages.

The built files are served as they are; only the copy sent to the browser gets a small
script that listens for rebuilds (and a banner when the last build failed), so output/
stays exactly what a publish would upload.
"""
from __future__ import annotations

import html
import http.server
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger(__name__)

EVENTS_PATH = "/__shownotes/events"
# Waits for a burst of saves (an editor writes a temp file, renames, touches) before rebuilding.
SETTLE_SECONDS = 0.2
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


@dataclass
class BuildStatus:
    """The outcome of the latest build, shared between the watcher and the request handlers."""

    generation: int = 0
    error: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def record(self, error: str | None) -> None:
        with self.changed:
            self.generation += 1
            self.error = error
            self.changed.notify_all()


class _Handler(http.server.SimpleHTTPRequestHandler):
    status: BuildStatus

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        log.debug("serve: " + format, *args)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.startswith(EVENTS_PATH):
            self._events()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._page(path)
            return
        super().do_GET()

    def _page(self, path: Path) -> None:
        """An HTML page, with the reload script and, after a failed build, the error."""
        text = path.read_text(encoding="utf-8")
        extra = RELOAD_SCRIPT % (EVENTS_PATH, self.status.generation)
        if self.status.error:
            extra = ERROR_BANNER % html.escape(self.status.error) + extra
        body = (text.replace("</body>", extra + "</body>", 1) if "</body>" in text else text + extra).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: one `build` event when a build newer than the page's finishes."""
        since = int(self.path.partition("since=")[2] or 0)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        status = self.status
        try:
            while True:
                with status.changed:
                    status.changed.wait_for(lambda: status.generation > since, timeout=15)
                    generation, error = status.generation, status.error
                if generation > since:
                    payload = json.dumps({"generation": generation, "error": error})
                    self.wfile.write(f"event: build\ndata: {payload}\n\n".encode("utf-8"))
                    self.wfile.flush()
                    return
                self.wfile.write(b": waiting\n\n")  # keeps the connection open, and notices a closed tab
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class _Changes(FileSystemEventHandler):
    """Marks that something under the site changed (ignoring output/ and caches)."""

    def __init__(self, ignored: list[Path]) -> None:
        self.ignored = [str(p.resolve()) for p in ignored]
        self.pending = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if any(p and not any(p.startswith(ignored) for ignored in self.ignored) for p in paths):
            self.pending.set()


def watched_paths(site: Path) -> list[Path]:
    """What a change to triggers a rebuild: content/, themes/ and site_config.yaml."""
    return [site / "content", site / "themes", site / "site_config.yaml"]


def serve(site: Path, output: Path, rebuild: Callable[[], str | None], host: str = "127.0.0.1", port: int = 8000,
          ready: Callable[[str], None] | None = None, stop: threading.Event | None = None) -> None:
    """Serve `output` and call `rebuild` (which returns an error text or None) after every change."""
    status = BuildStatus()
    status.record(rebuild())
    handler = type("Handler", (_Handler,), {"status": status})
    server = http.server.ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    changes = _Changes([output, site / ".shownotes-cache"])
    observer = Observer()
    for path in watched_paths(site):
        target = path if path.is_dir() else path.parent
        observer.schedule(changes, str(target), recursive=path.is_dir())
    observer.start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://{host}:{server.server_address[1]}/"
    if ready:
        ready(url)
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            if changes.pending.wait(timeout=0.5):
                time.sleep(SETTLE_SECONDS)
                changes.pending.clear()
                status.record(rebuild())
    finally:
        observer.stop()
        server.shutdown()
        server.server_close()
        observer.join(timeout=5)
