"""Plain predicates about accounts and organisations."""


def can_view_register(user):
    """Officers and auditors read the organisations and the sanctions register."""
    return user.is_authenticated and (user.is_officer or user.is_auditor)


def can_manage_organisations(user):
    return user.is_authenticated and user.is_officer
