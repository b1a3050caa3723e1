"""Reads of the sources app."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Source


def source_list_health(*, now: datetime.datetime | None = None) -> QuerySet[Source]:
    """Return every source with `items_week`: the articles its entries
    created in the last 7 days (the Sources page's health columns)."""
    since = (now or timezone.now()) - datetime.timedelta(days=7)
    return Source.objects.annotate(
        items_week=Count("entries", filter=Q(entries__created=True, entries__seen_at__gte=since))
    ).order_by("-active", "name", "pk")
