"""From a selected application to an active award: creation, deliberation, acceptance,
amendments and the transitions table."""

import datetime

import pytest
from django.utils import timezone

from applications.enums import (
    ApplicationStatus,
    BudgetCategory,
    FundingSource,
    OrganisationRole,
    TeamPermission,
)
from awards import services
from awards.enums import AwardStatus
from awards.models import Award, AwardFunding
from tests.applications.factories import BudgetLineFactory
from tests.awards.conftest import funded_award
from tests.awards.factories import AwardFactory, TrancheFactory
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    ParticipantFactory,
    ShareRuleFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db
G, CASH = FundingSource.GOVERNMENT, FundingSource.CASH
START, END = datetime.date(2025, 8, 1), datetime.date(2028, 7, 31)


def selected_application(**extra):
    application = ApplicationFactory(
        status=ApplicationStatus.SELECTED, reference="WBL-2025-0001", **extra
    )
    lead = ParticipantFactory(team=application.team, role=OrganisationRole.LEAD)
    for year in (2025, 2026):
        for category in (BudgetCategory.SALARIES, BudgetCategory.ACTIVITIES):
            BudgetLineFactory(application=application, participant=lead, fiscal_year=year,
                              category=category, source=G, amount=4_000_000_000)  # fmt: skip
    return application


def test_an_award_starts_from_the_requested_budget_and_the_application_is_awarded(officer):
    application = selected_application()
    award = services.create_award(
        application, by=officer, starts_on=START, ends_on=END,
        agreement_deadline=datetime.date(2025, 8, 29), conditions=["GPU 활용계획 보완"],
    )  # fmt: skip
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert (award.status, award.number, award.version) == ("offered", "AWD-2025-0001", 1)
    assert sorted(award.funding.values_list("fiscal_year", "category", "amount")) == [
        (2025, "activities", 4_000_000_000), (2025, "salaries", 4_000_000_000),
        (2026, "activities", 4_000_000_000), (2026, "salaries", 4_000_000_000),
    ]  # fmt: skip
    assert [str(p) for p in award.phases.all()] == ["1단계", "2단계", "3단계"]
    assert [c.text_ko for c in award.conditions.all()] == ["GPU 활용계획 보완"]
    # The bulk insert of the funding lines is in the history, by the officer.
    history = AwardFunding.history.filter(award_id=award.pk)
    assert {(h.history_user_id, h.history_change_reason) for h in history} == {
        (officer.pk, "requested budget")
    }


def test_an_application_is_never_awarded_twice(officer):
    application = selected_application()
    services.create_award(application, by=officer, starts_on=START, ends_on=END)
    with pytest.raises(services.AwardRefused) as refusal:
        services.create_award(application, by=officer, starts_on=START, ends_on=END)
    assert refusal.value.errors == {"application": ["이 신청서에는 이미 협약이 있습니다."]}
    assert Award.objects.count() == 1


def test_only_a_selected_application_is_awarded(officer):
    application = ApplicationFactory(status=ApplicationStatus.UNDER_REVIEW, reference="X-1")
    with pytest.raises(services.AwardRefused) as refusal:
        services.create_award(application, by=officer, starts_on=START, ends_on=END)
    assert list(refusal.value.errors) == ["application"]


def test_the_period_is_capped_by_the_call(officer):
    application = selected_application()  # the call allows 36 months
    with pytest.raises(services.AwardRefused) as refusal:
        services.create_award(
            application, by=officer, starts_on=START, ends_on=datetime.date(2028, 8, 1)
        )
    assert list(refusal.value.errors) == ["ends_on"]


def test_a_graduate_school_agreement_has_two_phases_of_three_years(officer):
    application = selected_application(team__call__max_duration_months=72)
    award = services.create_award(
        application, by=officer, starts_on=datetime.date(2023, 9, 1),
        ends_on=datetime.date(2029, 8, 31),
    )  # fmt: skip
    assert [(p.number, p.starts_on, p.ends_on) for p in award.phases.all()] == [
        (1, datetime.date(2023, 9, 1), datetime.date(2026, 8, 31)),
        (2, datetime.date(2026, 9, 1), datetime.date(2029, 8, 31)),
    ]


def test_deliberation_sets_the_funding_with_its_reason(officer):
    award = funded_award({2025: 8_000_000_000}, status=AwardStatus.OFFERED)
    services.deliberate_budget(
        award, by=officer, reason="GPU 임차 단가 조정",
        funding={(2025, "activities", G): 7_000_000_000, (2026, "salaries", G): 2_000_000_000},
    )  # fmt: skip
    assert sorted(award.funding.values_list("fiscal_year", "category", "amount")) == [
        (2025, "activities", 7_000_000_000), (2026, "salaries", 2_000_000_000),
    ]  # fmt: skip
    change = AwardFunding.history.filter(award_id=award.pk, history_type="~").get()
    assert (change.amount, change.history_change_reason, change.history_user) == (
        7_000_000_000, "GPU 임차 단가 조정", officer,
    )  # fmt: skip
    assert award.deliberations.get().reason == "GPU 임차 단가 조정"
    award.refresh_from_db()
    assert award.version == 1  # before acceptance, deliberation is not an amendment


def test_deliberation_needs_a_reason_and_whole_won(officer):
    award = funded_award(status=AwardStatus.OFFERED)
    with pytest.raises(services.AwardRefused) as refusal:
        services.deliberate_budget(award, by=officer, reason=" ", funding={})
    assert list(refusal.value.errors) == ["reason"]
    with pytest.raises(services.AwardRefused) as refusal:
        services.deliberate_budget(award, by=officer, reason="조정",
                                   funding={(2025, "activities", G): -1})  # fmt: skip
    assert list(refusal.value.errors) == ["funding"]


