"""Progress reports: KPIs by programme kind, the officer accepts or returns, the team
resubmits; the report pages keep outsiders out."""

import datetime

import pytest
from django.urls import reverse

from applications.enums import TeamPermission
from awards import reports
from awards.services import AwardRefused
from programmes.enums import ApplicantKind
from tests.awards.conftest import funded_award
from tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db
PERIOD = {
    "period_starts_on": datetime.date(2025, 8, 1),
    "period_ends_on": datetime.date(2026, 1, 31),
    "due_on": datetime.date(2026, 2, 28),
}


def test_each_programme_kind_reports_its_own_kpis(officer):
    kinds = {}
    for applicant_kind in ApplicantKind.values:
        award = funded_award(application__team__call__applicant_kind=applicant_kind)
        report = reports.schedule_report(award, by=officer, **PERIOD)
        kinds[applicant_kind] = [(k.metric, k.unit, str(k.target)) for k in report.kpis.all()]
    assert kinds == {
        "consortium": [("frontier_ratio", "%", "95.00"), ("model_parameters", "B", "100.00"),
                       ("open_releases", "건", "1.00")],
        "university": [("students_enrolled", "명", "60.00"), ("graduates", "명", "30.00"),
                       ("faculty", "명", "7.00")],
        "individual": [("recruited", "명", "1.00"), ("joint_papers", "편", "2.00")],
    }  # fmt: skip


def test_a_recruit_is_linked_to_the_world_best_llm_team_they_join(officer, applicant):
    wbl = funded_award()
    school = funded_award(application__team__call__applicant_kind="university")
    recruit = funded_award(application__team__call__applicant_kind="individual")
    report = reports.schedule_report(recruit, by=officer, **PERIOD)
    with pytest.raises(AwardRefused) as refusal:
        reports.submit_report(report, by=applicant, summary="부임", figures={
            "recruited": {"actual": 1, "joins_award": school}, "joint_papers": {"actual": 0},
        })  # fmt: skip
    assert list(refusal.value.errors) == ["recruited"]
    reports.submit_report(report, by=applicant, summary="부임", figures={
        "recruited": {"actual": 1, "joins_award": wbl}, "joint_papers": {"actual": 0},
    })  # fmt: skip
    assert report.kpis.get(metric="recruited").joins_award == wbl


def test_every_kpi_needs_its_actual_figure(officer, applicant):
    report = reports.schedule_report(funded_award(), by=officer, **PERIOD)
    with pytest.raises(AwardRefused) as refusal:
        reports.submit_report(report, by=applicant, summary="요약",
                              figures={"frontier_ratio": {"actual": "96.1"}})  # fmt: skip
    assert sorted(refusal.value.errors) == ["model_parameters", "open_releases"]


def test_the_officer_returns_then_accepts_in_the_browser(client, officer, applicant):
    award = funded_award()
    TeamMemberFactory(team=award.application.team, user=applicant,
                      permission=TeamPermission.MANAGER)  # fmt: skip
    report = reports.schedule_report(award, by=officer, **PERIOD)
    client.force_login(applicant)
    url = reverse("awards:report-detail", args=[report.pk])
    figures = {"summary": "1차", "kpi-frontier_ratio": "93.5", "kpi-model_parameters": "70",
               "kpi-open_releases": "0"}  # fmt: skip
    client.post(url, figures)
    client.force_login(officer)
    judge = reverse("awards:report-judge", args=[report.pk])
    refused = client.post(judge, {"decision": "return", "comment": ""})
    assert refused.context["judge"].errors == {"comment": ["팀이 보완할 사항을 적으세요."]}
    client.post(judge, {"decision": "return", "comment": "벤치마크 근거 보완"})
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("returned", "벤치마크 근거 보완")
    client.force_login(applicant)
    client.post(url, {**figures, "kpi-frontier_ratio": "95.2"})
    client.force_login(officer)
    client.post(judge, {"decision": "accept", "comment": "확인"})
    report.refresh_from_db()
    assert report.status == "accepted"
    assert [h.status for h in report.history.order_by("history_id")] == [
        "draft", "submitted", "returned", "submitted", "accepted",
    ]  # fmt: skip


def test_report_pages_keep_outsiders_out(client, officer, other_applicant, auditor):
    report = reports.schedule_report(funded_award(), by=officer, **PERIOD)
    client.force_login(other_applicant)
    url = reverse("awards:report-detail", args=[report.pk])
    assert client.get(url).status_code == 404
    client.force_login(auditor)
    assert client.get(url).status_code == 200
    judge = reverse("awards:report-judge", args=[report.pk])
    assert client.post(judge, {"decision": "accept"}).status_code == 403
    assert client.post(url, {"summary": "x"}).status_code == 403
