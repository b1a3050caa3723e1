"""Web views: thin adapters around services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ArticleSubmitForm
from .highlighting import article_segments
from .models import Article, Claim

ARTICLE_ALREADY_SUBMITTED = "This text was submitted before; here is the existing article."


@login_required
def article_list(request):
    articles = selectors.article_list()[:200]
    return render(request, "claims/article_list.html", {"articles": articles})


@login_required
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
        return redirect(result.article)
    return render(request, "claims/article_submit.html", {"form": form})


@login_required
def article_detail(request, article_id: int):
    article = get_object_or_404(selectors.article_list(), pk=article_id)
    claims = list(selectors.claim_list_for_article(article=article))
    return render(
        request,
        "claims/article_detail.html",
        {"article": article, "claims": claims, "segments": article_segments(article, claims)},
    )


@login_required
def article_status(request, article_id: int):
    """Processing status as JSON, polled by the article page."""
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


@login_required
@require_POST
def article_retry(request, article_id: int):
    article = get_object_or_404(selectors.article_list(), pk=article_id)
    try:
        services.article_retry(article=article)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect(article)


@login_required
def claim_detail(request, claim_id: int):
    claim = get_object_or_404(
        Claim.objects.select_related("article", "speaker").filter(is_hidden=False), pk=claim_id
    )
    return render(request, "claims/claim_detail.html", {"claim": claim})
