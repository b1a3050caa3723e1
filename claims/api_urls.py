from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import (
    ArticleViewSet,
    ClaimViewSet,
    VerdictViewSet,
    token_logout_all_view,
    token_logout_view,
    token_obtain_view,
    verdict_export_view,
)

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("verdicts", VerdictViewSet, basename="verdict")

urlpatterns = [
    path("auth/token/", token_obtain_view, name="api_token"),
    path("auth/logout/", token_logout_view, name="api_logout"),
    path("auth/logoutall/", token_logout_all_view, name="api_logout_all"),
    path("exports/verdicts.csv", verdict_export_view, {"fmt": "csv"}, name="api_export_csv"),
    path("exports/verdicts.jsonl", verdict_export_view, {"fmt": "jsonl"}, name="api_export_jsonl"),
    path(
        "exports/claimreview.json",
        verdict_export_view,
        {"fmt": "claimreview"},
        name="api_export_claimreview",
    ),
    *router.urls,
]
