"""Writes about accounts: registration and e-mail verification."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.mail import queue_email
from accounts.models import Department, Organisation, Sanction, User
from accounts.roles import grant_role
from accounts.sanctions import MAX_SURCHARGE_WON, ban_length_error

VERIFY_SALT = "accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 60 * 60  # three days


class VerificationFailed(Exception):
    pass


@transaction.atomic
def register_applicant(
    *,
    username,
    email,
    password,
    full_name,
    organisation=None,
    proposed_organisation=None,
    department_name="",
    privacy_consent_version,
    terms_version,
):
    """Create an inactive applicant account and e-mail a verification link.

    The consent to the privacy notice and the terms is recorded with the versions given (as
    shown to the newcomer, see accounts/consent.py) and the time of registration.

    Either `organisation` (an existing, confirmed one) or `proposed_organisation` (a dict of
    name_ko, name_en, type, business_number) is given; a proposed one waits for an officer to
    confirm it. A department is found by name in the organisation or added to it.
    Side effects: the user (inactive), maybe an organisation and a department, one e-mail queued.
    """
    now = timezone.now()
    if organisation is None:
        organisation = Organisation.objects.create(**proposed_organisation, is_confirmed=False)
    department = None
    if department_name.strip():
        department, _created = Department.objects.get_or_create(
            organisation=organisation, name_ko=department_name.strip()
        )
    user = User(
        username=username,
        email=email.strip().lower(),
        full_name=full_name,
        organisation=organisation,
        department=department,
        is_active=False,
        privacy_consent_version=privacy_consent_version,
        privacy_consented_at=now,
        terms_version=terms_version,
        terms_accepted_at=now,
    )
    user.set_password(password)
    user.save()
    grant_role(user, Role.APPLICANT)
    send_verification(user)
    return user


def verification_token(user):
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


def send_verification(user):
    link = settings.SITE_URL + reverse("verify-email", args=[verification_token(user)])
    queue_email(
        to=user.email,
        subject=_("Confirm your e-mail address for the AI Programme Management System"),
        template="registration/verify_email.txt",
        context={"user": user, "link": link},
    )


@transaction.atomic
def verify_email(token):
    """Activate the account the token names. Raises VerificationFailed with a reason."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise VerificationFailed(
            _("This link has expired. Register again or ask for a new one.")
        ) from None
    except signing.BadSignature:
        raise VerificationFailed(_("This link is not valid.")) from None
    user = User.objects.select_for_update().filter(pk=data["user"], email=data["email"]).first()
    if user is None:
        raise VerificationFailed(_("This link is not valid.")) from None
    if not user.email_verified:
        user.email_verified = True
        user.is_active = True
        user._change_reason = "e-mail verified"
        user.save(update_fields=["email_verified", "is_active"])
    return user


@transaction.atomic
def confirm_organisation(organisation, *, by):
    """An officer confirms an organisation proposed at registration (recorded in its history)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_confirmed:
        return organisation
    organisation.is_confirmed = True
    organisation._history_user = by
    organisation._change_reason = "confirmed by an officer"
    organisation.save(update_fields=["is_confirmed"])
    return organisation


class SanctionRefused(Exception):
    """A sanction outside the law's bounds, with messages keyed by field."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


@transaction.atomic
def impose_sanction(*, organisation, starts_on, ends_on, reason, by, surcharge_won=0):
    """Enter a participation ban (six months to ten years) and its surcharge in the register;
    a banned organisation cannot apply, be selected or continue. Raises SanctionRefused."""
    errors = {}
    problem = ban_length_error(starts_on, ends_on)
    if problem:
        errors["ends_on"] = [problem]
    if not 0 <= surcharge_won <= MAX_SURCHARGE_WON:
        errors["surcharge_won"] = [_("The surcharge must be between 0 and 1조 won.")]
    if errors:
        raise SanctionRefused(errors)
    sanction = Sanction(
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        surcharge_won=surcharge_won,
        created_by=by,
    )
    sanction._history_user = by
    sanction.save()
    return sanction
