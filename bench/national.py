"""The national-scale benchmark (issue 11): `make bench` runs it after the small scenarios.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grants_bench python -m bench.national

Builds, in a PostgreSQL database of its own (its name must end in "_bench": it is dropped and
created afresh), the demo (`seed_demo`: five World Best LLM awards over twelve quarters with
their GPU allocations, letters and a year of daily usage) and beside it a national-scale
selection: 5,000 applications with their lead institutions and budgets, a panel of 300
reviewers, 25,000 reviews × 6 criteria, and 1,000,000 usage records pushed through the
ingestion. It measures everything twice, first at a tenth of that size and then at full size,
so that the query counts show whether anything grows with the data.

For each key page and API it reports the median and p95 server time (in process, through the
whole middleware stack, with a real session), the SQL queries, and the ratio to a bare
logged-in view measured in the same run; then the ingestion's records per second beside raw
`COPY` of the same rows; then a load run with wrk against gunicorn (4 workers, 127.0.0.1 only).
Output: a table on stdout and JSON in BENCH_JSON (bench-results.json). A figure, not a test:
nothing here fails on time; the README says how to read it.
"""

import datetime
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/grants_bench")
JSON_PATH = Path(os.environ.get("BENCH_JSON", ROOT / "bench-results.json"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "20"))
LOAD_CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "50"))
LOAD_PORT = int(os.environ.get("LOAD_PORT", "8011"))
# The national figures of issue 11; the first pass builds a tenth of each. BENCH_SCALE shrinks
# them all for a quick try of the harness itself (the figures then mean nothing).
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
APPLICATIONS, REVIEWERS, USAGE = int(5_000 * SCALE), int(300 * SCALE), int(1_000_000 * SCALE)
REVIEWS_EACH = 5
WEIGHTS = (20, 20, 20, 15, 15, 10)
# Pages within this many times the bare view's median pass the bar.
BAR = 5

ENVIRONMENT = {
    "DATABASE_URL": URL,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "LOG_LEVEL": "WARNING",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "CELERY_TASK_ALWAYS_EAGER": "true",
}


def fresh_database():
    import psycopg

    name = URL.rsplit("/", 1)[1]
    if not name.endswith("_bench"):
        sys.exit("BENCH_DATABASE_URL must name a database ending in _bench (it is recreated)")
    try:
        server = psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    except psycopg.OperationalError as error:
        sys.exit(f"The national benchmark needs PostgreSQL (BENCH_DATABASE_URL={URL}): {error}")
    with server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    os.environ.update(ENVIRONMENT)
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(48))
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp())  # WhiteNoise wants the directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.load_urls"  # the app's URLs and the bare view


# The dataset --------------------------------------------------------------------------------


