"""An id beyond any database integer, typed into any URL, is a 404, never a 500.

Django bounds lookups on a model's own primary key, but not on a foreign key's column
(`panel_id=`): SQLite's driver raised OverflowError for such an id. Every route with an integer
part is asked, as an officer who may see everything, for 2**70 in each integer slot.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = str(2**70)


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern


def _huge_paths():
    paths = set()
    for route in _routes():
        if route.startswith("^") or "admin/" in route:
            continue  # regex routes (DRF's format suffixes) and the admin are not ours
        if "<int:" not in route and "[0-9]" not in route:
            continue
        path = re.sub(r"<int:\w+>", HUGE, route)
        path = re.sub(r"\(\?P<\w+>\[0-9\]\+\)", HUGE, path)
        if "<" in path or "(" in path:
            continue  # another converter remains: not this test's subject
        paths.add("/" + path.lstrip("^").rstrip("$"))
    return sorted(paths)


PATHS = _huge_paths()


def test_the_walk_finds_the_routes():
    assert len(PATHS) > 30
    assert f"/reviews/panels/{HUGE}/pledge/" in PATHS


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_an_out_of_range_id_is_not_found(client, officer, path):
    client.force_login(officer)
    response = client.get(path)
    assert response.status_code in (404, 405), (path, response.status_code)
