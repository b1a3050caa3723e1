"""Articles and speakers in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from .. import services
from ..models import (
    Article,
    Speaker,
)
from .base import Action, AuditedAdmin, HidingActions, ModerationAdmin, ReasonForm


@admin.register(Article)
class ArticleAdmin(HidingActions, ModerationAdmin):
    list_display = ["id", "title", "outlet", "status", "progress", "is_hidden", "created_at"]
    list_filter = ["status", "is_hidden", "source", "language", "outlet"]
    search_fields = ["title", "outlet", "url", "text"]
    date_hierarchy = "created_at"
    list_select_related = ["submitted_by"]
    readonly_fields = [
        "text",
        "text_hash",
        "status",
        "progress",
        "error",
        "is_hidden",
        "processed_at",
        "created_at",
        "updated_at",
        "source",
        "submitted_by",
    ]
    actions = ["retry_extraction", "hide", "unhide"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def hide_one(self, article, *, by, reason):
        services.article_hide(article=article, by=by, reason=reason)

    def unhide_one(self, article, *, by):
        services.article_unhide(article=article, by=by)

    def has_add_permission(self, request) -> bool:
        """Articles come in through article_submit (web, API, CLI), which
        validates, deduplicates and queues extraction."""
        return False

    @admin.action(
        description="Re-run extraction for the selected failed or stalled articles",
        permissions=["change"],
    )
    def retry_extraction(self, request, queryset):
        """Failed articles, and those whose worker was lost; extraction keeps
        every claim that carries desk work (services/reconcile.py)."""
        self.apply(
            request,
            queryset,
            "Queued for extraction again",
            lambda article, user: services.moderation_apply(
                action=Action.RETRY_EXTRACTION, target=article, by=user
            ),
        )


class SpeakerMergeForm(ReasonForm):
    survivor = forms.ModelChoiceField(
        queryset=Speaker.objects.none(),
        widget=forms.RadioSelect,
        label="Speaker to keep",
        help_text="Every claim of the others moves to it; their names stay as its "
        "aliases, so that later articles naming them credit it too.",
    )

    def __init__(self, *args, speakers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = speakers
        self.fields["survivor"].initial = (
            speakers.annotate(n=models.Count("claims")).order_by("-n", "pk").first()
        )


class SpeakerForm(forms.ModelForm):
    """Rename a speaker (and set its kind), with the reason for the log."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 70}),
        help_text="Kept in the speaker's history and the moderation log with your name. "
        "The old name stays as an alias.",
    )

    class Meta:
        model = Speaker
        fields = ["name", "kind"]

    def clean(self):
        data = super().clean()
        if self.instance.pk and "name" in data:
            saved = Speaker.objects.get(pk=self.instance.pk)
            refusal = services.speaker_rename_refusal(
                speaker=saved, name=data["name"], kind=data.get("kind")
            )
            if refusal:
                raise ValidationError(refusal)
        return data


@admin.register(Speaker)
class SpeakerAdmin(AuditedAdmin):
    """Speakers come from extraction; editors rename (the change form) and
    merge them (the action), each with a reason. Claims follow."""

    form = SpeakerForm
    list_display = ["name", "kind", "claim_count", "article", "merged_into", "created_at"]
    list_filter = [
        "kind",
        ("merged_into", admin.EmptyFieldListFilter),
        ("article", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name"]
    list_select_related = ["article", "merged_into"]
    readonly_fields = ["key", "article", "merged_into", "created_at"]
    actions = ["merge_speakers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=models.Count("claims"))

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, speaker):
        return speaker.claim_count

    def has_add_permission(self, request) -> bool:
        return False  # speakers come from extraction and attribution corrections

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # merge instead: claims keep a speaker

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_moderate_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_moderate_permission(request)

    def save_model(self, request, obj, form, change):
        services.speaker_rename(
            speaker=obj,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        obj.refresh_from_db()

    @admin.action(description="Merge the selected speakers into one", permissions=["moderate"])
    def merge_speakers(self, request, queryset):
        return self.merge_selected(
            request,
            queryset,
            form=self.ask(request, SpeakerMergeForm, speakers=queryset),
            title="Merge speakers",
            intro="These speakers will become one, with all their claims.",
            nothing=services.SPEAKER_MERGE_NOTHING,
            noun="speaker",
            merge=lambda survivor, others, by, reason: services.speakers_merge(
                survivor=survivor, others=others, by=by, reason=reason
            ),
        )


# --- Claims ------------------------------------------------------------------------
