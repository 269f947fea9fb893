"""Unit tests of the naming rules that the bake and `flask scaffold domain` share.

They live in the baked project (scaffold/naming.py); pre_gen_project checks the
`domains` answer with the template's copy.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.helpers import assert_one_problem


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("posts", "post"),
        ("categories", "category"),
        ("addresses", "address"),
        ("classes", "class"),
        ("boxes", "box"),
        ("matches", "match"),
        ("wishes", "wish"),
        ("buzzes", "buzz"),
        ("status", "status"),
        ("campus", "campus"),
        ("analysis", "analysis"),
        ("people", "person"),
        ("children", "child"),
        ("statuses", "status"),
        ("quizzes", "quiz"),
        ("analyses", "analysis"),
        ("heroes", "hero"),
        ("caches", "cache"),
        ("knives", "knife"),
        ("leaves", "leaf"),
        ("movies", "movie"),
        ("ties", "tie"),
        ("indices", "index"),
        ("vertices", "vertex"),
        ("news", "news"),
        ("series", "series"),
        ("data", "data"),
        ("sheep", "sheep"),
        ("user", "user"),
        ("blog_posts", "blog_post"),
        ("news_categories", "news_category"),
        ("home_addresses", "home_address"),
        ("status_updates", "status_update"),
        ("v2_items", "v2_item"),
    ],
)
def test_singularize(naming: ModuleType, plural: str, singular: str) -> None:
    assert naming.singularize(plural) == singular


def test_domain_names_spell_every_form(naming: ModuleType) -> None:
    assert naming.domain_names("blog_posts") == {
        "name": "blog_posts",
        "singular": "blog_post",
        "word": "post",
        "var": "post",
        "module": "blog_post",
        "class_name": "BlogPost",
        "label": "blog post",
        "label_plural": "blog posts",
    }


@pytest.mark.parametrize(
    ("name", "var", "class_name"),
    [
        ("classes", "class_", "Class"),
        ("types", "type_", "Type"),
        ("properties", "property_", "Property"),
        ("filters", "filter_", "Filter"),
        ("matches", "match_", "Match"),
        ("dbs", "db_", "Db"),
        ("transactions", "transaction_", "Transaction"),
        ("responses", "response_", "Response"),
        ("categories", "category", "Category"),
        ("people", "person", "Person"),
        ("student_classes", "class_", "StudentClass"),
        ("customer_support_tickets", "ticket", "CustomerSupportTicket"),
    ],
)
def test_domain_var_never_hides_another_name(
    naming: ModuleType, name: str, var: str, class_name: str
) -> None:
    names = naming.domain_names(name)
    assert (names["var"], names["class_name"]) == (var, class_name)


def test_split_domains_strips_whitespace_and_drops_empty_items(naming: ModuleType) -> None:
    assert naming.split_domains(" posts ,comments,, tags ,") == ["posts", "comments", "tags"]


@pytest.mark.parametrize(
    ("domains", "named", "reason"),
    [
        ("", "''", "names no domain"),
        (" , ", "' , '", "names no domain"),
        ("1posts", "'1posts'", "starts with a digit."),
        ("Posts", "'Posts'", "has uppercase letters."),
        ("blogPosts", "'blogPosts'", "has uppercase letters."),
        ("_posts", "'_posts'", "starts with _."),
        ("blog-posts", "'blog-posts'", "has '-' (only a-z, 0-9 and _ are allowed)."),
        ("blog posts", "'blog posts'", "has ' ' (only a-z, 0-9 and _ are allowed)."),
        ("cafés", "'cafés'", "has 'é' (only a-z, 0-9 and _ are allowed)."),
        ("blog__posts", "'blog__posts'", "has two _ in a row."),
        ("posts_", "'posts_'", "ends with _."),
        ("2Blog-posts", "'2Blog-posts'", "starts with a digit, has uppercase letters and has '-'"),
        ("a" * 25, repr("a" * 25), "longer than 24"),
        ("a_" + "b" * 17, repr("a_" + "b" * 17), "ends in a word longer than 16"),
        ("s", "'s'", "no usable singular"),
        ("item_s", "'item_s'", "no usable singular"),
        ("posts, class", "'class'", "is a Python keyword."),
        ("posts, posts", "'posts'", "is listed 2 times."),
        ("auth", "'auth'", "is reserved for the project's own app/api/auth blueprint."),
        ("users", "'users'", "is reserved for the project's own app/api/users blueprint."),
        ("api", "'api'", "is reserved for the project's app/api package."),
        ("health", "'health'", "is reserved for the project's own app/api/health blueprint."),
        ("models", "'models'", "is reserved for the project's app/models package."),
        ("migrations", "'migrations'", "is reserved for the project's migrations folder."),
        ("extensions", "'extensions'", "is reserved for the project's app/extensions.py module."),
        ("pagination", "'pagination'", "is reserved for app/api/pagination.py, a module beside"),
        ("fields", "'fields'", "is reserved for app/api/fields.py, a module beside"),
        ("docs", "'docs'", "is reserved for the API documentation at /api/v1/docs."),
        ("user", "'user'", "'User'"),
        ("bases", "'bases'", "'Base'"),
        ("refresh_token_families", "'refresh_token_families'", "'RefreshTokenFamily'"),
        ("outbox_messages", "'outbox_messages'", "'OutboxMessage'"),
        ("sessions", "'sessions'", "a schema 'SessionResponse', which the accounts API"),
        ("tokens", "'tokens'", "a schema 'TokenResponse', which the accounts API"),
        ("strings", "'strings'", "'String'"),
        ("paginations", "'paginations'", "'Pagination'"),
        ("post, posts", "'post, posts'", "share the singular 'post'"),
        ("categories, category", "'categories, category'", "share the singular 'category'"),
    ],
)
def test_bad_domains_are_named_with_what_is_allowed(
    naming: ModuleType, domains: str, named: str, reason: str
) -> None:
    assert_one_problem(naming, domains, named, reason)


@pytest.mark.parametrize(
    "domains",
    [
        "posts, comments, tags, categories",
        "blog_posts,categories , addresses",
        "classes, types, people, news",
        "customer_support_tickets",
    ],
)
def test_good_domains_are_accepted(naming: ModuleType, domains: str) -> None:
    assert naming.domain_list_problems(domains) == []


def test_every_reserved_name_says_what_it_is_kept_for(naming: ModuleType) -> None:
    reasons = {name: naming.domain_reason(name) for name in naming.RESERVED_DOMAINS}
    assert all(reason.startswith("is reserved for ") for reason in reasons.values()), reasons


def test_the_command_names_its_own_argument(naming: ModuleType) -> None:
    [problem] = naming.domain_list_problems("class", "domain")
    assert str(problem) == "domain: 'class' is a Python keyword."


def test_a_report_lists_every_problem_then_the_rules_they_break_once(naming: ModuleType) -> None:
    problems = naming.domain_list_problems("1bad, Posts, auth, posts, posts")
    report = naming.report("Cannot bake the project:", [*problems, "email: 'x' is not valid."])
    lines = report.splitlines()
    assert lines[:6] == [
        "Cannot bake the project:",
        "  domains: '1bad' starts with a digit.",
        "  domains: 'Posts' has uppercase letters.",
        "  domains: 'auth' is reserved for the project's own app/api/auth blueprint.",
        "  domains: 'posts' is listed 2 times.",
        "  email: 'x' is not valid.",
    ]
    rules = " ".join(lines[6:])
    assert rules == " ".join(naming.RULES["domains"].split())
    assert report.count("Domain names are plurals") == 1


def test_a_problem_that_says_it_all_adds_no_rules(naming: ModuleType) -> None:
    report = naming.report("Cannot add the domain:", naming.domain_list_problems("posts, posts"))
    assert report == "Cannot add the domain:\n  domains: 'posts' is listed 2 times."
