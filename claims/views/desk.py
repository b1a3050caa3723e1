"""The desk: the queue, its counts, and taking claims."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import (
    QueueFilterForm,
)
from ..models import Claim, Verdict
from ..pagination import keyset_page
from .common import (
    CLAIM_TAKEN,
    DESK_ROLES,
    FACT_CHECKER,
    QUEUE_EMPTY,
    QUEUE_PAGE_SIZE,
    REFUSALS,
    STATEMENT_TAKEN,
    refusal,
    role_required,
)
from .workspace import workspace_claim

# --- The desk --------------------------------------------------------------

MY_CLAIMS_SHOWN = 25
# The desk page shows the queue's first 25 claims; its pages and filters
# (htmx) then read QUEUE_PAGE_SIZE at a time (issue #22: rendering rows is
# most of the desk's time).
DESK_QUEUE_SHOWN = 25


@require_GET
@role_required(*DESK_ROLES)
def desk(request):
    """My claims, take next, the editors' review lists, the queue, counts."""
    user = request.user
    context = queue_context(request, size=DESK_QUEUE_SHOWN)
    context["counts"] = state_counts(selectors.claim_count_by_state_for_desk())
    if user.has_perm("claims.take_claim"):
        # The soonest leases first; past MY_CLAIMS_SHOWN, how many more (in
        # review mostly), which the queue lists by state (issue #22: a page
        # of hundreds of rows costs more than the rest of the desk).
        mine = selectors.claim_list_assigned(user=user)
        context["my_claims"] = with_checked_before(mine[: MY_CLAIMS_SHOWN + 1])
        if len(context["my_claims"]) > MY_CLAIMS_SHOWN:
            context["my_claims"] = context["my_claims"][:MY_CLAIMS_SHOWN]
            context["my_claims_more"] = mine.count() - MY_CLAIMS_SHOWN
    if user.has_perm("claims.review_verdict"):
        approved = Verdict.Status.APPROVED
        context["to_review"] = selectors.verdict_list_for_review()[:50]
        context["to_publish"] = selectors.verdict_list_for_review(status=approved)[:50]
    context["published"] = selectors.verdict_list_recently_published()
    return render(request, "claims/desk.html", context)


@require_GET
@role_required(*DESK_ROLES)
def desk_queue(request):
    """The queue alone, for the desk's filters (htmx)."""
    return render(request, "claims/_queue.html", queue_context(request))


def state_counts(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(state, Claim.QueueState(state).label, n) for state, n in counts.items()]


def queue_context(request, size: int = QUEUE_PAGE_SIZE) -> dict:
    """The queue's page after (or before) the claim of the query string's
    `after` (`before`): read by keyset, never counted past COUNT_LIMIT."""
    form = QueueFilterForm(request.GET or None)
    claims = selectors.claim_list_queue(**form.filters())
    page = keyset_page(
        claims,
        ordering=form.ordering() or selectors.QUEUE_ORDER,
        size=size,
        after=id_param(request, "after"),
        before=id_param(request, "before"),
    )
    page.object_list = with_checked_before(page.object_list)
    return {"queue_form": form, "queue_page": page}


def id_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def with_checked_before(claims) -> list[Claim]:
    """Return the claims, each with `checked_before`: the library's verdict on
    the same claim, if one was found and not rejected."""
    claims = list(claims)
    found = selectors.library_checks_for(claim_ids=[claim.pk for claim in claims])
    for claim in claims:
        claim.checked_before = found.get(claim.pk)
    return claims


@require_POST
@role_required(*FACT_CHECKER)
def claim_take_next(request):
    try:
        claim = services.claim_take_next(by=request.user)
    except REFUSALS as exc:
        messages.error(request, refusal(exc))
        return redirect("claims:desk")
    if claim is None:
        messages.info(request, gettext(QUEUE_EMPTY))
        return redirect("claims:desk")
    minutes = round(claim.lease_remaining.total_seconds() / 60)
    messages.success(request, gettext(CLAIM_TAKEN).format(claim=claim.pk, minutes=minutes))
    return redirect(claim)


@require_POST
@role_required(*FACT_CHECKER)
def claim_take(request, claim_id: int):
    """Take this claim (queued or below the threshold), as Take next would."""
    claim = workspace_claim(claim_id)
    try:
        claim = services.claim_take(claim=claim, by=request.user)
    except REFUSALS as exc:
        messages.error(request, refusal(exc))
        return redirect(claim)
    minutes = round(claim.lease_remaining.total_seconds() / 60)
    messages.success(request, gettext(CLAIM_TAKEN).format(claim=claim.pk, minutes=minutes))
    return redirect(claim)


@require_POST
@role_required(*FACT_CHECKER)
def claim_take_statement(request, claim_id: int):
    """Take this claim and the other sentences of its statement, to check
    them as a group."""
    claim = workspace_claim(claim_id)
    try:
        taken = services.claim_take_statement(claim=claim, by=request.user)
    except REFUSALS as exc:
        messages.error(request, refusal(exc))
        return redirect(claim)
    messages.success(request, gettext(STATEMENT_TAKEN).format(count=len(taken)))
    return redirect(claim)
