"""Data of the load run (bench/load.sh): a panel whose reviewers each have a queue of 50.

    python -m bench.load <credentials file> [reviewers]

Run against a database of its own (load.sh creates it afresh). Builds with bulk inserts: one
panel with a six-criterion rubric, 500 applications, `reviewers` reviewers (pledge signed)
with 50 assigned reviews each. Each reviewer's first review gets a complete first save through
the service, so that every autosave of the run changes one criterion, as a reviewer does. Writes
one line per reviewer: review id, version, session key, CSRF secret and the criterion's field.
"""

import datetime
import os
import secrets
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from applications.models import Application, Team  # noqa: E402
from reviews import services  # noqa: E402
from reviews.models import Criterion, Panel, PanelMember, Review  # noqa: E402
from tests.factories import StageFactory  # noqa: E402

APPLICATIONS = 500
QUEUE = 50
WEIGHTS = (20, 20, 20, 15, 15, 10)


def build(reviewers):
    now = timezone.now()
    stage = StageFactory()
    panel = Panel.objects.create(
        stage=stage, name_ko="부하 시험 위원회", opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30), reviews_per_application=5,
    )  # fmt: skip
    criteria = Criterion.objects.bulk_create(
        Criterion(panel=panel, order=i, name_ko=f"항목{i}", weight=w)
        for i, w in enumerate(WEIGHTS, start=1)
    )
    creator = User.objects.create(username="load_creator", email="creator@load.example")
    teams = Team.objects.bulk_create(
        Team(call=stage.call, name_ko=f"부하팀{i}", created_by=creator) for i in range(APPLICATIONS)
    )
    applications = Application.objects.bulk_create(
        Application(call=stage.call, team=t, status="under_review", reference=f"L-{i:04d}")
        for i, t in enumerate(teams)
    )
    users = User.objects.bulk_create(
        User(username=f"load{i}", email=f"load{i}@load{i}.example") for i in range(reviewers)
    )
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, user=u, pledge_signed_at=now) for u in users
    )
    Review.objects.bulk_create(
        Review(panel=panel, reviewer=u, application=applications[(j * 10 + k) % APPLICATIONS])
        for j, u in enumerate(users)
        for k in range(QUEUE)
    )
    return panel, criteria, users


def session_for(user):
    """What logging in stores, without a request."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main(path, reviewers):
    call_command("migrate", verbosity=0)
    panel, criteria, users = build(reviewers)
    lines = []
    for user in users:
        review = Review.objects.filter(reviewer=user, panel=panel).order_by("id").first()
        services.save_scores(
            review, by=user, version=review.version, levels={c.pk: 3 for c in criteria},
            recommend=True,
        )  # fmt: skip
        review.refresh_from_db()
        csrf = secrets.token_hex(16)  # an unmasked 32-character secret, sent as cookie and field
        lines.append(f"{review.pk} {review.version} {session_for(user)} {csrf} c{criteria[0].pk}")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"load data on {settings.DATABASES['default']['NAME']}: {reviewers} reviewers × {QUEUE}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50)
