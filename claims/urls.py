from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/new/", views.article_submit, name="article_submit"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("articles/<int:article_id>/status/", views.article_status, name="article_status"),
    path("articles/<int:article_id>/retry/", views.article_retry, name="article_retry"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
]
