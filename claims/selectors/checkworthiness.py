"""Reads: what the desk's decisions teach the check-worthiness model (#6)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Claim, ClaimSkip, Verdict

# A verdict that reached review means someone took the claim and checked
# it: the desk judged it check-worthy. A bare draft may yet be abandoned.
CHECKED_STATUSES = tuple(s for s in Verdict.Status.values if s != Verdict.Status.DRAFT)


@dataclass(frozen=True)
class CheckworthinessFeedback:
    """Claim texts labelled by the desk: 1 checked, 0 skipped as not worth it."""

    pairs: list[tuple[str, int]]
    checked: int
    not_check_worthy: int


def checkworthiness_feedback_list() -> CheckworthinessFeedback:
    """Return the desk's check-worthiness decisions as (text, label) pairs.

    Positive: a claim with a verdict past draft (submitted, approved,
    published, corrected, even retracted: the claim was still worth
    checking). Negative: a claim skipped as "not check-worthy" that nobody
    checked. A text that recurs counts once, checked if checked anywhere.
    """
    checked = set(
        Claim.objects.filter(verdicts__status__in=CHECKED_STATUSES).values_list(
            "text", flat=True
        )
    )
    skipped = set(
        Claim.objects.filter(skips__reason=ClaimSkip.Reason.NOT_CHECK_WORTHY).values_list(
            "text", flat=True
        )
    )
    checked = {text for text in checked if text.strip()}
    skipped = {text for text in skipped if text.strip()} - checked
    pairs = [(text, 1) for text in sorted(checked)] + [(text, 0) for text in sorted(skipped)]
    return CheckworthinessFeedback(
        pairs=pairs, checked=len(checked), not_check_worthy=len(skipped)
    )
