import datetime
import re

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accounts import consent
from accounts.models import Organisation, User
from accounts.services import VERIFY_SALT
from tests import factories


@pytest.fixture
def university(db):
    organisation = factories.OrganisationFactory(name_ko="한결대학교", type="university")
    factories.DepartmentFactory(organisation=organisation, name_ko="컴퓨터공학과")
    return organisation


def form(**overrides):
    data = {
        "username": "newcomer",
        "full_name": "신입",
        "email": "NewComer@hangyeol.ac.example",
        "password1": "a-long-pass-2025!",
        "password2": "a-long-pass-2025!",
        "organisation": "",
        "new_organisation_name": "",
        "new_organisation_type": "",
        "new_organisation_number": "",
        "department": "",
        "privacy_consent": "on",
        "terms_consent": "on",
        "privacy_version": consent.PRIVACY_VERSION,
        "terms_version": consent.TERMS_VERSION,
    }
    data.update(overrides)
    return data


def log_in(client):
    return client.post(reverse("login"), {"username": "newcomer", "password": "a-long-pass-2025!"})


def verification_link():
    return re.search(
        r"http://127\.0\.0\.1:8000(/accounts/verify/\S+/)", mail.outbox[-1].body
    ).group(1)


def test_a_newcomer_registers_verifies_and_logs_in(
    client, university, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("register"), form(organisation=university.pk, department="컴퓨터공학과")
        )
    assert response.status_code == 200
    user = User.objects.get(username="newcomer")
    assert (user.is_active, user.email_verified, user.email) == (
        False,
        False,
        "newcomer@hangyeol.ac.example",
    )
    assert user.department.name_ko == "컴퓨터공학과"
    assert mail.outbox[-1].to == ["newcomer@hangyeol.ac.example"]
    assert log_in(client).status_code == 200  # the form again: inactive until verified

    response = client.get(verification_link())
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.is_active, user.email_verified) == (True, True)
    assert user.has_role("applicant")
    assert log_in(client).status_code == 302


def test_a_proposed_organisation_waits_for_an_officer(client, db):
    client.post(
        reverse("register"),
        form(
            new_organisation_name="새싹AI",
            new_organisation_type="sme",
            new_organisation_number="123-45-67890",
            department="연구소",
        ),
    )
    organisation = Organisation.objects.get(business_number="123-45-67890")
    assert (organisation.name_ko, organisation.is_confirmed) == ("새싹AI", False)
    assert User.objects.get(username="newcomer").organisation == organisation


def test_registration_errors_sit_on_their_fields_and_keep_the_input(client, university):
    factories.UserFactory(email="taken@hangyeol.ac.example")
    response = client.post(
        reverse("register"),
        form(email="taken@hangyeol.ac.example", password2="different", new_organisation_name="x"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"email", "password2", "new_organisation_type", "new_organisation_number"}
    assert response.context["form"]["full_name"].value() == "신입"
    assert not User.objects.filter(username="newcomer").exists()
    assert mail.outbox == []


def test_a_tampered_verification_link_is_refused(
    client, university, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("register"), form(organisation=university.pk))
    link = verification_link()
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 400
    assert not User.objects.get(username="newcomer").is_active


def test_an_expired_verification_link_is_refused(client, university):
    client.post(reverse("register"), form(organisation=university.pk))
    user = User.objects.get(username="newcomer")
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)
    with freeze_time(timezone.now() + datetime.timedelta(days=4)):
        response = client.get(reverse("verify-email", args=[token]))
    assert response.status_code == 400


# Consent and password rules ----------------------------------------------------------------


def test_registration_records_the_consented_versions_and_the_time(client, university):
    moment = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    with freeze_time(moment):
        client.post(reverse("register"), form(organisation=university.pk))

    user = User.objects.get(username="newcomer")
    assert (
        user.privacy_consent_version,
        user.privacy_consented_at,
        user.terms_version,
        user.terms_accepted_at,
    ) == (consent.PRIVACY_VERSION, moment, consent.TERMS_VERSION, moment)


def test_registration_without_consent_is_refused_on_both_checkboxes(client, university):
    data = form(organisation=university.pk)
    del data["privacy_consent"], data["terms_consent"]

    response = client.post(reverse("register"), data)

    assert response.context["form"].errors == {
        "privacy_consent": ["회원가입에는 이 안내에 대한 동의가 필요합니다."],
        "terms_consent": ["회원가입에는 이용약관 동의가 필요합니다."],
    }
    assert not User.objects.filter(username="newcomer").exists()


def test_consent_to_an_older_version_of_the_notice_is_refused(client, university):
    response = client.post(
        reverse("register"), form(organisation=university.pk, privacy_version="2000-01")
    )

    assert list(response.context["form"].errors) == ["privacy_version"]
    assert not User.objects.filter(username="newcomer").exists()


def test_the_page_shows_the_notice_the_terms_and_the_password_rules(client, db):
    page = client.get(reverse("register")).content.decode()

    assert "개인정보 수집·이용" in page
    for item in ("수집 항목", "수집·이용 목적", "보유·이용 기간", "동의를 거부할 권리"):
        assert f"<dt>{item}</dt>" in page
    assert "[필수] 이용약관에 동의합니다." in page
    assert f'name="privacy_version" value="{consent.PRIVACY_VERSION}"' in page
    rules = page.split('id="password-rules"')[1].split("</ul>")[0]
    assert rules.count("<li>") == 4
    assert "8" in rules
    assert 'aria-describedby="password-rules"' in page
