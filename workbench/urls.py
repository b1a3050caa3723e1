from functools import wraps

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as accounts_views
from claims import health, public_views
from claims.auth_views import password_reset_gate

# Readers' pages and feeds (no login), exports and reports (signed in).
public_patterns = (
    [
        path("verdicts/<int:verdict_id>/", public_views.verdict_public, name="verdict"),
        path("feeds/claimreview.json", public_views.claimreview_feed, name="claimreview_feed"),
        path(
            "exports/verdicts.csv", public_views.verdict_export, {"fmt": "csv"}, name="export_csv"
        ),
        path(
            "exports/verdicts.jsonl",
            public_views.verdict_export,
            {"fmt": "jsonl"},
            name="export_jsonl",
        ),
        path("reports/verdicts/", public_views.verdict_report, name="report"),
        path(
            "reports/verdicts.pdf",
            public_views.verdict_report,
            {"as_pdf": True},
            name="report_pdf",
        ),
    ],
    "public",
)



def in_english(view):
    """The OpenAPI schema stays English whatever Accept-Language says."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("en"):
            response = view(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response

    return wrapper


urlpatterns = [
    path("health/", health.health, name="health"),
    path("favicon.ico", public_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # Password reset only when mail is set up (EMAIL_URL); else a page says so.
    path(
        "accounts/password_reset/",
        password_reset_gate(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        password_reset_gate(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        password_reset_gate(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        password_reset_gate(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switcher: Django's set_language, kept on the profile too.
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
    path("api/", include("claims.api_urls")),
    path("notifications/", include("notifications.urls")),
    path("api/schema/", in_english(SpectacularAPIView.as_view()), name="api_schema"),
    # Swagger UI's script comes from a URL of its own (the split view), so
    # script-src stays 'self'; its template keeps an inline <style>.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api_schema")
        ),
        name="api_docs",
    ),
    path("", include(public_patterns)),
    path("", include("sources.urls")),
    path("", include("claims.urls")),
]
