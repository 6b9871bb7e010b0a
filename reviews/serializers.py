from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews import queries
from reviews.models import Criterion, Panel, Review, Score


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "order", "name_ko", "name_en", "weight", "is_knockout", "guidance"]


class PanelSerializer(serializers.ModelSerializer):
    call = serializers.IntegerField(source="stage.call_id", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Panel
        fields = [
            "id", "call", "stage", "name_ko", "name_en", "purpose", "scale_max", "aggregation",
            "trim_min_reviews", "reviews_per_application", "max_per_reviewer", "opens_at",
            "closes_at", "show_peer_scores", "hide_applicant_identity", "criteria",
        ]  # fmt: skip


class AssignmentSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.display_name", read_only=True)
    reviewer_id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(source="application.reference", read_only=True)
    # A plain string: a second "status" enum would collide with the applications' one.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "reviewer_id", "reviewer", "application_id", "reference", "status"]


class AssignInputSerializer(serializers.Serializer):
    """Either one manual pair, or `auto` (with `preview` and `top_up`)."""

    reviewer = serializers.IntegerField(required=False)
    application = serializers.IntegerField(required=False)
    auto = serializers.BooleanField(default=False)
    preview = serializers.BooleanField(default=False)
    top_up = serializers.BooleanField(default=False)


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "level", "passed", "comment"]


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    objectives = serializers.CharField()
    kpis = serializers.CharField()
    team = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_team(self, application):
        if self.context.get("hide_identity"):
            return None
        return application.team.name


class PeerSerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=5, decimal_places=2)
    recommend = serializers.BooleanField()


class ReviewSerializer(serializers.ModelSerializer):
    application = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)
    peers = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id", "panel", "application", "status", "version", "recommend", "comment",
            "summary_for_applicant", "total", "submitted_at", "scores", "peers",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ProposalSerializer)
    def get_application(self, review):
        return ProposalSerializer(
            review.application, context={"hide_identity": review.panel.hide_applicant_identity}
        ).data

    @extend_schema_field(PeerSerializer(many=True))
    def get_peers(self, review):
        return PeerSerializer(queries.peer_reviews(review), many=True).data


class ReviewListSerializer(ReviewSerializer):
    """The list leaves out peers (one query per row); the detail has them."""

    class Meta(ReviewSerializer.Meta):
        fields = [f for f in ReviewSerializer.Meta.fields if f != "peers"]
        read_only_fields = fields


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    level = serializers.IntegerField(required=False, allow_null=True)
    passed = serializers.BooleanField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True)


class ReviewInputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    scores = ScoreInputSerializer(many=True, required=False)
    recommend = serializers.BooleanField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True)
    summary_for_applicant = serializers.CharField(required=False, allow_blank=True)


class SubmitInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application_id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    mean = serializers.DecimalField(
        source="aggregate.mean", max_digits=5, decimal_places=2, allow_null=True
    )
    trimmed_mean = serializers.DecimalField(
        source="aggregate.trimmed_mean", max_digits=5, decimal_places=2, allow_null=True
    )
    median = serializers.DecimalField(
        source="aggregate.median", max_digits=5, decimal_places=2, allow_null=True
    )
    sd = serializers.DecimalField(
        source="aggregate.sd", max_digits=6, decimal_places=2, allow_null=True
    )
    low = serializers.DecimalField(
        source="aggregate.low", max_digits=5, decimal_places=2, allow_null=True
    )
    high = serializers.DecimalField(
        source="aggregate.high", max_digits=5, decimal_places=2, allow_null=True
    )
    disagreement = serializers.BooleanField(source="aggregate.disagreement")
    recommendations = serializers.IntegerField()
    votes = serializers.IntegerField()
    evaluators = serializers.IntegerField()
    majority = serializers.BooleanField()
    knockout_fails = serializers.IntegerField()
    knocked_out = serializers.BooleanField()
    above_cutline = serializers.BooleanField()
    totals = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_totals(self, row):
        return {str(k): str(v) for k, v in row.totals.items()}
