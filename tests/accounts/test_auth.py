import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests import factories


@pytest.fixture
def person(db):
    return factories.UserFactory(username="minji", email="minji@hangyeol.ac.example")


def test_login_and_logout(client, person):
    response = client.post(reverse("login"), {"username": "minji", "password": "test-pass-2025"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == person
    client.post(reverse("logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_repeated_failures_lock_the_login(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "minji", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "minji", "password": "test-pass-2025"})
    assert response.status_code == 429
    assert "잠" in response.content.decode() or "attempts" in response.content.decode()


def test_password_reset_mail_goes_through_celery_and_works(client, person):
    client.post(reverse("password_reset"), {"email": "minji@hangyeol.ac.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(
        form_url, {"new_password1": "새-비밀번호-2025!", "new_password2": "새-비밀번호-2025!"}
    )
    person.refresh_from_db()
    assert person.check_password("새-비밀번호-2025!")


def test_password_change(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "test-pass-2025",
            "new_password1": "another-pass-2026",
            "new_password2": "another-pass-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).check_password("another-pass-2026")


def test_sanction_covers_its_dates(db):
    import datetime

    sanction = factories.SanctionFactory(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 6, 30)
    )
    organisation = sanction.organisation
    assert organisation.is_sanctioned(datetime.date(2025, 6, 30))
    assert not organisation.is_sanctioned(datetime.date(2025, 7, 1))
    assert list(type(organisation).objects.sanctioned_on(datetime.date(2025, 3, 1))) == [
        organisation
    ]


def test_a_sanction_cannot_end_before_it_starts(db):
    import datetime

    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        factories.SanctionFactory(
            starts_on=datetime.date(2025, 7, 1), ends_on=datetime.date(2025, 6, 1)
        )


def test_repeated_failures_lock_the_api_token_endpoint_too(api_client, person, settings):
    url = "/api/v1/auth/token/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_client.post(url, {"username": "minji", "password": "wrong"}, format="json")
    response = api_client.post(
        url, {"username": "minji", "password": "test-pass-2025"}, format="json"
    )
    assert response.status_code == 429
    assert "token" not in response.json()


def test_the_token_authenticates_api_calls(api_client, person):
    token = api_client.post(
        "/api/v1/auth/token/", {"username": "minji", "password": "test-pass-2025"}, format="json"
    ).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/programmes/").status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api_client.get("/api/v1/programmes/").status_code == 401
