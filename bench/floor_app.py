"""The floor: the ceiling plus the per-request work the rulebook and issue 7 require.

Not a budget line: it shows how close a hand-written app can get once it does what
the baked app must do on every request, with the cheapest code for each step. On
top of ``ceiling_app``: no cookie session, a request id, the four security headers,
one JSON access-log line (python-json-logger's orjson formatter, to stderr like the
bake), Flask-Limiter (``RATELIMIT_DEFAULT`` per route, rate-limit headers, ``/healthz``
left out by a request filter) and a check of one column that refuses a deactivated or
deleted account on every token, and JSON through orjson (flask-orjson), each the
cheapest form the bake could use. No schemas, no envelopes beyond the ceiling's, no
ETag, no OpenAPI. Served by gunicorn as ``floor_app:app``.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import time
import uuid
from typing import Any

from ceiling_app import Base, app, db
from flask import Flask, Request, Response, g, jsonify, request
from flask.sessions import SessionInterface, SessionMixin
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_orjson import OrjsonProvider
from pythonjsonlogger.orjson import OrjsonFormatter
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Mapped, mapped_column

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("Referrer-Policy", "no-referrer"),
)
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
access_log = logging.getLogger("app.access")


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    is_active: Mapped[bool]


class NoSession(SessionInterface):
    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        return None

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        return None


IS_ACTIVE = select(User.is_active).where(User.id == bindparam("user_id"))


def load_user(_header: dict[str, Any], claims: dict[str, Any]) -> uuid.UUID | None:
    user_id = uuid.UUID(claims["sub"])
    is_active = db.session.connection().execute(IS_ACTIVE, {"user_id": user_id}).scalar()
    return user_id if is_active else None


def assign_request_id() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)
    g.request_started = time.perf_counter()


def finish(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    headers.extend([header for header in SECURITY_HEADERS if header[0].lower() not in present])
    headers["X-Request-ID"] = g.request_id
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


def healthz() -> tuple[Response, int]:
    return jsonify(data={"status": "ok"}), 200


FIELDS = ["asctime", "levelname", "name", "message"]
handler = logging.StreamHandler()
RENAMED = {"asctime": "time", "levelname": "level"}
handler.setFormatter(OrjsonFormatter(FIELDS, rename_fields=RENAMED))
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.INFO)

app.json = OrjsonProvider(app)
app.session_interface = NoSession()
app.extensions["flask-jwt-extended"].user_lookup_loader(load_user)
limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[os.environ.get("RATELIMIT_DEFAULT", "300 per minute")],
    storage_uri="memory://",
    headers_enabled=True,
)
app.before_request(assign_request_id)
app.after_request(finish)
limiter.request_filter(lambda: request.endpoint == "healthz")
limiter.init_app(app)
app.add_url_rule("/healthz", view_func=healthz, methods=["GET"])
