"""Pages: your notifications, marking them read, your settings (adapters)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.views import DESK_ROLES, role_required

from . import selectors, services
from .forms import NotificationSettingForm

PAGE_SIZE = 50
SETTINGS_SAVED = "Your notification settings are saved."
ALL_READ = "All your notifications are marked read."


@require_GET
@role_required(*DESK_ROLES)
def notification_list(request):
    page = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@role_required(*DESK_ROLES)
def notification_read(request, notification_id: int):
    """Mark one of your notifications read; then go to `next` (its claim)."""
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)


@require_POST
@role_required(*DESK_ROLES)
def notification_read_all(request):
    services.notification_mark_read(user=request.user)
    messages.success(request, ALL_READ)
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@role_required(*DESK_ROLES)
def notification_settings(request):
    current = selectors.notification_settings(user=request.user)
    data = request.POST if request.method == "POST" else None
    rows = [
        (
            label,
            NotificationSettingForm(data, prefix=kind, initial={"enabled": on, "email": email}),
        )
        for kind, label, on, email in current
    ]
    if data is not None and all(form.is_valid() for _, form in rows):
        choices = {
            form.prefix: (form.cleaned_data["enabled"], form.cleaned_data["email"])
            for _, form in rows
        }
        services.notification_settings_update(user=request.user, choices=choices)
        messages.success(request, SETTINGS_SAVED)
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"rows": rows})
