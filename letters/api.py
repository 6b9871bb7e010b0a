"""REST API: the current letter of an award as a PDF, and issuing it (the same services and
checks as the browser)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from letters import queries, services, tasks
from letters.serializers import LetterRequestSerializer
from letters.views import letter_response


def _refused(error, code=status.HTTP_400_BAD_REQUEST):
    errors = dict(error.errors)
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return Response(errors, status=code)


class AwardLetterView(APIView):
    """`GET` the award's current letter (application/pdf); `POST` issues or re-issues it."""

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, award_id):
        award = queries.get_award_for_user(request.user, award_id)
        letter = queries.current_letter(award)
        if letter is None:
            return Response({"detail": _("This award has no valid letter.")}, status=404)
        letter.award = award
        return letter_response(letter)

    @extend_schema(request=None, responses={202: LetterRequestSerializer})
    def post(self, request, award_id):
        award = queries.get_award_for_user(request.user, award_id, issue=True)
        try:
            tasks.queue_award_letter(award, by=request.user)
        except services.LetterRefused as refusal:
            return _refused(refusal)
        # Without a broker the task has run by now; with one, `current` may still be the old one.
        payload = {
            "queued": True,
            "award_version": award.version,
            "current": queries.current_letter(award),
        }
        return Response(LetterRequestSerializer(payload).data, status=status.HTTP_202_ACCEPTED)
