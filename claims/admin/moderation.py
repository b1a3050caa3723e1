"""The moderation log in the admin (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from ..models import (
    ModerationLog,
)
from .base import ReadOnlyMixin


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Who did what to which object, when and why; nobody edits it."""

    list_display = ["created_at", "actor", "action", "content_type", "target", "reason"]
    # Only the kinds of object the log holds, not every content type of the project.
    list_filter = [
        "action",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr", "reason", "actor__username"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "actor",
        "action",
        "content_type",
        "object_id",
        "target",
        "reason",
        "details",
    ]
    fields = readonly_fields

    @admin.display(description="Object")
    def target(self, entry: ModerationLog):
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)
