from django import template

from applications.queries import dashboard_rows

register = template.Library()


@register.simple_tag
def my_applications(user):
    """The applicant's applications for the home-page dashboard (empty without teams)."""
    return dashboard_rows(user)
