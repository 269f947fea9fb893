"""Each convention check reports a small bad example and passes a good one.

So no check in tests/conventions/ passes only because it cannot fail.
"""

from __future__ import annotations

import inspect
from textwrap import dedent
from typing import NamedTuple

import pytest

from tests.conventions import examples, rules
from tests.conventions.catalogue import SOURCE_CHECKS
from tests.conventions.core import Violation, parse_source
from tests.conventions.models import check_models
from tests.conventions.queries import check_filtered_columns_indexed, check_list_keys_indexed
from tests.conventions.schemas import check_input_schemas, loaded_schema_names


class Case(NamedTuple):
    check: str
    path: str
    source: str
    lines: list[int]  # where the violations are; empty for a good example


def handler_with_body_lines(count: int) -> str:
    steps = "".join(f"    step_{number} = {number}\n" for number in range(count - 1))
    return (
        'bp = Blueprint("things", __name__, url_prefix="/api/v1/things")\n\n\n'
        '@bp.get("")\n'
        "def list_things() -> tuple[Response, int]:\n"
        '    """The docstring is not counted."""\n'
        f"{steps}    return jsonify(data=[]), 200\n"
    )


ROUTES = "app/api/things/routes.py"
CASES = [
    Case("route-handler-length", ROUTES, handler_with_body_lines(15), [5]),
    Case("route-handler-length", ROUTES, handler_with_body_lines(14), []),
    Case(
        "route-explicit-status",
        ROUTES,
        """\
        @bp.get("")
        def list_things() -> Response:
            if request.args:
                return
            return jsonify(data=[])


        @bp.post("")
        def create_thing() -> None:
            services.create_thing()
        """,
        [4, 5, 9],
    ),
    Case(
        "route-explicit-status",
        ROUTES,
        """\
        @bp.get("")
        def list_things() -> tuple[Response, int]:
            def sort_key(thing: Thing) -> str:
                return thing.name

            return jsonify(data=sorted(services.things(), key=sort_key)), 200


        @bp.post("")
        def create_thing() -> tuple[Response, int]:
            return jsonify(data=services.create_thing()), HTTPStatus.CREATED


        @bp.delete("/<uuid:thing_id>")
        def delete_thing(thing_id: UUID) -> tuple[str, int]:
            return "", 204
        """,
        [],
    ),
    Case(
        "blueprint-prefix",
        ROUTES,
        """\
        bp = Blueprint("things", __name__, url_prefix="/things")
        other = Blueprint("stuff", __name__, url_prefix="/api/v1/stuff")
        bare = Blueprint("things", __name__)
        app.register_blueprint(bp, url_prefix="/v2/things")
        """,
        [1, 2, 3, 4],
    ),
    Case(
        "blueprint-prefix",
        ROUTES,
        'bp = Blueprint("things", __name__, url_prefix="/api/v1/things")',
        [],
    ),
    Case("blueprint-prefix", "app/api/health/routes.py", 'bp = Blueprint("health", __name__)', []),
    Case(
        "type-hints",
        "app/things.py",
        """\
        def add(first, second: int) -> int:
            return first + second


        def greet(name: str):
            return name


        class Greeter:
            def greet_all(self, *names, **options: str) -> None:
                def shout(name: str):
                    return name.upper()

            @staticmethod
            def parse(text) -> str:
                return text
        """,
        [1, 5, 10, 11, 15],
    ),
    Case(
        "type-hints",
        "app/things.py",
        """\
        class Greeter:
            def greet(self, name: str, *names: str, **options: object) -> str:
                return name

            @classmethod
            def create(cls, language: str = "en") -> Greeter:
                return cls()

            @staticmethod
            def parse(text: str) -> str:
                return text
        """,
        [],
    ),
    Case("future-annotations", "app/things.py", "import uuid\n\nVALUE = uuid.uuid4()\n", [1]),
    Case("future-annotations", "app/things/__init__.py", '"""Only a docstring."""\n', []),
    Case(
        "future-annotations", "app/things.py", "from __future__ import annotations\n\nX = 1\n", []
    ),
    Case(
        "no-os-path",
        "app/files.py",
        """\
        import os
        import os.path
        from os import path
        from os.path import join

        HERE = os.path.dirname(__file__)
        """,
        [2, 3, 4, 6],
    ),
    Case(
        "no-os-path",
        "app/files.py",
        """\
        import os
        from pathlib import Path

        HERE = Path(__file__).parent
        HOME = os.environ["HOME"]
        """,
        [],
    ),
    Case(
        "no-legacy-query",
        "app/api/things/services.py",
        """\
        users = User.query.filter_by(email=email).all()
        first = db.session.query(User).first()
        posts = user.posts.query.all()
        """,
        [1, 2, 3],
    ),
    Case(
        "no-legacy-query",
        "app/api/things/services.py",
        """\
        query = select(User).where(User.email == email)
        users = db.session.scalars(query.order_by(User.created_at)).all()
        page = db.paginate(query, page=1, per_page=20)
        """,
        [],
    ),
    Case(
        "no-unknown-override",
        "app/api/things/routes.py",
        """\
        loose = CreateThingSchema(unknown=INCLUDE)
        fields = schema.load(request.get_json(), unknown="exclude")
        """,
        [1, 2],
    ),
    Case(
        "no-unknown-override",
        "app/api/things/routes.py",
        "strict = CreateThingSchema(unknown=RAISE)\nfields = strict.load(request.get_json())\n",
        [],
    ),
    Case(
        "migration-downgrade",
        "migrations/versions/0002_add.py",
        "def upgrade() -> None: ...\n",
        [1],
    ),
    Case(
        "migration-downgrade",
        "migrations/versions/0002_add.py",
        """\
        def upgrade() -> None:
            op.add_column("things", sa.Column("size", sa.Integer()))


        def downgrade() -> None:
            \"""Nothing to undo.\"""
            # the column stays
            pass
        """,
        [5],
    ),
    Case(
        "migration-downgrade",
        "migrations/versions/0002_add.py",
        'def downgrade() -> None:\n    op.drop_column("things", "size")\n',
        [],
    ),
    Case(
        "no-hardcoded-secrets",
        "config.py",
        """\
        SECRET_KEY = "a-secret-in-the-code"
        DEVELOPMENT_SECRET = "nothing-refuses-this-one"


        class Settings(BaseSettings):
            JWT_SECRET_KEY: str = "another"
            API_TOKEN: str = Field(default="a-token")


        app.config["MAIL_PASSWORD"] = "hunter22"
        engine = connect(password="pw")
        OPTIONS = {"redisPassword": "pw"}
        """,
        [1, 2, 6, 7, 10, 11, 12],
    ),
    Case(
        "no-hardcoded-secrets",
        "config.py",
        """\
        DEVELOPMENT_SECRET = "development-only"
        PASSWORD_HASH_METHOD = "scrypt"
        TOKEN_TYPE = "Bearer"


        class Settings(BaseSettings):
            SECRET_KEY: str = DEVELOPMENT_SECRET
            JWT_SECRET_KEY: str = Field(default=DEVELOPMENT_SECRET)


        def check_secret(value: str) -> None:
            if value == DEVELOPMENT_SECRET:
                raise ValueError("set a real secret")
        """,
        [],
    ),
]


