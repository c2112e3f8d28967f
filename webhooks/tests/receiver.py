"""A real receiver for the webhook tests: an HTTP server on 127.0.0.1, in a
thread, that checks each delivery's signature the way a partner would (its
own few lines of hmac, not webhooks.signing) and records what it got."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    event: str
    delivery: str
    signature: str
    body: bytes
    signature_valid: bool

    @property
    def payload(self) -> Any:
        return json.loads(self.body)


def signature_valid(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """A partner's check: t within five minutes of now, v1 the HMAC-SHA256 of "t.body"."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if "t" not in fields or "v1" not in fields or not fields["t"].isdigit():
        return False
    if abs(time.time() - int(fields["t"])) > tolerance:
        return False
    expected = hmac.new(secret.encode(), fields["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


@dataclass
class Receiver:
    """Answers each POST with the next of ``answers`` (200 once they run out)."""

    secret: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                signature = self.headers.get("Jembatan-Signature", "")
                receiver.received.append(
                    Received(
                        event=self.headers.get("Jembatan-Event", ""),
                        delivery=self.headers.get("Jembatan-Delivery", ""),
                        signature=signature,
                        body=body,
                        signature_valid=signature_valid(receiver.secret, signature, body),
                    )
                )
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if code < 300 else b"receiver is down")

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
