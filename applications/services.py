"""Every write on teams and applications. Views, API, admin and tasks call these functions."""

import hashlib
import secrets
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.enums import OrganisationType
from accounts.mail import queue_email
from applications import call_rules
from applications.budget_rules import (
    amount_error,
    budget_line_errors,
    fiscal_year_error,
    project_years,
)
from applications.enums import (
    TRANSITIONS,
    ApplicationStatus,
    FundingSource,
    OrganisationRole,
    TeamPermission,
)
from applications.models import (
    Application,
    Attachment,
    BudgetLine,
    DataRequest,
    GpuRequest,
    Invitation,
    Participant,
    ReferenceCounter,
    StaffRequest,
    StudentQuota,
    Submission,
    Team,
    TeamMember,
)
from applications.signals import team_changed
from programmes.enums import ApplicantKind, DocumentKind

S = ApplicationStatus


class TransitionRefused(Exception):
    """The application cannot move to that status from where it is."""


class DomainError(Exception):
    """A refused write, with messages keyed by field ("__all__" for the whole form)."""

    def __init__(self, errors):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        super().__init__(self.errors)


class StaleVersion(DomainError):
    """Someone else saved the draft since this editor loaded it; nothing was written."""


class SubmissionRefused(DomainError):
    """The application breaks the call's rules; every failure is listed on its field."""


class AttachmentRefused(DomainError):
    """The upload is not an acceptable PDF."""


class InvitationRefused(DomainError):
    pass


def _record(obj, by, reason=""):
    obj._history_user = by
    obj._change_reason = reason


@transaction.atomic
def set_status(application, new_status, *, by, reason="", update_fields=()):
    """Move an application to `new_status` if TRANSITIONS allows it.

    Side effects: saves `status` (and the version counter, plus any `update_fields` the caller
    set on the instance), and records who, when, before, after and the reason in the
    application's history.
    """
    new_status = ApplicationStatus(new_status)
    current = ApplicationStatus(application.status)
    if new_status not in TRANSITIONS[current]:
        raise TransitionRefused(
            _("An application cannot go from %(current)s to %(new)s.")
            % {"current": current.label, "new": new_status.label}
        )
    application.status = new_status
    application.version += 1
    _record(application, by, reason)
    application.save(update_fields=["status", "version", "updated_at", *update_fields])
    return application


# Teams -------------------------------------------------------------------------------------


@transaction.atomic
def create_team(*, call, name_ko, by, name_en="", organisation=None):
    """Create a team for a call with its creator as manager, its organisation as lead, and an
    empty draft application."""
    organisation = organisation or by.organisation
    started = Team.objects.filter(call=call, created_by=by).exclude(
        application__status=ApplicationStatus.WITHDRAWN
    )
    if not call.allows_several_applications and started.exists():
        raise DomainError(
            {
                "__all__": [
                    _(
                        "You have already started an application to this call, which accepts "
                        "one application per team. Continue that one instead."
                    )
                ]
            }
        )
    team = Team(call=call, name_ko=name_ko, name_en=name_en, created_by=by)
    _record(team, by)
    team.save()
    TeamMember.objects.create(
        team=team,
        user=by,
        permission=TeamPermission.MANAGER,
        organisation=organisation,
        organisation_role=OrganisationRole.LEAD if organisation else "",
    )
    if organisation:
        Participant.objects.create(team=team, organisation=organisation, role=OrganisationRole.LEAD)
    application = Application(call=call, team=team, title_ko=name_ko)
    if call.applicant_kind == ApplicantKind.INDIVIDUAL and organisation:
        application.host_organisation = organisation
    _record(application, by)
    application.save()
    return team


def _lock_composition(team):
    """Lock the team's application and refuse unless it is a draft.

    A submitted application is immutable, its consortium included: the reviewers were checked
    for conflicts against this team and its budget lines hang on these participants. Staff
    reopen the application (back to draft) for a change; the next submission's snapshot
    records the new composition.
    """
    application = Application.objects.select_for_update().get(team_id=team.pk)
    if application.status != S.DRAFT:
        raise DomainError(
            {
                "__all__": [
                    _(
                        "The team of a submitted application cannot change. Ask the programme "
                        "officer to reopen the application first."
                    )
                ]
            }
        )
    return application


