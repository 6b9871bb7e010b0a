"""Two submissions at the same moment, on PostgreSQL where row locks are real."""

import threading

import pytest
from django.db import connection

from applications import services
from applications.models import Application, Submission
from tests.applications.factories import ready_application
from tests.support import require


def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        try:
            barrier.wait()
            job()
            outcomes.append("ok")
        except services.DomainError as refusal:
            outcomes.append(type(refusal).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_distinct_reference_numbers(applicant, other_applicant):
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (set DATABASE_URL)")
    first = ready_application(applicant)
    second = ready_application(other_applicant, call=first.call)
    outcomes = run_together(
        lambda: services.submit_application(first, by=applicant, notify=False),
        lambda: services.submit_application(second, by=other_applicant, notify=False),
    )
    assert outcomes == ["ok", "ok"]
    references = sorted(Application.objects.values_list("reference", flat=True))
    year = references[0].split("-")[1]
    assert references == [f"WBL-{year}-0001", f"WBL-{year}-0002"]


@pytest.mark.django_db(transaction=True)
def test_a_double_click_submits_once(applicant):
    require(connection.vendor == "postgresql", "row locks need PostgreSQL (set DATABASE_URL)")
    application = ready_application(applicant)
    version = application.version
    submit = lambda: services.submit_application(  # noqa: E731
        Application.objects.get(pk=application.pk), by=applicant, version=version, notify=False
    )
    # The second click waits for the first one's lock, then finds a submitted application.
    assert run_together(submit, submit) == ["DomainError", "ok"]
    assert Submission.objects.filter(application=application).count() == 1