class Nation:
    """The demo plus a national-scale call, grown in place from a tenth to the full size."""

    def __init__(self):
        from django.utils import timezone

        from accounts.models import Organisation, User
        from reviews.models import Criterion, Panel
        from tests.factories import StageFactory

        now = timezone.now()
        self.officer = User.objects.get(username="officer")
        stage = StageFactory()
        self.call = stage.call
        self.call.quota = 5
        self.call.save(update_fields=["quota"])
        self.panel = Panel.objects.create(
            stage=stage, name_ko="국가 규모 평가위원회", opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=60), reviews_per_application=REVIEWS_EACH,
        )  # fmt: skip
        self.criteria = Criterion.objects.bulk_create(
            Criterion(panel=self.panel, order=i, name_ko=f"평가항목 {i}", weight=w)
            for i, w in enumerate(WEIGHTS, start=1)
        )
        self.organisations = list(Organisation.objects.order_by("id"))
        self.creator = User.objects.create(username="bench_creator", email="c@bench.example")
        self.applications, self.reviewers = [], []

    def grow(self, fraction):
        """Add applications, reviewers and reviews up to `fraction` of the national figures."""
        from django.db import connection
        from django.utils import timezone

        from accounts.models import User
        from applications.enums import BudgetCategory, FundingSource, OrganisationRole
        from applications.models import Application, BudgetLine, Participant, Team
        from reviews.enums import ReviewStatus
        from reviews.models import PanelMember, Review, Score

        now = timezone.now()
        start_a, start_r = len(self.applications), len(self.reviewers)
        new_a = int(APPLICATIONS * fraction) - start_a
        new_r = int(REVIEWERS * fraction) - start_r
        self.reviewers += User.objects.bulk_create(
            User(username=f"bench{i}", email=f"bench{i}@bench.example", full_name=f"평가위원 {i}")
            for i in range(start_r, start_r + new_r)
        )
        PanelMember.objects.bulk_create(
            PanelMember(panel=self.panel, user=u, pledge_signed_at=now)
            for u in self.reviewers[start_r:]
        )
        teams = Team.objects.bulk_create(
            Team(call=self.call, name_ko=f"컨소시엄 {i:04d}", created_by=self.creator)
            for i in range(start_a, start_a + new_a)
        )
        leads = Participant.objects.bulk_create(
            Participant(
                team=t,
                role=OrganisationRole.LEAD,
                organisation=self.organisations[i % len(self.organisations)],
            )  # fmt: skip
            for i, t in enumerate(teams, start=start_a)
        )
        applications = Application.objects.bulk_create(
            Application(
                call=self.call,
                team=t,
                status="under_review",
                reference=f"N-2026-{i:04d}",
                title_ko=f"국가 규모 과제 {i:04d}",
                submitted_at=now,
            )  # fmt: skip
            for i, t in enumerate(teams, start=start_a)
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                application=a,
                participant=p,
                fiscal_year=year,
                amount=1_500_000_000,
                category=BudgetCategory.SALARIES,
                source=FundingSource.GOVERNMENT,
            )  # fmt: skip
            for a, p in zip(applications, leads, strict=True)
            for year in (2026, 2027)
        )
        self.applications += applications
        # Each application's five reviewers, spread over the panel; the first review of each
        # of the first 2 × LOAD_CONNECTIONS reviewers stays open (the autosaves' drafts).
        reviews = Review.objects.bulk_create(
            Review(
                panel=self.panel,
                application=a,
                reviewer=self.reviewers[(i * 5 + j) % len(self.reviewers)],
                status=ReviewStatus.SUBMITTED,
                total=Decimal((i * 7 + j * 13) % 60 + 40),
                recommend=(i + j) % 2 == 0,
                submitted_at=now,
            )  # fmt: skip
            for i, a in enumerate(applications, start=start_a)
            for j in range(REVIEWS_EACH)
        )
        Score.objects.bulk_create(
            (Score(review=r, criterion=c, level=(r.pk + c.pk) % 5 + 1) for r in reviews
             for c in self.criteria),
            batch_size=10_000,
        )  # fmt: skip
        self._open_drafts()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load: realistic plans

    def _open_drafts(self):
        """One review in progress per reviewer, for the scoring page and the autosaves."""
        from django.db.models import Min

        from reviews.enums import ReviewStatus
        from reviews.models import Review

        first = (
            Review.objects.filter(panel=self.panel)
            .values("reviewer")
            .annotate(first=Min("id"))
            .values_list("first", flat=True)
        )
        Review.objects.filter(pk__in=list(first)).update(
            status=ReviewStatus.IN_PROGRESS, total=None, submitted_at=None
        )

    def counts(self):
        from allocations.models import LedgerEntry, UsageRecord
        from applications.models import Application
        from awards.models import Award
        from reviews.models import Review, Score

        return {
            "applications": Application.objects.count(),
            "reviewers_in_the_panel": len(self.reviewers),
            "reviews": Review.objects.count(),
            "scores": Score.objects.count(),
            "awards": Award.objects.count(),
            "allocation_ledger_entries": LedgerEntry.objects.count(),
            "usage_records": UsageRecord.objects.count(),
        }


def settle_database():
    """VACUUM ANALYZE after the bulk loads, as autovacuum does within a minute or so of them.
    Measured while autovacuum was still working through the million new usage records, every
    page, the bare view included, ran about 1.5 times slower on two cores."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# Measuring ----------------------------------------------------------------------------------


def logged_in(user, *, staff=False):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    if staff:  # a verified second factor, as after the officer's TOTP code
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def timed(operation, *, repeat=REPEAT, before=None):
    """Median and p95 in ms of `operation` (after one warm-up), and the queries of the last."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times = []
    for i in range(repeat + 1):
        if before:
            before()
        # The log keeps 9,000 queries: once full, a capture would count none (seen after the
        # ingestion's batches), so each starts from an empty log.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = operation()
            elapsed = time.perf_counter() - started
        status = getattr(response, "status_code", 200)
        if status != 200:
            raise RuntimeError(f"{operation} answered {status}")
        if i:
            times.append(elapsed * 1000)
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    queries = [q for q in captured.captured_queries if not q["sql"].startswith(control)]
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
    return {"median_ms": statistics.median(times), "p95_ms": p95, "queries": len(queries)}


