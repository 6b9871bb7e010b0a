"""The objection pages: who sees what (bait rows that must not leak), forms, query counts."""

import datetime

import pytest
from django.utils import timezone

from reviews import objections
from reviews.models import Objection
from tests.factories import TeamMemberFactory, UserFactory
from tests.reviews.objections.conftest import pdf

pytestmark = pytest.mark.django_db


def _file(decision, by, grounds="평가 오류"):
    return objections.file_objection(decision=decision, grounds=grounds, by=by, files=[pdf()])


@pytest.fixture
def bait(other_decision, other_applicant):
    """The other team's objection: never shown to the applicant."""
    from applications.models import TeamMember

    TeamMember.objects.filter(user=other_applicant).update(permission="manager")
    return _file(other_decision, other_applicant, grounds="다른 팀의 근거")


def test_the_results_page_offers_the_objection_until_the_deadline(client, published, applicant):
    client.force_login(applicant)
    url = f"/reviews/results/{published.application_id}/"
    page = client.get(url).content.decode()
    assert f"/reviews/objections/new/{published.pk}/" in page
    published.panel.results_published_at = timezone.now() - datetime.timedelta(days=15)
    published.panel.save()
    page = client.get(url).content.decode()
    assert f"/reviews/objections/new/{published.pk}/" not in page


def test_the_manager_files_through_the_page(client, published, applicant):
    client.force_login(applicant)
    response = client.post(
        f"/reviews/objections/new/{published.pk}/",
        {"grounds": "평가위원 점수 합산 오류", "files": [pdf("a.pdf"), pdf("b.pdf")]},
    )
    objection = Objection.objects.get()
    assert response.status_code == 302 and response.url == f"/reviews/objections/{objection.pk}/"
    assert objection.attachments.count() == 2


def test_a_late_objection_is_refused_with_a_clear_message(client, published, applicant):
    published.panel.results_published_at = timezone.now() - datetime.timedelta(days=15)
    published.panel.save()
    client.force_login(applicant)
    response = client.post(f"/reviews/objections/new/{published.pk}/", {"grounds": "늦은 신청"})
    assert response.status_code == 400
    assert "이의신청 기간은" in response.content.decode()
    assert not Objection.objects.exists()


def test_a_non_pdf_is_refused_on_the_files_field(client, published, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(applicant)
    fake = SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")
    response = client.post(
        f"/reviews/objections/new/{published.pk}/", {"grounds": "근거", "files": [fake]}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["files"]


def test_who_may_file(client, published, own_application, other_applicant, reviewer, officer):
    url = f"/reviews/objections/new/{published.pk}/"
    editor = UserFactory()
    TeamMemberFactory(team=own_application.team, user=editor, permission="editor")
    client.force_login(editor)
    assert client.get(url).status_code == 403
    for outsider in (other_applicant, reviewer, officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_team_officers_and_auditors_see_it_others_get_404(
    client, published, applicant, other_applicant, reviewer, finance, officer, auditor, bait
):
    objection = _file(published, applicant)
    url = f"/reviews/objections/{objection.pk}/"
    file_url = f"{url}files/{objection.attachments.get().pk}/"
    for reader in (applicant, officer, auditor):
        client.force_login(reader)
        assert client.get(url).status_code == 200
        assert client.get(file_url).status_code == 200
    for outsider in (other_applicant, reviewer, finance):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(file_url).status_code == 404
    # a file id of another objection under this objection's address
    client.force_login(applicant)
    assert client.get(f"{url}files/{bait.attachments.get().pk}/").status_code == 404


def test_the_applicants_list_holds_only_their_team(client, published, applicant, bait):
    mine = _file(published, applicant)
    client.force_login(applicant)
    response = client.get("/reviews/objections/")
    assert [o.pk for o in response.context["page"]] == [mine.pk]
    assert "다른 팀의 근거" not in client.get(f"/reviews/objections/{mine.pk}/").content.decode()


def test_an_officer_decides_on_the_page_and_reopens(client, published, applicant, officer):
    objection = _file(published, applicant)
    client.force_login(officer)
    url = f"/reviews/objections/{objection.pk}/"
    response = client.post(f"{url}decide/", {"outcome": "upheld", "reasons": ""})
    assert response.status_code == 400
    assert list(response.context["decide_form"].errors) == ["reasons"]
    response = client.post(f"{url}decide/", {"outcome": "upheld", "reasons": "합산 오류"})
    assert response.status_code == 302
    assert "결정을 취소" in client.get(url).content.decode()
    assert client.post(f"{url}reopen/", {"reason": "재심의"}).status_code == 302
    objection.refresh_from_db()
    assert objection.decision_reopened_at is not None


def test_an_auditor_reads_but_may_not_decide(client, published, applicant, auditor):
    objection = _file(published, applicant)
    client.force_login(auditor)
    url = f"/reviews/objections/{objection.pk}/"
    assert client.post(f"{url}decide/", {"outcome": "upheld", "reasons": "x"}).status_code == 403
    assert client.post(f"{url}reopen/").status_code == 403
    objection.refresh_from_db()
    assert objection.status == "filed"


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_runs_the_same_queries_whatever_the_rows(
    client, officer, published, applicant, django_assert_num_queries, count
):
    from tests.factories import ApplicationFactory

    _file(published, applicant)
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
    client.force_login(officer)
    with django_assert_num_queries(6):
        response = client.get("/reviews/objections/")
    assert len(response.context["page"]) == count


def test_the_form_of_a_result_already_objected_to_leads_to_the_objection(
    client, published, applicant
):
    objection = _file(published, applicant)
    client.force_login(applicant)
    response = client.get(f"/reviews/objections/new/{published.pk}/")
    assert response.status_code == 302 and response.url == f"/reviews/objections/{objection.pk}/"
