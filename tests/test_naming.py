"""Unit tests of the naming rules that the bake and `flask scaffold domain` share.

They live in the baked project (app/scaffold/naming.py); post_gen_project runs them
on the `domains` answer.
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
        ("Posts", "'Posts'", "not lowercase words"),
        ("blog-posts", "'blog-posts'", "not lowercase words"),
        ("blog__posts", "'blog__posts'", "not lowercase words"),
        ("posts_", "'posts_'", "not lowercase words"),
        ("1posts", "'1posts'", "not lowercase words"),
        ("a" * 25, repr("a" * 25), "longer than 24"),
        ("a_" + "b" * 17, repr("a_" + "b" * 17), "ends in a word longer than 16"),
        ("s", "'s'", "no usable singular"),
        ("item_s", "'item_s'", "no usable singular"),
        ("posts, class", "'class'", "keyword"),
        ("posts, posts", "'posts'", "is repeated"),
        ("auth", "'auth'", "built-in part"),
        ("users", "'users'", "built-in part"),
        ("api", "'api'", "built-in part"),
        ("health", "'health'", "built-in part"),
        ("models", "'models'", "built-in part"),
        ("migrations", "'migrations'", "built-in part"),
        ("extensions", "'extensions'", "built-in part"),
        ("pagination", "'pagination'", "built-in part"),
        ("fields", "'fields'", "built-in part"),
        ("user", "'user'", "'User'"),
        ("bases", "'bases'", "'Base'"),
        ("refresh_token_families", "'refresh_token_families'", "'RefreshTokenFamily'"),
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


def test_the_command_names_its_own_argument(naming: ModuleType) -> None:
    [message] = naming.domain_list_problems("class", "domain")
    assert message.startswith("domain: 'class' is a Python keyword. Allowed: ")
