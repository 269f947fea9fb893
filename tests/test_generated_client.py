"""A typed Python client generated from a bake's openapi.json by openapi-python-client
reads as the bake's code does (one module per operation, named after its handler)
and drives the whole flow against the bake served by gunicorn on 127.0.0.1, every
answer, errors included, parsed into a model of the client. A bake whose domain has
filters lists through the client's typed keyword parameters: filters, search, sort, a
numbered page and a walk by cursor."""

from __future__ import annotations

import importlib
import inspect
import shutil
import sys
import uuid
from pathlib import Path
from types import GenericAlias, ModuleType
from typing import Any

from tests.helpers import TEMPLATE_DIR, BakeVariant, clean_env, run_ok
from tests.served import gunicorn, migrate, production_env

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PASSWORD = "correct horse battery"
# What the default bake's posts are called in the client: one module per handler.
EXPECTED_MODULES = {
    "auth": {
        "change_password",
        "end_session",
        "list_signed_in_sessions",
        "login",
        "logout",
        "refresh",
        "register",
        "request_password_reset",
        "reset_password",
    },
    "posts": {
        "create_post",
        "delete_post",
        "get_post",
        "list_posts",
        "replace_post",
        "update_post",
    },
}
# A domain that filters each kind of field the client types differently: a string
# (equality and a list), a nullable decimal and an integer (ranges); `q` searches title.
FILTERED_DOMAIN = "products(title:str filter, price:decimal? filter, stock:int=0 filter)"
# title, price, stock. Every stock differs, so `-stock` orders the rows one way only.
PRODUCTS = (
    ("Apple", 1.5, 3),
    ("Pineapple", None, 0),
    ("Banana", 2.25, 1),
    ("Cherry pie", 10.0, 5),
    ("Date", 7.0, 2),
    ("Elderberry", 0.99, 8),
    ("Fig", 4.0, 6),
)


def generate_client(project: Path, output: Path) -> ModuleType:
    """Write the bake's OpenAPI document, generate a client package from it, import it."""
    env = clean_env(PATH=f"{GENERATOR.parent}:{clean_env().get('PATH', '')}")
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "openapi", "write", "openapi.json"]
    run_ok(flask, project, env)
    generate: list[str | Path] = [
        GENERATOR,
        "generate",
        "--path",
        "openapi.json",
        "--output-path",
        output,
    ]
    run_ok([*generate, "--meta", "none"], project, env)
    sys.path.insert(0, str(output.parent))
    try:
        return importlib.import_module(output.name)
    finally:
        sys.path.remove(str(output.parent))


