from django.contrib.auth.models import Group

from accounts.enums import Role


def grant_role(user, role):
    """Give a user a site-wide role (an auth group, created on first use)."""
    group, _ = Group.objects.get_or_create(name=str(Role(role)))
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)


def revoke_role(user, role):
    user.groups.remove(*Group.objects.filter(name=str(Role(role))))
    user.__dict__.pop("_role_names", None)


# What each role may do in the admin site. Auditors and finance officers read; officers manage
# organisations, sanctions and programme configuration. Domain operations go through services.
ADMIN_APPS = [
    "accounts",
    "programmes",
    "applications",
    "reviews",
    "awards",
    "letters",
    "allocations",
]
OFFICER_MANAGES = {
    "accounts": {"organisation", "department", "emaildomain", "sanction"},
    "programmes": {"programme", "programmebudget", "call", "stage", "institutionsharerule"},
    "reviews": {"gatecomponent", "stagegate"},
}


def sync_role_permissions():
    """Give the role groups their admin permissions (run by seed_demo and after deployments)."""
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.filter(content_type__app_label__in=ADMIN_APPS).select_related(
        "content_type"
    )
    view = [p for p in permissions if p.codename.startswith("view_")]
    manage = [
        p
        for p in permissions
        if p.content_type.model in OFFICER_MANAGES.get(p.content_type.app_label, set())
        and not p.codename.startswith("delete_")
    ]
    readers = {
        Role.AUDITOR: view,
        Role.FINANCE_OFFICER: view,
        Role.PROGRAMME_OFFICER: view + manage,
    }
    for role, granted in readers.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.set(granted)
