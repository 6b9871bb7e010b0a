"""The named cast and the test-wide settings. Factories for everything else: tests/factories.py."""

import os

import pytest

from accounts.enums import Role
from accounts.roles import grant_role
from tests import factories


def pytest_configure(config):
    from django.conf import settings

    # Tests speak plain HTTP to the test client and the live server; a deployment keeps these on.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.AXES_ENABLED = True
    # Staff pages are reached with force_login in most tests; tests/accounts/test_two_factor.py
    # turns the TOTP requirement on and walks through it.
    settings.STAFF_TWO_FACTOR = False
    # Tasks run in-process unless a test starts a real worker (tests/config/test_celery.py).
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


# Under CI every service and the browser are present: a skip there hides a broken install.
_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") == "true" and _skipped and exitstatus == 0:
        print(f"\nCI=true but {len(_skipped)} test(s) skipped: {', '.join(_skipped)}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _korean_first():
    """Every test starts in Korean: a test that switched to English must not leak it."""
    from django.utils import translation

    translation.activate("ko")
    yield
    translation.activate("ko")


def _person(username, role=None, **extra):
    user = factories.UserFactory(username=username, **extra)
    if role:
        grant_role(user, role)
    return user


@pytest.fixture
def applicant(db):
    organisation = factories.OrganisationFactory(name_ko="지원기관", type="midsize")
    return _person("applicant", Role.APPLICANT, organisation=organisation)


@pytest.fixture
def other_applicant(db):
    organisation = factories.OrganisationFactory(name_ko="다른기관")
    return _person("other_applicant", Role.APPLICANT, organisation=organisation)


@pytest.fixture
def reviewer(db):
    organisation = factories.OrganisationFactory(name_ko="심사대학교", type="university")
    return _person("reviewer", Role.REVIEWER, organisation=organisation)


@pytest.fixture
def conflicted_reviewer(db, applicant):
    """A reviewer from the applicant's own organisation."""
    return _person("conflicted_reviewer", Role.REVIEWER, organisation=applicant.organisation)


@pytest.fixture
def officer(db):
    return _person("officer", Role.PROGRAMME_OFFICER, is_staff=True)


@pytest.fixture
def finance(db):
    return _person("finance", Role.FINANCE_OFFICER)


@pytest.fixture
def auditor(db):
    return _person("auditor", Role.AUDITOR, is_staff=True)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
