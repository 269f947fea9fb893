"""What the probes answer, for the OpenAPI document (the routes build these bodies)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok"]))


class ReadinessSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ready"]))
    checks = fields.Dict(
        keys=fields.String(),
        values=fields.String(validate=validate.OneOf(["ok", "unavailable"])),
        required=True,
    )
