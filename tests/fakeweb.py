"""A real HTTP server on 127.0.0.1 for the scraper tests, serving fixtures and injecting faults.

Each route answers with a list of replies, one per request (the last one repeats), so
"500 then 200" is two replies. Faults (sources.md §7): a slow reply, a connection reset,
a truncated body, any status and header (429 + Retry-After, 403, redirects), any bytes.
Every request is recorded with its headers, so tests can check what the scraper sent.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

EXAMPLES = Path(__file__).resolve().parent.parent / "ingest" / "examples"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0          # seconds before answering (past the client's timeout = a slow server)
    reset: bool = False         # close the connection with a TCP reset, no answer
    truncate: bool = False      # promise more bytes than are sent, then close


def example(source: str, name: str, **kw) -> Reply:
    """A reply whose body is a saved example response from ingest/examples/<source>/."""
    body = (EXAMPLES / source / name).read_bytes()
    if "content_type" not in kw:
        suffix = name.rsplit(".", 1)[-1]
        kw["content_type"] = {"json": "application/json", "xml": "application/xml", "txt": "text/plain"}.get(suffix, "text/html; charset=utf-8")
    return Reply(body=body, **kw)


class FakeWeb:
    def __init__(self):
        self.routes: list[tuple[str, dict, list[Reply]]] = []
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query))
                with web.lock:
                    web.requests.append({"path": parts.path, "query": query, "headers": dict(self.headers)})
                    reply = web.pick(parts.path, query)
                if reply is None:
                    reply = Reply(404, b"<html><body><h1>Page not found</h1></body></html>")
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.reset:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                length = len(reply.body) + (1000 if reply.truncate else 0)
                self.send_header("Content-Length", str(length))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.truncate:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                if reply.truncate:
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def route(self, path: str, *replies: Reply, query: dict | None = None) -> "FakeWeb":
        """Answer GET path (whose query holds `query`) with these replies in turn; later routes win."""
        with self.lock:
            self.routes.insert(0, (path, {k: str(v) for k, v in (query or {}).items()}, list(replies)))
        return self

    def pick(self, path: str, query: dict) -> Reply | None:
        for route_path, want, replies in self.routes:
            if route_path == path and all(query.get(k) == v for k, v in want.items()):
                return replies.pop(0) if len(replies) > 1 else replies[0]
        return None

    def hits(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
