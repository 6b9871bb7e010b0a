import pytest
from django.utils import timezone

from reviews.enums import PanelRole
from tests.factories import ApplicationFactory, ParticipantFactory, TeamMemberFactory, UserFactory
from tests.reviews.factories import PanelFactory, PanelMemberFactory, rubric


def _email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


# Readable, distinct domains for the cast, so that the e-mail rule tests say what they mean.
@pytest.fixture
def applicant(applicant):
    return _email(applicant, "applicant@jiwon.example")


@pytest.fixture
def other_applicant(other_applicant):
    return _email(other_applicant, "other@dareun.example")


@pytest.fixture
def reviewer(reviewer):
    return _email(reviewer, "reviewer@simsa.ac.example")


@pytest.fixture
def conflicted_reviewer(conflicted_reviewer):
    return _email(conflicted_reviewer, "conflicted@gmail.com")


def person(username, **extra):
    """A user with a domain of their own."""
    return UserFactory(username=username, email=f"{username}@{username}.example", **extra)


@pytest.fixture
def panel(db):
    panel = PanelFactory()
    rubric(panel, knockout=True)
    return panel


@pytest.fixture
def chair(panel):
    user = person("chair")
    PanelMemberFactory(panel=panel, user=user, role=PanelRole.CHAIR)
    return user


@pytest.fixture
def own_application(panel, applicant):
    """The applicant's submitted application in the panel's call."""
    application = ApplicationFactory(
        team__call=panel.stage.call, status="submitted", reference="TST-2025-0001"
    )
    TeamMemberFactory(team=application.team, user=applicant, organisation=applicant.organisation)
    ParticipantFactory(team=application.team, organisation=applicant.organisation, role="lead")
    return application


@pytest.fixture
def other_application(panel, other_applicant):
    application = ApplicationFactory(
        team__call=panel.stage.call, status="submitted", reference="TST-2025-0002"
    )
    TeamMemberFactory(team=application.team, user=other_applicant)
    ParticipantFactory(
        team=application.team, organisation=other_applicant.organisation, role="lead"
    )
    return application


def join(panel, user, *, signed=True, role=PanelRole.MEMBER):
    return PanelMemberFactory(
        panel=panel, user=user, role=role, pledge_signed_at=timezone.now() if signed else None
    )
