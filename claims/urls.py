from django.urls import path

from . import views
from .views.library_adopt import library_match_adopt_view

app_name = "claims"

urlpatterns = [
    # The desk and the claim workspace.
    path("", views.desk, name="desk"),
    path("desk/queue/", views.desk_queue, name="desk_queue"),
    path("desk/take/", views.claim_take_next, name="claim_take_next"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/take/", views.claim_take, name="claim_take"),
    path(
        "claims/<int:claim_id>/take-statement/",
        views.claim_take_statement,
        name="claim_take_statement",
    ),
    path("claims/<int:claim_id>/skip/", views.claim_skip, name="claim_skip"),
    path("claims/<int:claim_id>/release/", views.claim_release, name="claim_release"),
    path("claims/<int:claim_id>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:claim_id>/requeue/", views.claim_requeue, name="claim_requeue"),
    path("claims/<int:claim_id>/pin/", views.claim_pin, name="claim_pin"),
    path("claims/<int:claim_id>/attribution/", views.claim_attribution, name="claim_attribution"),
    path("claims/<int:claim_id>/verdict/", views.claim_verdict, name="claim_verdict"),
    path(
        "claims/<int:claim_id>/adopt/<int:verdict_id>/", views.verdict_adopt, name="verdict_adopt"
    ),
    path(
        "claims/<int:claim_id>/relations/<int:relation_id>/",
        views.relation_decide,
        name="relation_decide",
    ),
    path(
        "claims/<int:claim_id>/library/<int:match_id>/decide/",
        views.library_match_decide,
        name="library_match_decide",
    ),
    path(
        "claims/<int:claim_id>/library/<int:match_id>/adopt/",
        library_match_adopt_view,
        name="library_match_adopt",
    ),
    path("verdicts/<int:verdict_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:evidence_id>/remove/", views.evidence_remove, name="evidence_remove"),
    path("verdicts/<int:verdict_id>/correct/", views.verdict_correct, name="verdict_correct"),
    path("verdicts/<int:verdict_id>/<slug:action>/", views.verdict_action, name="verdict_action"),
    # Articles.
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_submit, name="article_submit"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("articles/<int:article_id>/progress/", views.article_progress, name="article_progress"),
    path("articles/<int:article_id>/status/", views.article_status, name="article_status"),
    path("articles/<int:article_id>/retry/", views.article_retry, name="article_retry"),
    # Search and the dashboard.
    path("search/", views.search, name="search"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
