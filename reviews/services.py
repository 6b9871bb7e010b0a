"""Every write of the reviews app. Keyword-only, atomic; each docstring lists side effects."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.enums import Role
from accounts.mail import queue_email
from accounts.roles import grant_role
from applications.enums import ApplicationStatus
from applications.models import Application
from applications.services import set_status as set_application_status
from programmes.models import Call
from reviews import aggregation, assignment
from reviews.conflicts import ConflictIndex
from reviews.enums import (
    ACTIVE,
    EDITABLE,
    GATE_RULES,
    REVIEW_TRANSITIONS,
    DecisionRule,
    Outcome,
    PanelPurpose,
    PanelRole,
    ReviewStatus,
)
from reviews.models import (
    ComponentResult,
    ConflictDeclaration,
    Criterion,
    Decision,
    Invitation,
    PanelMember,
    Review,
    ScaleLevel,
    Score,
)
from reviews.sanctions import sanction_refusals
from reviews.signals import stage_gate_decided


class ReviewError(Exception):
    """A domain refusal with a message for the user."""


class ConflictRefused(ReviewError):
    pass


class PledgeNotSigned(ReviewError):
    pass


class StaleVersion(ReviewError):
    """Someone saved this review since the editor loaded it (another tab): 409."""

    def __init__(self, current):
        super().__init__(_("This review was saved elsewhere in the meantime. Reload it."))
        self.current = current


class ReviewLocked(ReviewError):
    pass


class ScoringClosed(ReviewError):
    """Outside the panel's scoring window: nothing can be saved (the page disables inputs)."""


class QuotaExceeded(ReviewError):
    pass


class SanctionRefused(ReviewError):
    """An application to be selected or continued has a banned organisation."""


def _record(obj, by, reason=""):
    obj._history_user = by
    obj._change_reason = reason


# Panels and their rubric ---------------------------------------------------------------------

DEFAULT_LEVELS = {5: ("탁월", "Excellent"), 4: ("우수", "Very good"), 3: ("보통", "Fair"),
                  2: ("미흡", "Poor"), 1: ("불량", "Very poor")}  # fmt: skip


def rubric_errors(weights_and_knockouts):
    """Messages about a rubric given [(weight, is_knockout)]: scored weights must sum to 100."""
    scored = [w for w, knockout in weights_and_knockouts if not knockout]
    if sum(scored) != 100:
        return [_("The weights of the scored criteria must sum to 100 (now %(sum)s).")
                % {"sum": sum(scored)}]  # fmt: skip
    return []


