"""Tests for the {{ domain.label_plural }} endpoints."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
{% if not domain.fields %}
from flask import Flask
{% endif %}
from flask.testing import FlaskClient
from sqlalchemy import update

from app.api.{{ domain.name }} import services
from app.api.{{ domain.name }}.services import get_{{ domain.word }}_to_change
from app.extensions import db
from app.models import {{ ([domain.class_name] + (["User"] if use_jwt else [])) | sort | join(", ") }}
{% set refs = domain.uses.refs if domain.fields else [] %}
from tests.factories import {{ ([domain.class_name] + refs | map(attribute="target.class_name") | list) | unique | sort | join("Factory, ") }}Factory

URL = "/api/v1/{{ domain.name }}"
{% set client = "signed_in_client" if use_jwt else "client" %}
{% set owner = "owner=user" if use_jwt else "" %}
{# A private domain shows the signed-in user their own rows alone. #}
{% set mine = "owner=user" if domain.private else "" %}
{% set reader = ", user: User" if domain.private else "" %}
{% if domain.fields %}
{% set required = domain.fields | selectattr("required") | list %}
{% set patched = ((domain.fields | rejectattr("type", "equalto", "ref") | list) + domain.fields) | first %}
{% macro value(field) %}{% if field.type == "ref" %}str({{ field.target.class_name }}Factory.create().id){% else %}{{ field.sample }}{% endif %}{% endmacro %}


def valid_body() -> dict[str, object]:
    """A body the create endpoint accepts{% if refs %}; its references exist{% endif %}."""
    return {
{% for field in domain.fields %}
        "{{ field.attribute }}": {{ value(field) }},
{% endfor %}
    }


def a_change() -> dict[str, object]:
    """A PATCH body that changes the {{ domain.label }}."""
    return {"{{ patched.attribute }}": {{ value(patched) }}}


def test_create_returns_201_with_every_field({{ client }}: FlaskClient{% if use_jwt %}, user: User{% endif %}) -> None:
    body = valid_body()

    response = {{ client }}.post(URL, json=body)

    assert response.status_code == 201
    url = f"{URL}/{response.get_json()['data']['id']}"
    db.session.expire_all()  # read the row back from the database
    data = {{ client }}.get(url).get_json()["data"]
{% for field in domain.fields %}
{% if field.type == "ref" %}
    assert data["{{ field.attribute }}"] == body["{{ field.attribute }}"]
{% elif field.type == "bool" %}
    assert data["{{ field.attribute }}"] is {{ field.echo }}
{% else %}
    assert data["{{ field.attribute }}"] == {{ field.echo }}
{% endif %}
{% endfor %}
{% if use_jwt %}
    assert data["owner_id"] == str(user.id)
{% endif %}
{% if required %}


def test_create_without_a_required_field_is_422({{ client }}: FlaskClient) -> None:
    body = valid_body()
    del body["{{ required[0].attribute }}"]

    response = {{ client }}.post(URL, json=body)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert "{{ required[0].attribute }}" in error["details"]
{% endif %}
{% if refs %}


def test_create_pointing_at_a_missing_row_is_404({{ client }}: FlaskClient) -> None:
    body = {**valid_body(), "{{ refs[0].attribute }}": str(uuid.uuid4())}

    response = {{ client }}.post(URL, json=body)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
{% endif %}


@pytest.mark.parametrize("method", ["put", "patch"])
def test_put_and_patch_write({{ client }}: FlaskClient, method: str{{ ", user: User" if use_jwt else "" }}) -> None:
    url = f"{URL}/{ {{- domain.class_name }}Factory.create({{ owner }}).id}"
    changes = valid_body()
    if method == "patch":
        changes = {"{{ patched.attribute }}": {{ value(patched) }}}

    response = {{ client }}.open(url, method=method.upper(), json=changes)

    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["{{ patched.attribute }}"] is not None
{% else %}


def valid_body() -> dict[str, object]:
    """A body the create endpoint accepts."""
    return {"name": "First", "description": "Hello"}


def a_change() -> dict[str, object]:
    """A PATCH body that changes the {{ domain.label }}."""
    return {"name": "Changed"}


def test_create_returns_201_with_the_resource({{ client }}: FlaskClient{% if use_jwt %}, user: User{% endif %}) -> None:
    response = {{ client }}.post(URL, json={"name": "First", "description": "Hello"})

    assert response.status_code == 201
    data = response.get_json()["data"]
    assert data["name"] == "First"
    assert data["description"] == "Hello"
{% if use_jwt %}
    assert data["owner_id"] == str(user.id)
{% endif %}
    assert {{ client }}.get(f"{URL}/{data['id']}").status_code == 200


def test_create_without_name_is_422_with_field_details({{ client }}: FlaskClient) -> None:
    response = {{ client }}.post(URL, json={"description": "no name"})

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert "name" in error["details"]


def test_create_with_too_long_name_is_422({{ client }}: FlaskClient) -> None:
    response = {{ client }}.post(URL, json={"name": "x" * 201})

    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["details"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ('{"name": "x"}', "text/plain", 415),
        ("[1, 2]", "application/json", 422),
        ('"just a string"', "application/json", 422),
        ('{"name": "nul\\u0000byte"}', "application/json", 422),
        # orjson refuses an unpaired surrogate as malformed JSON, as UTF-8 has none.
        ('{"name": "lone \\ud800 surrogate"}', "application/json", 400),
        ("[" * 5000 + "]" * 5000, "application/json", 400),
        ('{"name": "x", "count": 1' + "0" * 5000 + "}", "application/json", 400),
        ('{"name": "x", "description": null}', "application/json", 201),
    ],
)
def test_bodies_get_a_clear_answer(
    {{ client }}: FlaskClient, body: str, content_type: str, status: int
) -> None:
    response = {{ client }}.post(URL, data=body, content_type=content_type)

    assert response.status_code == status
    assert ("error" in response.get_json()) == (status >= 400)


def test_a_body_over_max_content_length_is_413(app: Flask, {{ client }}: FlaskClient) -> None:
    oversized = {"name": "x", "description": "x" * app.config["MAX_CONTENT_LENGTH"]}

    response = {{ client }}.post(URL, json=oversized)

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "request_entity_too_large"


def test_odd_unicode_is_stored_intact({{ client }}: FlaskClient) -> None:
    name = "Zoë 🚀 \u202e مرحبا \t tab"

    created = {{ client }}.post(URL, json={"name": name}).get_json()["data"]

    assert {{ client }}.get(f"{URL}/{created['id']}").get_json()["data"]["name"] == name


def test_put_replaces_every_field({{ client }}: FlaskClient{% if use_jwt %}, user: User{% endif %}) -> None:
    {{ domain.var }} = {{ domain.class_name }}Factory.create({{ owner }})

    response = {{ client }}.put(f"{URL}/{ {{- domain.var }}.id}", json={"name": "Renamed"})

    assert response.status_code == 200
    assert response.get_json()["data"]["name"] == "Renamed"
    assert response.get_json()["data"]["description"] is None


def test_put_without_name_is_422({{ client }}: FlaskClient{% if use_jwt %}, user: User{% endif %}) -> None:
    {{ domain.var }} = {{ domain.class_name }}Factory.create({{ owner }})

    response = {{ client }}.put(f"{URL}/{ {{- domain.var }}.id}", json={"description": "x"})

    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["details"]


def test_patch_changes_only_the_given_fields({{ client }}: FlaskClient{% if use_jwt %}, user: User{% endif %}) -> None:
    {{ domain.var }} = {{ domain.class_name }}Factory.create({{ owner }})

    response = {{ client }}.patch(f"{URL}/{ {{- domain.var }}.id}", json={"name": "Patched"})

    assert response.status_code == 200
    assert response.get_json()["data"]["name"] == "Patched"
    assert response.get_json()["data"]["description"] == {{ domain.var }}.description
{% endif %}


def test_create_with_unknown_field_is_422({{ client }}: FlaskClient) -> None:
    response = {{ client }}.post(URL, json={**valid_body(), "is_admin": True})

    assert response.status_code == 422
    assert "is_admin" in response.get_json()["error"]["details"]


def test_create_with_malformed_json_is_400({{ client }}: FlaskClient) -> None:
    response = {{ client }}.post(URL, data="{", content_type="application/json")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
{% if use_jwt %}


def test_every_endpoint_needs_a_token(client: FlaskClient) -> None:
    url = f"{URL}/{ {{- domain.class_name }}Factory.create().id}"

    responses = [
        client.get(URL),
        client.post(URL, json=valid_body()),
        client.get(url),
        client.put(url, json=valid_body()),
        client.patch(url, json=a_change()),
        client.delete(url),
    ]

    assert [response.status_code for response in responses] == [401] * 6
    assert responses[0].get_json()["error"]["code"] == "token_missing"
{% endif %}


@pytest.mark.usefixtures("list_cache")
def test_list_is_cached_until_a_write({{ client }}: FlaskClient{{ reader }}) -> None:
    {{ domain.class_name }}Factory.create({{ mine }})
    assert {{ client }}.get(URL).get_json()["meta"]["total"] == 1
    # Straight into the database: the cache cannot know.
    {{ domain.class_name }}Factory.create({{ mine }})

    cached = {{ client }}.get(URL).get_json()["meta"]["total"]
    {{ client }}.post(URL, json=valid_body())
    fresh = {{ client }}.get(URL).get_json()["meta"]["total"]

    assert (cached, fresh) == (1, 3)


def test_get_returns_one_by_id({{ client }}: FlaskClient{{ reader }}) -> None:
    {{ domain.var }} = {{ domain.class_name }}Factory.create({{ mine }})

    response = {{ client }}.get(f"{URL}/{ {{- domain.var }}.id}")

    assert response.status_code == 200
    assert response.get_json()["data"]["id"] == str({{ domain.var }}.id)


{% if domain.private %}
def test_timestamps_come_back_in_utc_with_an_offset(
    {{ client }}: FlaskClient,
    user: User,
) -> None:
{% else %}
def test_timestamps_come_back_in_utc_with_an_offset({{ client }}: FlaskClient) -> None:
{% endif %}
    url = f"{URL}/{ {{- domain.class_name }}Factory.create({{ mine }}).id}"
    db.session.expire_all()  # read the row back from the database

    data = {{ client }}.get(url).get_json()["data"]

    assert data["created_at"].endswith("+00:00")
    assert data["updated_at"].endswith("+00:00")


def test_get_unknown_id_is_404({{ client }}: FlaskClient) -> None:
    response = {{ client }}.get(f"{URL}/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_get_with_an_id_that_is_not_a_uuid_is_404({{ client }}: FlaskClient) -> None:
    response = {{ client }}.get(f"{URL}/42")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_responses_carry_an_etag_that_changes_on_update({{ client }}: FlaskClient) -> None:
    created = {{ client }}.post(URL, json=valid_body())
    url = f"{URL}/{created.get_json()['data']['id']}"
    etag = {{ client }}.get(url).headers["ETag"]

    updated = {{ client }}.patch(url, json=a_change(), headers={"If-Match": etag})

    assert created.headers["ETag"] == etag
    assert updated.status_code == 200
    assert updated.headers["ETag"] not in {etag, ""}


def test_a_stale_if_match_is_412_and_loses_no_update({{ client }}: FlaskClient) -> None:
    url = f"{URL}/{ {{- client }}.post(URL, json=valid_body()).get_json()['data']['id']}"
    stale = {{ client }}.get(url).headers["ETag"]
    someone_elses = {{ client }}.patch(url, json=a_change()).headers["ETag"]

    responses = [
        {{ client }}.put(url, json=valid_body(), headers={"If-Match": stale}),
        {{ client }}.patch(url, json=a_change(), headers={"If-Match": stale}),
        {{ client }}.delete(url, headers={"If-Match": stale}),
    ]

    assert [response.status_code for response in responses] == [412, 412, 412]
    assert responses[0].get_json()["error"]["code"] == "precondition_failed"
    assert {{ client }}.get(url).headers["ETag"] == someone_elses
    any_version = {{ client }}.patch(url, json=a_change(), headers={"If-Match": "*"})
    assert any_version.status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("if_match", [True, False], ids=["with If-Match", "without"])
def test_a_write_that_loses_a_race_after_its_checks_writes_nothing(
    {{ client }}: FlaskClient, monkeypatch: pytest.MonkeyPatch, method: str, if_match: bool
) -> None:
    url = f"{URL}/{ {{- client }}.post(URL, json=valid_body()).get_json()['data']['id']}"
    before = {{ client }}.get(url)
    monkeypatch.setattr(services, "get_{{ domain.word }}_to_change", then_another_request_writes)

    headers = {"If-Match": before.headers["ETag"]} if if_match else {}
    response = {{ client }}.open(url, method=method, json=valid_body(), headers=headers)

    assert response.status_code == (412 if if_match else 409)
    db.session.expire_all()
    assert {{ client }}.get(url).get_json()["data"] == before.get_json()["data"]


def then_another_request_writes(*args: Any) -> {{ domain.class_name }}:  # noqa: ANN401
    """``get_{{ domain.word }}_to_change``, then a write by someone else before this request's
    own: the row's version moves on behind the loaded object."""
    {{ domain.var }} = get_{{ domain.word }}_to_change(*args)
    db.session.execute(
        update({{ domain.class_name }})
        .where({{ domain.class_name }}.id == {{ domain.var }}.id)
        .values(row_version={{ domain.class_name }}.row_version + 1)
        .execution_options(synchronize_session=False)
    )
    return {{ domain.var }}


