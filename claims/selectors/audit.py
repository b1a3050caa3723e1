"""Reads: the audit trail of a claim, its verdicts and their evidence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from ..models import Claim, Evidence, Verdict
from ..roles import READ_ALL_VERDICTS
from .verdicts import verdict_list_visible

# Machine fields that change with every save and tell a reader nothing.
UNTRACKED_FIELDS = {"updated_at", "version", "rationale_html"}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change: who, when, to what, and each field before and after."""

    at: datetime.datetime
    user: AbstractBaseUser | None
    kind: str  # "claim", "verdict" or "evidence"
    object_id: int
    action: str  # "created", "changed" or "deleted"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def claim_history(
    *, claim: Claim, user: AbstractBaseUser | AnonymousUser | None = None
) -> list[HistoryEntry]:
    """Return every recorded change to claim, its verdicts and their evidence,
    oldest first, including verdicts and evidence deleted since.

    With user, verdicts user may not read (another's draft) and their
    evidence are left out (verdict_list_visible). A creation lists the fields
    it set; a change lists the fields it changed. Foreign keys appear as ids.
    """
    verdict_ids = set(Verdict.history.filter(claim_id=claim.pk).values_list("id", flat=True))
    if user is not None and not user.has_perm(READ_ALL_VERDICTS):
        # A deleted verdict has no row left to judge by: only editors see it.
        visible = verdict_list_visible(user=user).filter(pk__in=verdict_ids)
        verdict_ids = set(visible.values_list("pk", flat=True))
    sources = [
        ("claim", Claim.history.filter(id=claim.pk)),
        ("verdict", Verdict.history.filter(id__in=verdict_ids)),
        ("evidence", Evidence.history.filter(verdict_id__in=verdict_ids)),
    ]
    entries = []
    for kind, records in sources:
        previous = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            entries.append(
                HistoryEntry(
                    at=record.history_date,
                    user=record.history_user,
                    kind=kind,
                    object_id=record.id,
                    action=ACTIONS[record.history_type],
                    reason=record.history_change_reason or "",
                    changes=record_changes(record, before),
                )
            )
            previous[record.id] = record
    entries.sort(key=lambda entry: entry.at)
    return entries


def record_changes(record, before) -> list[FieldChange]:
    """Return the fields record set or changed.

    Claims stored in bulk (by extraction) have no creation row, so their
    first row can show no change: what it changed from is unknown.
    """
    if before is not None:
        delta = record.diff_against(before, excluded_fields=UNTRACKED_FIELDS)
        return [FieldChange(change.field, change.old, change.new) for change in delta.changes]
    if record.history_type != "+":
        return []
    return [
        FieldChange(f.name, None, value)
        for f in record.tracked_fields
        if f.editable
        and f.name not in UNTRACKED_FIELDS
        and (value := getattr(record, f.attname)) not in (None, "", [])
    ]
