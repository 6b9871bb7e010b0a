from reviews.conflicts import conflicted_pairs, conflicts_for
from reviews.enums import ConflictReason
from reviews.models import ConflictDeclaration
from tests.factories import (
    ApplicationFactory,
    DepartmentFactory,
    EmailDomainFactory,
    ParticipantFactory,
    TeamMemberFactory,
    UserFactory,
)


def test_same_organisation_as_a_participant_is_a_conflict(own_application, conflicted_reviewer):
    assert conflicts_for(conflicted_reviewer, [own_application]) == {
        own_application.pk: [ConflictReason.ORGANISATION]
    }


def test_an_unrelated_reviewer_has_no_conflict(own_application, other_application, reviewer):
    assert conflicts_for(reviewer, [own_application, other_application]) == {}


def test_team_membership_is_a_conflict(own_application, reviewer):
    TeamMemberFactory(team=own_application.team, user=reviewer)
    reasons = conflicts_for(reviewer, [own_application])[own_application.pk]
    assert ConflictReason.TEAM_MEMBER in reasons


def test_same_email_domain_as_a_participating_organisation_is_a_conflict(own_application):
    EmailDomainFactory(
        organisation=own_application.team.participants.get().organisation, domain="jiwon.example"
    )
    outsider = UserFactory(email="kim@jiwon.example")
    assert conflicts_for(outsider, [own_application]) == {
        own_application.pk: [ConflictReason.EMAIL_DOMAIN]
    }


def test_same_email_domain_as_a_team_member_is_a_conflict(own_application):
    TeamMemberFactory(team=own_application.team, user=UserFactory(email="lee@lab.example"))
    assert conflicts_for(UserFactory(email="park@lab.example"), [own_application]) == {
        own_application.pk: [ConflictReason.EMAIL_DOMAIN]
    }


def test_webmail_domains_are_never_a_conflict(own_application):
    TeamMemberFactory(team=own_application.team, user=UserFactory(email="lee@gmail.com"))
    EmailDomainFactory(
        organisation=own_application.team.participants.get().organisation, domain="naver.com"
    )
    assert conflicts_for(UserFactory(email="park@gmail.com"), [own_application]) == {}
    assert conflicts_for(UserFactory(email="choi@naver.com"), [own_application]) == {}


def test_department_rule_excludes_only_the_same_department(panel):
    call = panel.stage.call
    call.department_conflict_rule = True
    call.save()
    lab = DepartmentFactory(name_ko="전산학부")
    other_lab = DepartmentFactory(organisation=lab.organisation, name_ko="수학과")
    application = ApplicationFactory(team__call=call, status="submitted", reference="TST-1")
    ParticipantFactory(team=application.team, organisation=lab.organisation, department=lab)
    same_dept = UserFactory(organisation=lab.organisation, department=lab)
    same_org_other_dept = UserFactory(organisation=lab.organisation, department=other_lab)
    assert conflicts_for(same_dept, [application]) == {application.pk: [ConflictReason.DEPARTMENT]}
    assert conflicts_for(same_org_other_dept, [application]) == {}


def test_a_declaration_in_any_panel_of_the_call_is_a_conflict(panel, own_application, reviewer):
    ConflictDeclaration.objects.create(
        panel=panel, reviewer=reviewer, application=own_application, reason="공동연구 이력"
    )
    assert conflicts_for(reviewer, [own_application]) == {
        own_application.pk: [ConflictReason.DECLARED]
    }


def test_conflicted_pairs_runs_a_fixed_number_of_queries(
    own_application,
    other_application,
    reviewer,
    conflicted_reviewer,
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(6):
        pairs = conflicted_pairs(
            [reviewer, conflicted_reviewer], [own_application, other_application]
        )
    assert pairs == {(conflicted_reviewer.pk, own_application.pk)}


def test_under_the_department_rule_a_shared_institution_domain_is_no_conflict(panel):
    call = panel.stage.call
    call.department_conflict_rule = True
    call.save()
    lab = DepartmentFactory(name_ko="전산학부")
    other_lab = DepartmentFactory(organisation=lab.organisation, name_ko="수학과")
    EmailDomainFactory(organisation=lab.organisation, domain="hangyeol.ac.example")
    application = ApplicationFactory(team__call=call, status="submitted", reference="TST-1")
    ParticipantFactory(team=application.team, organisation=lab.organisation, department=lab)
    TeamMemberFactory(
        team=application.team,
        user=UserFactory(
            email="pi@hangyeol.ac.example", organisation=lab.organisation, department=lab
        ),
    )
    colleague = UserFactory(
        email="math@hangyeol.ac.example", organisation=lab.organisation, department=other_lab
    )
    # The same domain with no recorded affiliation reveals one: still a conflict.
    unaffiliated = UserFactory(email="ghost@hangyeol.ac.example")
    assert conflicts_for(colleague, [application]) == {}
    assert conflicts_for(unaffiliated, [application]) == {
        application.pk: [ConflictReason.EMAIL_DOMAIN]
    }
    assert conflicted_pairs([colleague, unaffiliated], [application]) == {
        (unaffiliated.pk, application.pk)
    }


def test_without_the_department_rule_a_shared_institution_domain_is_a_conflict(panel):
    lab = DepartmentFactory(name_ko="전산학부")
    EmailDomainFactory(organisation=lab.organisation, domain="hangyeol.ac.example")
    application = ApplicationFactory(
        team__call=panel.stage.call, status="submitted", reference="TST-2"
    )
    ParticipantFactory(team=application.team, organisation=lab.organisation)
    colleague = UserFactory(email="math@hangyeol.ac.example", organisation=lab.organisation)
    assert conflicts_for(colleague, [application]) == {
        application.pk: [ConflictReason.ORGANISATION, ConflictReason.EMAIL_DOMAIN]
    }


def test_under_the_department_rule_an_unknown_department_excludes_the_institution(panel):
    call = panel.stage.call
    call.department_conflict_rule = True
    call.save()
    lab = DepartmentFactory(name_ko="전산학부")
    application = ApplicationFactory(team__call=call, status="submitted", reference="TST-3")
    ParticipantFactory(team=application.team, organisation=lab.organisation)  # no department
    colleague = UserFactory(organisation=lab.organisation, department=lab)
    assert conflicts_for(colleague, [application]) == {
        application.pk: [ConflictReason.ORGANISATION]
    }
