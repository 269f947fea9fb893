"""A bare Flask hello-world: the ceiling for ``GET /healthz`` and for cold start.

Served by gunicorn as ``bare_app:app``; importing it is the bare cold start.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify

app = Flask(__name__)


@app.get("/healthz")
def healthz() -> tuple[Response, int]:
    return jsonify(data={"status": "ok"}), 200
