"""Draft letters: what a letter of an award would look like, without issuing anything.

Used by the award_letter command's preview and timing; a draft has no document number, no
verification code and is never saved.
"""

import multiprocessing
import time

from django.utils import timezone

from letters.content import letter_context
from letters.models import AwardLetter
from letters.rendering import render_award_letter, render_letter_pdf
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


# Set in the parent before forking; the children render it without touching the database.
_CONTEXT = None


def time_renders(award, *, by, parallel=5):
    """Seconds to render one letter, and `parallel` letters at once in forked processes.

    The context is gathered once in the parent (all the database reads); each child only runs
    the template and WeasyPrint, which is the part that costs CPU.
    """
    global _CONTEXT
    _CONTEXT = letter_context(draft_letter(award, by=by))
    start = time.perf_counter()
    render_letter_pdf(_CONTEXT)
    one = time.perf_counter() - start
    pool_context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with pool_context.Pool(parallel) as pool:
        sizes = pool.map(_render_size, range(parallel))
    many = time.perf_counter() - start
    return one, many, sizes


def _render_size(_index):
    return len(render_letter_pdf(_CONTEXT))