def measure_pages(nation):
    from config.wsgi import settle
    from letters.models import AwardLetter
    from reviews.models import RankingSnapshot, Review

    # As every worker does at start-up (config/wsgi.py); here it also takes the dataset this
    # process built and holds, which a server would not hold, out of the collector's passes.
    settle()

    officer = logged_in(nation.officer, staff=True)
    reviewer = nation.reviewers[0]
    member = logged_in(reviewer)
    draft = Review.objects.filter(reviewer=reviewer, status="in_progress").order_by("id").first()
    field = f"c{nation.criteria[0].pk}"
    levels = iter(range(10**9))
    form = {}

    def next_level():
        form.update(
            version=Review.objects.values_list("version", flat=True).get(pk=draft.pk),
            **{field: str(next(levels) % 5 + 1)},
        )

    panel = nation.panel.pk
    letter = AwardLetter.objects.order_by("id").first()
    pages = {}
    pages["bare logged-in view (reviewer)"] = timed(lambda: member.get("/load/bare/"))
    pages["bare logged-in view (officer, 2FA)"] = timed(lambda: officer.get("/load/bare/"))
    pages["empty page in the site's layout (officer; reference)"] = timed(
        lambda: officer.get("/load/layout/")
    )
    pages["reviewer's queue"] = timed(lambda: member.get("/reviews/"))
    pages["scoring page"] = timed(lambda: member.get(f"/reviews/{draft.pk}/"))
    pages["scoring autosave (one criterion changed)"] = timed(
        lambda: member.post(f"/reviews/{draft.pk}/autosave/", form), before=next_level
    )
    RankingSnapshot.objects.filter(panel_id=panel).delete()
    pages["ranking, first view after a change (computes, stores)"] = timed(
        lambda: officer.get(f"/reviews/panels/{panel}/ranking/"),
        repeat=3,
        before=lambda: RankingSnapshot.objects.filter(panel_id=panel).delete(),
    )
    pages["ranking page (50 rows, stored)"] = timed(
        lambda: officer.get(f"/reviews/panels/{panel}/ranking/")
    )
    pages["ranking API (50-row page, stored)"] = timed(
        lambda: officer.get(f"/api/v1/panels/{panel}/ranking/")
    )
    pages["panel page (its members, 50 applications' assignments)"] = timed(
        lambda: officer.get(f"/reviews/panels/{panel}/")
    )
    pages["officer dashboard (awards)"] = timed(lambda: officer.get("/awards/dashboard/"))
    pages["officer's home (work queue)"] = timed(lambda: officer.get("/"))
    pages["applications list page (50 rows)"] = timed(
        lambda: officer.get(f"/applications/?call={nation.call.pk}")
    )
    pages["applications API (50-row page)"] = timed(
        lambda: officer.get(f"/api/v1/applications/?call={nation.call.pk}")
    )
    pages["GPU pool page"] = timed(lambda: officer.get("/allocations/"))
    pages["utilisation page"] = timed(lambda: officer.get("/allocations/utilisation/"))
    pages["award letter download (PDF)"] = timed(lambda: officer.get(f"/letters/{letter.pk}/pdf/"))
    pages["award letter rendering (Celery task, not a page)"] = timed(
        lambda: render_letter(letter), repeat=5
    )
    return pages


def render_letter(letter):
    from letters.rendering import render_award_letter

    return render_award_letter(letter)


def measure_ingestion(count):
    """The ingestion of `count` records (kept: they are the dataset's usage) beside raw COPY."""
    from allocations.ingest_bench import bench_fixture, bench_rows
    from allocations.ingest_bench import measure_ingestion as measure

    operator, entry = bench_fixture()
    return measure(operator, bench_rows(count, entry), keep=True)


# The load run -------------------------------------------------------------------------------


def load_run(nation):
    """gunicorn (4 workers) on 127.0.0.1 and wrk: bare, autosave, 50 typing, dashboard."""
    from bench.load import session_for
    from reviews.models import Review

    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (Debian package wrk)"}
    connections = min(LOAD_CONNECTIONS, len(nation.reviewers) // 2)  # two sets of reviewers
    lines = []
    for user in nation.reviewers[: 2 * connections]:
        draft = Review.objects.filter(reviewer=user, status="in_progress").first()
        csrf = secrets.token_hex(16)
        lines.append(
            f"{draft.pk} {draft.version} {session_for(user)} {csrf} c{nation.criteria[0].pk}"
        )
    officer_session = staff_session(nation.officer)
    officer_lines = [f"0 0 {officer_session} {secrets.token_hex(16)} -"] * connections
    workdir = Path(tempfile.mkdtemp())
    reviewers_file, officer_file = workdir / "reviewers", workdir / "officer"
    reviewers_file.write_text("\n".join(lines) + "\n")
    officer_file.write_text("\n".join(officer_lines) + "\n")
    env = {**os.environ, "STAFF_TWO_FACTOR": "true"}
    server = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [str(ROOT / ".venv/bin/gunicorn"), "bench.load_wsgi:application", "--workers", "4",
         "--bind", f"127.0.0.1:{LOAD_PORT}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{LOAD_PORT}/load/bare/")
        runs = {
            "bare logged-in view": wrk(reviewers_file, "bare", connections),
            "scoring autosave": wrk(reviewers_file, "autosave", connections),
            f"autosave, {connections} reviewers typing (500 ms)": wrk(
                reviewers_file, "autosave", connections, pause=500, first=connections + 1
            ),
            "officer dashboard": wrk(officer_file, "page", connections, path="/awards/dashboard/"),
        }
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "server": "gunicorn, 4 workers, 127.0.0.1",
        "tool": f"wrk, {connections} connections, {LOAD_SECONDS} s each",
        "runs": runs,
    }


