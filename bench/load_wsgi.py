"""WSGI entry of the load run: the app, with bench.load_urls as its URLconf."""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
settings.ROOT_URLCONF = "bench.load_urls"

# The app's own entry point, settled as in production; the URLconf is read per request.
from config.wsgi import application, settle  # noqa: E402

settle()  # the bench's URLs too

__all__ = ["application"]
