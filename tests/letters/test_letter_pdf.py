"""The issued PDF read back: Korean content, the Korean way of writing money, the vendored font,
the 시행문 layout, and user text that stays text."""

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from applications.models import Application
from letters import services
from programmes import pdf


def _text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


# A code with a digit-x-digit run: the font's contextual alternates once printed "8x4" as
# "8×4" in the verification address, so the address could not be typed back.
CODE = "9jrLAhM8-fj_Xw8x4khV1mQTtxVjDg20kkIHo8eNj9s"


def test_the_letter_reads_back_in_korean_with_amounts_the_korean_way(award, officer, monkeypatch):
    monkeypatch.setattr(services.secrets, "token_urlsafe", lambda _n: CODE)
    letter = services.issue_award_letter(award, by=officer)
    reader, pages = _text(letter.pdf.open("rb").read())
    english_from = next(i for i, text in enumerate(pages) if "English translation" in text)
    korean = "\n".join(pages[:english_from])
    assert "과학기술정보통신부" in korean
    assert f"「{award.application.call.programme.name_ko}」 선정 결과 통보" in korean
    assert "한빛 컨소시엄" in korean
    assert "수신 한빛인공지능 대표이사" in korean
    assert "한국어 초거대 언어모델 개발" in korean
    assert "금 이천일백삼십육억원정(₩213,600,000,000)" in korean
    assert "기관부담연구개발비: 50억 원(현금 50억 원, 현물 0원)" in korean
    assert "(단위: 백만원)" in korean
    assert "213,600" in korean  # the total row of the table, in 백만원
    assert "B200 × 512" in korean
    assert "2025. 8. 29.까지 협약을 체결" in korean
    assert f"시행 {letter.document_number}" in korean
    assert "끝." in korean
    # The address and the e-mail are never broken inside, at a hyphen above all: the code's
    # "8-f" and the unit's "ai-policy@" stay on one line (the address may break after /verify/).
    assert any(f"{CODE}/" in line for line in korean.splitlines())
    assert "-" in letter.unit.email
    assert sum(letter.unit.email in line for line in korean.splitlines()) >= 2
    # The English translation comes last.
    english = "\n".join(pages[english_from:])
    assert "Notice of selection for the" in english
    assert "Government funding: KRW 213,600,000,000" in english
    assert "Institution's share: KRW 5 billion" in english
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Pretendard" in name for name in fonts)


def _spaced(text):
    # Headings are letter-spaced (과 학 기 술 …): match them with or without the spaces.
    return r"\s*".join(re.escape(c) for c in text if not c.isspace())


def _word_top(page, text):
    """The top (points from the page's top) of the first occurrence of `text`, read in order."""
    matches = page.search(_spaced(text), regex=True)
    return min(m["top"] for m in matches) if matches else None


def test_the_letter_has_the_layout_of_an_official_letter(award, officer):
    letter = services.issue_award_letter(award, by=officer)
    with pdfplumber.open(io.BytesIO(letter.pdf.open("rb").read())) as document:
        pages = document.pages
        first = pages[0]
        assert _word_top(first, "과학기술정보통신부") < _word_top(first, "수신")
        assert _word_top(first, "수신") < _word_top(first, "제목")
        assert _word_top(first, "제목") < _word_top(first, "귀 기관의 무궁한 발전")
        # The sender's title line and the footer are on the Korean letter's last page,
        # below the body's end mark; the English translation follows on its own page.
        sender_page = next(
            p for p in pages if p.search(_spaced("과학기술정보통신부장관"), regex=True)
        )
        end_of_body = _word_top(sender_page, "붙임")
        sender = _word_top(sender_page, "과학기술정보통신부장관")
        footer = _word_top(sender_page, f"시행 {letter.document_number}")
        assert end_of_body < sender < footer
        for label in ["기안자", "검토자", "결재권자", "접수", "전화", "공개"]:
            assert sender_page.search(label), label
        translation = next(p for p in pages if p.search("English translation"))
        assert translation.page_number == sender_page.page_number + 1
        last = pages[-1]
        assert last.search("Minister of Science and ICT")
        assert _word_top(last, "Minister of Science and ICT") < _word_top(last, "Verify at")


def test_a_title_with_markup_prints_as_text_and_nothing_is_fetched(award, officer, monkeypatch):
    crafted = '<img src="file:///etc/passwd">'
    Application.objects.filter(pk=award.application_id).update(title_ko=f"과제 {crafted}")
    fetched = []
    real = pdf.static_only_fetcher

    def recording(url):
        fetched.append(url)
        return real(url)

    monkeypatch.setattr(pdf, "static_only_fetcher", recording)
    award.refresh_from_db()
    letter = services.issue_award_letter(award, by=officer)
    _reader, pages = _text(letter.pdf.open("rb").read())
    assert crafted in "".join(pages).replace("\n", "")
    assert fetched and all(url.startswith("static:") for url in fetched)
    assert not any("passwd" in url for url in fetched)


@pytest.mark.parametrize(
    ("number", "level", "language", "mark"),
    [
        (1, 1, "ko", "1."),
        (2, 2, "ko", "나."),
        (3, 3, "ko", "3)"),
        (1, 4, "ko", "가)"),
        (2, 2, "en", "b."),
    ],
)
def test_outline_numbering_follows_the_korean_order(number, level, language, mark):
    from django.utils import translation

    from letters.templatetags.letter_tags import outline

    with translation.override(language):
        assert outline(number, level) == mark
