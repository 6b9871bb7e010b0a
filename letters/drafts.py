"""Draft letters: what a letter of an award would look like, without issuing anything.

Used by the award_letter command's preview and timing; a draft has no document number, no
verification code and is never saved.
"""

import multiprocessing
import time

from django.db import connections
from django.utils import timezone

from letters.models import AwardLetter
from letters.rendering import render_award_letter
from letters.services import government_total, issuing_unit_for


def draft_letter(award, *, by):
    return AwardLetter(
        award=award,
        award_version=award.version,
        unit=issuing_unit_for(award),
        document_number="",
        verification_code="",
        issued_at=timezone.now(),
        issued_by=by,
        issuer="",
        recipient_organisation="",
        project_title=award.application.title_ko,
        government_total=government_total(award),
    )


def render_draft(award_id, by_id):
    from django.contrib.auth import get_user_model

    from awards.models import Award

    award = Award.objects.select_related("application").get(pk=award_id)
    by = get_user_model().objects.get(pk=by_id)
    return render_award_letter(draft_letter(award, by=by))


def time_renders(award, *, by, parallel=5):
    """Seconds to render one letter, and `parallel` letters at once in separate processes."""
    start = time.perf_counter()
    render_draft(award.pk, by.pk)
    one = time.perf_counter() - start
    # Forked children inherit the loaded Django; each opens its own database connection.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with context.Pool(parallel) as pool:
        sizes = pool.starmap(_render_size, [(award.pk, by.pk)] * parallel)
    many = time.perf_counter() - start
    return one, many, sizes


def _render_size(award_id, by_id):
    connections.close_all()
    return len(render_draft(award_id, by_id))
