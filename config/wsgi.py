"""The WSGI entry point: `gunicorn config.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def settle():
    """Import every view and load the translations now, then freeze what start-up made.

    A worker holds some 160,000 objects that live as long as it does (modules, URL patterns,
    translation catalogues). Every full pass of Python's garbage collector walked them all,
    about 100 ms on this machine, and one request in a few dozen paid for it: that pass was the
    pages' p95. Frozen, they are left out of every collection (the gc.freeze() documentation
    describes this use). Objects made later by requests are collected as before."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports the views and what they import)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")
    gc.collect()
    gc.freeze()


settle()
