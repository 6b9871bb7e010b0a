import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    p
    for p in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in p.parts and "site-packages" not in p.parts
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_carry_no_inline_script_or_style(path):
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle=", text), "inline style attribute"
    assert not re.search(r"<style[\s>]", text) or "/pdf/" in str(path), "<style> element"
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_private_files_have_no_public_url(client, db, settings, tmp_path):
    stored = settings.MEDIA_ROOT / "applications" / "secret.pdf"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"%PDF-1.4 secret")
    for url in [
        "/private-files/applications/secret.pdf",
        "/media/applications/secret.pdf",
        "/static/applications/secret.pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
