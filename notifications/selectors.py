"""Reads: a person's notifications, unread count and settings."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import Email, Kind, Notification, NotificationSetting

DEFAULT_CHOICE = (True, Email.IMMEDIATE)


def notification_list(*, user: AbstractBaseUser) -> QuerySet[Notification]:
    """Return user's notifications, the latest first, with their claims
    (or sources)."""
    return (
        Notification.objects.filter(user=user)
        .select_related("claim", "source")
        .only(
            "id", "kind", "message", "created_at", "read_at", "emailed_at",
            "claim__id", "claim__text", "source__id", "source__name",
        )
        .order_by("-created_at", "-id")
    )


def notification_unread_count(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()


def notification_preferences(*, user_ids: list[int], kind: str) -> dict[int, tuple[bool, str]]:
    """Return (enabled, email) per user for kind; on and at once by default."""
    chosen = dict.fromkeys(user_ids, DEFAULT_CHOICE)
    rows = NotificationSetting.objects.filter(user_id__in=user_ids, kind=kind)
    for user_id, enabled, email in rows.values_list("user_id", "enabled", "email"):
        chosen[user_id] = (enabled, email)
    return chosen


def notification_settings(*, user: AbstractBaseUser) -> list[tuple[str, str, bool, str]]:
    """Return (kind, label, enabled, email) for every kind, defaults filled in."""
    stored = {
        kind: (enabled, email)
        for kind, enabled, email in NotificationSetting.objects.filter(user=user).values_list(
            "kind", "enabled", "email"
        )
    }
    return [(kind, label, *stored.get(kind, DEFAULT_CHOICE)) for kind, label in Kind.choices]
