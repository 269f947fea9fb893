"""App-wide request hooks: a request id, security headers, one access-log line."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, current_app, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# Accept a caller's id only if it is safe to echo and to log.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

# The API serves JSON only: nothing may frame it, run scripts from it or sniff it.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}

access_log = logging.getLogger("app.access")


def register_middleware(app: Flask) -> None:
    """Run the hooks below around every request."""
    app.before_request(assign_request_id)
    app.after_request(add_security_headers)
    app.after_request(log_request)


def assign_request_id() -> None:
    """Reuse the caller's ``X-Request-ID`` or make a new one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def add_security_headers(response: Response) -> Response:
    for header, value in SECURITY_HEADERS.items():
        response.headers.setdefault(header, value)
    if hsts_seconds := current_app.config["HSTS_SECONDS"]:
        response.headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}; includeSubDomains"
    return response


def log_request(response: Response) -> Response:
    """Echo the request id and write the access-log line."""
    response.headers[REQUEST_ID_HEADER] = g.request_id
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
    return response
