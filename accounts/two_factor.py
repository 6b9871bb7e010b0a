"""Two-factor authentication (TOTP, django-otp) for the staff roles, and fresh re-authentication.

Officers, finance officers and auditors hold the keys to public money and to every application:
when STAFF_TWO_FACTOR is on (the default whenever DEBUG is off) they reach nothing but these
pages until they have confirmed an authenticator app and entered its current code in this
session. Applicants and reviewers are not asked. `require_recent_authentication` guards the
operations that move money: the password (and code) again if the last one is older than
REAUTH_MINUTES.
"""

import base64
import functools
import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enums import Role

STAFF_ROLES = (Role.PROGRAMME_OFFICER, Role.FINANCE_OFFICER, Role.AUDITOR)
REAUTH_SESSION_KEY = "authenticated_at"
# Pages an unverified staff member may still reach: these, logging out, language, static files.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/")


def needs_two_factor(user):
    return (
        settings.STAFF_TWO_FACTOR
        and user.is_authenticated
        and user.has_role(*STAFF_ROLES)
        and not user.is_verified()
    )


class StaffTwoFactorMiddleware:
    """After django-otp's OTPMiddleware: send unverified staff to set up or enter their code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_TWO_FACTOR and not request.path.startswith(OPEN_PREFIXES):
            user = request.user
            if needs_two_factor(user):
                target = "two-factor-verify" if user_has_device(user) else "two-factor-setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


@receiver(user_logged_in)
def _remember_authentication_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[REAUTH_SESSION_KEY] = int(time.time())


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target
    return reverse(default)


def _qr_data_uri(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _check_code(device, code):
    code = (code or "").strip().replace(" ", "")
    return code.isdigit() and device.verify_token(code)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Show a new authenticator secret as a QR code; a correct code confirms the device."""
    if user_has_device(request.user):
        return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': _next_url(request)})}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    error = None
    if request.method == "POST":
        if _check_code(device, request.POST.get("code")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(_next_url(request))
        error = _("That code is not right, or too many attempts were made. Wait and try again.")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "error": error,
            "next": _next_url(request),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Enter the current code of the confirmed authenticator (django-otp throttles failures)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('two-factor-setup')}?{urlencode({'next': _next_url(request)})}")
    error = None
    if request.method == "POST":
        if _check_code(device, request.POST.get("code")):
            otp_login(request, device)
            request.session[REAUTH_SESSION_KEY] = int(time.time())
            return redirect(_next_url(request))
        error = _("That code is not right, or too many attempts were made. Wait and try again.")
    return render(
        request,
        "registration/two_factor_verify.html",
        {"error": error, "next": _next_url(request)},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate(request):
    """Ask for the password again (and the code, for a user with an authenticator)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    error = None
    if request.method == "POST":
        user = authenticate(
            request, username=request.user.get_username(), password=request.POST.get("password")
        )
        if user is None or user.pk != request.user.pk:
            error = _("The password is not right.")
        elif device is not None and not _check_code(device, request.POST.get("code")):
            error = _("That code is not right, or too many attempts were made. Wait and try again.")
        else:
            request.session[REAUTH_SESSION_KEY] = int(time.time())
            return redirect(_next_url(request))
    return render(
        request,
        "registration/reauthenticate.html",
        {"error": error, "next": _next_url(request), "asks_code": device is not None},
        status=400 if error else 200,
    )


def recently_authenticated(request):
    moment = request.session.get(REAUTH_SESSION_KEY, 0)
    return time.time() - moment <= settings.REAUTH_MINUTES * 60


def require_recent_authentication(view):
    """For views that move money: a stale session confirms who it is before going on.

    A GET shows the page; only the state-changing POST needs a fresh authentication, and the
    user comes back to the page (the POST itself is not replayed, so nothing happens twice).
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not recently_authenticated(request):
            back = request.META.get("HTTP_REFERER") or request.get_full_path()
            if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
                back = reverse("home")
            messages.info(request, _("Confirm it is you before approving."))
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': back})}")
        return view(request, *args, **kwargs)

    return wrapped
