"""Adopt a library match as a suggestion (issue #24): a draft verdict from a checked claim."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..models import CheckedClaim, ClaimRelation, Evidence, LibraryMatch, Verdict
from .common import WorkflowError
from .ui import library_match_decide
from .verdicts import evidence_store, verdict_create

LIBRARY_MATCH_NOT_ADOPTABLE = (
    "Checked claim {check} cannot be adopted for claim {claim}: the match was rejected"
    " or the check withdrawn."
)
ADOPTED_RATIONALE = (
    "Checked before{by}{on}: **{verdict}**.\n\n> {text}\n\nAdopted from the library of checked"
    " claims; review it against this claim before submitting."
)


def library_match_adopt(*, match: LibraryMatch, by: AbstractBaseUser) -> Verdict:
    """Start a draft verdict on the match's claim from the checked claim, as
    `verdict_adopt_suggestion` does from a related claim's verdict (issue #24).

    The draft takes the check's rating where it names one of the scale's
    (else none: the fact-checker chooses), its headline, a rationale quoting
    it, and its fact-check page as evidence; a check of this desk's own
    verdict is recorded as adopted from that verdict. The match is
    confirmed. Only the claim's holder may (verdict_create's rules); a
    rejected match or a withdrawn check is refused. The draft still goes
    through review like any other.
    """
    check = match.checked_claim
    if match.decision == ClaimRelation.Decision.REJECTED or check.withdrawn_at is not None:
        raise WorkflowError(
            LIBRARY_MATCH_NOT_ADOPTABLE.format(check=check.pk, claim=match.claim_id)
        )
    reason = f"Adopted from checked claim {check.pk}"
    with transaction.atomic():
        verdict = verdict_create(
            claim=match.claim,
            by=by,
            rating=_scale_rating(check.verdict),
            headline=(check.title or check.text)[:300],
            rationale=ADOPTED_RATIONALE.format(
                by=f" by {check.reviewer}" if check.reviewer else "",
                on=f" ({check.published_on:%Y-%m-%d})" if check.published_on else "",
                verdict=check.verdict or "rating not given",
                text=" ".join(check.text.split()),
            ),
            adopted_from=_desk_verdict(check),
        )
        if check.url:
            evidence_store(
                verdict=verdict,
                by=by,
                reason=reason,
                url=check.url,
                title=(check.title or check.reviewer or check.url)[:500],
                excerpt=check.text,
                stance=Evidence.Stance.CONTEXT,
            )
        if match.decision != ClaimRelation.Decision.CONFIRMED:
            library_match_decide(match=match, user=by, decision=ClaimRelation.Decision.CONFIRMED)
    return verdict


def _scale_rating(name: str) -> str:
    """Return the key of the scale's rating named name (or keyed), else ""."""
    from ..ratings import rating_scale

    wanted = " ".join(name.lower().replace("_", " ").replace("-", " ").split())
    for rating in rating_scale():
        if wanted in (rating.name.lower(), rating.key.replace("_", " ")):
            return rating.key
    return ""


def _desk_verdict(check: CheckedClaim) -> Verdict | None:
    """This desk's published verdict behind a check of source "desk"."""
    if check.source != "desk" or not str(check.external_id).isdigit():
        return None
    return Verdict.objects.filter(pk=int(check.external_id)).first()