def _announce_team_change(application):
    """After commit, tell the apps above (reviews re-checks conflicts) that the team changed."""
    application_id, team_id = application.pk, application.team_id
    transaction.on_commit(
        lambda: team_changed.send_robust(
            sender=Team, application_id=application_id, team_id=team_id
        )
    )


@transaction.atomic
def add_participant(*, team, organisation, role, by, department=None):
    """Add an organisation to the consortium (one lead per team); only while a draft.

    Side effects: history of the participant; team_changed after commit.
    """
    application = _lock_composition(team)
    if team.participants.filter(organisation=organisation).exists():
        raise DomainError({"organisation": [_("This organisation already takes part.")]})
    if role == OrganisationRole.LEAD and team.participants.filter(role=role).exists():
        raise DomainError({"role": [_("The team already has a lead institution.")]})
    participant = Participant(
        team=team, organisation=organisation, role=role, department=department
    )
    _record(participant, by)
    participant.save()
    _announce_team_change(application)
    return participant


@transaction.atomic
def remove_participant(*, participant, by):
    """Remove an organisation (and its budget lines) from a draft's consortium.

    Side effects: history of the deletions; team_changed after commit.
    """
    application = _lock_composition(participant.team)
    _record(participant, by)
    participant.delete()
    _announce_team_change(application)


@transaction.atomic
def invite_member(*, team, email, permission, by, organisation_role=""):
    """Create an invitation and e-mail its link after commit; only while a draft."""
    _lock_composition(team)
    email = email.strip().lower()
    if team.members.filter(user__email__iexact=email).exists():
        raise InvitationRefused({"email": [_("This person is already a member of the team.")]})
    invitation = Invitation.objects.create(
        team=team,
        email=email,
        token=secrets.token_urlsafe(32),
        permission=permission,
        organisation_role=organisation_role,
        invited_by=by,
    )
    queue_email(
        to=email,
        subject=_("Invitation to join %(team)s") % {"team": team.name},
        template="applications/email/invitation.txt",
        context={
            "team": team,
            "invitation": invitation,
            "by": by,
            "link": settings.SITE_URL + reverse("invitation-accept", args=[invitation.token]),
        },
    )
    return invitation


@transaction.atomic
def accept_invitation(*, token, by):
    """Join the team of an open invitation with its permission and organisation role."""
    try:
        invitation = Invitation.objects.select_for_update().get(token=token)
    except Invitation.DoesNotExist:
        raise InvitationRefused({"__all__": [_("This invitation link is not valid.")]}) from None
    if invitation.accepted_at:
        raise InvitationRefused({"__all__": [_("This invitation has already been used.")]})
    if by.email.lower() != invitation.email.lower():
        # A forwarded or leaked link must not open a confidential proposal to someone else.
        raise InvitationRefused(
            {
                "__all__": [
                    _(
                        "This invitation was sent to %(email)s. Log in with the account of that "
                        "address to join the team."
                    )
                    % {"email": invitation.email}
                ]
            }
        )
    if TeamMember.objects.filter(team=invitation.team, user=by).exists():
        raise InvitationRefused({"__all__": [_("You are already a member of this team.")]})
    try:
        application = _lock_composition(invitation.team)
    except DomainError as refusal:
        raise InvitationRefused(refusal.errors) from None
    member = TeamMember(
        team=invitation.team,
        user=by,
        permission=invitation.permission,
        organisation=by.organisation,
        department=by.department,
        organisation_role=invitation.organisation_role,
    )
    _record(member, by)
    member.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _announce_team_change(application)
    return member


# Drafts ------------------------------------------------------------------------------------

DRAFT_FIELDS = (
    "title_ko",
    "title_en",
    "summary",
    "summary_en",
    "objectives",
    "objectives_en",
    "kpis",
    "kpis_en",
    "duration_months",
    "starts_on",
    "researcher_name",
    "host_organisation",
    "qs_top100_years",
    "bigtech_years",
    "bigtech_firm",
    "faculty_count",
    "curriculum_summary",
)
PART_MODELS = {
    "budget_lines": BudgetLine,
    "gpu_requests": GpuRequest,
    "data_requests": DataRequest,
    "staff_requests": StaffRequest,
    "student_quotas": StudentQuota,
}


