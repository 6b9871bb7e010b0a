"""/api/v1/objections/: applicants list, read and file; officers decide; auditors read."""

import pytest

from reviews.models import Objection
from tests.reviews.objections.conftest import pdf

pytestmark = pytest.mark.django_db
URL = "/api/v1/objections/"


@pytest.fixture
def bait(other_decision, other_applicant):
    from applications.models import TeamMember
    from reviews import objections

    TeamMember.objects.filter(user=other_applicant).update(permission="manager")
    return objections.file_objection(decision=other_decision, grounds="다른 팀", by=other_applicant)


def test_the_manager_files_with_files_and_lists_only_their_own(
    api_client, published, applicant, bait
):
    api_client.force_authenticate(applicant)
    response = api_client.post(
        URL,
        {"decision": published.pk, "grounds": "합산 오류", "files": [pdf()]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["outcome_objected"], len(body["files"])) == (
        "filed",
        "reject",
        1,
    )
    assert api_client.get(body["files"][0]["download_url"]).status_code == 200
    listed = api_client.get(URL).json()
    assert [o["id"] for o in listed["results"]] == [body["id"]]
    assert api_client.get(f"{URL}{bait.pk}/").status_code == 404


def test_bad_input_is_a_400_naming_the_field(api_client, published, applicant):
    api_client.force_authenticate(applicant)
    assert list(api_client.post(URL, {"decision": published.pk}, format="json").json()) == [
        "grounds"
    ]
    response = api_client.post(URL, {"decision": published.pk, "grounds": " "}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["grounds"]
    assert api_client.post(URL, {"decision": "x", "grounds": "g"}, format="json").status_code == 400
    api_client.post(URL, {"decision": published.pk, "grounds": "g"}, format="json")
    again = api_client.post(URL, {"decision": published.pk, "grounds": "g"}, format="json")
    assert again.status_code == 400 and list(again.json()) == ["non_field_errors"]


def test_someone_elses_decision_is_404(api_client, other_decision, applicant):
    api_client.force_authenticate(applicant)
    response = api_client.post(URL, {"decision": other_decision.pk, "grounds": "g"}, format="json")
    assert response.status_code == 404


def test_officers_decide_auditors_read(api_client, published, applicant, officer, auditor):
    from reviews import objections

    objection = objections.file_objection(decision=published, grounds="오류", by=applicant)
    decide = f"{URL}{objection.pk}/decide/"
    api_client.force_authenticate(auditor)
    assert api_client.get(f"{URL}{objection.pk}/").status_code == 200
    assert api_client.post(decide, {"upheld": True, "reasons": "x"}).status_code == 403
    api_client.force_authenticate(applicant)
    assert api_client.post(decide, {"upheld": True, "reasons": "x"}).status_code == 403
    api_client.force_authenticate(officer)
    assert api_client.post(decide, {"upheld": "maybe", "reasons": "x"}).status_code == 400
    response = api_client.post(decide, {"upheld": True, "reasons": "합산 오류"})
    assert response.status_code == 200 and response.json()["status"] == "upheld"
    response = api_client.post(f"{URL}{objection.pk}/reopen/", {})
    assert response.status_code == 200 and response.json()["decision_reopened_at"]
    assert Objection.objects.get().decision_reopened_at is not None


def test_outsiders_get_404(api_client, published, applicant, other_applicant, reviewer, finance):
    from reviews import objections

    objection = objections.file_objection(decision=published, grounds="오류", by=applicant)
    for outsider in (other_applicant, reviewer, finance):
        api_client.force_authenticate(outsider)
        assert api_client.get(f"{URL}{objection.pk}/").status_code == 404
        assert api_client.get(URL).json()["results"] == []


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_runs_the_same_queries_whatever_the_rows(
    api_client, officer, published, applicant, django_assert_num_queries, count
):
    from reviews import objections
    from tests.factories import ApplicationFactory

    objections.file_objection(decision=published, grounds="오류", by=applicant, files=[pdf()])
    for i in range(count - 1):
        application = ApplicationFactory(
            team__call=published.panel.stage.call, status="not_selected", reference=f"Q-{i}"
        )
        Objection.objects.create(
            panel=published.panel,
            application=application,
            outcome_objected="reject",
            grounds="근거",
            filed_by=applicant,
        )
    api_client.force_authenticate(officer)
    with django_assert_num_queries(4):
        response = api_client.get(URL)
    assert response.json()["count"] == count
