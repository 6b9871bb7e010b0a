"""The officer's application list: filter by programme and call; search by reference number,
title, organisation and principal investigator; the call column names the call."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    ApplicationFactory,
    CallFactory,
    OrganisationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    """Two programmes, three calls, one submitted application in each, and a draft (bait)."""
    llm, chips = CallFactory(title_ko="독자 AI 1차 공모"), CallFactory(title_ko="반도체 대학원")
    second_llm = CallFactory(programme=llm.programme, title_ko="독자 AI 추가 공모")
    rows = {}
    for call, ref, title, org, pi in (
        (llm, "WBL-2025-0001", "한국어 초거대 모델", "가온전자", "김연구"),
        (second_llm, "WBL-2025-0002", "멀티모달 파운데이션", "나래대학교", "이책임"),
        (chips, "CHIP-2025-0001", "NPU 설계 교육", "다솜반도체", "박교수"),
    ):
        application = ApplicationFactory(
            team__call=call, status="submitted", reference=ref, title_ko=title,
            principal_investigator=pi,
        )  # fmt: skip
        organisation = OrganisationFactory(name_ko=org)
        ParticipantFactory(team=application.team, organisation=organisation, role="lead")
        rows[ref] = application
    ApplicationFactory(team__call=llm, title_ko="초거대 모델 초안")  # a draft: never listed
    return llm, second_llm, chips, rows


def listed(client, **params):
    page = client.get(reverse("application-list"), params).content.decode()
    return re.findall(r">((?:WBL|CHIP)-2025-\d{4})</a>", page)


def test_officer_filters_by_programme_and_by_call(client, officer, submitted):
    llm, second_llm, chips, _rows = submitted
    client.force_login(officer)
    assert listed(client, programme=llm.programme_id) == ["WBL-2025-0001", "WBL-2025-0002"]
    assert listed(client, call=second_llm.pk) == ["WBL-2025-0002"]
    assert listed(client, programme=chips.programme_id, call=llm.pk) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wbl-2025-0002", ["WBL-2025-0002"]),  # reference number, any case
        ("초거대", ["WBL-2025-0001"]),  # title (the draft's title matches too, but it is a draft)
        ("나래대학", ["WBL-2025-0002"]),  # an organisation of the team
        ("박교수", ["CHIP-2025-0001"]),  # principal investigator
        ("없는 말", []),
    ],
)
def test_officer_searches_reference_title_organisation_and_pi(
    client, officer, submitted, text, expected
):
    client.force_login(officer)
    assert listed(client, q=text) == expected


def test_call_column_shows_the_call_title_and_deadlines_stay_on_one_line(
    client, officer, submitted
):
    client.force_login(officer)
    page = client.get(reverse("application-list")).content.decode()
    assert "<td>독자 AI 1차 공모<br>" in page
    assert page.count('<td class="nowrap">20') == 3  # the deadline cells (2025. … KST)
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
    assert {"독자 AI 1차 공모", "독자 AI 추가 공모", "반도체 대학원"} <= set(options)


def test_applicant_search_stays_within_their_own_applications(client, other_applicant, submitted):
    client.force_login(other_applicant)
    assert listed(client, q="WBL") == []
