import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import services
from applications.models import Attachment
from tests.applications.factories import pdf_bytes, ready_application

pytestmark = pytest.mark.django_db


def test_attachment_renamed_non_pdf_refused_and_draft_kept(client, applicant):
    application = ready_application(applicant)
    before = services.build_snapshot(application)
    client.force_login(applicant)
    fake = SimpleUploadedFile("proposal.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    response = client.post(
        reverse("attachment-upload", args=[application.pk]), {"kind": "cv", "file": fake}
    )

    assert response.status_code == 400
    assert response.context["attachment_form"].errors["file"] == [
        "PDF 파일만 받습니다. 이 파일은 읽을 수 있는 PDF가 아닙니다."
    ]
    application.refresh_from_db()
    assert services.build_snapshot(application) == before


def test_attachment_with_pdf_signature_but_broken_body_refused(applicant):
    application = ready_application(applicant)
    broken = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n garbage garbage", "application/pdf")
    with pytest.raises(services.AttachmentRefused):
        services.attach_document(application, kind="cv", uploaded_file=broken, by=applicant)
    assert application.attachments.count() == 1


def test_attachment_over_size_cap_refused(applicant, settings):
    application = ready_application(applicant)
    settings.MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("big.pdf", pdf_bytes(), "application/pdf")
    with pytest.raises(services.AttachmentRefused) as refusal:
        services.attach_document(application, kind="cv", uploaded_file=upload, by=applicant)
    assert list(refusal.value.errors) == ["file"]


def test_attachment_stored_privately_with_checksum_and_downloaded_safely(
    client, applicant, settings
):
    application = ready_application(applicant)
    attachment = application.attachments.get()
    content = pdf_bytes()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert "proposal" not in attachment.file.name
    client.force_login(applicant)

    response = client.get(reverse("attachment-download", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
    assert client.get(f"/private-files/{attachment.file.name}").status_code == 404


def test_attachment_upload_through_api(client, applicant):
    application = ready_application(applicant)
    client.force_login(applicant)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes(), "application/pdf")
    response = client.post(
        f"/api/v1/applications/{application.pk}/attachments/", {"kind": "cv", "file": upload}
    )
    assert response.status_code == 201
    assert response.json()["sha256"] == hashlib.sha256(pdf_bytes()).hexdigest()
    text = SimpleUploadedFile("cv.pdf", b"hello", "application/pdf")
    response = client.post(
        f"/api/v1/applications/{application.pk}/attachments/", {"kind": "cv", "file": text}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert Attachment.objects.filter(application=application).count() == 2
