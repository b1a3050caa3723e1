"""The log of what editors and admins did in moderation."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class ModerationLog(models.Model):
    """Who did what to which object in moderation, when, and why.

    Written by the moderation services only; never edited afterwards.
    """

    class Action(models.TextChoices):
        APPROVE = "approve", "Approve verdict"
        REQUEST_CHANGES = "request_changes", "Send verdict back"
        PUBLISH = "publish", "Publish verdict"
        RETRACT = "retract", "Retract verdict"
        MERGE = "merge", "Merge duplicate claims"
        HIDE = "hide", "Hide"
        UNHIDE = "unhide", "Unhide"
        ASSIGN = "assign", "Assign claim"
        RETRY_EXTRACTION = "retry_extraction", "Re-run extraction"
        MERGE_SPEAKERS = "merge_speakers", "Merge speakers"
        RENAME_SPEAKER = "rename_speaker", "Rename speaker"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_log",
    )
    action = models.CharField(max_length=20, choices=Action, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            ("moderate_content", "Can hide, unhide and merge claims and articles"),
        ]

    def __str__(self) -> str:
        return f"{self.actor or 'system'}: {self.get_action_display()} {self.object_repr}"
