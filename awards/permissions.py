"""Plain predicates: who may see or change an award. Reused by views, the API and templates.

Ministry staff (officers, finance officers, auditors) read every award; a team's members read
their own. Auditors change nothing.
"""

from applications.enums import TeamPermission


def _authenticated(user):
    return getattr(user, "is_authenticated", False)


def is_team_member(user, award):
    if not _authenticated(user):
        return False
    return any(m.user_id == user.pk for m in award.application.team.members.all())


def is_team_manager(user, award):
    if not _authenticated(user):
        return False
    return any(
        m.user_id == user.pk and m.permission == TeamPermission.MANAGER
        for m in award.application.team.members.all()
    )


def can_view_award(user, award):
    return _authenticated(user) and (user.is_staff_reader or is_team_member(user, award))


def can_view_money(user):
    """The dashboard and the audit timeline: ministry staff only."""
    return _authenticated(user) and user.is_staff_reader


def can_manage_awards(user):
    """Create awards, deliberate budgets, amend, terminate, schedule tranches, judge reports."""
    return _authenticated(user) and user.is_officer


def can_handle_money(user):
    """Request, approve, pay and cancel tranches; record cash shares."""
    return _authenticated(user) and user.is_finance


def can_cancel_tranche(user):
    return _authenticated(user) and (user.is_finance or user.is_officer)


def can_accept_agreement(user, award):
    return is_team_manager(user, award)


def can_submit_report(user, award):
    return is_team_manager(user, award)
