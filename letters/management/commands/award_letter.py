"""Render one award letter synchronously, or time the rendering.

manage.py award_letter RS-2025-00001 --out letter.pdf    issue (once per version) and save
manage.py award_letter RS-2025-00001 --out draft.pdf --draft   render without issuing
manage.py award_letter RS-2025-00001 --timing            one letter, then five in parallel
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.enums import Role
from awards.models import Award
from letters import drafts, services


class Command(BaseCommand):
    help = "Render the award letter of one award synchronously (or time rendering)."

    def add_arguments(self, parser):
        parser.add_argument("number", help="award number, e.g. RS-2025-00001")
        parser.add_argument("--out", help="where to write the PDF")
        parser.add_argument(
            "--draft", action="store_true", help="render without issuing (no number, no code)"
        )
        parser.add_argument(
            "--timing", action="store_true", help="time one render and five in parallel"
        )
        parser.add_argument("--parallel", type=int, default=5, help="renders at once (--timing)")
        parser.add_argument("--by", help="username of the issuing officer (default: the first)")

    def handle(self, *args, number, out, draft, timing, parallel, by, **options):
        award = Award.objects.select_related("application").filter(number=number).first()
        if award is None:
            raise CommandError(f"no award numbered {number!r}")
        officer = self._officer(by)
        if not out and not timing:
            raise CommandError("give --out FILE.pdf, --timing, or both")
        if parallel < 1 or parallel > 32:
            raise CommandError("--parallel must be between 1 and 32")
        if out:
            if draft:
                data = drafts.render_draft(award.pk, officer.pk)
            else:
                try:
                    letter = services.issue_award_letter(award, by=officer)
                except services.LetterRefused as refusal:
                    raise CommandError(str(refusal.errors)) from None
                data = letter.pdf.open("rb").read()
                self.stdout.write(f"{letter.document_number} ({letter.get_status_display()})")
                self.stdout.write(f"sha256 {letter.sha256}")
            Path(out).write_bytes(data)
            self.stdout.write(self.style.SUCCESS(f"wrote {out} ({len(data):,} bytes)"))
        if timing:
            one, many, sizes = drafts.time_renders(award, by=officer, parallel=parallel)
            self.stdout.write(f"one letter: {one:.2f} s")
            self.stdout.write(
                f"{parallel} letters in parallel: {many:.2f} s "
                f"({many / parallel:.2f} s a letter, {len(sizes)} PDFs)"
            )

    def _officer(self, username):
        users = get_user_model().objects.all()
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"no user {username!r}")
            return user
        user = users.filter(groups__name=Role.PROGRAMME_OFFICER).order_by("pk").first()
        if user is None:
            raise CommandError("no programme officer to issue as; give --by USERNAME")
        return user
