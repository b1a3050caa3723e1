"""Adopt a library match as a draft verdict (issue #24), as a related claim's verdict is."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ..models import LibraryMatch
from ..services.library_adopt import library_match_adopt
from .common import FACT_CHECKER, attempt, role_required
from .workspace import workspace_claim

LIBRARY_MATCH_ADOPTED = gettext_noop(
    "The checked claim's verdict is now your draft: review it against this claim."
)


@require_POST
@role_required(*FACT_CHECKER)
def library_match_adopt_view(request, claim_id: int, match_id: int):
    """Start the claim's draft verdict from a checked claim it matches."""
    claim = workspace_claim(claim_id)
    match = get_object_or_404(
        LibraryMatch.objects.select_related("checked_claim", "claim"), pk=match_id, claim=claim
    )
    attempt(
        request, library_match_adopt, match=match, by=request.user, success=LIBRARY_MATCH_ADOPTED
    )
    return redirect(claim)
