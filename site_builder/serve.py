"""Serve the built site on 127.0.0.1 under a sub-path (e.g. /beleid/), as a static host would."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corpus import CorpusError


def normalise_base(base: str) -> str:
    return "/" + base.strip("/") + "/" if base.strip("/") else "/"


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the site under `base`; everything else is 404 (the site's own 404.html)."""

    base = "/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".pf_meta": "application/octet-stream"}

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.base):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + clean[len(self.base):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def make_server(out: Path, port: int = 8000, base: str = "/") -> http.server.ThreadingHTTPServer:
    """A server for `out` under `base` on 127.0.0.1 (port 0 picks a free port); call serve_forever()."""
    handler = type("Handler", (SubPathHandler,), {"base": normalise_base(base)})
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(out)))


@contextmanager
def served(out: Path, base: str = "/") -> Iterator[str]:
    """The site served on a free port from a daemon thread while the block runs; yields its URL."""
    server = make_server(out, 0, base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{normalise_base(base)}"
    finally:
        server.shutdown()
        server.server_close()


def serve(out: Path, port: int = 8000, base: str = "/") -> int:
    if not (out / "index.html").is_file():
        raise CorpusError(out, "no built site here (no index.html); build it with python build.py, or name it with --out", field="--out")
    try:
        server = make_server(out, port, base)
    except OSError as err:
        raise CorpusError(f"127.0.0.1:{port}", f"cannot serve on this port ({err.strerror}); choose another with --port",
                          field="--port") from None
    print(f"Serving {out} at http://127.0.0.1:{server.server_address[1]}{normalise_base(base)} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
