"""The award_letter command and the demo."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from letters import demo
from letters.models import AwardLetter


def test_the_command_renders_one_letter_synchronously(award, officer, tmp_path):
    out = tmp_path / "letter.pdf"
    stdout = io.StringIO()
    call_command("award_letter", award.number, "--out", str(out), stdout=stdout)
    letter = AwardLetter.objects.get()
    assert out.read_bytes() == letter.pdf.open("rb").read()
    assert "인공지능기반정책과-1" in stdout.getvalue()
    call_command("award_letter", award.number, "--out", str(out), stdout=io.StringIO())
    assert AwardLetter.objects.count() == 1


def test_a_draft_is_rendered_without_issuing(award, officer, tmp_path):
    out = tmp_path / "draft.pdf"
    call_command("award_letter", award.number, "--out", str(out), "--draft", stdout=io.StringIO())
    assert "한빛 컨소시엄" in PdfReader(out).pages[0].extract_text()
    assert AwardLetter.objects.count() == 0


def test_the_command_reports_the_time_of_one_and_of_parallel_renders(award, officer):
    stdout = io.StringIO()
    call_command("award_letter", award.number, "--timing", "--parallel", "2", stdout=stdout)
    report = stdout.getvalue()
    assert "one letter: " in report
    assert "2 letters in parallel: " in report and "2 PDFs" in report
    assert AwardLetter.objects.count() == 0


def test_an_unknown_award_number_is_an_error(db):
    with pytest.raises(CommandError, match="no award numbered"):
        call_command("award_letter", "RS-0000-00000", "--out", "x.pdf")


def test_the_demo_issues_nothing_without_awards(db):
    assert demo.seed() == {"letters": 0}


def test_the_demo_issues_one_letter_per_award_once(award, officer):
    assert demo.seed() == {"letters": 1}
    assert demo.seed() == {"letters": 0}
    assert AwardLetter.objects.get().award == award
