"""Plain predicates about the pool and allocations, shared by views, the API and templates."""


def is_staff_reader(user):
    return getattr(user, "is_authenticated", False) and user.is_staff_reader


def can_manage_allocations(user):
    """Programme officers grant, reclaim, transfer, release and close quarters."""
    return getattr(user, "is_authenticated", False) and user.is_officer


def operator_of(user):
    """The cluster operator the user acts for, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.cluster_operator
    except AttributeError:  # RelatedObjectDoesNotExist is one: the user operates nothing
        return None


def can_push_usage(user, pool):
    operator = operator_of(user)
    return operator is not None and operator.pool_id == pool.pk


def can_upload_usage(user):
    return can_manage_allocations(user) or operator_of(user) is not None
