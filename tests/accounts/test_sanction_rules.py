"""A participation ban runs six months to ten years (form and database); a surcharge is won."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import Sanction
from tests import factories

JAN_1 = datetime.date(2025, 1, 1)


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory(name_ko="제재기관")


def _post(client, organisation, ends_on, surcharge="0"):
    return client.post(
        reverse("sanction-list"),
        {
            "organisation": organisation.pk,
            "starts_on": "2025-01-01",
            "ends_on": ends_on,
            "reason": "연구개발비 부정 사용",
            "surcharge_won": surcharge,
        },
    )


@pytest.mark.parametrize(
    ("ends_on", "accepted"),
    [
        ("2025-06-29", False),  # a day short of six months
        ("2025-06-30", True),  # exactly six months
        ("2034-12-31", True),  # exactly ten years
        ("2035-01-01", False),  # a day beyond ten years
        ("", False),  # a ban always ends
    ],
)
def test_the_form_holds_a_ban_between_six_months_and_ten_years(
    client, officer, organisation, ends_on, accepted
):
    client.force_login(officer)
    response = _post(client, organisation, ends_on)
    assert Sanction.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["ends_on"]


def test_a_short_ban_is_refused_with_the_earliest_allowed_end(client, officer, organisation):
    client.force_login(officer)
    response = _post(client, organisation, "2025-03-31")
    assert response.context["form"].errors["ends_on"] == [
        "참여제한 기간은 6개월 이상입니다: 2025-06-30 이후로 정하십시오."
    ]


def test_an_officer_records_the_surcharge_in_won(client, officer, organisation):
    client.force_login(officer)
    assert _post(client, organisation, "2027-12-31", "350000000").status_code == 302
    sanction = Sanction.objects.get()
    assert sanction.surcharge_won == 350_000_000
    assert sanction.history.get().surcharge_won == 350_000_000
    page = client.get(reverse("sanction-list")).content.decode()
    assert "3억 5,000만 원" in page


@pytest.mark.parametrize("surcharge", ["-1", str(10**12 + 1), str(2**63)])
def test_a_surcharge_out_of_bounds_is_a_field_error(client, officer, organisation, surcharge):
    client.force_login(officer)
    response = _post(client, organisation, "2027-12-31", surcharge)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["surcharge_won"]
    assert not Sanction.objects.exists()


@pytest.mark.parametrize(
    ("ends_on", "surcharge"),
    [
        (datetime.date(2025, 5, 31), 0),  # five months
        (datetime.date(2035, 6, 30), 0),  # ten and a half years
        (None, 0),  # without an end
        (datetime.date(2027, 12, 31), -1),
    ],
)
def test_the_database_refuses_what_the_form_would(organisation, ends_on, surcharge):
    with pytest.raises(IntegrityError):
        Sanction.objects.create(
            organisation=organisation,
            starts_on=JAN_1,
            ends_on=ends_on,
            reason="x",
            surcharge_won=surcharge,
        )


def test_the_service_refuses_a_ban_too_short_whoever_calls_it(organisation, officer):
    from accounts import services

    with pytest.raises(services.SanctionRefused) as refusal:
        services.impose_sanction(
            organisation=organisation,
            starts_on=JAN_1,
            ends_on=datetime.date(2025, 2, 1),
            reason="x",
            by=officer,
        )
    assert list(refusal.value.errors) == ["ends_on"]
