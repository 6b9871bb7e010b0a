"""The awards API: who sees what, who may write, and constant query counts."""

import datetime

import pytest
from django.utils import timezone

from applications.enums import OrganisationRole, TeamPermission
from awards import disbursements, reports
from tests.awards.conftest import funded_award
from tests.awards.factories import AwardFactory, TrancheFactory
from tests.factories import ParticipantFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
BILLION = 1_000_000_000


def test_an_auditor_sees_every_award(api_client, auditor):
    awards = [funded_award() for _ in range(3)]
    api_client.force_authenticate(auditor)
    response = api_client.get("/api/v1/awards/")
    assert response.status_code == 200
    assert sorted(r["number"] for r in response.json()["results"]) == sorted(
        a.number for a in awards
    )
    detail = api_client.get(f"/api/v1/awards/{awards[0].pk}/").json()
    assert detail["funding"] == [
        {"fiscal_year": 2025, "category": "activities", "source": "government",
         "amount": 10_000_000_000}
    ]  # fmt: skip


def test_a_team_sees_only_its_own_award(api_client, applicant):
    own = funded_award()
    TeamMemberFactory(team=own.application.team, user=applicant)
    bait = funded_award()
    api_client.force_authenticate(applicant)
    listed = api_client.get("/api/v1/awards/").json()["results"]
    assert [r["number"] for r in listed] == [own.number]
    assert api_client.get(f"/api/v1/awards/{bait.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/awards/{bait.pk}/reports/").status_code == 404
    bait_tranche = TrancheFactory(award=bait)
    assert api_client.get(f"/api/v1/disbursements/{bait_tranche.pk}/").status_code == 404
    assert api_client.get("/api/v1/disbursements/").json()["count"] == 0


def _write_endpoints(award, tranche, report):
    return [
        ("post", f"/api/v1/disbursements/{tranche.pk}/request/", {}),
        ("post", f"/api/v1/disbursements/{tranche.pk}/approve/", {}),
        ("post", f"/api/v1/disbursements/{tranche.pk}/pay/",
         {"payment_reference": "KB-1", "paid_on": "2025-09-01"}),
        ("post", f"/api/v1/disbursements/{tranche.pk}/cancel/", {"reason": "감사"}),
        ("post", f"/api/v1/awards/{award.pk}/reports/",
         {"report": report.pk, "summary": "요약", "kpis": []}),
        ("put", f"/api/v1/awards/{award.pk}/", {}),
        ("patch", f"/api/v1/awards/{award.pk}/", {}),
        ("delete", f"/api/v1/awards/{award.pk}/", {}),
        ("post", "/api/v1/awards/", {}),
        ("post", "/api/v1/disbursements/", {}),
        ("delete", f"/api/v1/disbursements/{tranche.pk}/", {}),
    ]  # fmt: skip


WRITES = [
    "request", "approve", "pay", "cancel", "report", "put", "patch", "delete", "create",
    "create-disbursement", "delete-disbursement",
]  # fmt: skip


@pytest.mark.parametrize("index", range(len(WRITES)), ids=WRITES)
def test_an_auditor_gets_403_on_every_write(api_client, auditor, officer, index):
    award = funded_award()
    tranche = TrancheFactory(award=award)
    report = reports.schedule_report(
        award, period_starts_on=datetime.date(2025, 8, 1),
        period_ends_on=datetime.date(2026, 1, 31), due_on=datetime.date(2026, 2, 28), by=officer,
    )  # fmt: skip
    method, url, body = _write_endpoints(award, tranche, report)[index]
    api_client.force_authenticate(auditor)
    response = getattr(api_client, method)(url, body, format="json")
    assert response.status_code in (403, 405)
    if response.status_code == 405:
        # Not routed at all: nobody may, so the auditor may not either.
        api_client.force_authenticate(officer)
        assert getattr(api_client, method)(url, body, format="json").status_code == 405
    tranche.refresh_from_db()
    assert tranche.status == "planned"


