"""Search and the dashboard."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import (
    DateRangeForm,
    SearchForm,
)
from ..pagination import CappedPaginator
from ..selectors.search import FACET_LIMIT, MODES, library_hits
from .common import (
    EDITOR,
    SEARCH_PAGE_SIZE,
    role_required,
)
from .desk import state_counts

# --- Search and dashboard --------------------------------------------------


@require_GET
@role_required("claims.view_claim")
def search(request):
    """Full text or meaning (issue #24) over claims, articles and the
    library of checked claims, with facets."""
    form = SearchForm(request.GET or None)
    filters = form.filters()
    mode = request.GET.get("mode", "keyword")
    mode = mode if mode in MODES else "keyword"
    claims = selectors.claim_search(**filters, mode=mode)
    article_filters = {k: filters[k] for k in ("query", "outlet", "date_from", "date_to")}
    context = {
        "form": form,
        "mode": mode,
        "modes": [
            ("keyword", gettext("Keywords")),
            ("meaning", gettext("Meaning")),
            ("both", gettext("Both")),
        ],
        "library_hits": library_hits(filters["query"], mode=mode) if mode != "keyword" else [],
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
        "backlog": [(gettext(label), n) for _state, label, n in state_counts(figures.backlog)],
        "by_rating": [(pgettext("rating", rating.name), n) for rating, n in figures.by_rating],
        "time_to_verdict": figures.time_to_verdict,
        # The figures are cached: their labels are translated here, per request.
        "time_buckets": [(gettext(label), n) for label, n in figures.time_to_verdict.buckets],
        "load": load,
        "load_chart": [
            (str(item.user), [item.in_hand, item.in_review, item.submitted]) for item in load
        ],
        "same_thresholds": gettext("library {library}, other articles {articles}").format(
            library=selectors.library_thresholds()[1], articles=selectors.related_thresholds()[1]
        ),
        "link_chart": [
            (band.label, [band.confirmed, band.rejected, band.pending])
            for band in figures.link_decisions
        ],
    }
    return render(request, "claims/dashboard.html", context)