def operation(package: ModuleType, tag: str, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.api.{tag}.{name}")


def model(package: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{package.__name__}.models"), name)


def keyword_types(function: Any) -> dict[str, Any]:
    """The annotation of each keyword-only parameter of a generated function but client."""
    parameters = inspect.signature(function).parameters.values()
    return {
        parameter.name: parameter.annotation
        for parameter in parameters
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.name != "client"
    }


def sign_in(client: ModuleType, base_url: str, **httpx_args: Any) -> Any:
    """Register a new account and sign in: an authenticated client of the package."""
    anonymous = client.Client(base_url=base_url)
    credentials = {"email": f"ada-{uuid.uuid4().hex[:6]}@example.com", "password": PASSWORD}
    register = operation(client, "auth", "register")
    signed_up = register.sync_detailed(
        client=anonymous, body=model(client, "CreateUser")(**credentials)
    )
    assert (signed_up.status_code, type(signed_up.parsed).__name__) == (201, "UserResponseEnvelope")
    login = operation(client, "auth", "login")
    tokens = login.sync(client=anonymous, body=model(client, "Login")(**credentials)).data
    return client.AuthenticatedClient(
        base_url=base_url, token=tokens.access_token, httpx_args=httpx_args
    )


def test_a_generated_client_drives_the_served_bake(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = Path(shutil.copytree(bake_variant("default"), tmp_path / "project"))
    package = generate_client(project, tmp_path / f"client_{uuid.uuid4().hex[:8]}")
    generated = {
        tag: {
            path.stem
            for path in (Path(str(package.__file__)).parent / "api" / tag).glob("[!_]*.py")
        }
        for tag in EXPECTED_MODULES
    }
    assert generated == EXPECTED_MODULES
    filters = keyword_types(operation(package, "posts", "list_posts").sync)
    unset = importlib.import_module(f"{package.__name__}.types").Unset
    assert (filters["name"], filters["name_in"]) == (str | unset, list[str] | unset)

    env = production_env(f"sqlite:///{tmp_path / 'app.db'}")
    migrate(project, env)
    with gunicorn(project, env, workers=2) as server:
        drive(package, server.base_url)


def drive(client: ModuleType, base_url: str) -> None:
    """Register, sign in, then create, list, read, change (with If-Match, then with a
    stale one: 412), send a bad body (422), go without a token (401), delete, and read
    what was deleted (404)."""
    envelope = model(client, "ErrorEnvelope")
    anonymous = client.Client(base_url=base_url)
    user = sign_in(client, base_url)

    create = operation(client, "posts", "create_post")
    created = create.sync_detailed(client=user, body=model(client, "CreatePost")(name="First"))
    assert (created.status_code, type(created.parsed).__name__) == (201, "PostResponseEnvelope")
    post_id = created.parsed.data.id
    listed = operation(client, "posts", "list_posts").sync(client=user)
    assert [post.id for post in listed.data] == [post_id]
    assert listed.meta.total == 1
    get = operation(client, "posts", "get_post")
    read = get.sync_detailed(post_id, client=user)
    etag = read.headers["ETag"]

    update = operation(client, "posts", "update_post")
    changes = model(client, "UpdatePostPartial")(name="Second")
    changed = update.sync_detailed(post_id, client=user, body=changes, if_match=etag)
    assert (changed.status_code, changed.parsed.data.name) == (200, "Second")
    stale = update.sync_detailed(post_id, client=user, body=changes, if_match=etag)
    assert (stale.status_code, stale.parsed.error.code) == (412, "precondition_failed")
    assert isinstance(stale.parsed, envelope)
    bad = create.sync_detailed(client=user, body=model(client, "CreatePost")(name=""))
    assert (bad.status_code, isinstance(bad.parsed, envelope)) == (422, True)
    assert "name" in bad.parsed.error.details.additional_properties
    unauthenticated = get.sync_detailed(post_id, client=anonymous)
    assert (unauthenticated.status_code, unauthenticated.parsed.error.code) == (
        401,
        "token_missing",
    )

    delete = operation(client, "posts", "delete_post")
    deleted = delete.sync_detailed(post_id, client=user, if_match=changed.headers["ETag"])
    assert deleted.status_code == 204
    gone = get.sync_detailed(post_id, client=user)
    assert (gone.status_code, gone.parsed.error.code) == (404, "not_found")


def test_a_generated_client_filters_sorts_and_pages_a_list(cookies: Any, tmp_path: Path) -> None:
    baked = cookies.bake(extra_context={"domains": FILTERED_DOMAIN}, template=str(TEMPLATE_DIR))
    assert baked.exception is None, f"baking failed: {baked.exception!r}"
    package = generate_client(Path(baked.project_path), tmp_path / f"client_{uuid.uuid4().hex[:8]}")
    # Each filter is a typed keyword of the list, named as the contract spells it
    # (`title__in` -> title_in); the decimal is a JSON number, so a float.
    unset = importlib.import_module(f"{package.__name__}.types").Unset
    sort_item = model(package, "ListProductsSortItem")
    assert keyword_types(operation(package, "products", "list_products").sync) == {
        "page": int | unset,
        "per_page": int | unset,
        "cursor": str | unset,
        "sort": GenericAlias(list, sort_item) | unset,
        "q": str | unset,
        "title": str | unset,
        "title_in": list[str] | unset,
        "price": float | unset,
        "price_gte": float | unset,
        "price_lte": float | unset,
        "stock": int | unset,
        "stock_gte": int | unset,
        "stock_lte": int | unset,
        "stock_in": list[int] | unset,
    }
    # The nullable price filters but does not sort.
    keys = {"title", "stock", "created_at"}
    assert {item.value for item in sort_item} == keys | {f"-{key}" for key in keys}

    env = production_env(f"sqlite:///{tmp_path / 'app.db'}")
    migrate(Path(baked.project_path), env)
    with gunicorn(Path(baked.project_path), env, workers=2) as server:
        filter_and_walk(package, server.base_url)


def filter_and_walk(client: ModuleType, base_url: str) -> None:
    """Create the products, then list them by each filter, by `q`, sorted, by numbered
    page and by cursor to the end; a malformed filter or cursor is a 422 the client parses."""
    sent: list[Any] = []  # each request as httpx built it, to read its query string
    user = sign_in(client, base_url, event_hooks={"request": [sent.append]})
    create = operation(client, "products", "create_product")
    product = model(client, "CreateProduct")
    titles: dict[uuid.UUID, str] = {}
    for title, price, stock in PRODUCTS:
        created = create.sync(client=user, body=product(title=title, price=price, stock=stock))
        titles[created.data.id] = title
        # The decimal goes out a JSON number (a float) and comes back a string.
        assert created.data.price == (None if price is None else f"{price:.2f}")

    list_products = operation(client, "products", "list_products")
    listing = model(client, "ProductResponseListingEnvelope")
    envelope = model(client, "ErrorEnvelope")
    sort_item = model(client, "ListProductsSortItem")

    def listed(**query: Any) -> list[str]:
        answer = list_products.sync(client=user, per_page=100, **query)
        assert isinstance(answer, listing), answer
        return [row.title for row in answer.data]

    assert listed(title="Apple") == ["Apple"]
    assert sorted(listed(title_in=["Banana", "Fig", "Kiwi"])) == ["Banana", "Fig"]
    assert sent[-1].url.params.get_list("title__in") == ["Banana", "Fig", "Kiwi"]
    assert sorted(listed(stock_in=[0, 5])) == ["Cherry pie", "Pineapple"]
    assert sorted(listed(price_gte=2.25, price_lte=7.0)) == ["Banana", "Date", "Fig"]
    assert sorted(listed(stock_gte=5)) == ["Cherry pie", "Elderberry", "Fig"]
    assert sorted(listed(q="APPLE")) == ["Apple", "Pineapple"]
    assert listed(q="apple", price_gte=1.0) == ["Apple"]  # a null price is in no range

    # `sort` is a form array with explode: false (`sort=-stock,title`), but the client
    # sends one `sort=` an item, as if exploded: the same query for one key only. (With
    # two, `sort=-stock&sort=title`, the server reads the first and drops the other.)
    everything = sorted(title for title, _, _ in PRODUCTS)
    assert listed(sort=[sort_item("-title")]) == everything[::-1]
    assert sent[-1].url.params.get_list("sort") == ["-title"]

    page = list_products.sync(client=user, sort=[sort_item("title")], per_page=3, page=2)
    assert [row.title for row in page.data] == everything[3:6]
    assert (page.meta.page, page.meta.per_page, page.meta.total, page.meta.pages) == (2, 3, 7, 3)
    assert isinstance(page.meta.next_cursor, str)

    by_stock = [sort_item("-stock")]
    seen: list[uuid.UUID] = []
    sizes: list[int] = []
    cursor: dict[str, str] = {}  # page 1, then each page's next_cursor
    while True:
        answer = list_products.sync(client=user, sort=by_stock, per_page=3, **cursor)
        assert isinstance(answer, listing), answer
        if cursor:
            assert (answer.meta.page, answer.meta.total, answer.meta.pages) == (None, None, None)
        seen += [row.id for row in answer.data]
        sizes.append(len(answer.data))
        if answer.meta.next_cursor is None:
            break
        last_cursor = answer.meta.next_cursor
        cursor = {"cursor": last_cursor}
    assert sizes == [3, 3, 1]
    assert len(seen) == len(set(seen)) == len(titles)  # each row once
    assert set(seen) == set(titles)
    descending_stock = sorted(PRODUCTS, key=lambda row: row[2], reverse=True)
    assert [titles[row_id] for row_id in seen] == [title for title, _, _ in descending_stock]

    for query, field in [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": last_cursor, "sort": [sort_item("title")]}, "cursor"),  # made for -stock
        ({"cursor": last_cursor, "sort": by_stock, "page": 2}, "cursor"),
        ({"price_gte": float("nan")}, "price__gte"),
        ({"stock_lte": 2**31}, "stock__lte"),
    ]:
        refused = list_products.sync_detailed(client=user, **query)
        assert (refused.status_code, isinstance(refused.parsed, envelope)) == (422, True), query
        assert refused.parsed.error.code == "validation_error"
        assert list(refused.parsed.error.details.additional_properties) == [field]
