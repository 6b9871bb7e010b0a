"""The one PDF seam: render a template to PDF bytes with WeasyPrint.

Fonts come from static/fonts (Pretendard, SIL OFL), never from the system, and the URL fetcher
serves only the app's own static files: no network, no file:// outside the static folders, so a
letter renders the same on every machine and a crafted value cannot make the renderer fetch.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_PREFIX = "static:"


class ForbiddenResource(Exception):
    pass


def static_only_fetcher(url):
    """Serve `static:css/letter.css`-style URLs from the static finders; refuse everything else.

    Returns (bytes, mime type).
    """
    if not url.startswith(STATIC_PREFIX):
        raise ForbiddenResource(f"PDF rendering may only load static files, not {url!r}")
    relative = unquote(urlsplit(url[len(STATIC_PREFIX) :]).path).lstrip("/")
    if ".." in Path(relative).parts:
        raise ForbiddenResource(f"PDF rendering refuses {url!r}")
    found = finders.find(relative)
    if not found:
        raise ForbiddenResource(f"no static file {relative!r}")
    mime_type, _ = mimetypes.guess_type(found)
    return Path(found).read_bytes(), mime_type or "application/octet-stream"


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            body, mime_type = static_only_fetcher(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return StaticOnlyFetcher()


def render_pdf(template_name, context):
    """Render `template_name` with `context` into PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, {**context, "STATIC": STATIC_PREFIX})
    return HTML(string=html, url_fetcher=_fetcher(), base_url=STATIC_PREFIX).write_pdf()
