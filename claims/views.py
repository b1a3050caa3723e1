"""Web views: thin adapters around services and selectors.

Every view needs login and a role (a permission of the role's group); the
services check the rules again and their refusals become messages or form
errors. Forms that keep the user on the claim workspace are sent by htmx,
which swaps in the workspace from the page the view redirects to; without
JavaScript the same forms post and redirect as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .forms import (
    ArticleSubmitForm,
    AssignForm,
    AttributionForm,
    CorrectionForm,
    DateRangeForm,
    EvidenceForm,
    QueueFilterForm,
    RelationDecisionForm,
    SearchForm,
    SkipForm,
    VerdictForm,
)
from .highlighting import article_segments
from .models import Article, Claim, ClaimRelation, Evidence, LibraryMatch, Verdict
from .pagination import CappedPaginator, keyset_page
from .selectors.search import FACET_LIMIT
from .ratings import rating_scale
from .roles import NEWSROOM_PERMISSIONS
from .services import WorkflowError

ARTICLE_ALREADY_SUBMITTED = "This text was submitted before; here is the existing article."
ROLE_REQUIRED = "Your role does not include this page or action."
QUEUE_EMPTY = "The queue is empty: there is no claim for you to take."
CLAIM_TAKEN = "Claim {claim} is yours for {minutes} minutes."
STATEMENT_TAKEN = "{count} claims of this statement are yours, each under its own lease."
CLAIM_SKIPPED = "Claim {claim} skipped: {reason}."
CLAIM_RELEASED = "Claim {claim} is back in the queue."
CLAIM_ASSIGNED = "Claim {claim} is assigned to {user}."
CLAIM_REQUEUED = "Claim {claim} is back in the queue."
CLAIM_PINNED = "Claim {claim} is pinned to the top of the queue."
CLAIM_UNPINNED = "Claim {claim} is unpinned."
ATTRIBUTION_SAVED = "Attribution corrected."
VERDICT_SAVED = "Verdict draft saved."
VERDICT_ADOPTED = "Suggested verdict copied into a new draft; review it before submitting."
EVIDENCE_ADDED = "Evidence added."
EVIDENCE_REMOVED = "Evidence removed."
RELATION_DECIDED = "Related claim marked {decision}."
VERDICT_CORRECTED = "Verdict corrected; readers see the new revision."
QUEUE_PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 25

SKIPPABLE = (Claim.QueueState.QUEUED, Claim.QueueState.ASSIGNED)
REQUEUEABLE = (Claim.QueueState.SKIPPED, Claim.QueueState.BELOW_THRESHOLD)
ASSIGNABLE = (*SKIPPABLE, *REQUEUEABLE)

# A role is the permission its group holds; any one of them admits.
DESK_ROLES = NEWSROOM_PERMISSIONS
FACT_CHECKER = ("claims.take_claim",)
EDITOR = ("claims.manage_queue",)


def role_required(*perms: str) -> Callable:
    """Require login, then any one of perms; otherwise answer 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied(ROLE_REQUIRED)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def refusal(exc: Exception) -> str:
    """Return the readable message of a service's refusal."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


REFUSALS = (PermissionDenied, WorkflowError, ValidationError)


def attempt(request, service: Callable, /, *, success: str = "", **kwargs) -> bool:
    """Call service and say whether it went through; a refusal becomes an
    error message, success the success message."""
    try:
        service(**kwargs)
    except REFUSALS as exc:
        messages.error(request, refusal(exc))
        return False
    if success:
        messages.success(request, success)
    return True


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
            messages.success(request, success(form) if callable(success) else success)
            return redirect(then or claim)
    return workspace(request, claim, **{name: form})


# --- The desk --------------------------------------------------------------


@require_GET
@role_required(*DESK_ROLES)
def desk(request):
    """My claims, take next, the editors' review lists, the queue, counts."""
    user = request.user
    context = queue_context(request)
    context["counts"] = state_counts(selectors.claim_count_by_state_for_desk())
    if user.has_perm("claims.take_claim"):
        context["my_claims"] = with_checked_before(selectors.claim_list_assigned(user=user))
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


def queue_context(request) -> dict:
    """The queue's page after (or before) the claim of the query string's
    `after` (`before`): read by keyset, never counted past COUNT_LIMIT."""
    form = QueueFilterForm(request.GET or None)
    claims = selectors.claim_list_queue(**form.filters())
    page = keyset_page(
        claims,
        ordering=form.ordering() or selectors.QUEUE_ORDER,
        size=QUEUE_PAGE_SIZE,
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
        messages.info(request, QUEUE_EMPTY)
        return redirect("claims:desk")
    minutes = round(claim.lease_remaining.total_seconds() / 60)
    messages.success(request, CLAIM_TAKEN.format(claim=claim.pk, minutes=minutes))
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
    messages.success(request, CLAIM_TAKEN.format(claim=claim.pk, minutes=minutes))
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
    messages.success(request, STATEMENT_TAKEN.format(count=len(taken)))
    return redirect(claim)


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
        success=lambda form: CLAIM_SKIPPED.format(claim=claim.pk, reason=form.reason_label()),
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
        success=CLAIM_RELEASED.format(claim=claim.pk),
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
        success=lambda form: CLAIM_ASSIGNED.format(claim=claim.pk, user=form.cleaned_data["to"]),
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
        success=CLAIM_REQUEUED.format(claim=claim.pk),
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
        success=message.format(claim=claim.pk),
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
    "submit": (FACT_CHECKER, services.verdict_submit, True, "Verdict submitted for review."),
    "reopen": (FACT_CHECKER, services.verdict_reopen, False, "Verdict reopened as a draft."),
    "request_changes": (
        ("claims.review_verdict",),
        services.verdict_request_changes,
        True,
        "Verdict sent back to its fact-checker.",
    ),
    "approve": (("claims.review_verdict",), services.verdict_approve, True, "Verdict approved."),
    "publish": (("claims.publish_verdict",), services.verdict_publish, False, "Verdict published."),
    "retract": (("claims.correct_verdict",), services.verdict_retract, True, "Verdict retracted."),
}


