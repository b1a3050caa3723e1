"""Moderation in the Django admin: declarative, actions call services.

Editors and admins moderate here (claims/admin_site.py refuses everyone
else). An action that needs a reason or a choice first shows an intermediate
page, as delete_selected does. Each selected row is applied on its own, and
each refusal is reported with message_user, never as an error page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Article,
    CheckedClaim,
    Claim,
    ClaimRelation,
    ClaimSkip,
    Evidence,
    LibraryMatch,
    ModerationLog,
    Speaker,
    Verdict,
    VerdictRevision,
    VerdictStatusChange,
)

Action = ModerationLog.Action
# What services raise when a rule refuses a row (WorkflowError is a ValueError).
REFUSALS = (PermissionDenied, ValidationError, ValueError)


# --- Forms of the intermediate pages -------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text="Kept in the moderation log with your name.",
    )


class PublicNoteForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Public note"
        self.fields[
            "reason"
        ].help_text = "Readers see it on the verdict's page; so does the webhook."


def factchecker_choices():
    """Active users who may take claims: those a claim can be assigned to."""
    take_claim = Permission.objects.filter(codename="take_claim", content_type__app_label="claims")
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__in=take_claim)
            | Q(user_permissions__in=take_claim)
            | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    to = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Assign to")
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 70}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = factchecker_choices()


class MergeForm(ReasonForm):
    survivor = forms.ModelChoiceField(
        queryset=Claim.objects.none(),
        widget=forms.RadioSelect,
        label="Claim to keep",
        help_text="The others are hidden and point to it; it takes over their "
        "relations and (retracted) verdicts.",
    )

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = claims
        standing = [s for s in Verdict.Status.values if s != Verdict.Status.RETRACTED]
        with_verdict = claims.filter(verdicts__status__in=standing).order_by("pk")
        self.fields["survivor"].initial = with_verdict.first() or claims.order_by("pk").first()


# --- Shared behaviour ------------------------------------------------------------


class ModerationAdmin(admin.ModelAdmin):
    """Runs actions row by row and asks for reasons on an intermediate page.

    The has_<name>_permission methods back @admin.action(permissions=...).
    """

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("claims.review_verdict")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("claims.publish_verdict")

    def has_correct_permission(self, request) -> bool:
        return request.user.has_perm("claims.correct_verdict")

    def has_manage_permission(self, request) -> bool:
        return request.user.has_perm("claims.manage_queue")

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("claims.moderate_content")

    def apply(self, request, queryset, done: str, service) -> None:
        """Call service(obj, user) per object; report how many, and each refusal."""
        applied = 0
        for obj in queryset:
            try:
                service(obj, request.user)
                applied += 1
            except REFUSALS as exc:
                reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else exc
                self.message_user(request, f"{obj}: {reason}", level=messages.WARNING)
        self.message_user(request, f"{done}: {applied}.")

    def ask(self, request, form_class, **kwargs) -> forms.Form:
        """Return the intermediate page's form, bound once it was posted."""
        data = request.POST if request.POST.get("post") else None
        return form_class(data, **kwargs)

    def merge_selected(
        self, request, queryset, *, form, title: str, intro: str, nothing: str, noun: str, merge
    ):
        """A merge action: ask for the survivor and a reason on an intermediate
        page, then call merge(survivor, others, user, reason)."""
        if queryset.count() < 2:
            self.message_user(request, nothing, level=messages.ERROR)
            return None
        if not form.is_valid():
            return self.confirm(
                request, queryset, form=form, title=title, intro=intro, submit="Merge"
            )
        survivor = form.cleaned_data["survivor"]
        try:
            merge(survivor, list(queryset), request.user, form.cleaned_data["reason"])
        except REFUSALS as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return None
        self.message_user(request, f"Merged {queryset.count() - 1} {noun}(s) into {survivor}.")
        return None

    def confirm(self, request, queryset, *, form, title: str, intro: str, submit: str):
        """Render the intermediate page for the action being run."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "submit_label": submit,
            "form": form,
            "queryset": queryset,
            "opts": self.model._meta,
            "action": request.POST["action"],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/claims/moderation_confirm.html", context)


class AuditedAdmin(ModerationAdmin, SimpleHistoryAdmin):
    """Shows an object's history; nobody can revert or edit it.

    simple_history's per-version page saves whatever is POSTed to it (its
    revert button is only hidden), which would write an old version back
    past the services; it is view-only here.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("History cannot be reverted.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyMixin:
    """These objects change only through the services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ServiceOnlyAdmin(ReadOnlyMixin, AuditedAdmin):
    """Read-only pages with history."""


class HidingActions:
    """Hide and unhide actions; the admin defines hide_one() and unhide_one()."""

    @admin.action(
        description="Hide the selected %(verbose_name_plural)s (asks why)",
        permissions=["moderate"],
    )
    def hide(self, request, queryset):
        form = self.ask(request, ReasonForm)
        if not form.is_valid():
            return self.confirm(
                request,
                queryset,
                form=form,
                title=f"Hide {self.model._meta.verbose_name_plural}",
                intro="Hidden items leave the queue, search, exports and feeds "
                "until someone unhides them.",
                submit="Hide",
            )
        reason = form.cleaned_data["reason"]
        self.apply(
            request,
            queryset,
            "Hidden",
            lambda obj, user: self.hide_one(obj, by=user, reason=reason),
        )

    @admin.action(
        description="Unhide the selected %(verbose_name_plural)s", permissions=["moderate"]
    )
    def unhide(self, request, queryset):
        self.apply(request, queryset, "Unhidden", lambda obj, user: self.unhide_one(obj, by=user))


# --- Articles and speakers -------------------------------------------------------


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


@admin.register(LibraryMatch)
class LibraryMatchAdmin(admin.ModelAdmin):
    """Claims found to repeat a checked claim; the desk decides in the workspace."""

    list_display = ["id", "claim", "checked_claim", "tier", "score", "decision", "decided_by"]
    list_filter = ["tier", "decision", "checked_claim__source"]
    search_fields = ["claim__text", "checked_claim__text"]
    list_select_related = ["claim", "checked_claim", "decided_by"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "checked_claim"]
    readonly_fields = ["score", "similarity", "tier", "decided_by", "decided_at", "created_at"]


@admin.register(CheckedClaim)
class CheckedClaimAdmin(admin.ModelAdmin):
    """The checked-claims library; rows come from the import commands and
    from the desk's published verdicts (source desk)."""

    list_display = ["id", "text", "verdict", "speaker", "source", "reviewer", "published_on"]
    list_filter = ["source", "verdict", "published_on", "withdrawn_at"]
    search_fields = ["text", "title", "speaker", "external_id", "url", "reviewer"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "source",
        "external_id",
        "desk_verdict",
        "withdrawn_at",
        "created_at",
        "updated_at",
    ]


# --- Verdicts ------------------------------------------------------------------------


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
