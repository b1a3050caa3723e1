"""Notifications in the moderation admin: read-only, for looking into who
was told what and whether the email went (issue #24)."""

from django.contrib import admin

from claims.admin.base import ReadOnlyAdmin

from .models import Notification, NotificationSetting


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "message", "read_at", "email", "emailed_at"]
    list_filter = [
        "kind",
        ("read_at", admin.EmptyFieldListFilter),
        "email",
        ("emailed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["user__username", "user__email", "message"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "claim", "verdict", "source"]
    date_hierarchy = "created_at"


@admin.register(NotificationSetting)
class NotificationSettingAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "enabled", "email"]
    list_filter = ["kind", "enabled", "email"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