def _lock_draft(application, version):
    """Lock the row and check the editor's version; refuse anything but a draft."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status != S.DRAFT:
        raise DomainError({"__all__": [_("Only a draft can be changed.")]})
    if version is not None and int(version) != current.version:
        raise StaleVersion(
            {
                "__all__": [
                    _(
                        "Someone else saved this application since you opened it (your version "
                        "%(yours)s, now %(current)s). Nothing was overwritten: reload to see "
                        "their changes, then make yours again."
                    )
                    % {"yours": version, "current": current.version}
                ]
            }
        )
    return current


@transaction.atomic
def save_draft(application, *, changes, version, by):
    """Save valid field values (and, when given, whole lists of parts) of a draft.

    `changes` maps DRAFT_FIELDS and PART_MODELS names to new values; parts replace the old
    list. Raises StaleVersion when `version` is not the current one. Increments the version.
    """
    current = _lock_draft(application, version)
    problem = call_rules.start_date_problem(current.call, changes.get("starts_on"))
    if problem:
        raise DomainError({"starts_on": [problem]})
    if "budget_lines" in changes:
        problems = budget_line_errors(
            changes["budget_lines"],
            starts_on=changes.get("starts_on", current.starts_on),
            duration_months=changes.get("duration_months", current.duration_months),
        )
        if problems:
            raise DomainError({"budget_lines": problems})
    years = [row["year"] for row in changes.get("student_quotas", ())]
    if len(years) != len(set(years)):
        raise DomainError({"student_quotas": [_("Enter each year's student places only once.")]})
    fields = [name for name in DRAFT_FIELDS if name in changes]
    for name in fields:
        setattr(current, name, changes[name])
    for name, model in PART_MODELS.items():
        if name in changes:
            _replace_parts(current, name, model, changes[name], by=by)
    current.version += 1
    _record(current, by)
    current.save(update_fields=[*fields, "version", "updated_at"])
    application.refresh_from_db()
    return application


BUDGET_CELL = ("participant_id", "fiscal_year", "category", "source")


def _replace_parts(application, name, model, rows, *, by):
    """Make the application's parts exactly `rows`, every write in the history with `by`.

    Budget lines are matched by their cell (organisation × year × 비목 × source), so that a
    changed amount is one history row with its before and after, not a deletion and a birth.
    """
    old = list(getattr(application, name).all())
    new = [model(application=application, **row) for row in rows]
    reason = "saved with the draft"
    if model is BudgetLine:
        by_cell = {tuple(getattr(line, f) for f in BUDGET_CELL): line for line in old}
        changed, created = [], []
        for line in new:
            kept = by_cell.pop(tuple(getattr(line, f) for f in BUDGET_CELL), None)
            if kept is None:
                created.append(line)
            elif kept.amount != line.amount:
                kept.amount = line.amount
                changed.append(kept)
        removed = list(by_cell.values())
        if changed:
            bulk_update_with_history(
                changed, BudgetLine, ["amount"], default_user=by, default_change_reason=reason
            )
    else:
        removed, created = old, new
    for part in removed:  # each deletion recorded with who and why
        _record(part, by, reason)
        part.delete()
    if created:
        bulk_create_with_history(created, model, default_user=by, default_change_reason=reason)


@transaction.atomic
def add_part(application, *, kind, values, by):
    """Add one budget line, resource request or student quota to a draft."""
    current = _lock_draft(application, None)
    model = PART_MODELS[kind]
    if kind == "budget_lines":
        years = project_years(current.starts_on, current.duration_months)
        errors = {
            field: [problem]
            for field, problem in (
                ("amount", amount_error(values["amount"])),
                ("fiscal_year", fiscal_year_error(values["fiscal_year"], years)),
            )
            if problem
        }
        if errors:
            raise DomainError(errors)
    try:
        with transaction.atomic():
            part = model(application=current, **values)
            _record(part, by)
            part.save()
    except IntegrityError:
        raise DomainError({"__all__": [_("That row already exists; change it instead.")]}) from None
    current.version += 1
    _record(current, by)
    current.save(update_fields=["version", "updated_at"])
    return part


@transaction.atomic
def remove_part(application, *, kind, pk, by):
    current = _lock_draft(application, None)
    part = PART_MODELS[kind].objects.filter(application=current, pk=pk).first()
    if part:
        _record(part, by)
        part.delete()
        current.version += 1
        _record(current, by)
        current.save(update_fields=["version", "updated_at"])


# Files -------------------------------------------------------------------------------------


def _check_pdf(content):
    """Judge a file by its bytes: the PDF signature, then a real parse by pypdf."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    refused = _("Only PDF files are accepted; this file is not a readable PDF.")
    if not content.startswith(b"%PDF-"):
        return refused
    try:
        reader = PdfReader(io.BytesIO(content))
        if len(reader.pages) < 1:
            return refused
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return refused
    return None