@require_POST
@login_required
def verdict_action(request, verdict_id: int, action: str):
    """Move a verdict through its workflow: submit, approve, publish, …"""
    if action not in VERDICT_ACTIONS:
        raise Http404(action)
    perms, service, takes_note, success = VERDICT_ACTIONS[action]
    if not any(request.user.has_perm(perm) for perm in perms):
        raise PermissionDenied(ROLE_REQUIRED)
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
            success=RELATION_DECIDED.format(decision=decision),
            **link,
        )
    return redirect("claims:claim_detail", claim_id)


# --- Articles --------------------------------------------------------------


@require_GET
@role_required("claims.view_article")
def article_list(request):
    articles = selectors.article_list().defer("text").order_by("-created_at", "-id")
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    return render(request, "claims/article_list.html", {"articles": page, "page": page})


@role_required("claims.add_article")
def article_submit(request):
    form = ArticleSubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.article_submit(
            text=data["text"],
            title=data["title"],
            outlet=data["outlet"],
            url=data["url"],
            author=data["author"],
            published_on=data["published_on"],
            submitted_by=request.user,
            source=Article.Source.WEB,
        )
        if not result.created:
            messages.info(request, ARTICLE_ALREADY_SUBMITTED)
        elif not result.queued:
            messages.warning(request, services.ARTICLE_STORED_NOT_QUEUED)
        return redirect(result.article)
    return render(request, "claims/article_submit.html", {"form": form})


@require_GET
@role_required("claims.view_article")
def article_detail(request, article_id: int):
    """The article with every claim highlighted, coloured by state or verdict."""
    article = get_object_or_404(selectors.article_list(), pk=article_id)
    claims = list(selectors.claim_list_marked(article=article))
    context = {
        "article": article,
        "claims": claims,
        "segments": article_segments(article, claims),
        "ratings": rating_scale(),
        "states": Claim.QueueState.choices,
    }
    return render(request, "claims/article_detail.html", context)


@require_GET
@role_required("claims.view_article")
def article_progress(request, article_id: int):
    """The processing progress alone, polled by the article page (htmx).

    When processing has finished, the page reloads to show the claims.
    """
    article = get_object_or_404(selectors.article_list(), pk=article_id)
    response = render(request, "claims/_progress.html", {"article": article})
    if article.is_finished:
        response["HX-Refresh"] = "true"
    return response


@require_GET
@role_required("claims.view_article")
def article_status(request, article_id: int):
    """Processing status as JSON, for scripts."""
    article = get_object_or_404(selectors.article_list(), pk=article_id)
    return JsonResponse(
        {
            "id": article.pk,
            "status": article.status,
            "progress": article.progress,
            "error": article.error,
            "claim_count": article.claim_count,
        }
    )


@require_POST
@role_required("claims.add_article")
def article_retry(request, article_id: int):
    article = get_object_or_404(selectors.article_list(), pk=article_id)
    try:
        services.article_retry(article=article)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect(article)


# --- Search and dashboard --------------------------------------------------


@require_GET
@role_required("claims.view_claim")
def search(request):
    """Full text over claims and articles, with facets."""
    form = SearchForm(request.GET or None)
    filters = form.filters()
    claims = selectors.claim_search(**filters)
    article_filters = {k: filters[k] for k in ("query", "outlet", "date_from", "date_to")}
    context = {
        "form": form,
        "claims": CappedPaginator(claims, SEARCH_PAGE_SIZE).get_page(request.GET.get("page")),
        "facet_limit": FACET_LIMIT,
        "articles": selectors.article_search(**article_filters)[:10],
        "facets": [
            (facet, request.GET.get(facet.name, ""))
            for facet in selectors.claim_search_facets(claims=claims)
        ],
    }
    return render(request, "claims/search.html", context)


@require_GET
@role_required(*EDITOR)
def dashboard(request):
    """Backlog, verdicts by rating, time to verdict and load, for a period."""
    form = DateRangeForm(request.GET or None)
    figures = selectors.dashboard_figures(**form.period())
    load = figures.load
    context = {
        "form": form,
        "computed_at": figures.computed_at,
        "backlog": [(label, n) for _, label, n in state_counts(figures.backlog)],
        "by_rating": [(rating.name, n) for rating, n in figures.by_rating],
        "time_to_verdict": figures.time_to_verdict,
        "load": load,
        "load_chart": [
            (str(item.user), [item.in_hand, item.in_review, item.submitted]) for item in load
        ],
        "same_thresholds": "library {}, other articles {}".format(
            selectors.library_thresholds()[1], selectors.related_thresholds()[1]
        ),
        "link_chart": [
            (band.label, [band.confirmed, band.rejected, band.pending])
            for band in figures.link_decisions
        ],
    }
    return render(request, "claims/dashboard.html", context)
