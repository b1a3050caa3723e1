"""Verdicts, their evidence, status changes and revisions in the admin.

Read-only: verdicts change through services only.
"""

from __future__ import annotations

from django.contrib import admin

from .. import services
from ..models import (
    Evidence,
    Verdict,
    VerdictRevision,
    VerdictStatusChange,
)
from .base import (
    Action,
    PublicNoteForm,
    ReadOnlyInline,
    ReadOnlyMixin,
    ReasonForm,
    ServiceOnlyAdmin,
)


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
    list_filter = ["status", "rating", ("author", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["headline", "rationale", "claim__text"]
    list_select_related = ["claim", "author", "editor"]
    date_hierarchy = "created_at"
    inlines = [EvidenceInline, VerdictStatusChangeInline, VerdictRevisionInline]
    actions = ["approve", "send_back", "publish", "retract"]

    def moderate(self, request, queryset, *, action: str, done: str, reason: str = "") -> None:
        self.apply(
            request,
            queryset,
            done,
            lambda verdict, user: services.moderation_apply(
                action=action, target=verdict, by=user, reason=reason
            ),
        )

    @admin.action(description="Approve the selected submitted verdicts", permissions=["review"])
    def approve(self, request, queryset):
        self.moderate(request, queryset, action=Action.APPROVE, done="Approved")

    @admin.action(
        description="Send the selected verdicts back to their fact-checkers (asks why)",
        permissions=["review"],
    )
    def send_back(self, request, queryset):
        form = self.ask(request, ReasonForm)
        if not form.is_valid():
            return self.confirm(
                request,
                queryset,
                form=form,
                title="Send verdicts back",
                intro="Each verdict returns to its fact-checker with your reason.",
                submit="Send back",
            )
        self.moderate(
            request,
            queryset,
            action=Action.REQUEST_CHANGES,
            done="Sent back",
            reason=form.cleaned_data["reason"],
        )

    @admin.action(description="Publish the selected approved verdicts", permissions=["publish"])
    def publish(self, request, queryset):
        self.moderate(request, queryset, action=Action.PUBLISH, done="Published")

    @admin.action(
        description="Retract the selected published verdicts (asks for a public note)",
        permissions=["correct"],
    )
    def retract(self, request, queryset):
        form = self.ask(request, PublicNoteForm)
        if not form.is_valid():
            return self.confirm(
                request,
                queryset,
                form=form,
                title="Retract verdicts",
                intro="Readers will see the verdict withdrawn, with your note; "
                "its claim goes back to the queue.",
                submit="Retract",
            )
        self.moderate(
            request,
            queryset,
            action=Action.RETRACT,
            done="Retracted",
            reason=form.cleaned_data["reason"],
        )


@admin.register(Evidence)
class EvidenceAdmin(ServiceOnlyAdmin):
    list_display = ["id", "verdict", "title", "url", "stance", "accessed_on"]
    list_filter = ["stance"]
    search_fields = ["title", "url", "excerpt"]
    list_select_related = ["verdict"]
    date_hierarchy = "created_at"


@admin.register(VerdictStatusChange)
class VerdictStatusChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["changed_at", "verdict", "old_status", "new_status", "changed_by", "note"]
    list_filter = ["new_status", "old_status"]
    search_fields = ["note", "changed_by__username"]
    list_select_related = ["verdict", "changed_by"]
    date_hierarchy = "changed_at"


@admin.register(VerdictRevision)
class VerdictRevisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["verdict", "number", "rating", "headline", "published_by", "published_at"]
    list_filter = ["rating"]
    search_fields = ["headline", "note", "rationale"]
    list_select_related = ["verdict", "published_by"]
    date_hierarchy = "published_at"


# --- The moderation log ----------------------------------------------------------
