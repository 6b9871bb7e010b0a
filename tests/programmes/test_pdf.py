import io

import pytest
from django.template import engines
from pypdf import PdfReader

from programmes import pdf


@pytest.fixture
def letter_template(tmp_path, settings):
    folder = tmp_path / "templates"
    (folder / "pdf").mkdir(parents=True)
    (folder / "pdf" / "probe.html").write_text(
        '{% extends "pdf/_base.html" %}{% block body %}<h1>과학기술정보통신부</h1>'
        "<p>금 이천일백삼십육억원정(₩213,600,000,000)</p>{{ extra|safe }}{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    engines._templates = None
    engines.__dict__.pop("templates", None)
    engines._engines = {}
    return "pdf/probe.html"


def test_a_korean_pdf_embeds_the_vendored_font(letter_template):
    data = pdf.render_pdf(letter_template, {})
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "과학기술정보통신부" in text
    assert "₩213,600,000,000" in text
    fonts = {
        font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Pretendard" in str(name) for name in fonts)


def test_the_renderer_fetches_nothing_outside_static(letter_template):
    for url in ["http://example.com/x.png", "file:///etc/passwd", "static:../config/settings.py"]:
        with pytest.raises(pdf.ForbiddenResource):
            pdf.static_only_fetcher(url)
    # A crafted image in the content is simply not loaded: the PDF still renders.
    data = pdf.render_pdf(letter_template, {"extra": '<img src="file:///etc/passwd">'})
    assert data.startswith(b"%PDF-")
