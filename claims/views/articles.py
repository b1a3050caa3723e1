"""Articles: list, submit, page, progress, status, retry."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import (
    ArticleSubmitForm,
)
from ..highlighting import article_segments
from ..models import Article, Claim
from ..ratings import rating_scale
from .common import (
    ARTICLE_ALREADY_SUBMITTED,
    role_required,
)

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
        fields = {name: data[name] for name in ("title", "outlet", "url", "author")}
        if data.get("transcript") is not None:  # turns kept beside it (issue #23)
            from sources.services import article_submit_transcript

            result = article_submit_transcript(
                transcript=data["transcript"],
                published_on=data["published_on"],
                submitted_by=request.user,
                source=Article.Source.WEB,
                **fields,
            )
        else:
            result = services.article_submit(
                text=data["text"],
                published_on=data["published_on"],
                submitted_by=request.user,
                source=Article.Source.WEB,
                **fields,
            )
        if not result.created:
            messages.info(request, gettext(ARTICLE_ALREADY_SUBMITTED))
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
