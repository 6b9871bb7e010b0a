"""Conflict-of-interest detection between reviewers and applications.

A pair (reviewer, application) is conflicted when any of these holds:
- declared: the reviewer declared a conflict with the application in any panel of the call;
- team_member: the reviewer is a member of the application's team;
- organisation: the reviewer's organisation is a participating organisation, or the
  organisation of a team member. Where the call sets `department_conflict_rule`, only
  participants and members whose department is not recorded count: without it nobody can
  tell that the reviewer sits in another department, so the whole institution is excluded;
- department: under the call's 2024 department rule, the reviewer's department is the
  department of a participant or team member;
- email_domain: the reviewer's e-mail domain is a team member's domain or one of the
  participating organisations' EmailDomain rows (webmail is never evidence). Under the 2024
  department rule a domain match counts only when the domain is not a registered domain of the
  reviewer's own organisation: a shared university domain says no more than "same institution",
  which the 2024 rule deliberately stopped excluding, while a domain of another organisation
  reveals an affiliation the reviewer's profile does not show.

Everything is computed from a handful of queries whatever the number of pairs, so the
solver can check 500 applications × 60 reviewers at once.
"""

from collections import defaultdict

from accounts.enums import WEBMAIL_DOMAINS
from accounts.models import EmailDomain
from applications.models import Application, Participant, TeamMember
from reviews.enums import ConflictReason
from reviews.models import ConflictDeclaration


class ConflictIndex:
    """Facts about a set of applications, indexed for fast look-ups per reviewer."""

    def __init__(self, applications):
        applications = list(applications)
        self.application_ids = [a.pk for a in applications]
        team_to_app = {a.team_id: a.pk for a in applications}
        call_of = {a.pk: a.call_id for a in applications}
        self.department_rule = dict(
            Application.objects.filter(pk__in=self.application_ids).values_list(
                "pk", "call__department_conflict_rule"
            )
        )
        self.by_org = defaultdict(set)
        self.by_org_without_dept = defaultdict(set)
        self.by_dept = defaultdict(set)
        self.by_domain = defaultdict(set)  # domains of team members
        self.by_org_domain = defaultdict(set)  # EmailDomain rows of participating organisations
        self.by_member = defaultdict(set)
        participant_orgs = defaultdict(set)
        for team_id, org_id, dept_id in Participant.objects.filter(
            team_id__in=team_to_app
        ).values_list("team_id", "organisation_id", "department_id"):
            app = team_to_app[team_id]
            self.by_org[org_id].add(app)
            participant_orgs[org_id].add(app)
            if dept_id:
                self.by_dept[dept_id].add(app)
            else:
                self.by_org_without_dept[org_id].add(app)
        for (
            team_id,
            user_id,
            org_id,
            dept_id,
            user_org,
            user_dept,
            email,
        ) in TeamMember.objects.filter(team_id__in=team_to_app).values_list(
            "team_id",
            "user_id",
            "organisation_id",
            "department_id",
            "user__organisation_id",
            "user__department_id",
            "user__email",
        ):
            app = team_to_app[team_id]
            self.by_member[user_id].add(app)
            for org in {org_id, user_org} - {None}:
                self.by_org[org].add(app)
            for dept in {dept_id, user_dept} - {None}:
                self.by_dept[dept].add(app)
            if not (dept_id or user_dept):
                for org in {org_id, user_org} - {None}:
                    self.by_org_without_dept[org].add(app)
            domain = _domain(email)
            if domain:
                self.by_domain[domain].add(app)
        for org_id, domain in EmailDomain.objects.filter(
            organisation_id__in=participant_orgs
        ).values_list("organisation_id", "domain"):
            if domain.lower() not in WEBMAIL_DOMAINS:
                self.by_org_domain[domain.lower()] |= participant_orgs[org_id]
        # {(organisation_id, domain)} of the reviewers' own organisations, see remember()
        self.own_domains = set()
        self.remembered = set()
        self.declared = defaultdict(set)
        calls = set(call_of.values())
        for reviewer_id, app_id in ConflictDeclaration.objects.filter(
            panel__stage__call_id__in=calls, application_id__in=self.application_ids
        ).values_list("reviewer_id", "application_id"):
            self.declared[reviewer_id].add(app_id)

    def remember(self, reviewers):
        """Load the registered domains of the reviewers' organisations in one query."""
        organisations = {r.organisation_id for r in reviewers} - {None} - self.remembered
        if not organisations:
            return
        self.own_domains |= set(
            EmailDomain.objects.filter(organisation_id__in=organisations).values_list(
                "organisation_id", "domain"
            )
        )
        self.remembered |= organisations

    def _is_own_domain(self, reviewer, domain):
        if not reviewer.organisation_id:
            return False
        self.remember([reviewer])  # a no-op when conflicted_pairs loaded them all at once
        return (reviewer.organisation_id, domain) in self.own_domains

    def reasons_for(self, reviewer):
        """{application_id: [reasons]} for one reviewer, only for conflicted applications."""
        found = defaultdict(list)

        def mark(apps, reason, *, department_rule=None):
            for app in apps:
                if department_rule is None or self.department_rule[app] == department_rule:
                    found[app].append(reason)

        mark(self.declared.get(reviewer.pk, ()), ConflictReason.DECLARED)
        mark(self.by_member.get(reviewer.pk, ()), ConflictReason.TEAM_MEMBER)
        if reviewer.organisation_id:
            mark(
                self.by_org.get(reviewer.organisation_id, ()),
                ConflictReason.ORGANISATION,
                department_rule=False,
            )
            mark(
                self.by_org_without_dept.get(reviewer.organisation_id, ()),
                ConflictReason.ORGANISATION,
                department_rule=True,
            )
        if reviewer.department_id:
            mark(
                self.by_dept.get(reviewer.department_id, ()),
                ConflictReason.DEPARTMENT,
                department_rule=True,
            )
        domain = _domain(reviewer.email)
        if domain:
            # Under the department rule, the reviewer's own institution's domain is no evidence.
            department_rule = False if self._is_own_domain(reviewer, domain) else None
            mark(
                self.by_domain.get(domain, ()),
                ConflictReason.EMAIL_DOMAIN,
                department_rule=department_rule,
            )
            mark(
                self.by_org_domain.get(domain, set()) - self.by_domain.get(domain, set()),
                ConflictReason.EMAIL_DOMAIN,
                department_rule=department_rule,
            )
        return dict(found)

    def conflicted_ids(self, reviewer):
        return set(self.reasons_for(reviewer))


def _domain(email):
    domain = email.rsplit("@", 1)[-1].strip().lower() if email and "@" in email else ""
    return "" if domain in WEBMAIL_DOMAINS else domain


def conflicts_for(reviewer, applications):
    """{application_id: [reasons]} of the given applications that conflict with the reviewer."""
    return ConflictIndex(applications).reasons_for(reviewer)


def conflicted_pairs(reviewers, applications):
    """{(reviewer_id, application_id), …}: every conflicted pair, from a few queries."""
    reviewers = list(reviewers)
    index = ConflictIndex(applications)
    index.remember(reviewers)
    return {(r.pk, app) for r in reviewers for app in index.conflicted_ids(r)}
