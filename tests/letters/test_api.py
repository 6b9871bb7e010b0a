"""GET /api/v1/awards/{id}/letter/ returns the current PDF; POST issues or re-issues it."""

import pytest

from letters.enums import LetterStatus
from letters.models import AwardLetter


def _url(award):
    return f"/api/v1/awards/{award.pk}/letter/"


def test_the_team_gets_the_current_letter_as_pdf(api_client, applicant, award, make_letter):
    make_letter(award, version=2, status=LetterStatus.SUPERSEDED)
    current = make_letter(award)
    api_client.force_authenticate(applicant)
    response = api_client.get(_url(award))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Named by the award and the document number (non-ASCII names go out RFC 5987-encoded).
    assert award.number in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == current.pdf.open("rb").read()


def test_an_outsider_gets_a_404(api_client, outsider, award, make_letter):
    make_letter(award)
    api_client.force_authenticate(outsider)
    assert api_client.get(_url(award)).status_code == 404
    assert api_client.post(_url(award)).status_code == 404


def test_no_valid_letter_is_a_404(api_client, officer, award, make_letter):
    make_letter(award, status=LetterStatus.REVOKED, reason="착오")
    api_client.force_authenticate(officer)
    assert api_client.get(_url(award)).status_code == 404


def test_the_team_may_not_issue(api_client, applicant, award):
    api_client.force_authenticate(applicant)
    assert api_client.post(_url(award)).status_code == 403


def test_an_officer_issues_the_letter_after_commit(
    api_client, officer, award, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client.post(_url(award))
    assert response.status_code == 202
    assert len(callbacks) >= 1
    letter = AwardLetter.objects.get()
    assert (letter.award_id, letter.status) == (award.pk, LetterStatus.VALID)
    pdf = api_client.get(_url(award))
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"


@pytest.mark.parametrize("status", ["terminated"])
def test_an_award_that_cannot_have_a_letter_is_a_400_naming_the_field(
    api_client, officer, award, status
):
    type(award).objects.filter(pk=award.pk).update(status=status)
    api_client.force_authenticate(officer)
    response = api_client.post(_url(award))
    assert response.status_code == 400
    assert response.json() == {"award": ["해약된 협약 과제에는 통보서를 발급하지 않습니다."]}
    assert AwardLetter.objects.count() == 0
