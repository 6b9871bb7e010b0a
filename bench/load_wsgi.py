"""WSGI entry of the load run: the app, with bench.load_urls as its URLconf."""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
settings.ROOT_URLCONF = "bench.load_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
