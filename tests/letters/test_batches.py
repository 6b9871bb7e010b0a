"""Issuing a call's letters at once, with progress, and one e-mail per team."""

import pytest
from django.core import mail
from django.urls import reverse

from letters import batches
from letters.enums import BatchItemStatus, LetterStatus
from letters.models import AwardLetter, LetterBatch
from tests import factories
from tests.awards.factories import AwardFactory, AwardFundingFactory


@pytest.fixture
def second_award(award):
    team = factories.TeamFactory(call=award.application.call)
    factories.TeamMemberFactory(team=team)
    other = AwardFactory(application__team=team)
    AwardFundingFactory(award=other, amount=20_000_000_000)
    return other


def test_a_batch_issues_every_award_of_the_call_and_emails_each_team(
    client, officer, award, second_award, django_capture_on_commit_callbacks
):
    elsewhere = AwardFactory()  # another call's award: not in the batch
    AwardFundingFactory(award=elsewhere)
    client.force_login(officer)
    url = reverse("letters:batch-start", args=[award.application.call_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    batch = LetterBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert sorted(batch.items.values_list("status", flat=True)) == [BatchItemStatus.DONE] * 2
    assert set(AwardLetter.objects.values_list("award_id", "status")) == {
        (award.pk, LetterStatus.VALID),
        (second_award.pk, LetterStatus.VALID),
    }
    assert len(mail.outbox) == 2
    to_first = next(m for m in mail.outbox if "applicant@applicant.example" in m.to)
    assert f"/letters/awards/{award.pk}/" in to_first.body
    progress = client.get(reverse("letters:batch-progress", args=[batch.pk])).content.decode()
    assert "통보서 2건 중 2건 발급, 0건 실패." in progress
    assert "hx-trigger" not in progress  # finished: the page stops polling


def test_an_item_run_twice_issues_and_emails_once(
    officer, award, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.start_letter_batch(award.application.call, by=officer)
    item = batch.items.get()
    with django_capture_on_commit_callbacks(execute=True):
        batches.issue_batch_item(item.pk)
    assert AwardLetter.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_running_batch_polls_its_progress(client, officer, award, second_award):
    batch = batches.start_letter_batch(award.application.call, by=officer)  # not committed
    client.force_login(officer)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "통보서 2건 중 0건 발급, 0건 실패." in page
    assert f'hx-get="{reverse("letters:batch-progress", args=[batch.pk])}"' in page


def test_a_refused_award_fails_its_item_and_the_batch_still_finishes(
    officer, award, django_capture_on_commit_callbacks
):
    unfunded = AwardFactory(application__team__call=award.application.call)
    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.start_letter_batch(award.application.call, by=officer)
    failed = batch.items.get(award=unfunded)
    assert failed.status == BatchItemStatus.FAILED
    assert failed.error == "통보할 정부지원연구개발비가 없습니다."


def test_only_officers_see_batches(client, applicant, officer, award):
    batch = batches.start_letter_batch(award.application.call, by=officer)
    client.force_login(applicant)
    assert client.get(batch.get_absolute_url()).status_code == 404
    start = reverse("letters:batch-start", args=[award.application.call_id])
    assert client.get(start).status_code == 404


@pytest.mark.parametrize("extra", [0, 3])
def test_the_progress_fragment_runs_a_fixed_number_of_queries(
    client, officer, award, extra, django_assert_num_queries
):
    for _ in range(extra):
        AwardFactory(application__team__call=award.application.call)
    batch = batches.start_letter_batch(award.application.call, by=officer)
    client.force_login(officer)
    with django_assert_num_queries(6):
        client.get(reverse("letters:batch-progress", args=[batch.pk]))
