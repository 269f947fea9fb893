"""Liveness probe for load balancers and orchestrators."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from app.extensions import limiter

bp = Blueprint("health", __name__)
limiter.exempt(bp)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Say the process is up and serving requests."""
    return jsonify(data={"status": "ok"}), 200