def case_id(case: Case) -> str:
    return f"{case.check}-{'bad' if case.lines else 'good'}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_source_check_reports_exactly_the_bad_lines(case: Case) -> None:
    check, _scope = SOURCE_CHECKS[case.check]

    violations = check(parse_source(case.path, dedent(case.source)))

    assert [violation.line for violation in violations] == case.lines
    assert all(violation.path == case.path for violation in violations)


def test_every_source_check_has_a_bad_and_a_good_example() -> None:
    bad = {case.check for case in CASES if case.lines}
    good = {case.check for case in CASES if not case.lines}

    assert bad == good == set(SOURCE_CHECKS)


def test_a_violation_reads_as_path_line_message_and_rule() -> None:
    violation = Violation("app/things.py", 7, "something is wrong", rules.PATHLIB)

    assert str(violation).splitlines() == [
        "app/things.py:7: something is wrong",
        "    rule: Use `pathlib.Path` for file system operations.",
    ]


def line_of(cls: type, text: str = "") -> int:
    """The line of ``cls`` in its module, or of the first line in its body containing ``text``."""
    lines, start = inspect.getsourcelines(cls)
    return start + next((index for index, line in enumerate(lines) if text in line), 0)


def test_check_models_reports_a_non_uuid_key_and_a_column_without_mapped() -> None:
    violations = check_models(examples.FlawedBase.registry.mappers)

    assert [(violation.line, violation.rule) for violation in violations] == [
        (line_of(examples.Counter), rules.UUID_PRIMARY_KEY),
        (line_of(examples.Note, "body = "), rules.MAPPED_ANNOTATIONS),
    ]
    assert {violation.path for violation in violations} == {"tests/conventions/examples.py"}