def read_checked_pdf(uploaded_file, *, field="file"):
    """The bytes of an upload that is a readable PDF within the size limit; else raises
    AttachmentRefused on `field`. Shared by every private upload (applications, objections)."""
    if uploaded_file.size > settings.MAX_UPLOAD_BYTES:
        raise AttachmentRefused(
            {
                field: [
                    _("The file is larger than the limit of %(mb)s MB.")
                    % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
                ]
            }
        )
    content = uploaded_file.read(settings.MAX_UPLOAD_BYTES + 1)
    problem = _check_pdf(content)
    if problem:
        raise AttachmentRefused({field: [problem]})
    return content


@transaction.atomic
def attach_document(application, *, kind, uploaded_file, by):
    """Store a checked PDF privately with its SHA-256. The draft's other data is untouched."""
    from django.core.files.base import ContentFile

    _lock_draft(application, None)
    content = read_checked_pdf(uploaded_file)
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=(uploaded_file.name or "document.pdf")[-255:],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    attachment.file.save("upload.pdf", ContentFile(content), save=False)
    _record(attachment, by)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(attachment, *, by):
    _lock_draft(attachment.application, None)
    _record(attachment, by)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


# Submission --------------------------------------------------------------------------------


def _percent_exceeds(part, whole, percent):
    return part * 100 > whole * percent