def test_deliberation_respects_the_yearly_cap_and_the_share_rule(officer):
    award = funded_award(status=AwardStatus.OFFERED)
    call = award.application.call  # cap 400억 a year
    with pytest.raises(services.AwardRefused) as refusal:
        services.deliberate_budget(award, by=officer, reason="조정",
                                   funding={(2025, "activities", G): 40_000_000_001})  # fmt: skip
    assert "2025" in refusal.value.errors["funding"][0]
    large = OrganisationFactory(type="large")
    ParticipantFactory(team=award.application.team, organisation=large, role="lead")
    ShareRuleFactory(call=call, organisation_type="large", max_government_percent=50,
                     min_cash_percent=15)  # fmt: skip
    with pytest.raises(services.AwardRefused) as refusal:
        services.deliberate_budget(award, by=officer, reason="조정", funding={
            (2025, "activities", G): 6_000_000_000, (2025, "activities", CASH): 4_000_000_000,
        })  # fmt: skip
    assert refusal.value.errors["funding"] == [
        "대기업은(는) 정부로부터 사업비의 최대 50%까지 지원받을 수 있습니다."
    ]
    services.deliberate_budget(award, by=officer, reason="조정", funding={
        (2025, "activities", G): 5_000_000_000, (2025, "activities", CASH): 5_000_000_000,
    })  # fmt: skip


def test_funding_cannot_fall_below_what_was_approved(officer, finance):
    award = funded_award({2025: 8_000_000_000})
    TrancheFactory(award=award, amount=5_000_000_000, status="approved",
                   requested_by=officer, approved_by=finance)  # fmt: skip
    with pytest.raises(services.AwardRefused) as refusal:
        services.deliberate_budget(award, by=officer, reason="감액",
                                   funding={(2025, "activities", G): 4_000_000_000})  # fmt: skip
    assert list(refusal.value.errors) == ["funding"]


def test_the_team_manager_accepts_the_agreement(applicant, other_applicant):
    award = AwardFactory(status=AwardStatus.OFFERED, agreement_deadline=None)
    TeamMemberFactory(team=award.application.team, user=applicant,
                      permission=TeamPermission.MANAGER)  # fmt: skip
    TeamMemberFactory(team=award.application.team, user=other_applicant,
                      permission=TeamPermission.EDITOR)  # fmt: skip
    with pytest.raises(services.AwardRefused):
        services.accept_agreement(award, by=other_applicant)
    services.accept_agreement(award, by=applicant)
    award.refresh_from_db()
    assert (award.status, award.accepted_by) == (AwardStatus.ACTIVE, applicant)
    assert award.history.first().history_change_reason == "agreement accepted"


def test_the_agreement_cannot_be_accepted_after_its_deadline(applicant):
    award = AwardFactory(status=AwardStatus.OFFERED, agreement_deadline=datetime.date(2025, 8, 29))
    TeamMemberFactory(team=award.application.team, user=applicant,
                      permission=TeamPermission.MANAGER)  # fmt: skip
    late = timezone.make_aware(datetime.datetime(2025, 8, 30, 9))
    with pytest.raises(services.AwardRefused) as refusal:
        services.accept_agreement(award, by=applicant, now=late)
    assert refusal.value.errors == {"__all__": ["협약 체결 기한이 지났습니다."]}


def test_amendments_raise_the_version_and_keep_the_history(officer):
    award = funded_award({2025: 8_000_000_000})
    services.amend_agreement(award, by=officer, reason="협약기간 변경",
                             ends_on=datetime.date(2028, 6, 30))  # fmt: skip
    services.deliberate_budget(award, by=officer, reason="2차년도 증액",
                               funding={(2025, "activities", G): 9_000_000_000})  # fmt: skip
    award.refresh_from_db()
    assert award.version == 3
    assert [(h.version, h.ends_on) for h in award.history.order_by("history_id")][-2:] == [
        (2, datetime.date(2028, 6, 30)), (3, datetime.date(2028, 6, 30)),
    ]  # fmt: skip
    assert [d.version for d in award.deliberations.all()] == [2, 3]


def test_statuses_follow_the_transitions_table(officer):
    award = AwardFactory(status=AwardStatus.COMPLETED)
    with pytest.raises(services.AwardRefused):
        services.set_award_status(award, AwardStatus.ACTIVE, by=officer)
    award = AwardFactory(status=AwardStatus.ACTIVE)
    services.set_award_status(award, AwardStatus.SUSPENDED, by=officer, reason="감사 진행")
    services.set_award_status(award, AwardStatus.ACTIVE, by=officer, reason="감사 종료")
    assert [h.status for h in award.history.order_by("history_id")] == [
        "active", "suspended", "active",
    ]  # fmt: skip


def test_a_consortium_deliberation_may_not_raise_the_government_share(officer):
    application = selected_application()
    other = ParticipantFactory(team=application.team, role=OrganisationRole.JOINT)
    BudgetLineFactory(
        application=application, participant=other, fiscal_year=2025,
        category=BudgetCategory.SALARIES, source=CASH, amount=4_000_000_000,
    )  # fmt: skip
    award = services.create_award(application, by=officer, starts_on=START, ends_on=END)
    raised = {(f.fiscal_year, f.category, f.source): f.amount for f in award.funding.all()}
    raised[(2025, "salaries", CASH)] = 1_000_000_000
    with pytest.raises(services.AwardRefused) as refusal:
        services.deliberate_budget(award, by=officer, reason="현금 감액", funding=raised)
    assert refusal.value.errors["funding"] == [
        "정부지원 비율은 신청한 비율보다 높아질 수 없습니다."
    ]
