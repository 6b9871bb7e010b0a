"""Plain predicates about panels and reviews, shared by views, the API and templates."""

from reviews.enums import PanelRole


def _member(user, panel):
    if not user.is_authenticated:
        return None
    cache = panel.__dict__.setdefault("_member_cache", {})
    if user.pk not in cache:
        cache[user.pk] = panel.members.filter(user=user).first()
    return cache[user.pk]


def can_manage_panels(user):
    return user.is_authenticated and user.is_officer


def is_chair(user, panel):
    member = _member(user, panel)
    return bool(member and member.role == PanelRole.CHAIR)


def can_view_panel(user, panel):
    return user.is_authenticated and (user.is_staff_reader or _member(user, panel) is not None)


def can_view_ranking(user, panel):
    """Officers, auditors and the panel's chair (without the rows they are conflicted with)."""
    return user.is_authenticated and (user.is_officer or user.is_auditor or is_chair(user, panel))


def can_reopen_review(user, review):
    return is_chair(user, review.panel)


def can_decide(user, panel):
    return can_manage_panels(user)


def can_read_all_objections(user):
    """Officers and auditors read every objection; applicants only their own team's."""
    return user.is_authenticated and (user.is_officer or user.is_auditor)


def can_file_objection(user, application):
    from applications.permissions import can_manage_team

    return can_manage_team(user, application.team)


def can_decide_objection(user):
    return user.is_authenticated and user.is_officer
