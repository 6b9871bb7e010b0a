"""Plain predicates: who may read and who may issue award letters."""

from applications.permissions import is_member


def _is_authenticated(user):
    return getattr(user, "is_authenticated", False)


def can_view_letters(user, award):
    """The award's team, programme officers and auditors. Nobody else learns a letter exists."""
    if not _is_authenticated(user):
        return False
    return user.is_officer or user.is_auditor or is_member(user, award.application.team)


def can_issue_letters(user):
    return _is_authenticated(user) and user.is_officer
