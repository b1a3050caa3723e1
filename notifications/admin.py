"""Notifications in the moderation admin: read-only, for looking into who
was told what and whether the email went (issue #24)."""

from django.contrib import admin

from .models import Notification, NotificationSetting


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the services only; people read them here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
