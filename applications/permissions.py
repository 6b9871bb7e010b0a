"""Plain predicates: who may see or change an application. Reused by views, API and queries."""

from applications.enums import ApplicationStatus, TeamPermission


def _membership(user, team):
    if not getattr(user, "is_authenticated", False):
        return None
    # Views prefetch memberships; fall back to one query otherwise.
    for member in team.members.all():
        if member.user_id == user.pk:
            return member
    return None


def is_member(user, team):
    return _membership(user, team) is not None


def is_staff_reader(user):
    return getattr(user, "is_authenticated", False) and user.is_staff_reader


def can_view_application(user, application):
    """Team members always; ministry staff once it has been submitted (never a fresh draft)."""
    if _membership(user, application.team):
        return True
    return is_staff_reader(user) and application.reference is not None


def can_edit_application(user, application):
    member = _membership(user, application.team)
    return bool(member and member.can_edit and application.status == ApplicationStatus.DRAFT)


def can_submit_application(user, application):
    return can_edit_application(user, application)


def can_manage_team(user, team):
    member = _membership(user, team)
    return bool(member and member.permission == TeamPermission.MANAGER)


def can_change_team(user, team):
    """Managers change the consortium only while its application is a draft."""
    return can_manage_team(user, team) and team.application.status == ApplicationStatus.DRAFT


def can_withdraw_application(user, application):
    return (
        can_manage_team(user, application.team)
        and application.status == ApplicationStatus.SUBMITTED
    )


def can_reopen_application(user, application):
    return (
        getattr(user, "is_authenticated", False)
        and user.is_officer
        and application.status == ApplicationStatus.SUBMITTED
    )


def can_see_history(user, application):
    return getattr(user, "is_authenticated", False) and (user.is_officer or user.is_auditor)
