"""`flask scaffold domain`: its checks, its edits and its all-or-nothing writing.

The template's own tests run the whole command (files, migration, snapshot) on
real bakes; these keep the parts you may change honest.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from scaffold import listings, naming, project
from scaffold.generate import all_or_nothing, planned_changes
from tests.conventions.core import PROJECT_ROOT

# Names of domains this project lacks, whatever its owner has added since the bake.
CANDIDATES = ("scaffolded_widgets", "scaffolded_gizmos", "scaffolded_sprockets")
UNUSED = [name for name in CANDIDATES if name not in project.known_domains(PROJECT_ROOT)]
NEW = naming.domain_names(UNUSED[0])
ABSENT = UNUSED[-1]
API_INIT = """from app.api import openapi
from app.api.articles.routes import bp as articles_bp
from app.api.tags.routes import bp as tags_bp


def register_blueprints(app: Flask) -> None:
    api = openapi.Api(app)
    api.register_blueprint(articles_bp)
    api.register_blueprint(tags_bp)
"""


def a_domain_of_this_project() -> str:
    packages = project.api_packages(PROJECT_ROOT)
    return next(name for name in packages if name not in naming.RESERVED_DOMAINS)


def project_files() -> dict[str, float]:
    folders = [PROJECT_ROOT / name for name in ("app", "tests", "migrations")]
    return {
        path.relative_to(PROJECT_ROOT).as_posix(): path.stat().st_mtime
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Widgets", "has uppercase letters"),
        ("2widgets", "starts with a digit"),
        ("class", "is a Python keyword"),
        ("health", "is reserved for the project's own app/api/health blueprint"),
        ("bases", "would make a model 'Base'"),
    ],
)
def test_a_bad_name_is_refused_as_the_bake_refuses_it(name: str, reason: str) -> None:
    [problem] = project.domain_problems(PROJECT_ROOT, [name])

    assert str(problem).startswith(f"domain: {name!r} {reason}")
    assert problem.rules == "domains"


def test_a_domain_the_project_has_is_refused() -> None:
    name = a_domain_of_this_project()

    [problem] = project.domain_problems(PROJECT_ROOT, [name])

    assert f"collides with app/api/{name}, which already exists" in str(problem)


def test_the_command_stops_with_every_problem_and_writes_nothing(runner: FlaskCliRunner) -> None:
    before = project_files()

    names = [a_domain_of_this_project(), "class", "Widgets"]
    result = runner.invoke(args=["scaffold", "domain", *names])

    assert result.exit_code == 1
    assert "Cannot add the domain:" in result.output
    assert "domain: 'class' is a Python keyword." in result.output
    assert "domain: 'Widgets' has uppercase letters." in result.output
    # The rules the two bad names break, printed once.
    assert result.output.count("Domain names are plurals") == 1
    assert project_files() == before


def test_a_new_domain_is_planned_in_full_as_parsable_python() -> None:
    changes = planned_changes(PROJECT_ROOT, [NEW])

    for path, text in changes.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)
    name, class_name = NEW["name"], NEW["class_name"]
    assert f"app/api/{name}/routes.py" in changes
    assert f"tests/test_{name}/test_routes.py" in changes
    assert f"api.register_blueprint({name}_bp)" in changes["app/api/__init__.py"]
    assert f'"{class_name}",' in changes["app/models/__init__.py"]
    assert f"class {class_name}Factory(ModelFactory):" in changes["tests/factories.py"]


def test_a_blueprint_is_listed_in_the_bakes_order() -> None:
    text = listings.add_blueprint(API_INIT, naming.domain_names("posts"))

    lines = [line.strip() for line in text.splitlines() if "_bp" in line]
    assert lines == [
        "from app.api.articles.routes import bp as articles_bp",
        "from app.api.posts.routes import bp as posts_bp",
        "from app.api.tags.routes import bp as tags_bp",
        "api.register_blueprint(articles_bp)",
        "api.register_blueprint(posts_bp)",
        "api.register_blueprint(tags_bp)",
    ]


def test_a_listing_it_cannot_find_stops_the_command() -> None:
    with pytest.raises(listings.ListingError, match="found no __all__"):
        listings.add_model("from app.models.post import Post\n", NEW)


def test_a_failure_puts_every_file_back(tmp_path: Path) -> None:
    (tmp_path / "migrations/versions").mkdir(parents=True)
    (tmp_path / "kept.py").write_text("old\n", encoding="utf-8")
    changes = {"kept.py": "new\n", "new_package/module.py": "created\n"}

    def fail_after_writing() -> None:
        with all_or_nothing(tmp_path, changes):
            assert (tmp_path / "new_package/module.py").exists()
            (tmp_path / "migrations/versions/0002_partial.py").write_text("", encoding="utf-8")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_writing()

    assert (tmp_path / "kept.py").read_text(encoding="utf-8") == "old\n"
    assert not (tmp_path / "new_package").exists()
    assert list((tmp_path / "migrations/versions").iterdir()) == []


def test_a_domain_with_fields_is_planned_with_them() -> None:
    parent = a_domain_of_this_project()
    spec = f"{NEW['name']}(label:str, due:date?, size:int=1, parent:ref({parent}))"

    changes = planned_changes(PROJECT_ROOT, [NEW], spec)

    for path, text in changes.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)
    model = changes[f"app/models/{NEW['module']}.py"]
    assert "label: Mapped[str] = mapped_column(String(200))" in model
    assert "due: Mapped[datetime.date | None] = mapped_column()" in model
    assert f'ForeignKey("{parent}.id", ondelete="CASCADE")' in model
    schemas = changes[f"app/api/{NEW['name']}/schemas.py"]
    assert "parent_id = fields.UUID(required=True)" in schemas
    assert "SubFactory(" in changes["tests/factories.py"]


def test_a_bad_field_spec_is_refused_as_the_bake_refuses_it() -> None:
    [problem] = project.domain_problems(PROJECT_ROOT, [f"{ABSENT}(size:huge)"])

    assert str(problem).startswith(f"domain: '{ABSENT}(size:huge)' has an unknown type 'huge' (")
    assert problem.rules == "fields"


def test_a_ref_to_a_domain_the_project_lacks_is_refused() -> None:
    [problem] = project.domain_problems(PROJECT_ROOT, [f"{ABSENT}(gadget:ref)"])

    assert "refers to 'gadget', which is not a domain listed before it" in str(problem)


def test_a_factory_import_is_extended_or_added() -> None:
    text = "from factory.alchemy import X\nfrom factory.faker import Faker\n"

    added = listings.with_import(text, "factory.declarations", "SubFactory", "factory.alchemy")
    extended = listings.with_import(added, "factory.declarations", "LazyFunction", "x")

    assert extended.splitlines() == [
        "from factory.alchemy import X",
        "from factory.declarations import LazyFunction, SubFactory",
        "from factory.faker import Faker",
    ]
