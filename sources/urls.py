from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:source_id>/switch/", views.source_switch, name="source_switch"),
    path("sources/<int:source_id>/poll/", views.source_poll, name="source_poll"),
    path("evidence/<int:evidence_id>/archive/", views.evidence_copy, name="evidence_copy"),
]
