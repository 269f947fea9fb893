"""Every kind of bad answer stops a real bake, says what is wrong and leaves nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import TEMPLATE_DIR

BAD_ANSWERS = [
    pytest.param({"project_slug": "my-api"}, "project_slug: 'my-api'", id="slug-chars"),
    pytest.param({"project_slug": "import"}, "project_slug: 'import'", id="slug-keyword"),
    pytest.param({"project_slug": "flask"}, "project_slug: 'flask'", id="slug-flask"),
    pytest.param({"project_slug": "app"}, "project_slug: 'app'", id="slug-app"),
    pytest.param({"project_slug": "tests"}, "project_slug: 'tests'", id="slug-tests"),
    pytest.param({"project_slug": "json"}, "project_slug: 'json'", id="slug-stdlib"),
    pytest.param(
        {"project_name": "  ", "project_slug": "blank_name"}, "project_name: '  '", id="blank-name"
    ),
    pytest.param({"email": "ada-at-example.com"}, "email: 'ada-at-example.com'", id="email"),
    pytest.param({"version": "first"}, "version: 'first'", id="version"),
    pytest.param({"domains": "Blog-Posts"}, "domains: 'Blog-Posts'", id="domain-chars"),
    pytest.param({"domains": "posts, class"}, "domains: 'class'", id="domain-keyword"),
    pytest.param({"domains": "posts, tags, posts"}, "domains: 'posts'", id="domain-repeated"),
    pytest.param({"domains": "auth"}, "domains: 'auth'", id="builtin-auth"),
    pytest.param({"domains": "posts, users"}, "domains: 'users'", id="builtin-users"),
    pytest.param({"domains": "api"}, "domains: 'api'", id="builtin-api"),
    pytest.param({"domains": "health"}, "domains: 'health'", id="builtin-health"),
    pytest.param({"domains": ""}, "domains: ''", id="domains-empty"),
    pytest.param({"domains": "post, posts"}, "domains: 'post, posts'", id="same-singular"),
    pytest.param({"domains": "bases"}, "domains: 'bases'", id="model-collision"),
    pytest.param(
        {"domains": "posts(title:str), comments(body:text, post:reff)"},
        "domains: 'comments(post:reff)' has an unknown type 'reff'",
        id="field-spec-type",
    ),
    pytest.param(
        {"domains": "comments(post:ref), posts"},
        "domains: 'comments(post:ref)' refers to 'post'",
        id="field-spec-ref",
    ),
    pytest.param(
        {"auth": "none", "jwt_location": "cookies"}, "jwt_location: 'cookies'", id="cookies-no-auth"
    ),
    pytest.param(
        {"auth": "none", "email_verification": True},
        "email_verification: 'yes'",
        id="verify-no-auth",
    ),
]


@pytest.mark.parametrize(("answers", "named"), BAD_ANSWERS)
def test_bad_answer_stops_the_bake(
    cookies: Any,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    answers: dict[str, str],
    named: str,
) -> None:
    result = cookies.bake(extra_context=answers, template=str(TEMPLATE_DIR))

    assert result.exit_code != 0
    assert result.project_path is None
    problems = [line for line in capfd.readouterr().err.splitlines() if "Allowed: " in line]
    assert len(problems) == 1, problems
    assert problems[0].strip().startswith(named)
    # The `cookies` fixture bakes into <tmp_path>/cookies/bake00: it must be empty again.
    assert [path.name for path in (tmp_path / "cookies").iterdir()] == ["bake00"]
    assert list((tmp_path / "cookies" / "bake00").iterdir()) == []
