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

from django.db.models import Case, CharField, IntegerField, Value, When
from django.db.models.functions import Cast

from accounts.enums import WEBMAIL_DOMAINS
from accounts.models import EmailDomain
from applications.models import Application, Participant, TeamMember
from reviews.enums import ConflictReason
from reviews.models import ConflictDeclaration


class ConflictIndex:
    """Facts about a set of applications, indexed for fast look-ups per reviewer.

    The facts are read in one query (see _facts); `reviewers` known up front have their own
    organisations' domains read in the same query, so checking one pair costs one query.
    """

    def __init__(self, applications, *, reviewers=()):
        applications = list(applications)
        self.application_ids = [a.pk for a in applications]
        team_to_app = {a.team_id: a.pk for a in applications}
        calls = {a.call_id for a in applications}
        own_organisations = {r.organisation_id for r in reviewers} - {None}
        self.department_rule = {}
        self.by_org = defaultdict(set)
        self.by_org_without_dept = defaultdict(set)
        self.by_dept = defaultdict(set)
        self.by_domain = defaultdict(set)  # domains of team members
        self.by_org_domain = defaultdict(set)  # EmailDomain rows of participating organisations
        self.by_member = defaultdict(set)
        # {(organisation_id, domain)} of the reviewers' own organisations, see remember()
        self.own_domains = set()
        self.remembered = set(own_organisations)
        self.declared = defaultdict(set)
        participant_orgs = defaultdict(set)
        org_domains = []
        facts = _facts(self.application_ids, team_to_app, calls, own_organisations)
        for kind, a, b, c, d, e, f, text in facts:
            if kind == RULE:
                self.department_rule[a] = bool(b)
            elif kind == PARTICIPANT:
                app, org_id, dept_id = team_to_app[a], b, c
                self.by_org[org_id].add(app)
                participant_orgs[org_id].add(app)
                if dept_id:
                    self.by_dept[dept_id].add(app)
                else:
                    self.by_org_without_dept[org_id].add(app)
            elif kind == MEMBER:
                app, user_id, org_id, dept_id, user_org, user_dept = team_to_app[a], b, c, d, e, f
                self.by_member[user_id].add(app)
                for org in {org_id, user_org} - {None}:
                    self.by_org[org].add(app)
                for dept in {dept_id, user_dept} - {None}:
                    self.by_dept[dept].add(app)
                if not (dept_id or user_dept):
                    for org in {org_id, user_org} - {None}:
                        self.by_org_without_dept[org].add(app)
                domain = _domain(text)
                if domain:
                    self.by_domain[domain].add(app)
            elif kind == ORG_DOMAIN:
                org_domains.append((a, text))
            elif kind == OWN_DOMAIN:
                self.own_domains.add((a, text))
            elif kind == DECLARED:
                self.declared[a].add(b)
        for org_id, domain in org_domains:
            if domain.lower() not in WEBMAIL_DOMAINS:
                self.by_org_domain[domain.lower()] |= participant_orgs[org_id]

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


RULE, PARTICIPANT, MEMBER, ORG_DOMAIN, OWN_DOMAIN, DECLARED = "R", "P", "M", "E", "O", "D"


def _facts(application_ids, team_ids, calls, own_organisations):
    """Every fact the index reads, as one UNION ALL of rows (kind, six ids, text)."""

    def row(queryset, kind, *columns, text=None):
        ids = [
            Cast(column, IntegerField()) if isinstance(column, str) else column
            for column in columns
        ]
        ids += [Cast(Value(None), IntegerField())] * (6 - len(ids))
        return queryset.order_by().values_list(
            Value(kind, output_field=CharField()),
            *ids,
            Cast(text if text else Value(None), CharField()),
        )

    rule = Case(
        When(call__department_conflict_rule=True, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    participants = Participant.objects.filter(team_id__in=team_ids)
    parts = [
        row(Application.objects.filter(pk__in=application_ids), RULE, "pk", rule),
        row(participants, PARTICIPANT, "team_id", "organisation_id", "department_id"),
        row(
            TeamMember.objects.filter(team_id__in=team_ids),
            MEMBER,
            "team_id",
            "user_id",
            "organisation_id",
            "department_id",
            "user__organisation_id",
            "user__department_id",
            text="user__email",
        ),  # fmt: skip
        row(
            EmailDomain.objects.filter(organisation_id__in=participants.values("organisation_id")),
            ORG_DOMAIN,
            "organisation_id",
            text="domain",
        ),
        row(
            ConflictDeclaration.objects.filter(
                panel__stage__call_id__in=calls, application_id__in=application_ids
            ),
            DECLARED,
            "reviewer_id",
            "application_id",
        ),
    ]
    if own_organisations:
        parts.append(
            row(
                EmailDomain.objects.filter(organisation_id__in=own_organisations),
                OWN_DOMAIN,
                "organisation_id",
                text="domain",
            )
        )
    return parts[0].union(*parts[1:], all=True)


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
