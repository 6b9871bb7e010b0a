"""What a newcomer consents to at registration, and which version of it.

The version is recorded on the user with the time of consent. When the wording below changes
in substance, raise the version: a form loaded before the change is then refused and shown
again with the new text, so that nobody is recorded as consenting to a text they did not see.
"""

from django.utils.translation import gettext_lazy as _

PRIVACY_VERSION = "2026-01"
TERMS_VERSION = "2026-01"

# 개인정보 보호법 제15조 제2항: items collected, purpose, retention, and the right to refuse.
PRIVACY_NOTICE = [
    (
        _("Items collected"),
        _(
            "Username, full name, e-mail address, organisation and department, and the "
            "password (stored only as a one-way hash)."
        ),
    ),
    (
        _("Purpose of collection and use"),
        _(
            "Identifying you, managing the applications, reviews and agreements of national "
            "R&D programmes you take part in, and sending notices about them."
        ),
    ),
    (
        _("Retention period"),
        _(
            "Until you close your account; records of applications and agreements are kept "
            "for as long as the laws on national R&D require."
        ),
    ),
    (
        _("Your right to refuse"),
        _(
            "You may refuse this consent. Without it you cannot register, because applications "
            "cannot be managed without these items."
        ),
    ),
]

TERMS = [
    _("Submit only true information; false statements may exclude you from national R&D."),
    _("Keep your password to yourself; you are responsible for what is done with your account."),
    _("Proposals and reviews you see are confidential and may not be passed on."),
]
