"""Demo letters: the selection notice of every award the demo holds (none → nothing).

Idempotent: a letter is issued once per award version, so a second run adds nothing.
"""

from accounts.enums import Role
from accounts.models import User
from awards.models import Award
from letters import services
from letters.models import AwardLetter


def seed(stdout=None):
    created = {"letters": 0}
    awards = list(Award.objects.select_related("application").order_by("number"))
    if not awards:
        if stdout:
            stdout.write("letters.demo: no awards yet; no letters issued.")
        return created
    officer = (
        User.objects.filter(username="officer").first()
        or User.objects.filter(groups__name=Role.PROGRAMME_OFFICER).order_by("pk").first()
    )
    if officer is None:
        return created
    for award in awards:
        if AwardLetter.objects.filter(award=award, award_version=award.version).exists():
            continue
        try:
            services.issue_award_letter(award, by=officer)
        except services.LetterRefused as refusal:
            if stdout:
                stdout.write(f"letters.demo: {award.number} skipped: {refusal.errors}")
            continue
        created["letters"] += 1
    return created