def test_check_models_passes_models_that_follow_the_rules() -> None:
    assert check_models(examples.ExampleBase.registry.mappers) == []


FILTERS = """\
by_colour = select(Gadget).where(Gadget.colour == colour)
by_owner = select(Gadget).where(Gadget.owner == owner)
by_keyword = select(Gadget).filter_by(owner_id=owner.id)
"""
INDEXED_FILTERS = """\
by_serial = select(Gadget).where(Gadget.serial == serial, Gadget.maker.in_(makers))
by_name = select(Gadget).join(Owner).filter_by(name=name)
by_id = db.session.scalars(select(Owner).where(Owner.id == owner_id))
"""


@pytest.mark.parametrize(("source", "lines"), [(FILTERS, [1, 2, 3]), (INDEXED_FILTERS, [])])
def test_check_filtered_columns_indexed(source: str, lines: list[int]) -> None:
    parsed = parse_source("app/api/gadgets/services.py", source)

    violations = check_filtered_columns_indexed(parsed, examples.ExampleBase.registry.mappers)

    assert [violation.line for violation in violations] == lines


def test_check_list_keys_indexed_names_each_key_no_index_serves() -> None:
    schemas = [examples.GadgetListQuerySchema, examples.OwnerListQuerySchema]

    violations = check_list_keys_indexed(schemas, examples.ExampleBase.registry.mappers)

    assert [violation.message.split("`")[3] for violation in violations] == ["gadgets.colour"]


def test_check_input_schemas_reports_schemas_that_do_not_raise_on_unknown_fields() -> None:
    loaded = loaded_schema_names([parse_source("app/x.py", "SignInSchema().load(data)\n")])

    violations = check_input_schemas(examples.EXAMPLE_SCHEMAS, loaded)

    assert [violation.line for violation in violations] == [
        line_of(examples.CreateLooseSchema),
        line_of(examples.SignInSchema),
        line_of(examples.UpdateUnstatedSchema),
    ]


def test_loaded_schema_names_follows_instances_to_their_load_calls() -> None:
    source = """\
    creation_schema = CreateThingSchema()
    fields = creation_schema.load(request.get_json())
    credentials = auth.schemas.LoginSchema().load(request.get_json())
    shown = ThingResponseSchema().dump(thing)
    """

    names = loaded_schema_names([parse_source("app/x.py", dedent(source))])

    assert names == {"CreateThingSchema", "LoginSchema"}


def test_loaded_schema_names_counts_the_schemas_of_arguments_decorators() -> None:
    source = """    @bp.arguments(schemas.CreateThingSchema)
    @bp.response(200, openapi.envelope(ThingResponseSchema))
    def create_thing(fields): ...

    @bp.arguments(UpdateThingSchema(partial=True))
    def update_thing(changes): ...
    """

    names = loaded_schema_names([parse_source("app/x.py", dedent(source))])

    assert names == {"CreateThingSchema", "UpdateThingSchema"}
