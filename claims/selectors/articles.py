"""Reads: the querysets views, the API and exports are built on."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from ..models import Article, Claim


def article_list(*, include_hidden: bool = False) -> QuerySet[Article]:
    """Return articles, newest first, with their claim counts."""
    articles = Article.objects.select_related("submitted_by").annotate(
        claim_count=Count("claims")
    )
    return articles if include_hidden else articles.filter(is_hidden=False)


def claim_list_statement(*, claim: Claim) -> QuerySet[Claim]:
    """Return the other visible claims of claim's statement: the sentences of
    one attributed relation, each a claim (issue #20), in text order."""
    if claim.attribution is None:
        return Claim.objects.none()
    return (
        Claim.objects.filter(
            article_id=claim.article_id, attribution=claim.attribution, is_hidden=False
        )
        .exclude(pk=claim.pk)
        .order_by("position")
    )


def claim_list_for_article(*, article: Article) -> QuerySet[Claim]:
    """Return an article's visible claims in text order."""
    return (
        article.claims.filter(is_hidden=False)
        .select_related("speaker")
        .order_by("position")
    )