@transaction.atomic
def save_panel(form, criteria, *, by):
    """Save a panel and its criteria from a valid form and formset; refuse a rubric whose
    weights do not sum to 100 (ReviewError). Side effects: default scale descriptors for new
    levels; history rows with `by`."""
    rows = [
        (f.cleaned_data["weight"] or 0, f.cleaned_data["is_knockout"])
        for f in criteria.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    errors = rubric_errors(rows)
    if errors:
        raise ReviewError(errors[0])
    panel = form.save(commit=False)
    _record(panel, by, "panel saved")
    panel.save()
    criteria.instance = panel
    for criterion in criteria.save(commit=False):
        if criterion.is_knockout:
            criterion.weight = 0
        _record(criterion, by, "rubric saved")
        criterion.save()
    for criterion in criteria.deleted_objects:
        criterion.delete()
    existing = set(panel.levels.values_list("value", flat=True))
    for value in range(1, panel.scale_max + 1):
        if value not in existing:
            ko, en = (
                DEFAULT_LEVELS.get(value, (str(value), str(value)))
                if panel.scale_max == 5
                else (str(value), str(value))
            )
            ScaleLevel.objects.create(panel=panel, value=value, name_ko=ko, name_en=en)
    return panel


# Panel membership, invitations and the pledge ---------------------------------------------


@transaction.atomic
def add_panel_member(panel, *, user, role=PanelRole.MEMBER, by):
    """Put a user on a panel (a chair replaces the previous chair, who stays a member).

    Side effects: grants the reviewer role; history of the membership.
    """
    if role == PanelRole.CHAIR:
        for previous in panel.members.select_for_update().filter(role=PanelRole.CHAIR):
            if previous.user_id != user.pk:
                previous.role = PanelRole.MEMBER
                _record(previous, by, "chair replaced")
                previous.save(update_fields=["role"])
    member, created = PanelMember.objects.get_or_create(
        panel=panel, user=user, defaults={"role": role}
    )
    if not created and member.role != role:
        member.role = role
        _record(member, by, "role changed")
        member.save(update_fields=["role"])
    grant_role(user, Role.REVIEWER)
    return member


@transaction.atomic
def invite_reviewer(
    panel,
    *,
    email,
    by,
    full_name="",
    organisation=None,
    department=None,
    expertise="",
    role=PanelRole.MEMBER,
):
    """Create an invitation and e-mail its link (queued after commit)."""
    invitation = Invitation(
        panel=panel,
        email=email.strip().lower(),
        full_name=full_name,
        organisation=organisation,
        department=department,
        expertise=expertise,
        role=role,
        invited_by=by,
    )
    _record(invitation, by, "invited")
    invitation.save()
    from django.conf import settings

    link = settings.SITE_URL + reverse("reviews:invitation-accept", args=[invitation.token])
    queue_email(
        to=invitation.email,
        subject=_("Invitation to review: %(panel)s") % {"panel": panel.name},
        template="reviews/email/invitation.txt",
        context={"invitation": invitation, "panel": panel, "link": link},
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation, *, user=None, username="", password=""):
    """Attach the invitation to `user`, or create an account; join the panel.

    Side effects: may create a User (organisation, department, expertise from the invitation);
    grants the reviewer role; adds the panel membership; marks the invitation accepted.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ReviewError(_("This invitation has already been used."))
    if user is not None and user.email.lower() != invitation.email.lower():
        # A forwarded or leaked link must not seat someone else on the panel.
        raise ReviewError(
            _(
                "This invitation was sent to %(email)s. Log in with the account of that address, "
                "or log out to create one."
            )
            % {"email": invitation.email}
        )
    User = get_user_model()
    if user is None:
        if User.objects.filter(username=username).exists():
            raise ReviewError(_("That user name is taken."))
        user = User(
            username=username,
            email=invitation.email,
            full_name=invitation.full_name,
            email_verified=True,
        )
        user.set_password(password)
    if invitation.organisation_id and not user.organisation_id:
        user.organisation = invitation.organisation
    if invitation.department_id and not user.department_id:
        user.department = invitation.department
    if invitation.expertise and not user.expertise:
        user.expertise = invitation.expertise
    _record(user, user, "accepted a reviewer invitation")
    user.save()
    add_panel_member(invitation.panel, user=user, role=invitation.role, by=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    _record(invitation, user, "accepted")
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    return user


@transaction.atomic
def sign_pledge(member, *, by):
    """Record the conflict-of-interest pledge for this panel. Idempotent."""
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if member.user_id != by.pk:
        raise ReviewError(_("Only the reviewer can sign their own pledge."))
    if member.pledge_signed_at is None:
        member.pledge_signed_at = timezone.now()
        _record(member, by, "pledge signed")
        member.save(update_fields=["pledge_signed_at"])
    return member


@transaction.atomic
def declare_conflict(panel, *, reviewer, application, reason):
    """Record a declared conflict; the reviewer's review of that application is recused.

    Side effects: ConflictDeclaration; Review → recused (history with the reason).
    """
    if not reason.strip():
        raise ReviewError(_("Give a reason for the conflict."))
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        panel=panel, reviewer=reviewer, application=application, defaults={"reason": reason}
    )
    for review in Review.objects.select_for_update().filter(
        panel=panel, reviewer=reviewer, application=application, status__in=EDITABLE
    ):
        set_review_status(review, ReviewStatus.RECUSED, by=reviewer, reason=reason)
    return declaration


# Review status ---------------------------------------------------------------------------


def set_review_status(review, new_status, *, by, reason="", now=None):
    """Move a review along REVIEW_TRANSITIONS; records who, when and why in its history."""
    new_status = ReviewStatus(new_status)
    if new_status not in REVIEW_TRANSITIONS[ReviewStatus(review.status)]:
        raise ReviewError(
            _("A review cannot go from %(current)s to %(new)s.")
            % {"current": ReviewStatus(review.status).label, "new": new_status.label}
        )
    review.status = new_status
    review.version += 1
    fields = ["status", "version"]
    if new_status == ReviewStatus.SUBMITTED:
        review.submitted_at = now or timezone.now()
        fields.append("submitted_at")
    _record(review, by, reason)
    review.save(update_fields=fields)
    return review


# Assignment ------------------------------------------------------------------------------


# The application statuses each kind of panel evaluates.
PANEL_APPLICATION_STATUSES = {
    PanelPurpose.SHORTLIST: [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
    PanelPurpose.SELECT: [ApplicationStatus.SHORTLISTED, ApplicationStatus.UNDER_REVIEW],
    PanelPurpose.STAGE_GATE: [ApplicationStatus.SELECTED, ApplicationStatus.AWARDED],
}


def panel_applications(panel):
    """Applications the panel evaluates: the call's applications in review at this stage."""
    statuses = PANEL_APPLICATION_STATUSES[PanelPurpose(panel.purpose)]
    return Application.objects.filter(call_id=panel.stage.call_id, status__in=statuses)


@transaction.atomic
def assign_reviewers(panel, *, pairs, by):
    """Assign (reviewer, application) pairs. Conflicted pairs and non-members are refused.

    Side effects: creates Reviews (status assigned) in bulk, with history rows.
    """
    pairs = list(pairs)
    if not pairs:
        return []
    members = set(panel.members.values_list("user_id", flat=True))
    applications = {a for _r, a in pairs}
    index = ConflictIndex(applications)
    for reviewer, application in pairs:
        if reviewer.pk not in members:
            raise ReviewError(_("%(name)s is not on this panel.") % {"name": reviewer})
        if application.pk in index.conflicted_ids(reviewer):
            raise ConflictRefused(
                _("%(name)s has a conflict of interest with %(application)s.")
                % {"name": reviewer, "application": application}
            )
    existing = set(Review.objects.filter(panel=panel).values_list("reviewer_id", "application_id"))
    new = [
        Review(panel=panel, reviewer=r, application=a)
        for r, a in pairs
        if (r.pk, a.pk) not in existing
    ]
    created = Review.objects.bulk_create(new)
    Review.history.bulk_history_create(created, default_user=by, default_change_reason="assigned")
    return created


def plan_assignment(panel, *, per_application=None, cap=None, top_up=False):
    """A preview of the automatic assignment (no writes): an assignment.Plan."""
    applications = list(panel_applications(panel).select_related("call"))
    reviewers = [
        m.user for m in panel.members.select_related("user").exclude(role=PanelRole.CHAIR)
    ] or [m.user for m in panel.members.select_related("user")]
    existing = list(
        Review.objects.filter(panel=panel).values_list("reviewer_id", "application_id", "status")
    )
    return assignment.solve(
        applications=applications,
        reviewers=reviewers,
        per_application=per_application or panel.reviews_per_application,
        cap=cap if cap is not None else panel.max_per_reviewer,
        existing=[(r, a) for r, a, s in existing if s in ACTIVE] if top_up else [],
        excluded=[(r, a) for r, a, _s in existing],
        conflicts=ConflictIndex(applications),
    )


class AssignmentIncomplete(ReviewError):
    """Some application cannot get enough conflict-free reviewers: nothing was assigned."""

    def __init__(self, plan):
        references = {a.pk: a.reference or str(a) for a in plan.applications}
        missing = ", ".join(
            _("%(reference)s (%(n)s missing)") % {"reference": references[a], "n": n}
            for a, n in sorted(plan.shortfall.items(), key=lambda item: references[item[0]])
        )
        super().__init__(
            _("Nothing was assigned: not enough conflict-free reviewers for %(missing)s.")
            % {"missing": missing}
        )
        self.shortfall = {references[a]: n for a, n in plan.shortfall.items()}


@transaction.atomic
def auto_assign(panel, *, by, per_application=None, cap=None, top_up=False):
    """Solve and commit the automatic assignment, all or nothing; returns the plan.

    Raises AssignmentIncomplete, writing nothing, when some application cannot get enough
    conflict-free reviewers (the error names them and the shortfall).
    Side effects: moves submitted applications to under_review; creates Reviews.
    """
    plan = plan_assignment(panel, per_application=per_application, cap=cap, top_up=top_up)
    if plan.shortfall:
        raise AssignmentIncomplete(plan)
    users = {u.pk: u for u in plan.reviewers}
    apps = {a.pk: a for a in plan.applications}
    assign_reviewers(panel, pairs=[(users[r], apps[a]) for r, a in plan.pairs], by=by)
    for application in apps.values():
        if application.status == ApplicationStatus.SUBMITTED:
            set_application_status(
                application, ApplicationStatus.UNDER_REVIEW, by=by, reason="panel assigned"
            )
    return plan


# Scoring ---------------------------------------------------------------------------------


def window_closed_message(panel, now=None):
    """Why nothing can be saved on this panel now, naming the scoring period."""
    from programmes.templatetags.korean import kdatetime

    if panel.closes_at and panel.closes_at < (now or timezone.now()):
        return _(
            "The scoring period ended on %(end)s: scores can no longer be saved. Ask the "
            "programme officer to extend the panel's scoring period."
        ) % {"end": kdatetime(panel.closes_at)}
    if panel.opens_at:
        return _("The scoring period opens on %(start)s: scores cannot be saved yet.") % {
            "start": kdatetime(panel.opens_at)
        }
    return _("The scoring window is closed.")


def _draft_commit():
    """This transaction's commit need not wait for PostgreSQL to flush its WAL to disk.

    Only for a draft's autosave, sent again on the reviewer's next keystroke: a server crash
    can lose at most the last fraction of a second of autosaves (never consistency), and any
    later synchronous commit (the submission, every decision) flushes them first. Saves the
    disk flush on every keystroke of every reviewer."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _lock(review):
    # Only the review's row: locking the joined panel too would queue every reviewer's
    # autosave in the panel behind each other.
    return Review.objects.select_for_update(of=("self",)).select_related("panel").get(pk=review.pk)


@transaction.atomic
def save_scores(
    review,
    *,
    by,
    version,
    levels=None,
    passes=None,
    comments=None,
    recommend=None,
    comment=None,
    summary=None,
    now=None,
    locked=False,
):
    """Autosave: store the given scores if `version` is still current, then bump it.

    `locked=True` says the caller already holds the review's row lock in this transaction
    (fetched with its panel), so the review is not fetched again.

    Raises StaleVersion (nothing written) when another tab saved first; ReviewError outside
    the scoring window; ReviewLocked when submitted.
    Side effects: Score rows (only those that changed), Review → in_progress, history rows
    of what changed. The returned review carries `rubric`: [(criterion, score or None)].
    """
    locked = review if locked else _lock(review)
    _draft_commit()
    if locked.status not in EDITABLE:
        raise ReviewLocked(_("This review has been submitted and is locked."))
    if int(version) != locked.version:
        raise StaleVersion(locked.version)
    if not locked.panel.is_open(now):
        raise ScoringClosed(window_closed_message(locked.panel, now))
    rubric = _rubric_of(locked)
    criteria = {c.pk: c for c, _s in rubric}
    scores = {c.pk: s for c, s in rubric if s is not None}
    touched = set((levels or {}).keys()) | set((passes or {}).keys()) | set((comments or {}).keys())
    created, changed = [], []
    for criterion_id in touched:
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ReviewError(_("Unknown criterion."))
        score = scores.get(criterion.pk) or Score(review=locked, criterion=criterion)
        before = (score.level, score.passed, score.comment)
        if criterion_id in (levels or {}):
            level = levels[criterion_id]
            try:
                level = None if level in (None, "") else int(level)
            except (TypeError, ValueError):
                level = 0  # refused just below, with the scale in the message
            if criterion.is_knockout and level is None:
                score.passed = None  # an emptied field clears a knock-out's answer too
            elif criterion.is_knockout or (
                level is not None and not 1 <= level <= locked.panel.scale_max
            ):
                raise ReviewError(
                    _("Choose a level from 1 to %(max)s.") % {"max": locked.panel.scale_max}
                )
            else:
                score.level = level
        if criterion_id in (passes or {}):
            if not criterion.is_knockout:
                raise ReviewError(_("Only knock-out criteria are pass or fail."))
            score.passed = passes[criterion_id]
        if criterion_id in (comments or {}):
            score.comment = comments[criterion_id]
        # The editor posts the whole form on every keystroke: write only what moved.
        if score.pk is None and (score.level, score.passed, score.comment) != (None, None, ""):
            created.append(score)
            scores[criterion.pk] = score
        elif score.pk is not None and (score.level, score.passed, score.comment) != before:
            changed.append(score)
    if created:
        bulk_create_with_history(
            created, Score, default_user=by, default_change_reason="autosave"
        )  # fmt: skip
    if len(changed) == 1:  # the usual autosave: a plain UPDATE, history from its signal
        _record(changed[0], by, "autosave")
        changed[0].save(update_fields=["level", "passed", "comment"])
    elif changed:
        bulk_update_with_history(
            changed, Score, ["level", "passed", "comment"], default_user=by,
            default_change_reason="autosave",
        )  # fmt: skip
    fields = []
    for name, value in (
        ("recommend", recommend), ("comment", comment), ("summary_for_applicant", summary)
    ):  # fmt: skip
        if value is not None and getattr(locked, name) != value:
            setattr(locked, name, value)
            fields.append(name)
    if locked.status == ReviewStatus.ASSIGNED:
        locked.status = ReviewStatus.IN_PROGRESS
        fields.append("status")
    locked.version += 1
    if fields:
        _record(locked, by, "autosave")
        locked.save(update_fields=["version", *fields])
    else:
        # Only the optimistic lock moves; the scores' own history rows record the change.
        Review.objects.filter(pk=locked.pk).update(version=locked.version)
    review.__dict__.update(
        {f: getattr(locked, f) for f in ("version", "status", "recommend", "comment")}
    )
    locked.rubric = [(criteria[pk], scores.get(pk)) for pk in criteria]
    return locked


RUBRIC_SQL = """
SELECT c.*, s.id AS score_id, s.level AS score_level, s.passed AS score_passed,
       s.comment AS score_comment
FROM {criterion} c LEFT JOIN {score} s ON s.criterion_id = c.id AND s.review_id = %s
WHERE c.panel_id = %s ORDER BY c.{order}
"""


def _rubric_of(review):
    """[(criterion, this review's score or None)] in the rubric's order, in one query (raw:
    the ORM's filtered join cost more to build than to run, on every autosave)."""
    from django.db import connection

    sql = RUBRIC_SQL.format(
        criterion=connection.ops.quote_name(Criterion._meta.db_table),
        score=connection.ops.quote_name(Score._meta.db_table),
        order=connection.ops.quote_name("order"),
    )
    return [
        (
            c,
            Score(
                id=c.score_id,
                review=review,
                criterion=c,
                level=c.score_level,
                passed=None if c.score_passed is None else bool(c.score_passed),  # SQLite: 0/1
                comment=c.score_comment,
            )  # fmt: skip
            if c.score_id
            else None,
        )
        for c in Criterion.objects.raw(sql, [review.pk, review.panel_id])
    ]


def missing_for_submission(review):
    """What stops submission: a list of messages (empty when complete)."""
    problems = []
    scores = {s.criterion_id: s for s in review.scores.all()}
    for criterion in review.panel.criteria.all():
        score = scores.get(criterion.pk)
        if criterion.is_knockout and (score is None or score.passed is None):
            problems.append(_("Decide pass or fail: %(c)s") % {"c": criterion.name})
        elif not criterion.is_knockout and (score is None or score.level is None):
            problems.append(_("Score: %(c)s") % {"c": criterion.name})
    if review.recommend is None:
        problems.append(_("Say whether you recommend the application."))
    return problems


@transaction.atomic
def submit_review(review, *, by, version=None, now=None):
    """Submit and lock a complete review; computes its total out of 100.

    Side effects: Review → submitted with `total` and `submitted_at`, history row.
    """
    locked = _lock(review)
    if locked.reviewer_id != by.pk:
        raise ReviewError(_("Only the reviewer can submit their review."))
    if locked.status not in EDITABLE:
        raise ReviewLocked(_("This review has been submitted and is locked."))
    if version is not None and int(version) != locked.version:
        raise StaleVersion(locked.version)
    if not locked.panel.is_open(now):
        raise ScoringClosed(window_closed_message(locked.panel, now))
    problems = missing_for_submission(locked)
    if problems:
        raise ReviewError(" · ".join(problems))
    pairs = [
        (s.level, s.criterion.weight)
        for s in locked.scores.select_related("criterion").filter(criterion__is_knockout=False)
    ]
    locked.total = aggregation.review_total(pairs, locked.panel.scale_max)
    locked.save(update_fields=["total"])
    set_review_status(locked, ReviewStatus.SUBMITTED, by=by, reason="submitted", now=now)
    review.__dict__.update({f: getattr(locked, f) for f in ("version", "status", "total")})
    return locked


@transaction.atomic
def reopen_review(review, *, by, reason, now=None):
    """The chair reopens a submitted review, with a reason (logged in its history).

    Refused outside the panel's scoring window: the reviewer could not save a single score,
    and the review would sit reopened with its total out of the ranking.
    """
    from reviews.permissions import can_reopen_review

    locked = _lock(review)
    if not can_reopen_review(by, locked):
        raise ReviewError(_("Only the panel's chair can reopen a review."))
    if not reason.strip():
        raise ReviewError(_("Give a reason for reopening."))
    if not locked.panel.is_open(now):
        raise ScoringClosed(window_closed_message(locked.panel, now))
    if locked.panel.decisions.current().exists():
        # A recorded decision is final: the scores it rests on may not move under it.
        raise ReviewError(
            _(
                "The panel's decision has been recorded. A review can be reopened only after an "
                "officer revokes the decision, with a reason."
            )
        )
    return set_review_status(locked, ReviewStatus.REOPENED, by=by, reason=reason)


# Decisions ----------------------------------------------------------------------------------


def choose(ranking, *, rule, k=None, threshold=None):
    """The application ids a rule advances, from a ranking (knocked-out rows never).

    Majority: more than half of the application's evaluators (its active reviews) recommend
    it. Gate plan: the rows above the cutline, where a knock-out failure keeps its place.
    """
    rule = DecisionRule(rule)
    if rule == DecisionRule.GATE_PLAN:
        return [r.application_id for r in ranking.rows if r.above_cutline]
    rows = [r for r in ranking.rows if r.score is not None and not r.knocked_out]
    if rule == DecisionRule.NONE:
        return []
    if rule == DecisionRule.TOP_K:
        return [r.application_id for r in rows[: int(k if k is not None else ranking.cutline)]]
    if rule == DecisionRule.THRESHOLD:
        return [r.application_id for r in rows if r.score >= threshold]
    return [
        r.application_id
        for r in rows
        if aggregation.majority_recommends(
            [True] * r.recommendations + [False] * (r.evaluators - r.recommendations)
        )
    ]


class DecisionBlocked(ReviewError):
    """The decision cannot be recorded yet; `problems` lists every reason."""

    def __init__(self, problems):
        super().__init__(" · ".join(problems))
        self.problems = problems


def record_decision(panel, *, rule, rationale, by, k=None, threshold=None):
    """An officer confirms the panel's outcome for every ranked application.

    First, in its own transaction, conflicts are re-checked: a review found conflicted is
    recused (reviews.recusals) and leaves the aggregate, whether or not the decision follows.
    Refused (DecisionBlocked) while a review is open, a knock-out awaits the chair, or a stage
    gate's weights do not sum to 100. A stage gate decides by its plan only (GATE_PLAN), once
    per stage and application. The quota check runs under a row lock on the call, so two
    officers cannot together select more than the quota. Side effects: Decision rows;
    application statuses (shortlisted / selected / not_selected) through
    applications.services.set_status; for stage gates, reviews.signals.stage_gate_decided
    after commit.
    """
    from reviews.recusals import recuse_conflicted_reviews

    recuse_conflicted_reviews(
        application_ids=panel.reviews.active().values_list("application_id", flat=True),
        panel=panel,
        by=by,
    )
    return _record_decision(panel, rule=rule, rationale=rationale, by=by, k=k, threshold=threshold)


@transaction.atomic
def _record_decision(panel, *, rule, rationale, by, k, threshold):
    from reviews.queries import ranking as build_ranking
    from reviews.readiness import decision_blockers

    if not rationale.strip():
        raise ReviewError(_("Give the rationale for the decision."))
    call = Call.objects.select_for_update().get(pk=panel.stage.call_id)
    if panel.decisions.current().exists():
        raise ReviewError(_("This panel's decision has already been recorded."))
    gate = panel.purpose == PanelPurpose.STAGE_GATE
    if gate != (DecisionRule(rule) in GATE_RULES):
        raise ReviewError(
            _("A stage gate decides by its plan: the top %(n)s continue, a knock-out failure's "
              "place stays empty.") % {"n": panel.advance_count}
            if gate
            else _("Only a stage gate decides by a gate plan.")
        )  # fmt: skip
    result = build_ranking(panel, with_stability=False)
    problems = decision_blockers(panel, result)
    if problems:
        raise DecisionBlocked(problems)
    chosen = choose(result, rule=rule, k=k, threshold=threshold)
    # A ban entered after submission still stops selection and continuation (SanctionRefused).
    banned = sanction_refusals(
        chosen, references={r.application_id: r.reference for r in result.rows}
    )
    if banned:
        raise SanctionRefused(" · ".join(banned))
    if panel.purpose == PanelPurpose.SELECT:
        already = Application.objects.filter(
            call=call, status__in=[ApplicationStatus.SELECTED, ApplicationStatus.AWARDED]
        ).count()
        if already + len(chosen) > call.quota:
            raise QuotaExceeded(
                _("This would select %(n)s applications; the call's quota is %(quota)s.")
                % {"n": already + len(chosen), "quota": call.quota}
            )
    apps = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(
            pk__in=[r.application_id for r in result.rows]
        )
    }
    events = []
    for row in result.rows:
        advance = row.application_id in chosen
        if gate:
            outcome = Outcome.CONTINUE if advance else Outcome.TERMINATE
        else:
            outcome = Outcome.ADVANCE if advance else Outcome.REJECT
        decision = Decision(
            panel=panel,
            application_id=row.application_id,
            outcome=outcome,
            rule=rule,
            score=row.score,
            rank=row.rank,
            rationale=rationale,
            decided_by=by,
            gate_stage_id=panel.stage_id if gate else None,
        )
        _record(decision, by, rationale)
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError:  # a backstop: the call's row lock serialises deciders
            raise ReviewError(
                _("This stage's gate decision has already been recorded.")
                if gate
                else _("This panel's decision has already been recorded.")
            ) from None
        application = apps[row.application_id]
        if gate:
            events.append((application, outcome, decision.pk))
            continue
        target = (
            ApplicationStatus.NOT_SELECTED
            if not advance
            else ApplicationStatus.SELECTED
            if panel.purpose == PanelPurpose.SELECT
            else ApplicationStatus.SHORTLISTED
        )
        if application.status == ApplicationStatus.SUBMITTED:
            set_application_status(
                application, ApplicationStatus.UNDER_REVIEW, by=by, reason=rationale
            )
        if application.status != target:
            set_application_status(application, target, by=by, reason=rationale)
    for application, outcome, decision_id in events:
        transaction.on_commit(
            lambda a=application, o=outcome, d=decision_id: stage_gate_decided.send_robust(
                sender=type(panel), panel=panel, application=a, outcome=o, decided_by=by,
                decision_id=d,
            )
        )  # fmt: skip
    return chosen


@transaction.atomic
def publish_results(panel, *, by):
    """Make scores, grades, summary opinions and the evaluator list visible to applicants."""
    if not panel.decisions.current().exists():
        raise ReviewError(_("Record the decision before publishing results."))
    panel.results_published_at = timezone.now()
    _record(panel, by, "results published")
    panel.save(update_fields=["results_published_at"])
    return panel


@transaction.atomic
def record_component_result(component, *, application, value, by):
    """An officer enters a gate component's result (e.g. benchmarks, 0–100)."""
    result, _created = ComponentResult.objects.get_or_create(
        component=component, application=application, defaults={"value": value, "entered_by": by}
    )
    result.value = value
    result.entered_by = by
    _record(result, by, "entered")
    result.save()
    return result


def review_counts(panel):
    return dict(
        Review.objects.filter(panel=panel, status__in=ACTIVE)
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )


# Reminders ---------------------------------------------------------------------------------

REMIND_BEFORE = datetime.timedelta(days=3)
ESCALATE_BEFORE = datetime.timedelta(days=1)
REMIND_EVERY = datetime.timedelta(hours=20)


@transaction.atomic
def remind_reviewers(*, now=None):
    """E-mail reviewers with unfinished reviews in panels closing within three days (at most
    once every 20 hours), and the chair when a panel closes within a day with reviews late.

    Side effects: e-mails queued after commit; Review.last_reminded_at. Safe to run twice.
    Returns (reminders, escalations) sent.
    """
    from collections import defaultdict

    from django.conf import settings

    from reviews.queries import reviews_to_remind

    now = now or timezone.now()
    due = [
        r
        for r in reviews_to_remind(now, within=REMIND_BEFORE).select_for_update(of=("self",))
        if r.last_reminded_at is None or r.last_reminded_at <= now - REMIND_EVERY
    ]
    groups = defaultdict(list)
    for review in due:
        groups[(review.reviewer, review.panel)].append(review)
    link = settings.SITE_URL + reverse("reviews:my-reviews")
    for (reviewer, panel), reviews in groups.items():
        queue_email(
            to=reviewer.email,
            subject=_("Reminder: %(n)s unfinished review(s) in %(panel)s")
            % {"n": len(reviews), "panel": panel.name},
            template="reviews/email/reminder.txt",
            context={"panel": panel, "count": len(reviews), "link": link},
        )
    Review.objects.filter(pk__in=[r.pk for r in due]).update(last_reminded_at=now)
    late = defaultdict(lambda: defaultdict(int))
    for (reviewer, panel), reviews in groups.items():
        if panel.closes_at <= now + ESCALATE_BEFORE:
            late[panel][reviewer.display_name] += len(reviews)
    escalations = 0
    for panel, counts in late.items():
        for chair in getattr(panel, "chairs", []):
            queue_email(
                to=chair.user.email,
                subject=_("Unfinished reviews in %(panel)s") % {"panel": panel.name},
                template="reviews/email/escalation.txt",
                context={"panel": panel, "late": sorted(counts.items())},
            )
            escalations += 1
    return len(groups), escalations
