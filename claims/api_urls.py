from django.urls import path
from rest_framework.routers import DefaultRouter

from notifications.api import api_urlpatterns as notifications_api_urlpatterns

from . import api_desk
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
    # The desk's work (claims/api_desk.py, issue #24).
    path("desk/take-next/", api_desk.TakeNextView.as_view(), name="api_take_next"),
    path("claims/<int:pk>/release/", api_desk.ClaimReleaseView.as_view(), name="api_release"),
    path("claims/<int:pk>/skip/", api_desk.ClaimSkipView.as_view(), name="api_skip"),
    path(
        "claims/<int:pk>/attribution/",
        api_desk.ClaimAttributionView.as_view(),
        name="api_attribution",
    ),
    path(
        "claims/<int:pk>/verdict/", api_desk.VerdictCreateView.as_view(), name="api_verdict_create"
    ),
    path(
        "claims/<int:pk>/library/<int:match_id>/adopt/",
        api_desk.LibraryMatchAdoptView.as_view(),
        name="api_library_match_adopt",
    ),
    path("verdicts/<int:pk>/draft/", api_desk.VerdictDraftView.as_view(), name="api_verdict_draft"),
    path(
        "verdicts/<int:pk>/evidence/", api_desk.EvidenceAddView.as_view(), name="api_evidence_add"
    ),
    path(
        "verdicts/<int:pk>/evidence/<int:evidence_id>/",
        api_desk.EvidenceRemoveView.as_view(),
        name="api_evidence_remove",
    ),
    *[
        path(f"verdicts/<int:pk>/{action}/", view.as_view(), name=f"api_verdict_{action}")
        for action, view in [
            ("submit", api_desk.VerdictSubmitView),
            ("reopen", api_desk.VerdictReopenView),
            ("approve", api_desk.VerdictApproveView),
            ("send-back", api_desk.VerdictSendBackView),
            ("publish", api_desk.VerdictPublishView),
            ("correct", api_desk.VerdictCorrectView),
            ("retract", api_desk.VerdictRetractView),
        ]
    ],
    # Your own notifications (notifications/api.py, issue #24).
    *notifications_api_urlpatterns,
    *router.urls,
]