def test_approve_and_pay_through_the_api(api_client, finance, finance2):
    award = funded_award()
    tranche = TrancheFactory(award=award, amount=2 * BILLION)
    api_client.force_authenticate(finance)
    assert api_client.post(f"/api/v1/disbursements/{tranche.pk}/request/").status_code == 200
    refused = api_client.post(f"/api/v1/disbursements/{tranche.pk}/approve/")
    assert refused.status_code == 400
    assert list(refused.json()) == ["non_field_errors"]
    api_client.force_authenticate(finance2)
    approved = api_client.post(f"/api/v1/disbursements/{tranche.pk}/approve/")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    late = {"payment_reference": "KB-9", "paid_on": "2999-01-01"}
    bad = api_client.post(f"/api/v1/disbursements/{tranche.pk}/pay/", late, format="json")
    assert (bad.status_code, list(bad.json())) == (400, ["paid_on"])
    paid = api_client.post(
        f"/api/v1/disbursements/{tranche.pk}/pay/",
        {"payment_reference": "KB-9", "paid_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert (paid.status_code, paid.json()["payment_reference"]) == (200, "KB-9")


def test_the_team_submits_a_report_through_the_api(api_client, applicant, officer):
    award = funded_award()
    TeamMemberFactory(team=award.application.team, user=applicant,
                      permission=TeamPermission.MANAGER)  # fmt: skip
    report = reports.schedule_report(
        award, period_starts_on=datetime.date(2025, 8, 1),
        period_ends_on=datetime.date(2026, 1, 31), due_on=datetime.date(2026, 2, 28), by=officer,
    )  # fmt: skip
    api_client.force_authenticate(applicant)
    kpis = [{"metric": "frontier_ratio", "actual": "96.5"},
            {"metric": "model_parameters", "actual": "120"},
            {"metric": "open_releases", "actual": "2"}]  # fmt: skip
    response = api_client.post(f"/api/v1/awards/{award.pk}/reports/",
                               {"report": report.pk, "summary": "1차 보고", "kpis": kpis},
                               format="json")  # fmt: skip
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    listed = api_client.get(f"/api/v1/awards/{award.pk}/reports/").json()
    assert [(k["metric"], k["target"], k["actual"]) for k in listed[0]["kpis"]] == [
        ("frontier_ratio", "95.00", "96.50"), ("model_parameters", "100.00", "120.00"),
        ("open_releases", "1.00", "2.00"),
    ]  # fmt: skip


def make_awards(count):
    awards = []
    for _ in range(count):
        award = funded_award({2025: 5 * BILLION, 2026: 5 * BILLION})
        ParticipantFactory(team=award.application.team, role=OrganisationRole.LEAD)
        TrancheFactory(award=award)
        awards.append(award)
    return awards


@pytest.mark.parametrize("count", [1, 50])
def test_award_list_api_queries_do_not_grow(api_client, auditor, count, django_assert_num_queries):
    make_awards(count)
    api_client.force_authenticate(auditor)
    with django_assert_num_queries(4):  # roles, count, page, leads: the same at 1 and 50
        response = api_client.get("/api/v1/awards/")
    assert response.json()["count"] == count
    assert response.json()["results"][0]["government_total"] == 10 * BILLION


@pytest.mark.parametrize("count", [1, 50])
def test_disbursement_list_api_queries_do_not_grow(
    api_client, auditor, count, django_assert_num_queries
):
    make_awards(count)
    api_client.force_authenticate(auditor)
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/disbursements/")
    assert response.json()["count"] == count


def test_requesting_needs_the_finance_role(api_client, officer):
    tranche = TrancheFactory(award=funded_award())
    api_client.force_authenticate(officer)
    assert api_client.post(f"/api/v1/disbursements/{tranche.pk}/request/").status_code == 403
    assert disbursements.queries.balance(tranche.award, 2025).remaining == 10 * BILLION


def test_awards_factory_award_is_visible_to_staff(api_client, finance):
    AwardFactory()
    api_client.force_authenticate(finance)
    assert api_client.get("/api/v1/awards/").json()["count"] == 1
