"""Unit tests of field specs, `posts(title:str, published:bool=false)`: how the answer
is read (scaffold/naming.py), what is refused and why, and what each type becomes
(scaffold/columns.py). Both modules are compiled here as the post-gen hook runs them.
"""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from tests.helpers import TEMPLATE_PROJECT_DIR, assert_one_problem, load_module

EVERY_TYPE = (
    "authors(name:str, bio:text?, born:date=null, age:int=0, rating:float=1.5, "
    "active:bool=true, joined:datetime?, key:uuid?, fee:decimal=2.50, extra:json?, "
    'motto:str="hi"), '
    "books(title:str, author:ref, co_author:ref(authors)?)"
)


@pytest.fixture(scope="module")
def columns() -> ModuleType:
    return load_module(TEMPLATE_PROJECT_DIR / "scaffold/columns.py")


def test_commas_inside_a_spec_do_not_split_domains(naming: ModuleType) -> None:
    raw = 'posts(title:str, tag:str="a,b"), comments(body:text, post:ref) ,, tags'
    assert naming.split_domains(raw) == ["posts", "comments", "tags"]
    assert naming.split_items(raw)[1] == "comments(body:text, post:ref)"


def test_every_type_is_parsed(naming: ModuleType) -> None:
    assert naming.domain_list_problems(EVERY_TYPE) == []
    fields = naming.domain_fields(EVERY_TYPE)
    authors = {field["name"]: field for field in fields["authors"]}
    assert {field["type"] for field in authors.values()} == set(naming.FIELD_TYPES) - {"ref"}
    assert authors["name"] == {
        "name": "name",
        "type": "str",
        "nullable": False,
        "default": None,
        "target": None,
        "filter": False,
    }
    assert authors["bio"]["nullable"]
    assert authors["born"]["nullable"]
    assert authors["born"]["default"] is None
    assert (authors["active"]["default"], authors["motto"]["default"]) == ("true", '"hi"')
    author, co_author = fields["books"][1:]
    assert (author["target"], author["nullable"]) == ("authors", False)
    assert (co_author["target"], co_author["nullable"]) == ("authors", True)


def test_filter_marks_a_field_and_private_a_domain(naming: ModuleType) -> None:
    raw = 'posts(title:str filter, motto:str="a filter", price:decimal?=1.5 filter), private notes'
    assert naming.domain_list_problems(raw) == []
    assert naming.split_domains(raw) == ["posts", "notes"]
    assert naming.private_domains(raw) == {"notes"}
    title, motto, price = naming.domain_fields(raw)["posts"]
    assert (title["type"], title["filter"]) == ("str", True)
    assert (motto["default"], motto["filter"]) == ('"a filter"', False)
    assert (price["nullable"], price["default"], price["filter"]) == (True, "1.5", True)


def test_a_private_domain_needs_users(naming: ModuleType) -> None:
    [problem] = naming.domain_list_problems("posts, private notes", owners=False)
    assert str(problem) == "domains: 'private notes' needs authentication (auth is none)."
    assert naming.domain_list_problems("posts, private notes", owners=True) == []


def test_plain_names_have_no_fields(naming: ModuleType) -> None:
    assert naming.domain_fields("posts, comments") == {"posts": [], "comments": []}


def test_a_ref_may_point_at_a_domain_the_project_already_has(naming: ModuleType) -> None:
    known = {"posts": "posts", "post": "posts"}
    assert naming.domain_list_problems("comments(post:ref)", "domain", known) == []
    assert naming.domain_fields("comments(post:ref)", known)["comments"][0]["target"] == "posts"


