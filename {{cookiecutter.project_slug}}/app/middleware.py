"""App-wide request handling: a request id, security headers, one access-log line,
and the body limit held for chunked bodies too.

Everything here runs on every request, so it is kept cheap: no cookie session, the
security headers added in one pass, the log line built from values already at hand.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import IO, cast

from flask import Flask, Request, Response, current_app, g, request
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream

# Requests by these methods only read; every other method may write.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REQUEST_ID_HEADER = "X-Request-ID"
# Accept a caller's id only if it is safe to echo and to log.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

# The API serves JSON only: nothing may frame it, run scripts from it or sniff it.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("Referrer-Policy", "no-referrer"),
)

access_log = logging.getLogger("app.access")


class StatelessSessionInterface(SessionInterface):
    """No cookie session: clients authenticate with Bearer tokens on every request.

    Flask's default signs and verifies a session cookie around every request; here
    ``session`` is Flask's null session, which refuses writes.
    """

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        return None

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        return None


class BodyLimitedRequest(Request):
    """Flask's request, with ``MAX_CONTENT_LENGTH`` held for a chunked body too.

    A chunked body has no Content-Length to refuse up front. Werkzeug reads it up
    to the limit and silently stops there, so the JSON, cut short, would fail as
    malformed (400) instead of too large (413).
    """

    @cached_property
    def stream(self) -> IO[bytes]:
        limit = self.max_content_length
        server_ends_body = "wsgi.input_terminated" in self.environ
        if self.content_length is None and limit is not None and server_ends_body:
            return cast(IO[bytes], CappedStream(self.environ["wsgi.input"], limit))
        return super().stream


class CappedStream(LimitedStream):
    """A body of unknown length, read up to ``limit`` bytes: one byte more is a 413.

    Werkzeug's stream already refuses a read past the limit; only ``readall`` (what
    ``get_data`` and ``get_json`` use) stops at the limit without looking further.
    """

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        super().__init__(stream, limit, is_max=True)

    def readall(self) -> bytes:
        body = super().readall()
        if self.is_exhausted and self._stream.read(1):
            raise RequestEntityTooLarge
        return body


def register_middleware(app: Flask) -> None:
    """Run the hooks below around every request."""
    app.request_class = BodyLimitedRequest
    app.session_interface = StatelessSessionInterface()
    app.before_request(assign_request_id)
    app.after_request(finish_response)


def assign_request_id() -> None:
    """Reuse the caller's ``X-Request-ID`` or make a new one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)
    g.request_started = time.perf_counter()


def finish_response(response: Response) -> Response:
    """Add the security headers and the request id, then write the access-log line."""
    add_security_headers(response)
    response.headers[REQUEST_ID_HEADER] = g.request_id
    if access_log.isEnabledFor(logging.INFO):
        log_request(response)
    return response


def add_security_headers(response: Response) -> None:
    """Add each security header the view has not set itself (Swagger UI sets its own CSP)."""
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    headers.extend([header for header in SECURITY_HEADERS if header[0].lower() not in present])
    if hsts_seconds := current_app.config["HSTS_SECONDS"]:
        headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}; includeSubDomains"


def log_request(response: Response) -> None:
    access_log.info(
        "request",
        extra={
            "request_id": g.request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 2),
        },
    )