def check_submission(application, *, now=None):
    """Every reason the call refuses this application, keyed by field. Empty means fine."""
    now = now or timezone.now()
    call = application.call
    errors = defaultdict(list)

    if now < call.opens_at:
        errors["__all__"].append(_("The call is not open yet."))
    elif now > call.closes_at:
        errors["__all__"].append(
            _("The call closed at %(closes)s (Korea time); submissions are no longer accepted.")
            % {"closes": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M:%S")}
        )

    if not application.title_ko.strip():
        errors["title_ko"].append(_("Give the title in Korean."))
    if not application.summary.strip():
        errors["summary"].append(_("Write a summary."))
    if not application.duration_months:
        errors["duration_months"].append(_("Give the duration in months."))
    elif application.duration_months > call.max_duration_months:
        errors["duration_months"].append(
            _("The duration of %(months)s months is longer than the call's maximum of %(max)s.")
            % {"months": application.duration_months, "max": call.max_duration_months}
        )

    problem = call_rules.start_date_problem(call, application.starts_on)
    if problem:
        errors["starts_on"].append(problem)
    problem = call_rules.second_application_problem(application)
    if problem:
        errors["__all__"].append(problem)

    participants = list(application.team.participants.select_related("organisation"))
    organisations = [p.organisation for p in participants]
    lead = next((p.organisation for p in participants if p.role == OrganisationRole.LEAD), None)
    if call.applicant_kind == ApplicantKind.INDIVIDUAL:
        lead = lead or application.host_organisation
        if application.host_organisation is None:
            errors["host_organisation"].append(_("Name the host institution."))
        elif application.host_organisation not in organisations:
            organisations.append(application.host_organisation)
        qs_years = application.qs_top100_years or 0
        bigtech_years = application.bigtech_years or 0
        if qs_years < 10 and bigtech_years < 7:
            errors["qs_top100_years"].append(
                _(
                    "The researcher needs at least 10 years at a QS top-100 computer-science "
                    "university or at least 7 years at a big-tech firm worth USD 200 bn or more."
                )
            )
    if call.applicant_kind == ApplicantKind.UNIVERSITY:
        if (application.faculty_count or 0) < 7:
            errors["faculty_count"].append(_("At least 7 full-time faculty are required."))
        if not application.curriculum_summary.strip():
            errors["curriculum_summary"].append(_("Summarise the curriculum."))

    if lead is None:
        errors["participants"].append(_("The team has no lead institution."))
    elif not call.lead_type_allowed(lead.type):
        errors["participants"].append(
            _("%(organisation)s (%(type)s) may not lead in this call.")
            % {"organisation": lead.name, "type": lead.get_type_display()}
        )
    if call.requires_university and not any(
        o.type == OrganisationType.UNIVERSITY for o in organisations
    ):
        errors["participants"].append(_("A university must take part in the team."))
    today = timezone.localdate(now)
    sanctioned = [o for o in organisations if o.is_sanctioned(today)]
    for organisation in sanctioned:
        errors["participants"].append(
            _("%(organisation)s is banned from national R&D (sanctions register).")
            % {"organisation": organisation.name}
        )

    lines = list(application.budget_lines.select_related("participant__organisation"))
    government_by_year = defaultdict(int)
    by_participant = defaultdict(lambda: defaultdict(int))
    for line in lines:
        if line.source == FundingSource.GOVERNMENT:
            government_by_year[line.fiscal_year] += line.amount
        by_participant[line.participant][line.source] += line.amount
    if not lines:
        errors["budget_lines"].append(_("Enter the budget."))
    years = project_years(application.starts_on, application.duration_months)
    for year in sorted({line.fiscal_year for line in lines}) if years else ():
        problem = fiscal_year_error(year, years)
        if problem:
            errors["budget_lines"].append(problem)
    if call.cap_per_year is not None:
        for year, amount in sorted(government_by_year.items()):
            if amount > call.cap_per_year:
                errors["budget_lines"].append(
                    _(
                        "Government funding in %(year)s is %(amount)s won, above the yearly "
                        "cap of %(cap)s won."
                    )
                    % {"year": year, "amount": f"{amount:,}", "cap": f"{call.cap_per_year:,}"}
                )
    total_government = sum(government_by_year.values())
    if call.cap_total is not None and total_government > call.cap_total:
        errors["budget_lines"].append(
            _("Government funding in total is %(amount)s won, above the cap of %(cap)s won.")
            % {"amount": f"{total_government:,}", "cap": f"{call.cap_total:,}"}
        )
    rules = {rule.organisation_type: rule for rule in call.share_rules.all()}
    for participant, sources in by_participant.items():
        rule = rules.get(participant.organisation.type)
        if rule is None:
            continue
        government = sources[FundingSource.GOVERNMENT]
        cash = sources[FundingSource.CASH]
        own = cash + sources[FundingSource.IN_KIND]
        total = government + own
        if _percent_exceeds(government, total, rule.max_government_percent):
            errors["budget_lines"].append(
                _("%(organisation)s: the government may pay at most %(percent)s%% of its budget.")
                % {
                    "organisation": participant.organisation.name,
                    "percent": rule.max_government_percent,
                }
            )
        if own and cash * 100 < own * rule.min_cash_percent:
            errors["budget_lines"].append(
                _("%(organisation)s: at least %(percent)s%% of its own share must be cash.")
                % {"organisation": participant.organisation.name, "percent": rule.min_cash_percent}
            )

    present = {a.kind for a in application.attachments.all()}
    labels = dict(DocumentKind.choices)
    for kind in call.required_documents:
        if kind not in present:
            errors["attachments"].append(
                _("Attach the required document: %(kind)s.") % {"kind": labels.get(kind, kind)}
            )
    return {field: messages for field, messages in errors.items() if messages}


def _next_reference(prefix, year):
    counter, _created = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:04d}"


