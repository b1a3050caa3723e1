"""The claim workspace: workflow actions, attribution, verdict, evidence, review, links."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import (
    AssignForm,
    AttributionForm,
    CorrectionForm,
    EvidenceForm,
    RelationDecisionForm,
    SkipForm,
    VerdictForm,
)
from ..models import Claim, ClaimRelation, Evidence, LibraryMatch, Verdict
from .common import (
    ASSIGNABLE,
    ATTRIBUTION_SAVED,
    CLAIM_ASSIGNED,
    CLAIM_PINNED,
    CLAIM_RELEASED,
    CLAIM_REQUEUED,
    CLAIM_SKIPPED,
    CLAIM_UNPINNED,
    DESK_ROLES,
    EDITOR,
    EVIDENCE_ADDED,
    EVIDENCE_REMOVED,
    FACT_CHECKER,
    REFUSALS,
    RELATION_DECIDED,
    REQUEUEABLE,
    ROLE_REQUIRED,
    SKIPPABLE,
    VERDICT_ADOPTED,
    VERDICT_CORRECTED,
    VERDICT_SAVED,
    attempt,
    refusal,
    role_required,
)


def workspace_form(request, claim: Claim, name: str, form, call: Callable, success, then=None):
    """Validate form, then call(form); on success redirect (to then, else the
    claim) with the success message (a string, or a function of the form).

    Invalid input and the service's refusal show the workspace again with the
    form (passed to the template as name) and its errors.
    """
    if form.is_valid():
        try:
            call(form)
        except REFUSALS as exc:
            form.add_error(None, refusal(exc))
        else:
            messages.success(request, success(form) if callable(success) else gettext(success))
            return redirect(then or claim)
    return workspace(request, claim, **{name: form})


# --- The claim workspace ---------------------------------------------------


def workspace_claim(claim_id: int) -> Claim:
    return get_object_or_404(selectors.claim_list_for_workspace(), pk=claim_id)


@require_GET
@role_required(*DESK_ROLES)
def claim_detail(request, claim_id: int):
    """The claim workspace."""
    return workspace(request, workspace_claim(claim_id))


def workspace(request, claim: Claim, **forms):
    """Render the workspace; forms given (bound, with errors) replace the blank ones."""
    user = request.user
    standing = selectors.verdict_get_standing(claim=claim)
    # Another's draft is theirs and the editors': say one exists, show nothing of it.
    visible = standing is not None and selectors.verdict_is_visible(verdict=standing, user=user)
    verdict = standing if visible else None
    withheld = standing if standing is not None and not visible else None
    holds = claim.queue_state == Claim.QueueState.ASSIGNED and claim.assigned_to_id == user.pk
    drafting = holds and (
        standing is None or (visible and standing.status == Verdict.Status.DRAFT)
    )
    verdict_initial = (
        {
            "rating": verdict.rating,
            "headline": verdict.headline,
            "rationale": verdict.rationale,
            "version": verdict.version,
        }
        if verdict
        else None
    )
    forms = {
        "verdict_form": VerdictForm(initial=verdict_initial),
        "evidence_form": EvidenceForm(),
        "skip_form": SkipForm(),
        "correction_form": CorrectionForm(initial=verdict_initial),
        **forms,
    }
    state, manages = claim.queue_state, user.has_perm("claims.manage_queue")
    # What to offer; the services decide what is allowed.
    statement = list(selectors.claim_list_statement(claim=claim))
    can = {
        "skip": verdict is None and (holds or manages and state in SKIPPABLE),
        "release": state == Claim.QueueState.ASSIGNED and (holds or manages),
        "assign": manages and state in ASSIGNABLE,
        "requeue": manages and state in REQUEUEABLE,
        "pin": manages and state == Claim.QueueState.QUEUED,
        "take": user.has_perm("claims.take_claim") and state in services.TAKEABLE_STATES,
        "take_statement": user.has_perm("claims.take_claim")
        and any(other.queue_state in services.TAKEABLE_STATES for other in statement),
        "review": verdict is not None
        and verdict.status in (Verdict.Status.SUBMITTED, Verdict.Status.APPROVED)
        and user.has_perm("claims.review_verdict"),
    }
    if can["assign"]:
        forms.setdefault("assign_form", AssignForm(users=selectors.user_list_factcheckers()))
    # The Actions card, unless it would be empty (the verdict's buttons sit in its card).
    show_actions = holds or user.has_perm("claims.take_claim") or any(
        can[name] for name in ("skip", "release", "assign", "requeue", "pin")
    )
    context = {
        "can": can,
        "show_actions": show_actions,
        "claim": claim,
        "article": claim.article,
        "verdict": verdict,
        "verdict_withheld": withheld,
        "holds": holds,
        "drafting": drafting,
        "can_correct_attribution": holds or user.has_perm("claims.change_claim"),
        "can_decide_relations": holds or user.has_perm("claims.change_claimrelation"),
        "related": selectors.claim_relation_list(claim=claim),
        "statement": statement,
        "library_matches": selectors.library_match_list(claim=claim),
        "can_decide_library": holds or user.has_perm("claims.change_librarymatch"),
        "suggestions": selectors.verdict_list_suggested(claim=claim) if drafting else [],
        "history": selectors.claim_history(claim=claim, user=user),
        "attribution_parts": AttributionForm.PARTS,
        # The part whose correction failed: its form opens with the input.
        "attribution_failed": forms["attribution_form"].data.get("part")
        if "attribution_form" in forms
        else None,
        **forms,
    }
    return render(request, "claims/claim_detail.html", context)


@require_POST
@role_required(*FACT_CHECKER, *EDITOR)
def claim_skip(request, claim_id: int):
    claim = workspace_claim(claim_id)
    return workspace_form(
        request,
        claim,
        "skip_form",
        SkipForm(request.POST),
        lambda form: services.claim_skip(claim=claim, by=request.user, **form.cleaned_data),
        success=lambda form: gettext(CLAIM_SKIPPED).format(
            claim=claim.pk, reason=form.reason_label()
        ),
        then="claims:desk",
    )


@require_POST
@role_required(*FACT_CHECKER, *EDITOR)
def claim_release(request, claim_id: int):
    claim = workspace_claim(claim_id)
    done = attempt(
        request,
        services.claim_release,
        claim=claim,
        by=request.user,
        success=gettext(CLAIM_RELEASED).format(claim=claim.pk),
    )
    return redirect("claims:desk") if done else redirect(claim)


@require_POST
@role_required(*EDITOR)
def claim_assign(request, claim_id: int):
    claim = workspace_claim(claim_id)
    return workspace_form(
        request,
        claim,
        "assign_form",
        AssignForm(request.POST, users=selectors.user_list_factcheckers()),
        lambda form: services.claim_assign(
            claim=claim, to=form.cleaned_data["to"], by=request.user
        ),
        success=lambda form: gettext(CLAIM_ASSIGNED).format(
            claim=claim.pk, user=form.cleaned_data["to"]
        ),
    )


@require_POST
@role_required(*EDITOR)
def claim_requeue(request, claim_id: int):
    claim = workspace_claim(claim_id)
    attempt(
        request,
        services.claim_requeue,
        claim=claim,
        by=request.user,
        success=gettext(CLAIM_REQUEUED).format(claim=claim.pk),
    )
    return redirect(claim)


@require_POST
@role_required(*EDITOR)
def claim_pin(request, claim_id: int):
    claim = workspace_claim(claim_id)
    pinned = request.POST.get("pinned") == "1"
    message = CLAIM_PINNED if pinned else CLAIM_UNPINNED
    attempt(
        request,
        services.claim_pin,
        claim=claim,
        by=request.user,
        pinned=pinned,
        success=gettext(message).format(claim=claim.pk),
    )
    return redirect(claim)


@require_POST
@role_required(*DESK_ROLES)
def claim_attribution(request, claim_id: int):
    """Correct one part of the claim's attribution in place."""
    claim = workspace_claim(claim_id)
    return workspace_form(
        request,
        claim,
        "attribution_form",
        AttributionForm(request.POST),
        lambda form: services.claim_correct_attribution(
            claim=claim, user=request.user, **form.correction()
        ),
        success=ATTRIBUTION_SAVED,
    )


