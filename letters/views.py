"""HTML pages of award letters. Each view translates input, calls one service, renders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from letters import batches, permissions, queries, services, tasks
from programmes.queries import get_call_for_user


def _refusal_messages(request, refusal):
    for field_messages in refusal.errors.values():
        for message in field_messages:
            messages.error(request, message)


@login_required
def award_letters(request, award_pk):
    award = queries.get_award_for_user(request.user, award_pk)
    return render(
        request,
        "letters/award_letters.html",
        {
            "award": award,
            "letters": queries.letters_of(award),
            "can_issue": permissions.can_issue_letters(request.user),
        },
    )


@login_required
@require_POST
def issue(request, award_pk):
    award = queries.get_award_for_user(request.user, award_pk, issue=True)
    try:
        tasks.queue_award_letter(award, by=request.user)
    except services.LetterRefused as refusal:
        _refusal_messages(request, refusal)
    else:
        messages.success(request, _("The letter is being issued."))
    return redirect("letters:award-letters", award.pk)


def letter_response(letter):
    if not letter.pdf:
        raise Http404
    response = FileResponse(
        letter.pdf.open("rb"),
        as_attachment=True,
        # The award's number first: letters saved side by side say whose they are.
        filename=f"{letter.award.number}_{letter.document_number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request, pk):
    return letter_response(queries.get_letter_for_user(request.user, pk))


@login_required
@require_POST
def revoke(request, pk):
    letter = queries.get_letter_for_user(request.user, pk, change=True)
    try:
        services.revoke_award_letter(letter, reason=request.POST.get("reason", ""), by=request.user)
    except services.LetterRefused as refusal:
        _refusal_messages(request, refusal)
    else:
        messages.success(request, _("The letter was revoked."))
    return redirect("letters:award-letters", letter.award_id)


@login_required
def batch_start(request, call_pk):
    if not permissions.can_issue_letters(request.user):
        raise Http404
    call = get_call_for_user(request.user, call_pk)
    if request.method == "POST":
        try:
            batch = batches.start_letter_batch(call, by=request.user)
        except services.LetterRefused as refusal:
            _refusal_messages(request, refusal)
            return redirect("letters:batch-start", call.pk)
        return redirect(batch)
    return render(
        request,
        "letters/batch_start.html",
        {
            "call": call,
            "awards": queries.awards_of_call(call),
            "batches": call.letter_batches.select_related("created_by")[:10],
        },
    )


def _batch_context(batch):
    return {"batch": batch, "progress": queries.batch_progress(batch)}


@login_required
def batch_detail(request, pk):
    batch = queries.get_batch_for_user(request.user, pk)
    context = _batch_context(batch)
    context["items"] = queries.batch_items(batch)
    return render(request, "letters/batch_detail.html", context)


@login_required
def batch_progress(request, pk):
    """The htmx fragment polled while a batch runs; it stops polling when the batch is done."""
    batch = queries.get_batch_for_user(request.user, pk)
    context = _batch_context(batch)
    context["items"] = queries.batch_items(batch)
    return render(request, "letters/_batch_progress.html", context)


def _client_address(request):
    # REMOTE_ADDR, not X-Forwarded-For: a client writes that header itself.
    return request.META.get("REMOTE_ADDR", "unknown")


def verify_throttled(request):
    """A fixed one-minute window per client address, counted in the cache."""
    key = f"letters:verify:{_client_address(request)}"
    if cache.add(key, 1, timeout=60):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=60)
        return False
    return count > settings.LETTER_VERIFY_PER_MINUTE


def verify(request, code):
    """Public: anyone holding a letter checks it. Shows what the letter said and its status."""
    if verify_throttled(request):
        response = render(request, "letters/verify_throttled.html", status=429)
        response["Retry-After"] = "60"
        return response
    letter = queries.get_letter_for_code(code)
    response = render(request, "letters/verify.html", {"letter": letter})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
