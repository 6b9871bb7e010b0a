from rest_framework import serializers

from letters.models import AwardLetter


class AwardLetterSerializer(serializers.ModelSerializer):
    verify_url = serializers.SerializerMethodField()
    # A plain string in the schema: an enum here would collide with the other "status" enums.
    status = serializers.CharField(
        read_only=True, help_text="issuing, valid, superseded or revoked"
    )

    class Meta:
        model = AwardLetter
        fields = [
            "id",
            "award",
            "award_version",
            "document_number",
            "status",
            "status_reason",
            "issued_at",
            "sha256",
            "size",
            "verify_url",
        ]
        read_only_fields = fields

    def get_verify_url(self, letter) -> str:
        from django.conf import settings

        return settings.SITE_URL + letter.get_verify_url()


class LetterRequestSerializer(serializers.Serializer):
    """What POST answers: the letter is queued; `current` is the valid letter at answer time."""

    queued = serializers.BooleanField()
    award_version = serializers.IntegerField()
    current = AwardLetterSerializer(allow_null=True)
