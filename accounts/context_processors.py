from accounts.enums import Role


def roles(request):
    """Expose the user's roles to templates, for navigation by role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset()}
    return {"roles": user.role_names(), "Role": Role}
