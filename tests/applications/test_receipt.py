"""The receipt names documents by kind, offers the snapshot as a PDF, and submitting is
confirmed first."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications import services
from applications.enums import ApplicationStatus
from applications.models import Application
from tests.applications.factories import ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(applicant):
    application = ready_application(applicant)
    services.submit_application(application, by=applicant, notify=False)
    application.refresh_from_db()
    return application


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_receipt_names_each_document_by_its_kind(client, applicant, submitted):
    client.force_login(applicant)

    page = client.get(reverse("application-receipt", args=[submitted.pk])).content.decode()

    documents = page.split('class="receipt-documents"')[1].split("</ul>")[0]
    assert "<strong>연구개발계획서</strong> · proposal.pdf" in documents


def test_the_receipt_offers_the_submitted_snapshot_as_a_pdf(client, applicant, submitted):
    client.force_login(applicant)
    receipt = client.get(reverse("application-receipt", args=[submitted.pk])).content.decode()
    pdf_url = reverse("application-receipt-pdf", args=[submitted.pk])

    response = client.get(pdf_url)

    assert f'href="{pdf_url}"' in receipt
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{submitted.reference}-v{submitted.version}.pdf"'
    )
    text = pdf_text(response)
    assert submitted.reference in text
    assert "연구개발계획서" in text and "proposal.pdf" in text
    assert "700,000" in text  # the lead's government line, in 천원


def test_the_pdf_shows_the_snapshot_not_later_changes(client, applicant, officer, submitted):
    submitted_title = submitted.title_ko
    services.reopen_application(submitted, by=officer, reason="예산 보완")
    services.save_draft(submitted, changes={"title_ko": "다시 쓴 제목"}, version=None, by=applicant)
    client.force_login(applicant)

    text = pdf_text(client.get(reverse("application-receipt-pdf", args=[submitted.pk])))

    assert "다시 쓴 제목" not in text
    assert submitted_title in text


def test_the_pdf_is_not_served_to_another_applicant(client, other_applicant, submitted):
    client.force_login(other_applicant)

    response = client.get(reverse("application-receipt-pdf", args=[submitted.pk]))

    assert response.status_code == 404


def test_staff_may_read_the_pdf(client, auditor, submitted):
    client.force_login(auditor)

    response = client.get(reverse("application-receipt-pdf", args=[submitted.pk]))

    assert response.status_code == 200


def test_submitting_asks_for_confirmation_before_anything_is_written(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)
    edit = client.get(reverse("application-edit", args=[application.pk])).content.decode()
    url = reverse("application-submit", args=[application.pk])

    confirm = client.get(url)

    assert f'<form method="get" action="{url}"' in edit
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "이 신청서를 제출하시겠습니까?" in page
    assert f'<input type="hidden" name="version" value="{application.version}">' in page
    assert "연구개발계획서 (proposal.pdf)" in page
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT

    response = client.post(url, {"version": application.version})

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
