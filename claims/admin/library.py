"""The library of checked claims and its matches in the admin."""

from __future__ import annotations

from django.contrib import admin

from ..models import (
    CheckedClaim,
    LibraryMatch,
)


@admin.register(LibraryMatch)
class LibraryMatchAdmin(admin.ModelAdmin):
    """Claims found to repeat a checked claim; the desk decides in the workspace."""

    list_display = ["id", "claim", "checked_claim", "tier", "score", "decision", "decided_by"]
    list_filter = ["tier", "decision", "checked_claim__source"]
    search_fields = ["claim__text", "checked_claim__text"]
    list_select_related = ["claim", "checked_claim", "decided_by"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "checked_claim"]
    readonly_fields = ["score", "similarity", "tier", "decided_by", "decided_at", "created_at"]


@admin.register(CheckedClaim)
class CheckedClaimAdmin(admin.ModelAdmin):
    """The checked-claims library; rows come from the import commands and
    from the desk's published verdicts (source desk)."""

    list_display = ["id", "text", "verdict", "speaker", "source", "reviewer", "published_on"]
    list_filter = ["source", "verdict", "published_on", "withdrawn_at"]
    search_fields = ["text", "title", "speaker", "external_id", "url", "reviewer"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "source",
        "external_id",
        "desk_verdict",
        "withdrawn_at",
        "created_at",
        "updated_at",
    ]


# --- Verdicts ------------------------------------------------------------------------
