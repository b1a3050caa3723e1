"""Pages and downloads outside the fact-checkers' workspace.

Public, no login: a published verdict's page (with its ClaimReview JSON-LD)
and the ClaimReview feed, what readers and partners are meant to read.
A newsroom role, as every other page: CSV and JSON Lines exports, and verdict
reports as HTML or PDF. All take the filters of VerdictFilterForm.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_safe

from . import selectors
from .claimreview import claimreview_from_verdict, jsonld_script, organization
from .exports import VerdictFilterForm, export_response
from .ratings import rating_get
from .reports import rating_colour, report_build, report_html, report_pdf
from .views import DESK_ROLES, role_required


# The public pages are self-contained (also rendered to PDF): their CSS is
# inline, and ratings are coloured by style attributes. Styles only; scripts
# stay 'self' (the JSON-LD block is data, never run).
inline_styles = csp_update({"style-src": ["'unsafe-inline'"]})


@inline_styles
@require_GET
def verdict_public(request, verdict_id: int):
    """A verdict as readers see it; a retracted one shows its retraction note."""
    verdict = selectors.verdict_get_public_page(verdict_id=verdict_id)
    if verdict is None:
        raise Http404("No published verdict with this number.")
    retraction = None
    if not verdict.is_public:
        retraction = verdict.status_changes.filter(new_status=verdict.status).last()
    rating = rating_get(verdict.rating)
    context = {
        "verdict": verdict,
        "rating": rating,
        "colour": rating_colour(rating),
        "retraction": retraction,
        "organization": organization(request=request),
        "jsonld": jsonld_script(claimreview_from_verdict(verdict, request=request)) if verdict.is_public else "",
    }
    # In the claim's language when the interface has it, else in English,
    # whoever reads it (issue #26).
    language = verdict_page_language(verdict)
    with translation.override(language):
        response = render(request, "claims/public/verdict.html", context)
    response.headers["Content-Language"] = language  # LocaleMiddleware keeps it
    return response


def verdict_page_language(verdict) -> str:
    """The public page's language: the claim's, if the interface speaks it."""
    language = (verdict.claim.language_code or "").split("-")[0].lower()
    return language if language in dict(settings.LANGUAGES) else "en"


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for on pages that name no icon (the
    admin, the API's JSON): the site's SVG icon."""
    return HttpResponsePermanentRedirect(static("claims/favicon.svg"))


def filtered_verdicts(request):
    """Return (form, verdicts) for the query string's filters; verdicts is
    None when the form is invalid."""
    form = VerdictFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, selectors.verdict_list_published(**form.selector_kwargs())


@require_GET
def claimreview_feed(request):
    """Every published verdict as ClaimReview JSON-LD, streamed."""
    form, verdicts = filtered_verdicts(request)
    if verdicts is None:
        return HttpResponseBadRequest(form.first_error(), content_type="text/plain")
    return export_response(verdicts, "claimreview", request=request)


@require_GET
@role_required(*DESK_ROLES)
def verdict_export(request, fmt: str):
    """Published verdicts as a CSV or JSON Lines download, streamed."""
    form, verdicts = filtered_verdicts(request)
    if verdicts is None:
        return HttpResponseBadRequest(form.first_error(), content_type="text/plain")
    return export_response(verdicts, fmt, request=request)


@inline_styles
@require_GET
@role_required(*DESK_ROLES)
def verdict_report(request, as_pdf: bool = False):
    """A report of the verdicts on one article (?article=) or in a period
    (?date_from=&date_to=), with a chart of their ratings."""
    form, verdicts = filtered_verdicts(request)
    if verdicts is None:
        return HttpResponseBadRequest(form.first_error(), content_type="text/plain")
    filters = form.cleaned_data
    article = None
    if filters["article"]:
        article = get_object_or_404(selectors.article_list(), pk=filters["article"])
    report = report_build(
        verdicts=verdicts,
        article=article,
        date_from=filters["date_from"],
        date_to=filters["date_to"],
    )
    if not as_pdf:
        return HttpResponse(report_html(report, request=request))
    response = HttpResponse(report_pdf(report, request=request), content_type="application/pdf")
    name = f"verdicts-article-{article.pk}" if article else "verdicts"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
