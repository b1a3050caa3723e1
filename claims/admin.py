"""Moderation in the Django admin: declarative, actions call services."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Article,
    Claim,
    ClaimRelation,
    ClaimSkip,
    Evidence,
    Speaker,
    Verdict,
    VerdictRevision,
    VerdictStatusChange,
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "outlet", "status", "progress", "is_hidden", "created_at"]
    list_filter = ["status", "is_hidden", "source", "language", "outlet"]
    search_fields = ["title", "outlet", "url", "text"]
    date_hierarchy = "created_at"
    list_select_related = ["submitted_by"]
    readonly_fields = [
        "text_hash",
        "status",
        "progress",
        "error",
        "processed_at",
        "created_at",
        "updated_at",
        "source",
        "submitted_by",
    ]
    actions = ["retry_extraction"]

    @admin.action(description="Re-run extraction for the selected failed articles")
    def retry_extraction(self, request, queryset):
        failed = list(queryset.filter(status=Article.Status.FAILED))
        for article in failed:
            services.article_retry(article=article)
        self.message_user(request, f"Queued {len(failed)} article(s) again.")


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]


class AuditedAdmin(SimpleHistoryAdmin):
    """Shows an object's history; nobody can revert or edit it.

    simple_history's per-version page saves whatever is POSTed to it (its
    revert button is only hidden), which would write an old version back
    past the services; it is view-only here.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("History cannot be reverted.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def apply(self, request, queryset, done: str, service) -> None:
        """Call service(obj, user) per object; report how many and what was refused."""
        applied, refused = 0, set()
        for obj in queryset:
            try:
                service(obj, request.user)
                applied += 1
            except (PermissionDenied, services.WorkflowError) as exc:
                refused.add(str(exc))
        self.message_user(request, f"{done}: {applied}.")
        for message in sorted(refused):
            self.message_user(request, message, level="warning")


class ServiceOnlyAdmin(AuditedAdmin):
    """Read-only pages: these objects change only through the services."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(AuditedAdmin):
    list_display = [
        "id",
        "text",
        "speaker",
        "quote_type",
        "checkworthiness",
        "queue_state",
        "is_pinned",
        "assigned_to",
    ]
    list_filter = ["queue_state", "quote_type", "is_hidden", "is_pinned"]
    search_fields = ["text", "speaker__name", "speaker_text", "article__title"]
    list_select_related = ["speaker", "article", "assigned_to"]
    exclude = ["embedding"]
    actions = ["pin", "unpin", "requeue"]
    readonly_fields = [
        "article",
        "position",
        "sentence_start",
        "sentence_end",
        "content_start",
        "content_end",
        "speaker_start",
        "speaker_end",
        "cue_start",
        "cue_end",
        "checkworthiness",
        "checkworthiness_reasons",
        "queue_state",
        "is_pinned",
        "priority",
        "related_claims_count",
        "assigned_to",
        "assigned_at",
        "lease_expires_at",
        "created_at",
        "updated_at",
    ]

    def save_model(self, request, obj, form, change):
        """Write only the fields edited here, so that a take or skip made
        while the form was open is kept."""
        obj._history_user = request.user
        obj.save(update_fields=form.changed_data if change else None)

    @admin.action(description="Pin the selected claims to the top of the queue")
    def pin(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Pinned",
            lambda claim, user: services.claim_pin(claim=claim, by=user),
        )

    @admin.action(description="Unpin the selected claims")
    def unpin(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Unpinned",
            lambda claim, user: services.claim_pin(claim=claim, by=user, pinned=False),
        )

    @admin.action(description="Put the selected skipped claims back in the queue")
    def requeue(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Requeued",
            lambda claim, user: services.claim_requeue(claim=claim, by=user),
        )


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["url", "title", "excerpt", "stance", "accessed_on", "added_by"]


class VerdictStatusChangeInline(ReadOnlyInline):
    model = VerdictStatusChange
    fields = ["changed_at", "old_status", "new_status", "changed_by", "note"]


class VerdictRevisionInline(ReadOnlyInline):
    model = VerdictRevision
    fields = ["number", "published_at", "published_by", "rating", "headline", "note"]


@admin.register(Verdict)
class VerdictAdmin(ServiceOnlyAdmin):
    """Actions run the workflow services with the signed-in user's roles."""

    list_display = ["id", "claim", "status", "rating", "headline", "author", "editor", "updated_at"]
    list_filter = ["status", "rating"]
    search_fields = ["headline", "rationale", "claim__text"]
    list_select_related = ["claim", "author", "editor"]
    date_hierarchy = "created_at"
    inlines = [EvidenceInline, VerdictStatusChangeInline, VerdictRevisionInline]
    actions = ["approve", "publish"]

    @admin.action(description="Approve the selected submitted verdicts")
    def approve(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Approved",
            lambda verdict, user: services.verdict_approve(verdict=verdict, by=user),
        )

    @admin.action(description="Publish the selected approved verdicts")
    def publish(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Published",
            lambda verdict, user: services.verdict_publish(verdict=verdict, by=user),
        )


@admin.register(Evidence)
class EvidenceAdmin(ServiceOnlyAdmin):
    list_display = ["id", "verdict", "title", "url", "stance", "accessed_on"]
    list_filter = ["stance"]
    search_fields = ["title", "url", "excerpt"]
    list_select_related = ["verdict"]


@admin.register(ClaimSkip)
class ClaimSkipAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "reason", "user", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["claim", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ClaimRelation)
class ClaimRelationAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "other", "tier", "similarity", "decision", "decided_by"]
    list_filter = ["tier", "decision"]
    list_select_related = ["claim", "other", "decided_by"]
    raw_id_fields = ["claim", "other"]
    readonly_fields = ["decided_by", "decided_at", "created_at"]