def staff_session(user):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["otp_device_id"] = device.persistent_id
    session.create()
    return session.session_key


def wait_for(url):
    import urllib.error
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (127.0.0.1 only)
            return
        except urllib.error.HTTPError:
            return  # answering (a redirect to the login page is an answer)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def wrk(credentials, mode, connections, *, pause=0, first=1, path="-"):
    command = [
        "wrk", "--threads", str(connections), "--connections", str(connections),
        "--duration", f"{LOAD_SECONDS}s", "--timeout", "10s", "--script",
        str(ROOT / "bench/load.lua"), f"http://127.0.0.1:{LOAD_PORT}", "--",
        str(credentials), mode, str(pause), str(first), path,
    ]  # fmt: skip
    output = subprocess.run(  # noqa: S603 (a fixed command line)
        command, capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("RESULT"))
    _result, _mode, rate, p95, requests, failed = line.split()
    return {
        "requests_per_s": float(rate),
        "p95_ms": float(p95),
        "requests": int(requests),
        "failed": int(failed),
    }


# The report ---------------------------------------------------------------------------------


def report(result):
    print(f"\nNational-scale benchmark on PostgreSQL, {result['machine']}")
    for phase in ("tenth", "national"):
        data = result[phase]
        print(
            f"\n{phase}: "
            + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in data["data"].items())
        )
    tenth, national = result["tenth"]["pages"], result["national"]["pages"]
    bare = national["bare logged-in view (reviewer)"]["median_ms"]
    print(f"\n{'page or API (national size)':<56}{'median':>9}{'p95':>9}{'× bare':>8}"
          f"{'queries':>9}{'at 1/10':>9}")  # fmt: skip
    for name, row in national.items():
        ratio = row["median_ms"] / bare
        exempt = ("not a page", "computes", "reference")
        flag = "" if ratio <= BAR or any(word in name for word in exempt) else "  > 5×"
        same = "" if row["queries"] == tenth[name]["queries"] else "  queries grew"
        print(f"{name:<56}{row['median_ms']:>7.1f}ms{row['p95_ms']:>7.1f}ms{ratio:>7.1f}×"
              f"{row['queries']:>9}{tenth[name]['queries']:>9}{flag}{same}")  # fmt: skip
    for phase in ("tenth", "national"):
        ingest = result[phase]["ingestion"]
        print(
            f"\nusage ingestion, {ingest['rows']:,} records: raw COPY "
            f"{ingest['raw_rows_per_s']:,.0f} rows/s, ours {ingest['ours_rows_per_s']:,.0f} rows/s "
            f"({100 * ingest['ratio']:.0f}% of raw COPY); "
            f"the same batch again added {ingest['reimport_added']}"
        )
    load = result["load"]
    if "skipped" in load:
        print(f"\nload run skipped: {load['skipped']}")
        return
    print(f"\nload run: {load['server']}; {load['tool']}")
    print(f"{'view':<44}{'requests/s':>12}{'p95':>10}{'requests':>10}{'failed':>8}")
    for name, run in load["runs"].items():
        print(f"{name:<44}{run['requests_per_s']:>12.1f}{run['p95_ms']:>8.1f}ms"
              f"{run['requests']:>10}{run['failed']:>8}")  # fmt: skip
    runs = load["runs"]
    share = (
        runs["scoring autosave"]["requests_per_s"] / runs["bare logged-in view"]["requests_per_s"]
    )
    print(f"autosave / bare requests/s: {100 * share:.0f}%")
    print(f"\nJSON: {JSON_PATH}")


def main():
    fresh_database()
    setup_django()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as a deployment does
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    nation = Nation()
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "repeat": REPEAT,
    }
    for phase, fraction in (("tenth", 0.1), ("national", 1.0)):
        nation.grow(fraction)
        ingestion = measure_ingestion(int(USAGE * fraction))
        settle_database()
        result[phase] = {
            "data": nation.counts(),
            "pages": measure_pages(nation),
            "ingestion": ingestion,
        }
        print(f"{phase} measured ({time.perf_counter() - started:.0f} s)", flush=True)
    result["load"] = load_run(nation)
    result["seconds"] = round(time.perf_counter() - started)
    JSON_PATH.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    report(result)


if __name__ == "__main__":
    main()
