"""The admin's shared parts: the intermediate pages' forms and the moderation base classes."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    Claim,
    ModerationLog,
    Verdict,
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


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Rows written by services only (polls, notifications, deliveries);
    people read them here."""


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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
