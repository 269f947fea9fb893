"""The ceiling: the baked app's two post reads, hand-written in one file with no layers.

Same libraries (Flask-SQLAlchemy, flask-jwt-extended, itsdangerous), same database
file and secrets (``DATABASE_URL``, ``JWT_SECRET_KEY``, ``SECRET_KEY``), so a token
from the baked app's login works here, and the same JSON bodies, the list's signed
``next_cursor`` included. Per request: decode the token, query, jsonify.
Served by gunicorn as ``ceiling_app:app``.
"""

from __future__ import annotations

import math
import os
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_jwt_extended import JWTManager, verify_jwt_in_request
from flask_sqlalchemy import SQLAlchemy
from itsdangerous import URLSafeSerializer
from sqlalchemy import DateTime, String, Text, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


db = SQLAlchemy(model_class=Base)
app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]
db.init_app(app)
JWTManager(app)
cursors = URLSafeSerializer(os.environ["SECRET_KEY"], salt="list-cursor")


def utc(value: datetime) -> str:
    """SQLite hands back naive datetimes; the baked app shows them as UTC."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def as_json(post: Post) -> dict[str, Any]:
    return {
        "id": str(post.id),
        "name": post.name,
        "description": post.description,
        "owner_id": str(post.owner_id),
        "created_at": utc(post.created_at),
        "updated_at": utc(post.updated_at),
    }


@app.get("/api/v1/posts/<uuid:post_id>")
def get_post(post_id: uuid.UUID) -> tuple[Response, int]:
    verify_jwt_in_request()
    post = db.session.get(Post, post_id)
    if post is None:
        return jsonify(error={"code": "not_found"}), 404
    return jsonify(data=as_json(post)), 200


@app.get("/api/v1/posts")
def list_posts() -> tuple[Response, int]:
    verify_jwt_in_request()
    page = max(int(request.args.get("page", 1)), 1)
    per_page = min(max(int(request.args.get("per_page", 20)), 1), 100)
    query = select(Post).order_by(Post.created_at.desc(), Post.id.desc())
    posts = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    total = db.session.scalar(select(func.count()).select_from(Post)) or 0
    pages = math.ceil(total / per_page)
    next_cursor = None
    if page < pages and posts:
        after = [utc(posts[-1].created_at), str(posts[-1].id)]
        next_cursor = cursors.dumps({"sort": ["-created_at"], "after": after})
    meta: dict[str, object] = {"page": page, "per_page": per_page, "total": total, "pages": pages}
    meta["next_cursor"] = next_cursor
    return jsonify(data=[as_json(post) for post in posts], meta=meta), 200
