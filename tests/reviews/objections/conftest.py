"""A published selection with one selected and one rejected team, for the objection tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import TeamMember
from reviews import services
from reviews.enums import DecisionRule
from reviews.models import Decision
from tests.applications.factories import pdf_bytes
from tests.reviews.conftest import join
from tests.reviews.test_services import score_fully


def pdf(name="근거.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


@pytest.fixture
def published(panel, own_application, other_application, reviewer, officer, applicant):
    """own_application (applicant is its manager) is rejected; other_application selected."""
    panel.purpose = "select"
    panel.save()
    TeamMember.objects.filter(team=own_application.team, user=applicant).update(
        permission="manager"
    )
    join(panel, reviewer)
    services.assign_reviewers(
        panel, pairs=[(reviewer, own_application), (reviewer, other_application)], by=officer
    )
    for review in reviewer.reviews.all():
        level = 5 if review.application_id == other_application.pk else 3
        score_fully(review, reviewer, level=level)
        services.submit_review(review, by=reviewer)
    services.record_decision(panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer)
    services.publish_results(panel, by=officer)
    panel.refresh_from_db()
    return Decision.objects.get(application=own_application)


@pytest.fixture
def other_decision(published, other_application):
    return Decision.objects.get(application=other_application)
