import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject, body, to, html_body=None):
    """Deliver one rendered e-mail. Rendering happens in the caller, in the caller's language."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
    logger.info("sent %r to %s", subject, ", ".join(to))
