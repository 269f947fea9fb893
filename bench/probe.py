"""In-process probe of a baked project: seed posts, then count SQL queries per request.

Run with the baked project's directory as the working directory and on
``PYTHONPATH``, and its settings in the environment:
``python probe.py EMAIL PASSWORD ROWS``. Through the app's own API (Flask's test
client) it signs in as EMAIL and creates ROWS posts, then prints one JSON object:
the SQL queries each read sends (counted by a ``before_cursor_execute`` listener
on every engine; the ``BEGIN`` the app sends SQLite is not a query) and the id of
a post.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from sqlalchemy import Engine, event

READS = {
    "list_10": "/api/v1/posts?per_page=10",
    "list_100": "/api/v1/posts?per_page=100",
    "single": "/api/v1/posts/{post_id}",
}


def main(email: str, password: str, rows: int) -> dict[str, Any]:
    app = importlib.import_module("app").create_app()
    client = app.test_client()
    login = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    expect(login, 200)
    headers = {"Authorization": f"Bearer {login.get_json()['data']['access_token']}"}
    post_id = ""
    for number in range(rows):
        body = {"name": f"Post {number}", "description": f"Body of post {number}. " * 8}
        created = client.post("/api/v1/posts", json=body, headers=headers)
        expect(created, 201)
        post_id = created.get_json()["data"]["id"]

    statements: list[str] = []

    def count(*args: Any) -> None:
        if not args[2].startswith("BEGIN"):  # SQLite's transactions, begun by the app
            statements.append(args[2])

    event.listen(Engine, "before_cursor_execute", count)
    queries: dict[str, int] = {}
    for name, path in READS.items():
        statements.clear()
        expect(client.get(path.format(post_id=post_id), headers=headers), 200)
        queries[name] = len(statements)
    return {"queries": queries, "post_id": post_id}


def expect(response: Any, status: int) -> None:
    if response.status_code != status:
        raise SystemExit(
            f"{response.request.path} answered {response.status_code}: {response.text}"
        )


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
