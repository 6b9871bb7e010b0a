import io

import pytest
from django.core.management import call_command

from tests import factories


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def token_for(api_client, username, password="demo-pass-2025"):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_officer_lists_the_three_programmes_with_their_figures(api_client, demo):
    token = token_for(api_client, "officer")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api_client.get("/api/v1/programmes/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    by_code = {p["code"]: p for p in body["results"]}
    assert by_code["wbl"]["budgets"] == [{"fiscal_year": 2025, "amount": 213_600_000_000}]
    assert set(by_code) == {"wbl", "pathfinder", "ai-chip-grad"}


def test_calls_are_filterable_and_paginated(api_client, demo):
    response = api_client.get("/api/v1/calls/", {"programme": "wbl"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {c["quota"] for c in body["results"]} == {5, 1}
    assert "next" in body and "previous" in body
    pathfinder = api_client.get("/api/v1/calls/", {"programme": "pathfinder"}).json()
    assert pathfinder["results"][0]["cap_per_year"] == 2_000_000_000


def test_a_wrong_password_gets_no_token(api_client, demo):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "officer", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_draft_calls_stay_hidden_from_the_api(api_client, applicant, officer):
    draft = factories.CallFactory(is_published=False)
    factories.CallFactory(programme=draft.programme)
    api_client.force_authenticate(applicant)
    ids = [c["id"] for c in api_client.get("/api/v1/calls/").json()["results"]]
    assert draft.pk not in ids
    assert len(ids) == 1
    assert api_client.get(f"/api/v1/calls/{draft.pk}/").status_code == 404
    api_client.force_authenticate(officer)
    assert api_client.get(f"/api/v1/calls/{draft.pk}/").status_code == 200


def test_schema_and_docs_are_served(api_client, db):
    assert api_client.get("/api/v1/schema/").status_code == 200
    assert api_client.get("/api/v1/docs/").status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_call_list_runs_a_constant_number_of_queries(
    api_client, db, django_assert_max_num_queries, rows
):
    programme = factories.ProgrammeFactory()
    for _ in range(rows):
        factories.StageFactory(call=factories.CallFactory(programme=programme))
    with django_assert_max_num_queries(3):
        assert api_client.get("/api/v1/calls/").status_code == 200