@require_POST
@role_required(*FACT_CHECKER)
def claim_verdict(request, claim_id: int):
    """Start the claim's verdict, or save changes to its draft."""
    claim = workspace_claim(claim_id)
    verdict = selectors.verdict_get_standing(claim=claim)

    def save(form):
        if verdict is None:
            services.verdict_create(claim=claim, by=request.user, **form.content())
        else:
            version = form.cleaned_data["version"]
            services.verdict_update(
                verdict=verdict, by=request.user, version=version, **form.content()
            )

    return workspace_form(
        request, claim, "verdict_form", VerdictForm(request.POST), save, success=VERDICT_SAVED
    )


@require_POST
@role_required(*FACT_CHECKER)
def verdict_adopt(request, claim_id: int, verdict_id: int):
    """Copy a suggested verdict of the same claim into a new draft."""
    claim = workspace_claim(claim_id)
    suggestion = visible_verdict(request, verdict_id)
    attempt(
        request,
        services.verdict_adopt_suggestion,
        claim=claim,
        suggestion=suggestion,
        by=request.user,
        success=VERDICT_ADOPTED,
    )
    return redirect(claim)


def visible_verdict(request, verdict_id: int) -> Verdict:
    """Return the verdict if the user may read it; 404 as if it did not exist."""
    verdicts = selectors.verdict_list_visible(user=request.user).select_related("claim")
    return get_object_or_404(verdicts, pk=verdict_id)


