"""Issuing, superseding and revoking: once per award version, numbers from a counter per unit."""

import pytest
from django.db import IntegrityError, transaction

from awards.models import Award
from awards.signals import award_terminated
from letters import services, tasks
from letters.enums import LetterStatus
from letters.models import AwardLetter, DocumentCounter, IssuingUnit
from letters.units import DEFAULT_UNIT
from tests.awards.factories import AwardFactory, AwardFundingFactory


def test_the_task_run_twice_yields_one_letter(award, officer):
    first = tasks.issue_award_letter.delay(award_id=award.pk, by_id=officer.pk).get()
    second = tasks.issue_award_letter.delay(award_id=award.pk, by_id=officer.pk).get()
    assert first == second
    letter = AwardLetter.objects.get()
    assert letter.status == LetterStatus.VALID
    assert letter.document_number == "인공지능기반정책과-1"
    assert len(letter.sha256) == 64
    assert DocumentCounter.objects.get().last_number == 1


def test_the_task_returns_when_the_award_is_gone(officer):
    assert tasks.issue_award_letter.delay(award_id=999_999, by_id=officer.pk).get() is None
    assert AwardLetter.objects.count() == 0


def test_a_new_award_version_supersedes_the_old_letter(award, officer):
    old = services.issue_award_letter(award, by=officer)
    Award.objects.filter(pk=award.pk).update(version=2)
    award.refresh_from_db()
    new = services.issue_award_letter(award, by=officer)
    old.refresh_from_db()
    assert (old.status, new.status) == (LetterStatus.SUPERSEDED, LetterStatus.VALID)
    assert old.status_reason == f"{new.document_number}(으)로 대체"
    assert (old.award_version, new.award_version) == (1, 2)
    assert new.document_number == "인공지능기반정책과-2"
    assert old.verification_code != new.verification_code
    assert old.history.first().status == LetterStatus.SUPERSEDED


def test_codes_are_long_random_and_not_the_award_number(make_letter, award):
    letter = make_letter(award)
    assert len(letter.verification_code) >= 43
    assert award.number not in letter.verification_code


def test_document_numbers_count_per_issuing_unit(make_letter, award):
    other = AwardFactory(application__team__call__programme__agency="NIA")
    nia = IssuingUnit.objects.create(
        **{
            **DEFAULT_UNIT,
            "agency": "NIA",
            "unit_ko": "데이터인프라팀",
            "issuer_ko": "한국지능정보사회진흥원",
        }
    )
    assert make_letter(award).document_number == "인공지능기반정책과-1"
    assert make_letter(other).document_number == "데이터인프라팀-1"
    assert make_letter(award, version=2, status=LetterStatus.SUPERSEDED).document_number == (
        "인공지능기반정책과-2"
    )
    assert DocumentCounter.objects.get(unit=nia).last_number == 1


def test_revoking_needs_a_reason_and_blocks_reissue_of_that_version(make_letter, award, officer):
    letter = make_letter(award)
    with pytest.raises(services.LetterRefused) as refused:
        services.revoke_award_letter(letter, reason="  ", by=officer)
    assert list(refused.value.errors) == ["reason"]
    services.revoke_award_letter(letter, reason="이중 발급", by=officer)
    letter.refresh_from_db()
    assert (letter.status, letter.status_reason) == (LetterStatus.REVOKED, "이중 발급")
    with pytest.raises(services.LetterRefused) as refused:
        services.issue_award_letter(award, by=officer)
    assert list(refused.value.errors) == ["award"]
    with pytest.raises(services.LetterRefused):
        services.revoke_award_letter(letter, reason="again", by=officer)


def test_an_award_without_government_funding_gets_no_letter(officer):
    award = AwardFactory()
    with pytest.raises(services.LetterRefused) as refused:
        services.issue_award_letter(award, by=officer)
    assert refused.value.errors == {"award": ["통보할 정부지원연구개발비가 없습니다."]}
    assert AwardLetter.objects.count() == 0


def test_the_database_keeps_one_valid_letter_per_award(make_letter, award):
    make_letter(award)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_letter(award, version=2)


def test_the_database_refuses_a_valid_letter_without_its_pdf(make_letter, award):
    letter = make_letter(award)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardLetter.objects.filter(pk=letter.pk).update(sha256="")


def test_the_database_refuses_a_revocation_without_reason(make_letter, award):
    letter = make_letter(award)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.REVOKED)


def test_a_terminated_award_revokes_its_valid_letter(make_letter, award, officer):
    import datetime

    letter = make_letter(award)
    kept = make_letter(award, version=2, status=LetterStatus.SUPERSEDED)
    for _ in range(2):  # the event may arrive twice
        award_terminated.send_robust(
            sender=Award,
            award=award,
            event_id="t-1",
            terminated_on=datetime.date(2026, 2, 1),
            by=officer,
        )
    letter.refresh_from_db()
    kept.refresh_from_db()
    assert (letter.status, letter.status_reason) == (
        LetterStatus.REVOKED,
        "협약이 2026. 2. 1. 해약되었습니다.",
    )
    assert kept.status == LetterStatus.SUPERSEDED


def test_funding_lines_of_other_awards_do_not_count(award, officer):
    AwardFundingFactory(amount=999_000_000_000)
    assert services.government_total(award) == 213_600_000_000
