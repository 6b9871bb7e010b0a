"""Award pages: who sees what (404 for outsiders, 403 for readers), the forms call the
services, and lists run a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus, OrganisationRole, TeamPermission
from awards import disbursements
from awards.models import Award, Tranche
from tests.awards.conftest import funded_award
from tests.awards.factories import AwardFactory, TrancheFactory
from tests.factories import ApplicationFactory, ParticipantFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
BILLION = 1_000_000_000


def test_outsiders_get_404_and_readers_403(client, applicant, auditor):
    bait = funded_award()
    tranche = TrancheFactory(award=bait)
    client.force_login(applicant)
    for url in [bait.get_absolute_url(), reverse("awards:tranche-detail", args=[tranche.pk]),
                reverse("awards:award-timeline", args=[bait.pk])]:  # fmt: skip
        assert client.get(url).status_code == 404
    assert client.get(reverse("awards:award-list")).context["awards"].paginator.count == 0
    client.force_login(auditor)
    assert client.get(bait.get_absolute_url()).status_code == 200
    assert client.get(reverse("awards:award-funding", args=[bait.pk])).status_code == 403
    assert client.post(reverse("awards:tranche-approve", args=[tranche.pk])).status_code == 403
    assert client.post(reverse("awards:award-terminate", args=[bait.pk]),
                       {"reason": "x"}).status_code == 403  # fmt: skip


def test_the_officer_creates_an_award_from_a_selected_application(client, officer):
    application = ApplicationFactory(status=ApplicationStatus.SELECTED, reference="WBL-2025-0003")
    client.force_login(officer)
    assert application.reference in client.get(reverse("awards:award-list")).text
    response = client.post(
        reverse("awards:award-create", args=[application.pk]),
        {"starts_on": "2025-08-01", "ends_on": "2028-07-31", "agreement_deadline": "2025-08-29",
         "conditions": "데이터 확보계획 보완\n오픈소스 공개 일정 명시"},
    )  # fmt: skip
    award = Award.objects.get()
    assert response.url == reverse("awards:award-funding", args=[award.pk])
    assert [c.text_ko for c in award.conditions.all()] == [
        "데이터 확보계획 보완",
        "오픈소스 공개 일정 명시",
    ]
    again = client.post(reverse("awards:award-create", args=[application.pk]),
                        {"starts_on": "2025-08-01", "ends_on": "2028-07-31"})  # fmt: skip
    assert again.context["form"].errors == {"__all__": ["이 신청서에는 이미 협약이 있습니다."]}


def test_the_deliberation_form_saves_the_adjusted_table(client, officer):
    award = funded_award({2025: 8 * BILLION}, status="offered")
    client.force_login(officer)
    page = client.get(reverse("awards:award-funding", args=[award.pk]))
    assert page.context["form"]["cell-2025-activities-government"].initial == 8 * BILLION
    client.post(reverse("awards:award-funding", args=[award.pk]), {
        "cell-2025-activities-government": "7000000000",
        "cell-2026-salaries-government": "1000000000", "reason": "심의 결과 감액",
    })  # fmt: skip
    assert sorted(award.funding.values_list("fiscal_year", "amount")) == [
        (2025, 7 * BILLION),
        (2026, BILLION),
    ]
    refused = client.post(reverse("awards:award-funding", args=[award.pk]), {
        "cell-2025-activities-government": "-5", "reason": "x",
    })  # fmt: skip
    assert "cell-2025-activities-government" in refused.context["form"].errors


def test_the_request_and_approval_pages_show_the_remaining_balance(client, finance):
    award = funded_award({2025: 5 * BILLION})
    approved = TrancheFactory(award=award, amount=2 * BILLION)
    disbursements.request_tranche(approved, by=finance)
    Tranche.objects.filter(pk=approved.pk).update(
        status="approved", approved_by=AwardFactory().created_by
    )
    tranche = TrancheFactory(award=award, amount=BILLION)
    client.force_login(finance)
    page = client.get(reverse("awards:tranche-detail", args=[tranche.pk]))
    assert page.context["balance"].remaining == 3 * BILLION
    assert "30억 원" in page.text and "20억 원" in page.text  # remaining, and after this one
    client.post(reverse("awards:tranche-request", args=[tranche.pk]))
    page = client.get(reverse("awards:tranche-detail", args=[tranche.pk]))
    assert 'id="own-request"' in page.text and 'id="approve-tranche"' not in page.text


def test_the_team_accepts_the_agreement_in_the_browser(client, applicant):
    award = funded_award(status="offered", agreement_deadline=None)
    TeamMemberFactory(team=award.application.team, user=applicant,
                      permission=TeamPermission.MANAGER)  # fmt: skip
    client.force_login(applicant)
    assert 'id="accept-agreement"' in client.get(award.get_absolute_url()).text
    client.post(reverse("awards:award-accept", args=[award.pk]))
    award.refresh_from_db()
    assert (award.status, award.accepted_by) == ("active", applicant)


def test_the_timeline_shows_who_changed_which_money_before_and_after(client, officer, auditor):
    award = funded_award({2025: 8 * BILLION})
    from awards.services import deliberate_budget

    deliberate_budget(award, by=officer, reason="증액",
                      funding={(2025, "activities", "government"): 9 * BILLION})  # fmt: skip
    client.force_login(auditor)
    entries = client.get(reverse("awards:award-timeline", args=[award.pk])).context["entries"]
    change = next(e for e in entries if e.kind == "changed" and e.what == "협약 사업비 항목")
    assert (change.who, change.reason, change.changes) == (
        officer,
        "증액",
        [("금액(원)", "8,000,000,000", "9,000,000,000")],
    )


def make_awards(count):
    for _ in range(count):
        award = funded_award({2025: 5 * BILLION, 2026: 5 * BILLION})
        ParticipantFactory(team=award.application.team, role=OrganisationRole.LEAD)
        TrancheFactory(award=award)


@pytest.mark.parametrize("count", [1, 50])
def test_award_list_page_queries_do_not_grow(client, officer, count, django_assert_num_queries):
    make_awards(count)
    client.force_login(officer)
    with django_assert_num_queries(9):
        response = client.get(reverse("awards:award-list"))
    assert response.context["awards"].paginator.count == count


@pytest.mark.parametrize("count", [1, 50])
def test_dashboard_queries_do_not_grow(client, auditor, count, django_assert_num_queries):
    make_awards(count)
    client.force_login(auditor)
    with django_assert_num_queries(14):
        response = client.get(reverse("awards:dashboard"))
    assert len(response.context["teams"]) == count * 2


@pytest.mark.parametrize("count", [1, 50])
def test_tranche_list_page_queries_do_not_grow(client, finance, count, django_assert_num_queries):
    make_awards(count)
    client.force_login(finance)
    with django_assert_num_queries(6):
        response = client.get(reverse("awards:tranche-list"))
    assert response.context["tranches"].paginator.count == count


def test_the_dashboard_exports_the_same_figures(client, finance, finance2):
    award = funded_award({2025: 5 * BILLION})
    tranche = TrancheFactory(award=award, amount=2 * BILLION)
    disbursements.request_tranche(tranche, by=finance)
    disbursements.approve_tranche(tranche, by=finance2)
    client.force_login(finance)
    page = client.get(reverse("awards:dashboard"))
    row = page.context["teams"][0]
    assert (row.budget, row.committed, row.disbursed, row.remaining) == (
        5 * BILLION,
        2 * BILLION,
        0,
        5 * BILLION,
    )
    csv = client.get(reverse("awards:dashboard") + "?format=csv").content.decode("utf-8-sig")
    assert f"{award.application.team.name_ko},2025,5000000000,2000000000,0,5000000000" in csv
    xlsx = client.get(reverse("awards:dashboard") + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'id="burnup-data"' in page.text


def test_the_dashboard_is_for_ministry_staff(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("awards:dashboard")).status_code == 403
    assert datetime.date.today()  # the page never reaches the applicant


@pytest.mark.parametrize("count", [1, 50])
def test_report_list_page_queries_do_not_grow(client, officer, count, django_assert_num_queries):
    from awards import reports

    for _ in range(count):
        award = funded_award()
        reports.schedule_report(
            award, by=officer, period_starts_on=datetime.date(2025, 8, 1),
            period_ends_on=datetime.date(2026, 1, 31), due_on=datetime.date(2026, 2, 28),
        )  # fmt: skip
    client.force_login(officer)
    with django_assert_num_queries(6):
        response = client.get(reverse("awards:report-list"))
    assert response.context["reports"].paginator.count == count


def test_the_officer_terminates_an_award_on_its_page(client, officer, finance):
    award = funded_award()
    planned = TrancheFactory(award=award)
    client.force_login(officer)
    refused = client.post(reverse("awards:award-terminate", args=[award.pk]), {"reason": ""})
    assert "reason" in refused.context["form"].errors
    client.post(reverse("awards:award-terminate", args=[award.pk]), {"reason": "협약 위반"})
    award.refresh_from_db()
    planned.refresh_from_db()
    assert (award.status, award.termination_reason, planned.status) == (
        "terminated", "협약 위반", "cancelled",
    )  # fmt: skip


def test_approving_with_a_stale_login_asks_for_the_password_first(client, finance, finance2):
    from accounts.two_factor import REAUTH_SESSION_KEY

    award = funded_award()
    tranche = disbursements.request_tranche(TrancheFactory(award=award), by=finance)
    client.force_login(finance2)
    session = client.session
    session[REAUTH_SESSION_KEY] -= 3600  # logged in an hour ago
    session.save()
    url = reverse("awards:tranche-approve", args=[tranche.pk])

    stale = client.post(
        url, HTTP_REFERER="http://testserver" + reverse("awards:tranche-detail", args=[tranche.pk])
    )
    tranche.refresh_from_db()
    assert stale.status_code == 302
    assert stale.url.startswith(reverse("reauthenticate"))
    assert tranche.status == "requested"

    client.post(reverse("reauthenticate"), {"password": "test-pass-2025"})
    fresh = client.post(url)
    tranche.refresh_from_db()
    assert fresh.status_code == 302
    assert tranche.status == "approved"
