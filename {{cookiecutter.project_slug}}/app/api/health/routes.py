"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from flask import Response, jsonify, request

from app.api import openapi
from app.api.health.schemas import HealthSchema, ReadinessSchema
from app.api.health.services import readiness
from app.errors import ServiceUnavailableError
from app.extensions import limiter

bp = openapi.Blueprint("health", __name__)


@limiter.request_filter
def is_a_probe() -> bool:
    """Probes skip the rate limiter: a filter is checked before the limiter resolves
    any limit, which it would still do for an exempt blueprint (about 15 µs)."""
    return request.blueprint == "health"


@bp.get("/healthz")
@bp.public
@bp.response(200, openapi.envelope(HealthSchema))
def healthz() -> tuple[Response, int]:
    """Say the process is up and serving requests."""
    return jsonify(data={"status": "ok"}), 200


@bp.get("/readyz")
@bp.public
@bp.response(200, openapi.envelope(ReadinessSchema))
def readyz() -> tuple[Response, int]:
    """Say whether the process can serve traffic: every backing service answers."""
    checks = readiness()
    if any(state != "ok" for state in checks.values()):
        raise ServiceUnavailableError("A backing service is unavailable.", details=checks)
    return jsonify(data={"status": "ready", "checks": checks}), 200
