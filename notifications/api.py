"""REST API for your own notifications (issue #24): adapters over
notifications.selectors and services, as the pages are.

Every endpoint needs a newsroom role (DRF's default permission) and answers
about the caller's own notifications only: someone else's is a 404, as a
missing one is. Errors have the API's usual shape (claims/api_desk.py).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api_desk import errors

from . import selectors, services
from .models import Email, Kind, Notification

NOTIFICATION_NOT_FOUND = "No notification {pk} of yours."


class NotificationSerializer(serializers.ModelSerializer):
    """One of your notifications; `claim` or `source` says what it is about."""

    url = serializers.SerializerMethodField(help_text="The page of its claim or source.")
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "claim", "source", "url", "created_at", "read",
                  "read_at", "emailed_at"]
        read_only_fields = fields

    def get_url(self, notification: Notification) -> str:
        request = self.context.get("request")
        path = notification.target_url
        return request.build_absolute_uri(path) if request else path

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")


class NotificationSettingSerializer(serializers.Serializer):
    """Your choice for one kind (without a stored one: on, emailed at once)."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField(read_only=True)
    enabled = serializers.BooleanField()
    email = serializers.ChoiceField(choices=Email.choices)


class NotificationSettingsSerializer(serializers.Serializer):
    settings = NotificationSettingSerializer(many=True)


class NotificationSettingsUpdateSerializer(serializers.Serializer):
    settings = NotificationSettingSerializer(
        many=True, help_text="The kinds to change; those left out stay as they are."
    )

    def validate_settings(self, value: list[dict]) -> list[dict]:
        kinds = [item["kind"] for item in value]
        if len(kinds) != len(set(kinds)):
            raise serializers.ValidationError("Each kind at most once.")
        return value


def settings_answer(user) -> Response:
    rows = [
        {"kind": kind, "label": label, "enabled": enabled, "email": email}
        for kind, label, enabled, email in selectors.notification_settings(user=user)
    ]
    return Response(NotificationSettingsSerializer({"settings": rows}).data)


class NotificationPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class NotificationListView(ListAPIView):
    """Your notifications, the latest first, a page at a time."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self):
        mine = selectors.notification_list(user=self.request.user)
        if self.request.query_params.get("unread", "").lower() in ("1", "true", "yes"):
            mine = mine.filter(read_at=None)
        return mine

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", bool, description="Only the unread ones (true)."),
        ],
        responses={200: NotificationSerializer(many=True), **errors(401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationUnreadCountView(APIView):
    """How many of your notifications are unread (the bell's number)."""

    @extend_schema(responses={200: UnreadCountSerializer, **errors(401, 403)})
    def get(self, request):
        return Response({"unread": selectors.notification_unread_count(user=request.user)})


class NotificationReadView(APIView):
    """Mark one of your notifications read (again: no change)."""

    @extend_schema(request=None, responses={200: NotificationSerializer, **errors(401, 403, 404)})
    def post(self, request, pk: int):
        notification = selectors.notification_list(user=request.user).filter(pk=pk).first()
        if notification is None:
            raise NotFound(NOTIFICATION_NOT_FOUND.format(pk=pk))
        services.notification_mark_read(user=request.user, notification_id=pk)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class NotificationReadAllView(APIView):
    """Mark all your notifications read."""

    @extend_schema(request=None, responses={200: MarkedSerializer, **errors(401, 403)})
    def post(self, request):
        return Response({"marked": services.notification_mark_read(user=request.user)})


class NotificationSettingsView(APIView):
    """Your notification settings: each kind on or off, and how by email."""

    @extend_schema(responses={200: NotificationSettingsSerializer, **errors(401, 403)})
    def get(self, request):
        return settings_answer(request.user)

    @extend_schema(
        request=NotificationSettingsUpdateSerializer,
        responses={
            200: NotificationSettingsSerializer,
            **errors(401, 403),
            400: OpenApiResponse(
                errors(400)[400].response,
                description="An unknown kind or email choice, or a kind twice (`invalid`).",
            ),
        },
    )
    def patch(self, request):
        serializer = NotificationSettingsUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        choices = {
            item["kind"]: (item["enabled"], item["email"])
            for item in serializer.validated_data["settings"]
        }
        services.notification_settings_update(user=request.user, choices=choices)
        return settings_answer(request.user)


api_urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="api_notifications"),
    path(
        "notifications/unread-count/",
        NotificationUnreadCountView.as_view(),
        name="api_notifications_unread_count",
    ),
    path(
        "notifications/read-all/",
        NotificationReadAllView.as_view(),
        name="api_notifications_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        NotificationReadView.as_view(),
        name="api_notification_read",
    ),
    path(
        "notifications/settings/",
        NotificationSettingsView.as_view(),
        name="api_notification_settings",
    ),
]
