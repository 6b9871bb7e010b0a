"""Plain predicates about programmes and calls, shared by views, the API and templates."""


def can_manage_calls(user):
    return user.is_authenticated and user.is_officer


def can_view_call(user, call):
    return call.is_published or (user.is_authenticated and user.is_staff_reader)
