from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from claims import public_views

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

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("claims.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include(public_patterns)),
    path("", include("claims.urls")),
]
