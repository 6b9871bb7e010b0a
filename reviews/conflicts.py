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

from django.contrib.auth import get_user_model

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


# One UNION ALL of rows (kind, six ids, text). Written as SQL: building the six querysets cost
# more than running them, on the path of every autosave. Plain SQL, PostgreSQL and SQLite.
FACT_BRANCHES = {
    RULE: """SELECT 'R', a.id, CASE WHEN c.department_conflict_rule THEN 1 ELSE 0 END,
                {no_id}, {no_id}, {no_id}, {no_id}, {no_text}
             FROM {application} a JOIN {call} c ON c.id = a.call_id WHERE a.id IN ({apps})""",
    PARTICIPANT: """SELECT 'P', p.team_id, p.organisation_id, p.department_id,
                       {no_id}, {no_id}, {no_id}, {no_text}
                    FROM {participant} p WHERE p.team_id IN ({teams})""",
    MEMBER: """SELECT 'M', m.team_id, m.user_id, m.organisation_id, m.department_id,
                  u.organisation_id, u.department_id, u.email
               FROM {member} m JOIN {user} u ON u.id = m.user_id WHERE m.team_id IN ({teams})""",
    ORG_DOMAIN: """SELECT 'E', e.organisation_id,
                       {no_id}, {no_id}, {no_id}, {no_id}, {no_id}, e.domain
                   FROM {domain} e WHERE e.organisation_id IN
                   (SELECT p.organisation_id FROM {participant} p WHERE p.team_id IN ({teams}))""",
    DECLARED: """SELECT 'D', d.reviewer_id, d.application_id,
                     {no_id}, {no_id}, {no_id}, {no_id}, {no_text}
                 FROM {declaration} d JOIN {panel} dp ON dp.id = d.panel_id
                 JOIN {stage} ds ON ds.id = dp.stage_id
                 WHERE ds.call_id IN ({calls}) AND d.application_id IN ({apps})""",
    OWN_DOMAIN: """SELECT 'O', e.organisation_id,
                       {no_id}, {no_id}, {no_id}, {no_id}, {no_id}, e.domain
                   FROM {domain} e WHERE e.organisation_id IN ({own})""",
}


def _facts(application_ids, team_ids, calls, own_organisations):
    """Every fact the index reads, in one query."""
    from django.db import connection

    from programmes.models import Call, Stage
    from reviews.models import Panel

    lists = {
        "apps": list(application_ids), "teams": list(team_ids), "calls": list(calls),
        "own": list(own_organisations),
    }  # fmt: skip
    kinds = [RULE, PARTICIPANT, MEMBER, ORG_DOMAIN, DECLARED] if lists["apps"] else []
    if lists["own"] or not kinds:
        # Even with nothing to read the query runs (and finds nothing): pages that build an
        # index over a list that may be empty keep the same query count.
        kinds.append(OWN_DOMAIN)
    tables = {
        "application": Application, "call": Call, "participant": Participant,
        "member": TeamMember, "user": get_user_model(), "domain": EmailDomain,
        "declaration": ConflictDeclaration, "panel": Panel, "stage": Stage,
    }  # fmt: skip
    names = {k: connection.ops.quote_name(m._meta.db_table) for k, m in tables.items()}
    # Typed NULLs: PostgreSQL types a UNION's columns from its first branches.
    names.update(no_id="CAST(NULL AS BIGINT)", no_text="CAST(NULL AS VARCHAR(254))")
    sql, params = [], []
    for kind in kinds:
        branch = FACT_BRANCHES[kind]
        placeholders = {}
        for name, values in lists.items():
            placeholders[name] = ", ".join(["%s"] * len(values)) or "NULL"
        # Parameters in the order their lists appear in the branch.
        order = sorted(
            (branch.index("{" + name + "}"), name) for name in lists if "{" + name + "}" in branch
        )
        sql.append(branch.format(**names, **placeholders))
        for _position, name in order:
            params += lists[name]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        return cursor.fetchall()


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
