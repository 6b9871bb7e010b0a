import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import EmailDomain, Organisation, User
from applications.models import Application
from programmes.models import Call, Programme


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts():
    return [
        m.objects.count() for m in (Organisation, EmailDomain, User, Programme, Call, Application)
    ]


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    seed()
    first = counts()
    seed()
    assert counts() == first


@pytest.mark.django_db
def test_seed_demo_is_refused_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert Programme.objects.count() == 0
    seed(force=True)
    assert Programme.objects.count() == 3


@pytest.mark.django_db
def test_seed_demo_has_the_real_figures_and_the_demo_accounts(settings):
    settings.DEBUG = True
    seed()
    wbl = Call.objects.get(notice_number="과학기술정보통신부 공고 제2025-0071호")
    assert (wbl.quota, wbl.max_duration_months, wbl.requires_university) == (5, 36, True)
    assert wbl.programme.budgets.get(fiscal_year=2025).amount == 213_600_000_000
    assert Call.objects.get(programme__code="pathfinder").cap_per_year == 2_000_000_000
    grad = Call.objects.get(programme__code="ai-chip-grad")
    assert (grad.quota, grad.cap_per_year, grad.max_duration_months) == (3, 3_000_000_000, 72)
    assert Organisation.objects.count() >= 150
    assert EmailDomain.objects.count() == Organisation.objects.count()
    names = {
        "officer",
        "finance1",
        "finance2",
        "auditor",
        "chair",
        *(f"reviewer{i}" for i in range(1, 8)),
        "applicant1",
        "applicant2",
        "applicant3",
    }
    assert names <= set(User.objects.values_list("username", flat=True))
    officer = User.objects.get(username="officer")
    assert officer.check_password("demo-pass-2025")
    assert officer.is_officer
    assert User.objects.get(username="finance2").is_finance
