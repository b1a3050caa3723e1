"""Account pages around Django's auth views: the login lockout (django-axes)
and password reset, which is switched off until mail is set up."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def lockout_message() -> str:
    """Say why a login was refused and when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Too many failed logins for this username from this address. "
        f"Try again in {minutes} minutes, or ask an admin to unlock the account."
    )


def login_locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lockout page, or JSON for a JSON client.

    django-axes calls this instead of the login view's answer once a username
    and address have failed AXES_FAILURE_LIMIT times (web and admin logins;
    the API token endpoint answers its own JSON 429).
    """
    message = lockout_message()
    status = settings.AXES_HTTP_RESPONSE_CODE
    if "json" in request.headers.get("Accept", "") or request.path.startswith("/api/"):
        body = {"error": {"code": "locked_out", "message": message, "detail": message}}
        return JsonResponse(body, status=status)
    return render(request, "registration/locked_out.html", {"message": message}, status=status)


def password_reset_gate(view: Callable) -> Callable:
    """Serve Django's password-reset view when mail is set up
    (CLAIMS_PASSWORD_RESET_BY_EMAIL); else a page saying it is not, with a
    404 so that nothing looks like a sent email."""

    def gated(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.CLAIMS_PASSWORD_RESET_BY_EMAIL:
            return view(request, *args, **kwargs)
        return render(request, "registration/password_reset_unavailable.html", status=404)

    return gated