def test_delete_returns_204_and_removes_it({{ client }}: FlaskClient{% if use_jwt %}, user: User{% endif %}) -> None:
    url = f"{URL}/{ {{- domain.class_name }}Factory.create({{ owner }}).id}"

    response = {{ client }}.delete(url)

    assert response.status_code == 204
    assert {{ client }}.get(url).status_code == 404
{% if use_jwt %}


{% if domain.private %}
def test_another_users_{{ domain.word }}_is_404_on_every_verb(other_client: FlaskClient, user: User) -> None:
    {{ domain.var }} = {{ domain.class_name }}Factory.create(owner=user)
    url = f"{URL}/{ {{- domain.var }}.id}"
    version = {{ domain.var }}.row_version

    responses = [
        other_client.get(url),
        other_client.put(url, json=valid_body()),
        other_client.patch(url, json=a_change()),
        other_client.delete(url, headers={"If-Match": "*"}),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    assert responses[0].get_json()["error"]["code"] == "not_found"
    db.session.expire_all()
    unchanged = db.session.get({{ domain.class_name }}, {{ domain.var }}.id)
    assert unchanged is not None
    assert unchanged.row_version == version


def test_the_list_shows_only_the_callers_own(
    {{ client }}: FlaskClient,
    other_client: FlaskClient,
    user: User,
) -> None:
    mine = {str(row.id) for row in {{ domain.class_name }}Factory.create_batch(2, owner=user)}
    {{ domain.class_name }}Factory.create_batch(3)  # other users'

    listed = {{ client }}.get(URL).get_json()

    assert {item["id"] for item in listed["data"]} == mine
    assert listed["meta"]["total"] == len(mine)
    assert other_client.get(URL).get_json()["data"] == []
{% else %}
def test_only_the_owner_may_change_or_delete(other_client: FlaskClient, user: User) -> None:
    url = f"{URL}/{ {{- domain.class_name }}Factory.create(owner=user).id}"
    before = other_client.get(url).headers["ETag"]
    stale = {"If-Match": '"an-older-version"'}  # ownership is checked first: 403, not 412

    responses = [
        other_client.put(url, json=valid_body(), headers=stale),
        other_client.patch(url, json=a_change(), headers=stale),
        other_client.delete(url, headers=stale),
    ]

    assert [response.status_code for response in responses] == [403] * 3
    assert responses[0].get_json()["error"]["code"] == "forbidden"
    assert other_client.get(url).headers["ETag"] == before
{% endif %}
{% endif %}
