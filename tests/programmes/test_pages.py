import pytest
from django.urls import reverse

from tests import factories


@pytest.fixture
def wbl(db):
    programme = factories.ProgrammeFactory(code="wbl", name_ko="독자 AI 파운데이션 모델 프로젝트")
    factories.ProgrammeBudgetFactory(programme=programme, fiscal_year=2025, amount=213_600_000_000)
    return programme


def test_home_lists_programmes_with_korean_money(client, wbl):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "독자 AI 파운데이션 모델 프로젝트" in body
    assert "2,136억 원" in body
    assert 'lang="ko"' in body


def test_english_is_switchable(client, wbl):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert 'lang="en"' in body
    assert "KRW 213.6 billion" in body
    assert "National AI programmes" in body


def test_korean_is_the_default_language(client, wbl):
    body = client.get(reverse("home")).content.decode()
    assert "국가 AI 사업" in body


def test_a_draft_call_is_404_to_applicants_and_visible_to_officers(client, applicant, officer):
    draft = factories.CallFactory(is_published=False, title_ko="미공개 공모")
    published = factories.CallFactory(programme=draft.programme, title_ko="공개 공모")
    client.force_login(applicant)
    assert client.get(reverse("call-detail", args=[draft.pk])).status_code == 404
    programme_page = client.get(reverse("programme-detail", args=[draft.programme.code]))
    assert "미공개 공모" not in programme_page.content.decode()
    assert "공개 공모" in programme_page.content.decode()
    assert client.get(reverse("call-detail", args=[published.pk])).status_code == 200
    client.force_login(officer)
    assert client.get(reverse("call-detail", args=[draft.pk])).status_code == 200


def test_only_officers_create_calls(client, applicant, officer, wbl):
    url = reverse("call-create")
    client.force_login(applicant)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    assert client.get(url).status_code == 200


def test_an_officer_creates_a_call_with_stages(client, officer, wbl):
    client.force_login(officer)
    data = {
        "programme": wbl.pk,
        "notice_number": "과학기술정보통신부 공고 제2025-0071호",
        "reference_prefix": "WBL",
        "title_ko": "정예팀 공모",
        "title_en": "Elite team call",
        "opens_at": "2025-06-20T10:00",
        "closes_at": "2025-07-21T18:00",
        "quota": "5",
        "max_duration_months": "36",
        "cap_per_year": "42720000000",
        "cap_total": "",
        "applicant_kind": "consortium",
        "requires_university": "on",
        "allowed_lead_types": ["large", "university"],
        "required_documents": ["proposal"],
        "is_published": "on",
        "stages-TOTAL_FORMS": "1",
        "stages-INITIAL_FORMS": "0",
        "stages-0-order": "1",
        "stages-0-kind": "document",
        "stages-0-name_ko": "서면평가",
    }
    response = client.post(reverse("call-create"), data)
    assert response.status_code == 302
    call = wbl.calls.get()
    assert call.closes_at.isoformat() == "2025-07-21T09:00:00+00:00"  # 18:00 KST
    assert call.allowed_lead_types == ["large", "university"]
    assert [s.name_ko for s in call.stages.all()] == ["서면평가"]
    assert call.history.first().history_user == officer


def test_a_call_that_closes_before_it_opens_is_refused_on_the_field(client, officer, wbl):
    client.force_login(officer)
    data = {
        "programme": wbl.pk,
        "notice_number": "공고 제1호",
        "reference_prefix": "X",
        "title_ko": "잘못된 공모",
        "opens_at": "2025-07-21T18:00",
        "closes_at": "2025-06-20T10:00",
        "quota": "5",
        "max_duration_months": "36",
        "cap_per_year": "-5",
        "applicant_kind": "consortium",
        "stages-TOTAL_FORMS": "0",
        "stages-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("call-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "closes_at" in form.errors
    assert "cap_per_year" in form.errors
    assert form["title_ko"].value() == "잘못된 공모"  # what was typed is still there


@pytest.mark.parametrize("rows", [1, 12])
def test_pages_run_a_constant_number_of_queries(
    client, officer, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        call = factories.CallFactory()
        factories.ProgrammeBudgetFactory(programme=call.programme)
        factories.StageFactory(call=call)
    client.force_login(officer)
    # 8 for the page and the programme cards + 4 for the officer's work queue providers.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("programme-list")).status_code == 200


def test_an_officer_edits_a_programme_and_its_budgets(client, officer, applicant, wbl):
    url = reverse("programme-edit", args=["wbl"])
    client.force_login(applicant)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    budget = wbl.budgets.get()
    data = {
        "code": "wbl",
        "name_ko": wbl.name_ko,
        "name_en": "World Best LLM",
        "agency": "NIPA",
        "budgets-TOTAL_FORMS": "2",
        "budgets-INITIAL_FORMS": "1",
        "budgets-0-id": budget.pk,
        "budgets-0-fiscal_year": "2025",
        "budgets-0-amount": "213600000000",
        "budgets-1-fiscal_year": "2026",
        "budgets-1-amount": "-1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["budgets"].forms[1].errors == {"amount": ["금액은 음수일 수 없습니다."]}
    data["budgets-1-amount"] = "250000000000"
    assert client.post(url, data).status_code == 302
    assert list(wbl.budgets.values_list("fiscal_year", "amount")) == [
        (2025, 213_600_000_000),
        (2026, 250_000_000_000),
    ]


def test_a_call_sets_its_objection_period_within_1_to_90_days(client, officer, wbl):
    from programmes.forms import CallForm

    base = {
        "programme": wbl.pk, "notice_number": "공고 제2025-0072호", "reference_prefix": "WBL",
        "title_ko": "공모", "opens_at": "2025-06-20T10:00", "closes_at": "2025-07-21T18:00",
        "quota": "5", "max_duration_months": "36", "applicant_kind": "consortium",
    }  # fmt: skip
    form = CallForm(base)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["objection_days"] == 14
    assert CallForm({**base, "objection_days": "30"}).is_valid()
    for bad in ("0", "91", "99999999"):
        assert list(CallForm({**base, "objection_days": bad}).errors) == ["objection_days"]
