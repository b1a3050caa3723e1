"""Webhooks in the moderation admin (Admins): endpoints with their secret
and events; the delivery log, read-only, with its attempts and "send again"."""

from django import forms
from django.contrib import admin, messages

from claims.admin.base import ReadOnlyAdmin

from . import services
from .models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=Event.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "active", "events"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "active", "event_list", "from_settings"]
    list_filter = ["active", "from_settings"]
    search_fields = ["name", "url"]
    readonly_fields = ["signing_secret_shown", "from_settings", "created_by", "created_at"]
    actions = ["rotate_secret"]

    @admin.display(description="events")
    def event_list(self, obj) -> str:
        return ", ".join(obj.events or [])

    @admin.display(description="secret")
    def signing_secret_shown(self, obj) -> str:
        """The secret to configure on the receiver (only Admins reach this page)."""
        if obj is None or obj.pk is None:
            return "Generated when saved."
        if obj.from_settings:
            return "CLAIMS_WEBHOOK_SECRET (not shown)."
        return obj.secret

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.from_settings:
            fields.append("url")  # follows CLAIMS_WEBHOOK_URL
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Give the selected endpoints a new secret", permissions=["change"])
    def rotate_secret(self, request, queryset):
        for endpoint in queryset:
            services.webhook_endpoint_rotate_secret(endpoint=endpoint)
        self.message_user(request, f"New secrets for {queryset.count()} endpoints.")


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["number", "at", "outcome", "status_code", "duration_ms", "error", "next_retry_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at", "endpoint", "event", "verdict_id", "status", "attempts", "status_code",
        "duration_ms", "next_retry_at", "delivered_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["uuid", "endpoint__name", "error"]
    list_select_related = ["endpoint"]
    readonly_fields = [
        "uuid", "endpoint", "event", "verdict", "status", "attempts", "status_code", "error",
        "duration_ms", "next_retry_at", "delivered_at", "resent_from", "created_at", "body",
    ]
    fields = readonly_fields
    inlines = [WebhookAttemptInline]
    actions = ["send_again"]

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.change_webhookdelivery")

    @admin.action(description="Send again", permissions=["resend"])
    def send_again(self, request, queryset):
        count = 0
        for delivery in queryset.select_related("endpoint"):
            services.webhook_delivery_resend(delivery=delivery)
            count += 1
        self.message_user(request, f"{count} deliveries queued again.", messages.SUCCESS)