def build_snapshot(application):
    """Everything submitted, as plain JSON (money as integer won, files by checksum)."""

    def rows(queryset, fields):
        return [
            {
                f: (str(v) if not isinstance(v, int | bool | type(None)) else v)
                for f, v in zip(fields, values, strict=True)
            }
            for values in queryset.values_list(*fields)
        ]

    fields = {}
    for name in DRAFT_FIELDS:
        value = getattr(
            application, name if name != "host_organisation" else "host_organisation_id"
        )
        fields[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return {
        "reference": application.reference,
        "version": application.version,
        "call": {"id": application.call_id, "notice_number": application.call.notice_number},
        "team": {"id": application.team_id, "name_ko": application.team.name_ko},
        "fields": fields,
        "participants": rows(
            application.team.participants.order_by("id"),
            [
                "organisation_id",
                "organisation__name_ko",
                "organisation__type",
                "role",
                "department_id",
            ],
        ),  # fmt: skip
        "members": rows(
            application.team.members.order_by("id"),
            ["user_id", "organisation_id", "department_id", "permission", "organisation_role"],
        ),
        "budget_lines": rows(
            application.budget_lines.order_by("id"),
            ["participant__organisation_id", "fiscal_year", "category", "source", "amount"],
        ),
        "gpu_requests": rows(
            application.gpu_requests.order_by("id"), ["gpu_type", "count", "gpu_hours_per_quarter"]
        ),
        "data_requests": rows(
            application.data_requests.order_by("id"),
            ["dataset", "supplier", "volume_tb", "licence"],
        ),
        "staff_requests": rows(
            application.staff_requests.order_by("id"), ["role", "fte", "months", "overseas"]
        ),
        "student_quotas": rows(
            application.student_quotas.order_by("id"), ["year", "masters", "phd"]
        ),
        "attachments": rows(
            application.attachments.order_by("id"),
            ["id", "kind", "original_name", "size", "sha256"],
        ),
    }


@transaction.atomic
def submit_application(application, *, by, now=None, version=None, notify=True):
    """Check the draft against its call and submit it.

    Refused: raises SubmissionRefused listing every failure; nothing is written. Accepted:
    gives a reference number (once; a reopened application keeps it), stores an immutable
    snapshot of this version, sets the status through set_status and e-mails a receipt to the
    team after commit (unless `notify` is false, as in the demo seed).
    """
    now = now or timezone.now()
    current = _lock_draft(application, version)
    errors = check_submission(current, now=now)
    if errors:
        raise SubmissionRefused(errors)
    if not current.reference:
        year = timezone.localtime(now).year
        current.reference = _next_reference(current.call.reference_prefix, year)
    current.submitted_at = now
    set_status(current, S.SUBMITTED, by=by, update_fields=["reference", "submitted_at"])
    submission = Submission.objects.create(
        application=current,
        version=current.version,
        reference=current.reference,
        snapshot=build_snapshot(current),
        submitted_at=now,
        submitted_by=by,
    )
    if notify:
        _queue_receipt(submission)
    application.refresh_from_db()
    return submission


def _queue_receipt(submission):
    application = submission.application
    recipients = [m.user.email for m in application.team.members.select_related("user")]
    recipients = [email for email in recipients if email]
    if recipients:
        queue_email(
            to=recipients,
            subject=_("Receipt of your application %(reference)s")
            % {"reference": submission.reference},
            template="applications/email/receipt.txt",
            context={
                "submission": submission,
                "application": application,
                "link": settings.SITE_URL + application.get_absolute_url(),
            },
        )


@transaction.atomic
def withdraw_application(application, *, by, now=None, reason=""):
    """Withdraw a submitted application before the call closes."""
    now = now or timezone.now()
    current = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if now > current.call.closes_at:
        raise DomainError(
            {"__all__": [_("The call has closed; the application can no longer be withdrawn.")]}
        )
    if current.status != S.SUBMITTED:
        raise DomainError({"__all__": [_("Only a submitted application can be withdrawn.")]})
    set_status(current, S.WITHDRAWN, by=by, reason=reason or "withdrawn by the team")
    application.refresh_from_db()
    return application


@transaction.atomic
def reopen_application(application, *, by, reason):
    """An officer sends a submission back to draft: a new version; old snapshots stay."""
    if not (reason or "").strip():
        raise DomainError({"reason": [_("Give the reason for reopening.")]})
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status != S.SUBMITTED:
        raise DomainError({"__all__": [_("Only a submitted application can be reopened.")]})
    set_status(current, S.DRAFT, by=by, reason=reason)
    application.refresh_from_db()
    return application
