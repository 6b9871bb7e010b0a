"""Officers, finance officers and auditors confirm a TOTP code after their password."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import REAUTH_SESSION_KEY


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def log_in(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": "test-pass-2025"}
    )
    assert response.status_code == 302
    return response


def test_an_officer_without_an_authenticator_is_sent_to_set_one_up(client, officer):
    log_in(client, officer)

    response = client.get(reverse("organisation-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("two-factor-setup"))
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content


def test_setting_up_with_the_right_code_confirms_the_device_and_opens_the_pages(client, officer):
    log_in(client, officer)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed

    wrong = client.post(reverse("two-factor-setup"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # a failure makes the next try wait (django-otp's throttling)

    right = client.post(
        reverse("two-factor-setup"),
        {"code": current_code(device), "next": reverse("organisation-list")},
    )

    assert right.status_code == 302
    assert right.url == reverse("organisation-list")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("organisation-list")).status_code == 200


@pytest.mark.parametrize("person", ["officer", "finance", "auditor"])
def test_staff_with_an_authenticator_enter_its_code_after_the_password(client, request, person):
    user = request.getfixturevalue(person)
    device = confirmed_device(user)
    log_in(client, user)

    blocked = client.get(reverse("home"))
    assert blocked.status_code == 302
    assert blocked.url.startswith(reverse("two-factor-verify"))
    assert client.post(reverse("two-factor-verify"), {"code": "12345x"}).status_code == 400

    verified = client.post(
        reverse("two-factor-verify"), {"code": current_code(device), "next": "/"}
    )

    assert verified.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_an_applicant_is_never_asked_for_a_code(client, applicant):
    log_in(client, applicant)

    assert client.get(reverse("home")).status_code == 200


def test_an_open_redirect_is_refused_after_verification(client, officer):
    device = confirmed_device(officer)
    log_in(client, officer)

    response = client.post(
        reverse("two-factor-verify"),
        {"code": current_code(device), "next": "https://evil.example/phish"},
    )

    assert response.url == reverse("home")


def test_the_token_endpoint_asks_staff_for_their_code(api_client, officer, applicant):
    device = confirmed_device(officer)
    url = reverse("api-token")

    without = api_client.post(url, {"username": "officer", "password": "test-pass-2025"})
    with_code = api_client.post(
        url,
        {"username": "officer", "password": "test-pass-2025", "otp_token": current_code(device)},
    )
    plain = api_client.post(url, {"username": "applicant", "password": "test-pass-2025"})

    assert without.status_code == 400
    assert "otp_token" in without.json()
    assert with_code.status_code == 200 and with_code.json()["token"]
    assert plain.status_code == 200


def test_reauthentication_asks_password_and_code_and_stamps_the_session(client, officer):
    device = confirmed_device(officer)
    log_in(client, officer)
    client.post(reverse("two-factor-verify"), {"code": current_code(device)})
    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time()) - 3600
    session.save()

    wrong = client.post(reverse("reauthenticate"), {"password": "nope", "code": "000000"})
    assert wrong.status_code == 400
    device.throttle_reset()
    right = client.post(
        reverse("reauthenticate"),
        {"password": "test-pass-2025", "code": current_code(device), "next": "/"},
    )

    assert right.status_code == 302
    assert client.session[REAUTH_SESSION_KEY] >= int(time.time()) - 5


def test_a_wrong_code_makes_the_next_try_wait(client, officer):
    device = confirmed_device(officer)
    log_in(client, officer)

    client.post(reverse("two-factor-verify"), {"code": "000000"})
    blocked = client.post(reverse("two-factor-verify"), {"code": current_code(device)})

    assert blocked.status_code == 400
