"""REST API of the reviews app: the same services and reads as the HTML pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response

from accounts.models import User
from applications.models import Application
from reviews import permissions, queries, ranking_store, services
from reviews.conflicts import ConflictIndex
from reviews.enums import ACTIVE
from reviews.models import Panel, Review
from reviews.serializers import (
    AssignInputSerializer,
    AssignmentSerializer,
    PanelSerializer,
    RankingRowSerializer,
    ReviewInputSerializer,
    ReviewListSerializer,
    ReviewSerializer,
    SubmitInputSerializer,
)


def _refusal(error, code=status.HTTP_400_BAD_REQUEST):
    return Response({"detail": str(error)}, status=code)


class PanelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PanelSerializer
    filterset_fields = ["purpose"]
    ordering = ["id"]

    queryset = Panel.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Panel.objects.none()
        return (
            queries.panels_for_user(self.request.user).prefetch_related("criteria").order_by("id")
        )

    @extend_schema(request=AssignInputSerializer, responses=AssignmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def assignments(self, request, pk=None):
        panel = self.get_object()
        if request.method == "POST":
            return self._assign(request, panel)
        reviews = Review.objects.filter(panel=panel, status__in=ACTIVE).select_related(
            "reviewer", "application"
        )
        if request.user.is_staff_reader:
            visible = list(reviews.order_by("application__reference", "reviewer_id"))
        elif permissions.is_chair(request.user, panel):
            reviews = list(reviews)
            applications = {r.application_id: r.application for r in reviews}.values()
            hidden = ConflictIndex(applications).conflicted_ids(request.user)
            visible = [r for r in reviews if r.application_id not in hidden]
        else:
            own = set(queries.visible_review_ids(request.user, panel=panel))
            visible = [r for r in reviews if r.pk in own]
        page = self.paginate_queryset(visible)
        return self.get_paginated_response(AssignmentSerializer(page, many=True).data)

    def _assign(self, request, panel):
        if not permissions.can_manage_panels(request.user):
            raise ApiPermissionDenied
        data = AssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        if data["auto"]:
            if data["preview"]:
                plan = services.plan_assignment(panel, top_up=data["top_up"])
            else:
                try:
                    plan = services.auto_assign(panel, by=request.user, top_up=data["top_up"])
                except services.AssignmentIncomplete as error:
                    return Response(
                        {"detail": str(error), "shortfall": error.shortfall, "committed": False},
                        status=status.HTTP_400_BAD_REQUEST,
                    )
            return Response(
                {
                    "pairs": [{"reviewer": r, "application": a} for r, a in plan.pairs],
                    "shortfall": {str(k): v for k, v in plan.shortfall.items()},
                    "committed": not data["preview"],
                }
            )
        try:
            reviewer = User.objects.get(pk=data.get("reviewer"))
            application = Application.objects.get(
                pk=data.get("application"), call_id=panel.stage.call_id
            )
            services.assign_reviewers(panel, pairs=[(reviewer, application)], by=request.user)
        except (User.DoesNotExist, Application.DoesNotExist):
            return _refusal(_("Unknown reviewer or application."))
        except services.ReviewError as error:
            return _refusal(error)
        review = Review.objects.get(panel=panel, reviewer=reviewer, application=application)
        return Response(AssignmentSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RankingRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        panel = self.get_object()
        if not permissions.can_view_ranking(request.user, panel):
            raise ApiPermissionDenied
        result = ranking_store.stored_ranking(panel, viewer=request.user)
        page = self.paginate_queryset(result.rows)
        response = self.get_paginated_response(RankingRowSerializer(page, many=True).data)
        response.data["cutline"] = result.cutline
        response.data["tie_break"] = result.tie_break
        response.data["unstable_reviewers"] = [r for r, _n in result.unstable_reviewers]
        return response


class ReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The reviewer's own reviews. A submitted review cannot be changed here."""

    serializer_class = ReviewListSerializer

    queryset = Review.objects.none()  # for the schema; requests read through queries

    def get_queryset(self):
        return Review.objects.none()

    def list(self, request):
        # The page's ids first, then only those reviews whole (with their scores).
        ids = self.paginate_queryset(queries.visible_review_ids(request.user))
        page = queries.visible_reviews(request.user, ids, with_scores=True)
        return self.get_paginated_response(ReviewListSerializer(page, many=True).data)

    def _get(self, pk, *, write=False):
        try:
            return queries.get_review_for_user(self.request.user, pk, write=write)
        except queries.PledgeRequired:
            raise ApiPermissionDenied(
                _("Sign the panel's conflict-of-interest pledge first.")
            ) from None
        except PermissionDenied:
            raise ApiPermissionDenied(_("This review has been submitted and is locked.")) from None
        except Http404:
            raise

    def retrieve(self, request, pk=None):
        return Response(ReviewSerializer(self._get(pk)).data)

    @extend_schema(request=ReviewInputSerializer, responses=ReviewSerializer)
    def partial_update(self, request, pk=None):
        review = self._get(pk, write=True)
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        scores = data.get("scores", [])
        try:
            services.save_scores(
                review,
                by=request.user,
                version=data["version"],
                levels={s["criterion"]: s["level"] for s in scores if "level" in s},
                passes={s["criterion"]: s["passed"] for s in scores if "passed" in s},
                comments={s["criterion"]: s["comment"] for s in scores if "comment" in s},
                recommend=data.get("recommend"),
                comment=data.get("comment"),
                summary=data.get("summary_for_applicant"),
            )
        except services.StaleVersion as stale:
            return Response(
                {"detail": str(stale), "version": stale.current}, status=status.HTTP_409_CONFLICT
            )
        except services.ReviewLocked as error:
            return _refusal(error, status.HTTP_403_FORBIDDEN)
        except services.ReviewError as error:
            return _refusal(error)
        return Response(ReviewSerializer(self._get(pk)).data)

    @extend_schema(request=SubmitInputSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        review = self._get(pk, write=True)
        data = SubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.submit_review(
                review, by=request.user, version=data.validated_data.get("version")
            )
        except services.StaleVersion as stale:
            return Response(
                {"detail": str(stale), "version": stale.current}, status=status.HTTP_409_CONFLICT
            )
        except services.ReviewError as error:
            return _refusal(error)
        return Response(ReviewSerializer(self._get(pk)).data)