@pytest.mark.parametrize(
    ("domains", "named", "reason"),
    [
        ("posts(title:strr)", "'posts(title:strr)'", "unknown type 'strr' (types: str, text,"),
        ("posts(title)", "'posts(title)'", "is not name:type"),
        ("posts()", "'posts()'", "names no field"),
        ("posts(title:str", "'posts(title:str'", "unbalanced parentheses"),
        ("posts(Title:str)", "'posts(Title:str)'", "field name 'Title' that has uppercase"),
        ("posts(2nd:str)", "'posts(2nd:str)'", "field name '2nd' that starts with a digit"),
        ("posts(" + "a" * 25 + ":str)", "'posts(" + "a" * 25 + ":str)'", "longer than 24"),
        ("posts(id:uuid)", "'posts(id:uuid)'", "that is a Python builtin"),
        ("posts(class:str)", "'posts(class:str)'", "that is a Python keyword"),
        ("posts(created_at:date)", "'posts(created_at:date)'", "that every model has already"),
        ("posts(owner_id:uuid)", "'posts(owner_id:uuid)'", "that every model has already"),
        ("posts(validate:str)", "'posts(validate:str)'", "the marshmallow schema class uses"),
        ("posts(relationship:str)", "'posts(relationship:str)'", "the SQLAlchemy model class"),
        ("posts(create_batch:int)", "'posts(create_batch:int)'", "the factory_boy factory class"),
        ("posts(sa:str)", "'posts(sa:str)'", "that the generated modules import"),
        ("posts(title:str, title:text)", "'posts(title:text)'", "repeats the field 'title'"),
        ("tags, posts(tag:ref, tag_id:uuid)", "'posts(tag_id:uuid)'", "repeats the field 'tag_id'"),
        ("comments(post:ref), posts", "'comments(post:ref)'", "not a domain listed before"),
        ("posts(parent:ref(posts))", "'posts(parent:ref(posts))'", "not a domain listed before"),
        ("posts(author:ref(users))", "'posts(author:ref(users))'", "not a domain listed before"),
        ("posts(n:int(tags))", "'posts(n:int(tags))'", "gives a target domain"),
        ("posts(meta:json filter)", "'posts(meta:json filter)'", "lists cannot filter on json"),
        ("posts(page:int filter)", "'posts(page:int filter)'", "every list takes a parameter"),
        ("posts(title:str filtered)", "'posts(title:str filtered)'", "is not name:type"),
        ("posts(done:bool=no)", "'posts(done:bool=no)'", "default 'no'"),
        ("posts(n:int=1.5)", "'posts(n:int=1.5)'", "default '1.5'"),
        ("posts(title:str=x)", "'posts(title:str=x)'", "default 'x'"),
        ("posts(on:date=2024-01-01)", "'posts(on:date=2024-01-01)'", "does not fit the type"),
        ("tags, posts(tag:ref=1)", "'posts(tag:ref=1)'", "does not fit the type ref"),
    ],
)
def test_bad_field_specs_point_at_the_bad_part(
    naming: ModuleType, domains: str, named: str, reason: str
) -> None:
    assert_one_problem(naming, domains, named, reason)


def test_an_unknown_type_lists_the_types_and_no_reserved_names(naming: ModuleType) -> None:
    problems = naming.domain_list_problems("posts(title:strr, body:txt)")
    report = naming.report("Cannot bake the project:", problems)
    types = "str, text, int, float, bool, date, datetime, uuid, decimal, json, ref"
    assert f"  domains: 'posts(title:strr)' has an unknown type 'strr' (types: {types})." in report
    # The syntax once for both fields, and none of the reserved field names.
    assert report.count("Fields follow a domain in parentheses") == 1
    assert "name:type?" in report
    rules = "\n".join(line for line in report.splitlines()[1:] if not line.startswith("  "))
    reserved = set(naming.RESERVED_FIELDS) - set(naming.FIELD_TYPES)
    assert [name for name in reserved if re.search(rf"\b{name}\b", rules)] == []


@pytest.mark.parametrize(
    ("spec", "model", "load"),
    [
        ("title:str", "title: Mapped[str] = mapped_column(String(200))", "Text(required=True"),
        ("body:text?", "body: Mapped[str | None] = mapped_column(Text)", "allow_none=True"),
        ("n:int=0", "n: Mapped[int] = mapped_column(default=0)", "Integer(load_default=0"),
        ("x:float=1", "x: Mapped[float] = mapped_column(Float, default=1.0)", "Float("),
        ("on:bool=false", "on: Mapped[bool] = mapped_column(default=False)", "Boolean("),
        ("day:date", "day: Mapped[datetime.date] = mapped_column()", "fields.Date("),
        ("at:datetime", "at: Mapped[datetime.datetime]", "fields.AwareDateTime("),
        ("key:uuid", "key: Mapped[uuid.UUID] = mapped_column()", "fields.UUID("),
        ("fee:decimal=2.5", 'default=decimal.Decimal("2.5")', '"default": 2.5'),
        ("meta:json", "meta: Mapped[dict[str, Any]] = mapped_column(JSON)", "fields.Dict("),
    ],
)
def test_each_type_becomes_a_column_and_a_validating_field(
    naming: ModuleType, columns: ModuleType, spec: str, model: str, load: str
) -> None:
    field = naming.parse_field(spec)
    described = columns.describe(field)
    assert model in "\n".join(described["model"])
    assert load in "\n".join(described["load"])
    assert all(
        len(line) <= columns.LINE_LENGTH
        for key in ("model", "load", "dump", "migration")
        for line in described[key]
    )


def test_a_ref_is_an_indexed_foreign_key_with_a_relationship_and_a_sub_factory(
    naming: ModuleType, columns: ModuleType
) -> None:
    fields = naming.domain_fields("customer_support_tickets, notes(customer_support_ticket:ref?)")
    [field] = fields["notes"]
    described = columns.describe(field, naming.domain_names("customer_support_tickets"))
    model = "\n".join(described["model"])
    assert described["attribute"] == "customer_support_ticket_id"
    assert 'ForeignKey("customer_support_tickets.id", ondelete="SET NULL")' in model
    assert "index=True" in model
    assert "foreign_keys=[customer_support_ticket_id]" in "\n".join(described["relationship"])
    assert described["factory"] == [
        "    customer_support_ticket = SubFactory(CustomerSupportTicketFactory)"
    ]
    assert all(len(line) <= columns.LINE_LENGTH for line in described["model"])
