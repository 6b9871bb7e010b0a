from django.contrib.auth import forms as auth_forms

from accounts.tasks import send_email


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, delivering through the Celery e-mail task."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.delay(subject=subject, body=body, to=[to_email])
