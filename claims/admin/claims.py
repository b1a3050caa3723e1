"""Claims, skips and related-claim links in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from .. import services
from ..models import (
    Claim,
    ClaimRelation,
    ClaimSkip,
)
from .base import Action, AssignForm, AuditedAdmin, HidingActions, MergeForm


@admin.register(Claim)
class ClaimAdmin(HidingActions, AuditedAdmin):
    list_display = [
        "id",
        "text",
        "speaker",
        "quote_type",
        "score_and_reasons",
        "queue_state",
        "is_pinned",
        "is_hidden",
        "assigned_to",
    ]
    list_filter = ["queue_state", "quote_type", "is_hidden", "is_pinned", "article__outlet"]
    search_fields = ["text", "speaker__name", "speaker_text", "article__title"]
    list_select_related = ["speaker", "article", "assigned_to"]
    date_hierarchy = "created_at"
    actions = ["reassign", "merge", "hide", "unhide", "pin", "unpin", "requeue"]
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
        "is_hidden",
        "merged_into",
        "priority",
        "related_claims_count",
        "library_similarity",
        "nearest_checked_claim",
        "assigned_to",
        "assigned_at",
        "lease_expires_at",
        "created_at",
        "updated_at",
    ]

    @admin.display(description="Check-worthiness", ordering="checkworthiness")
    def score_and_reasons(self, claim):
        """The score with its two strongest reasons, as the queue shows it."""
        reasons = "; ".join(claim.checkworthiness_reasons[:2])
        if not reasons:
            return f"{claim.checkworthiness:.2f}"
        return format_html("{}<br><small>{}</small>", f"{claim.checkworthiness:.2f}", reasons)

    def hide_one(self, claim, *, by, reason):
        services.claim_hide(claim=claim, by=by, reason=reason)

    def unhide_one(self, claim, *, by):
        services.claim_unhide(claim=claim, by=by)

    def save_model(self, request, obj, form, change):
        """Write only the fields edited here, so that a take or skip made
        while the form was open is kept."""
        obj._history_user = request.user
        obj.save(update_fields=form.changed_data if change else None)

    @admin.action(
        description="Assign the selected claims to a fact-checker", permissions=["manage"]
    )
    def reassign(self, request, queryset):
        form = self.ask(request, AssignForm)
        if not form.is_valid():
            return self.confirm(
                request,
                queryset,
                form=form,
                title="Assign claims",
                intro="Each claim goes to the fact-checker under a fresh lease.",
                submit="Assign",
            )
        to, reason = form.cleaned_data["to"], form.cleaned_data["reason"]
        self.apply(
            request,
            queryset,
            f"Assigned to {to}",
            lambda claim, user: services.moderation_apply(
                action=Action.ASSIGN, target=claim, by=user, reason=reason, to=to
            ),
        )

    @admin.action(description="Merge the selected duplicate claims", permissions=["moderate"])
    def merge(self, request, queryset):
        return self.merge_selected(
            request,
            queryset,
            form=self.ask(request, MergeForm, claims=queryset),
            title="Merge duplicate claims",
            intro="These claims will become one.",
            nothing=services.CLAIM_MERGE_NOTHING,
            noun="claim",
            merge=lambda survivor, others, by, reason: services.claim_merge(
                survivor=survivor, duplicates=others, by=by, reason=reason
            ),
        )

    @admin.action(
        description="Pin the selected claims to the top of the queue", permissions=["manage"]
    )
    def pin(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Pinned",
            lambda claim, user: services.claim_pin(claim=claim, by=user),
        )

    @admin.action(description="Unpin the selected claims", permissions=["manage"])
    def unpin(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Unpinned",
            lambda claim, user: services.claim_pin(claim=claim, by=user, pinned=False),
        )

    @admin.action(
        description="Put the selected skipped claims back in the queue", permissions=["manage"]
    )
    def requeue(self, request, queryset):
        self.apply(
            request,
            queryset,
            "Requeued",
            lambda claim, user: services.claim_requeue(claim=claim, by=user),
        )


@admin.register(ClaimSkip)
class ClaimSkipAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "reason", "user", "created_at"]
    list_filter = ["reason"]
    search_fields = ["claim__text", "note", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["claim", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ClaimRelation)
class ClaimRelationAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "other", "tier", "similarity", "decision", "decided_by"]
    list_filter = ["tier", "decision"]
    search_fields = ["claim__text", "other__text"]
    list_select_related = ["claim", "other", "decided_by"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "other"]
    readonly_fields = ["similarity", "tier", "decided_by", "decided_at", "created_at"]
