"""Sources in the moderation admin: editors add and edit sources; what the
machines record (entries, checks, fetched pages) is read-only."""

from django.contrib import admin, messages
from django.db import models

from claims.admin.base import ReadOnlyAdmin

from . import services
from .models import EvidenceSnapshot, PageFetch, Source, SourceEntry, SourcePoll, Transcript


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "kind", "outlet", "active", "last_checked_at", "last_new_item_at",
        "consecutive_failures", "last_error",
    ]
    list_filter = ["active", "kind", "language"]
    search_fields = ["name", "url", "outlet"]
    readonly_fields = [
        "last_checked_at", "last_new_item_at", "next_check_at", "consecutive_failures",
        "last_error", "disabled_reason", "etag", "last_modified", "created_by", "created_at",
    ]
    actions = ["switch_on", "check_soon"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Switch on (failures forgotten) and check soon",
                  permissions=["change"])
    def switch_on(self, request, queryset):
        for source in queryset:
            services.source_switch(source=source, active=True)
            services.source_poll_soon(source=source)
        self.message_user(request, f"{queryset.count()} source(s) switched on.", messages.SUCCESS)

    @admin.action(description="Check the selected active sources soon", permissions=["change"])
    def check_soon(self, request, queryset):
        active = queryset.filter(active=True)
        for source in active:
            services.source_poll_soon(source=source)
        self.message_user(request, f"{active.count()} source(s) will be checked within a minute.")


@admin.register(SourceEntry)
class SourceEntryAdmin(ReadOnlyAdmin):
    list_display = ["title", "source", "created", "article", "error", "seen_at"]
    list_filter = ["created", "source"]
    search_fields = ["title", "url", "key"]
    list_select_related = ["source", "article"]
    date_hierarchy = "seen_at"


@admin.register(SourcePoll)
class SourcePollAdmin(ReadOnlyAdmin):
    list_display = ["source", "started_at", "http_status", "not_modified", "items", "new_items",
                    "error"]
    list_filter = ["not_modified", "source"]
    list_select_related = ["source"]
    date_hierarchy = "started_at"


@admin.register(PageFetch)
class PageFetchAdmin(ReadOnlyAdmin):
    list_display = ["requested_url", "status", "http_status", "final_url", "fetched_at", "error"]
    list_filter = ["status"]
    search_fields = ["requested_url", "final_url", "html_sha256"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"


@admin.register(EvidenceSnapshot)
class EvidenceSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["url", "fetched_at", "http_status", "is_recheck", "flag", "similarity",
                    "error"]
    list_filter = ["flag", "is_recheck"]
    search_fields = ["url", "final_url", "html_sha256"]
    exclude = ["html_gz"]
    date_hierarchy = "fetched_at"


@admin.register(Transcript)
class TranscriptAdmin(ReadOnlyAdmin):
    list_display = ["article", "format", "speakers", "created_at"]
    list_filter = ["format"]
    list_select_related = ["article"]
