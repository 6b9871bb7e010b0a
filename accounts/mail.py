from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from accounts.tasks import send_email


def queue_email(*, to, subject, template, context):
    """Render an e-mail now (in the current language) and send it by Celery after commit.

    `template` names a text template; an `.html` twin beside it is used when present.
    """
    body = render_to_string(template, context)
    html_template = template.rsplit(".", 1)[0] + ".html"
    try:
        html_body = render_to_string(html_template, context)
    except TemplateDoesNotExist:  # plain text only
        html_body = None
    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(
        lambda: send_email.delay(
            subject=str(subject), body=body, to=recipients, html_body=html_body
        )
    )
