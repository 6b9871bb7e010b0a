"""Who sees letters: the team, officers and auditors; everyone else gets a 404. The public
verification page shows only what the letter vouches for."""

import pytest
from django.urls import reverse

from letters import services
from letters.enums import LetterStatus
from tests.awards.factories import AwardFactory


@pytest.mark.parametrize("who", ["applicant", "officer", "auditor"])
def test_the_team_officers_and_auditors_download_the_letter(
    client, request, award, make_letter, who
):
    letter = make_letter(award)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("letters:download", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["outsider", "finance", "reviewer"])
def test_others_get_a_404_for_the_letter_and_its_page(client, request, award, make_letter, who):
    letter = make_letter(award)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("letters:download", args=[letter.pk])).status_code == 404
    assert client.get(reverse("letters:award-letters", args=[award.pk])).status_code == 404
    assert client.post(reverse("letters:issue", args=[award.pk])).status_code == 404


@pytest.mark.parametrize(("who", "linked"), [("applicant", True), ("officer", True),
                                            ("auditor", True), ("finance", False)])  # fmt: skip
def test_the_award_page_links_to_its_letters_for_those_who_may_read_them(
    client, request, award, who, linked
):
    client.force_login(request.getfixturevalue(who))
    page = client.get(award.get_absolute_url()).content.decode()
    link = f'href="{reverse("letters:award-letters", args=[award.pk])}"'
    assert (link in page) is linked  # finance reads the award, not its letters


def test_the_team_may_read_but_not_issue_or_revoke(client, applicant, award, make_letter):
    letter = make_letter(award)
    client.force_login(applicant)
    assert client.post(reverse("letters:issue", args=[award.pk])).status_code == 403
    revoke = reverse("letters:revoke", args=[letter.pk])
    assert client.post(revoke, {"reason": "x"}).status_code == 403
    letter.refresh_from_db()
    assert letter.status == LetterStatus.VALID


def test_anonymous_visitors_are_sent_to_log_in(client, award, make_letter):
    letter = make_letter(award)
    response = client.get(reverse("letters:download", args=[letter.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_letters_page_lists_only_this_awards_letters(client, officer, award, make_letter):
    mine = make_letter(award)
    bait = make_letter(AwardFactory())
    client.force_login(officer)
    page = client.get(reverse("letters:award-letters", args=[award.pk])).content.decode()
    assert mine.document_number in page
    assert bait.document_number not in page


@pytest.mark.parametrize("count", [1, 4])
def test_the_letters_page_runs_a_fixed_number_of_queries(
    client, officer, award, make_letter, django_assert_num_queries, count
):
    for version in range(1, count + 1):
        make_letter(award, version=version, status=LetterStatus.SUPERSEDED)
    client.force_login(officer)
    url = reverse("letters:award-letters", args=[award.pk])
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_an_officer_revokes_with_a_reason(client, officer, award, make_letter):
    letter = make_letter(award)
    client.force_login(officer)
    client.post(reverse("letters:revoke", args=[letter.pk]), {"reason": ""})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.VALID
    client.post(reverse("letters:revoke", args=[letter.pk]), {"reason": "착오 발급"})
    letter.refresh_from_db()
    assert (letter.status, letter.status_reason) == (LetterStatus.REVOKED, "착오 발급")


def test_the_verification_page_shows_what_the_letter_vouches_for(client, award, make_letter):
    letter = make_letter(award)
    page = client.get(f"/verify/{letter.verification_code}/")
    assert page.status_code == 200
    text = page.content.decode()
    for shown in [
        "유효한 통보서입니다.",
        "과학기술정보통신부",
        letter.document_number,
        "한빛인공지능",
        award.number,
        "한국어 초거대 언어모델 개발",
        "2,136억 원",
        letter.sha256,
    ]:
        assert shown in text, shown
    for personal in ["최연구", "정한빛", "applicant@", "대표이사"]:
        assert personal not in text


def test_a_superseded_letter_verifies_as_superseded(client, award, officer):
    from awards.models import Award

    old = services.issue_award_letter(award, by=officer)
    Award.objects.filter(pk=award.pk).update(version=2)
    award.refresh_from_db()
    new = services.issue_award_letter(award, by=officer)
    text = client.get(old.get_verify_url()).content.decode()
    assert "이후 발급된 통보서로 대체된 통보서입니다." in text
    assert f"{new.document_number}(으)로 대체" in text
    assert old.sha256 in text


def test_a_revoked_letter_verifies_as_revoked_with_its_reason(client, award, make_letter):
    letter = make_letter(award, status=LetterStatus.REVOKED, reason="착오 발급")
    text = client.get(letter.get_verify_url()).content.decode()
    assert "취소된 통보서입니다." in text and "착오 발급" in text


def test_a_random_code_is_a_404(client, award, make_letter):
    make_letter(award)
    assert (
        client.get("/verify/not-a-code-anyone-was-given-0123456789abcdefghijk/").status_code == 404
    )
    assert client.get(f"/verify/{'x' * 65}/").status_code == 404


def test_verification_is_rate_limited_per_address(client, award, make_letter, settings):
    from django.core.cache import cache

    cache.clear()
    settings.LETTER_VERIFY_PER_MINUTE = 3
    letter = make_letter(award)
    codes = [200, 200, 200, 429]
    assert [client.get(letter.get_verify_url()).status_code for _ in codes] == codes
    other = client.get(letter.get_verify_url(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()