@require_POST
@role_required(*FACT_CHECKER)
def evidence_add(request, verdict_id: int):
    verdict = visible_verdict(request, verdict_id)
    return workspace_form(
        request,
        workspace_claim(verdict.claim_id),
        "evidence_form",
        EvidenceForm(request.POST),
        lambda form: services.evidence_add(verdict=verdict, by=request.user, **form.cleaned_data),
        success=EVIDENCE_ADDED,
    )


@require_POST
@role_required(*FACT_CHECKER)
def evidence_remove(request, evidence_id: int):
    evidence = get_object_or_404(
        Evidence.objects.select_related("verdict__claim").filter(
            verdict__in=selectors.verdict_list_visible(user=request.user)
        ),
        pk=evidence_id,
    )
    attempt(
        request,
        services.evidence_remove,
        evidence=evidence,
        by=request.user,
        success=EVIDENCE_REMOVED,
    )
    return redirect(evidence.verdict.claim)


# Each verdict action: the role it needs, its service, whether the service
# takes a note, and the message on success.
VERDICT_ACTIONS = {
    "submit": (
        FACT_CHECKER,
        services.verdict_submit,
        True,
        gettext_noop("Verdict submitted for review."),
    ),
    "reopen": (
        FACT_CHECKER,
        services.verdict_reopen,
        False,
        gettext_noop("Verdict reopened as a draft."),
    ),
    "request_changes": (
        ("claims.review_verdict",),
        services.verdict_request_changes,
        True,
        gettext_noop("Verdict sent back to its fact-checker."),
    ),
    "approve": (
        ("claims.review_verdict",),
        services.verdict_approve,
        True,
        gettext_noop("Verdict approved."),
    ),
    "publish": (
        ("claims.publish_verdict",),
        services.verdict_publish,
        False,
        gettext_noop("Verdict published."),
    ),
    "retract": (
        ("claims.correct_verdict",),
        services.verdict_retract,
        True,
        gettext_noop("Verdict retracted."),
    ),
}


@require_POST
@login_required
def verdict_action(request, verdict_id: int, action: str):
    """Move a verdict through its workflow: submit, approve, publish, …"""
    if action not in VERDICT_ACTIONS:
        raise Http404(action)
    perms, service, takes_note, success = VERDICT_ACTIONS[action]
    if not any(request.user.has_perm(perm) for perm in perms):
        raise PermissionDenied(gettext(ROLE_REQUIRED))
    verdict = visible_verdict(request, verdict_id)
    kwargs = {"note": request.POST.get("note", "")} if takes_note else {}
    done = attempt(request, service, verdict=verdict, by=request.user, success=success, **kwargs)
    if done and action == "submit":
        return redirect("claims:desk")
    return redirect(verdict.claim)


@require_POST
@role_required("claims.correct_verdict")
def verdict_correct(request, verdict_id: int):
    """Correct a published verdict, saying what changed and why."""
    verdict = visible_verdict(request, verdict_id)
    return workspace_form(
        request,
        workspace_claim(verdict.claim_id),
        "correction_form",
        CorrectionForm(request.POST),
        lambda form: services.verdict_correct(
            verdict=verdict, by=request.user, note=form.cleaned_data["note"], **form.content()
        ),
        success=VERDICT_CORRECTED,
    )


@require_POST
@role_required(*DESK_ROLES)
def relation_decide(request, claim_id: int, relation_id: int):
    """Confirm or reject a related claim, from the workspace of claim_id."""
    relation = get_object_or_404(ClaimRelation, pk=relation_id)
    if claim_id not in (relation.claim_id, relation.other_id):
        raise Http404("This relation does not involve that claim.")
    return link_decide(request, claim_id, services.claim_relation_decide, relation=relation)


@require_POST
@role_required(*DESK_ROLES)
def library_match_decide(request, claim_id: int, match_id: int):
    """Confirm or reject that claim_id repeats a checked claim of the library."""
    match = get_object_or_404(LibraryMatch, pk=match_id, claim_id=claim_id)
    return link_decide(request, claim_id, services.library_match_decide, match=match)


def link_decide(request, claim_id: int, decide, **link):
    """Record the posted decision on a suggested link; back to the workspace."""
    form = RelationDecisionForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        attempt(
            request,
            decide,
            user=request.user,
            decision=decision,
            success=gettext(RELATION_DECIDED).format(
                decision=ClaimRelation.Decision(decision).label.lower()
            ),
            **link,
        )
    return redirect("claims:claim_detail", claim_id)
