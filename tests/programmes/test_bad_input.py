"""A datetime filter the database cannot hold is a 400 naming the field, never a 500."""

import pytest

from tests.factories import CallFactory


@pytest.mark.parametrize(
    "value",
    [
        "0200-12-03T23:39:20+20:20",  # as seen: an offset beyond any time zone
        "0001-01-01T00:00:00+05:00",  # overflows when converted to UTC
        "9999-12-31T23:59:59-05:00",
        "1899-12-31T23:59:59+09:00",
        "2025-02-30T10:00:00+09:00",
        "not a date",
    ],
)
def test_a_bad_open_at_is_a_400_naming_it(client, db, value):
    response = client.get("/api/v1/calls/", {"open_at": value})
    assert response.status_code == 400
    assert list(response.json()) == ["open_at"]


def test_a_good_open_at_still_filters(client, db):
    call = CallFactory(is_published=True)
    inside = call.opens_at.isoformat()
    assert [
        c["id"] for c in client.get("/api/v1/calls/", {"open_at": inside}).json()["results"]
    ] == [call.pk]
    response = client.get("/api/v1/calls/", {"open_at": "2000-01-01T00:00:00+14:00"})
    assert response.status_code == 200 and response.json()["results"] == []
