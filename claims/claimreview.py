"""ClaimReview (https://schema.org/ClaimReview): verdicts out, records back in.

claimreview_from_verdict() builds the JSON-LD that public verdict pages
embed and the feed serves. claimreview_to_records() reads ClaimReview JSON-LD
from anyone (a single object, an array, or an @graph) into plain dicts, for
the checked-claims library's importer; it uses no database.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Article, Claim, Speaker, Verdict
from .ratings import rating_claimreview

SCHEMA_ORG = "https://schema.org"
# What an importer gets per ClaimReview (the keys of every record).
RECORD_FIELDS = (
    "url",
    "headline",
    "date_published",
    "review_author",
    "claim_reviewed",
    "rating_name",
    "rating_value",
    "best_rating",
    "worst_rating",
    "claim_author",
    "claim_author_type",
    "claim_date",
    "appearance_url",
    "appearance_title",
    "appearance_outlet",
    "first_appearance_url",
)


def site_absolute_url(path: str, *, request: HttpRequest | None = None) -> str:
    """Return path as an absolute URL: on the address the request came to
    (its host is one of ALLOWED_HOSTS), else on CLAIMS_SITE_URL, for work
    with no request at hand (beat's feeds, emails, webhooks)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.CLAIMS_SITE_URL.rstrip("/") + path


def verdict_public_url(verdict_id: int, *, request: HttpRequest | None = None) -> str:
    """Return the absolute address of a verdict's public page."""
    return site_absolute_url(reverse("public:verdict", args=[verdict_id]), request=request)


def verdict_url_maker(*, request: HttpRequest | None = None) -> Callable[[int], str]:
    """Return verdict_public_url as a function that reverses the route once,
    for building many URLs (exports and feeds)."""
    marker = 987654321
    head, tail = verdict_public_url(marker, request=request).split(str(marker))
    return lambda verdict_id: f"{head}{verdict_id}{tail}"


def organization(*, request: HttpRequest | None = None) -> dict:
    """Return the fact-checking organisation as a schema.org Organization;
    its url is the site's when CLAIMS_ORGANIZATION_URL is unset."""
    return {
        "@type": "Organization",
        "name": settings.CLAIMS_ORGANIZATION_NAME,
        "url": settings.CLAIMS_ORGANIZATION_URL or site_absolute_url("/", request=request),
    }


def claimreview_from_verdict(
    verdict: Verdict,
    *,
    context: bool = True,
    url_for: Callable[[int], str] | None = None,
    request: HttpRequest | None = None,
) -> dict:
    """Return a public verdict as a ClaimReview JSON-LD object.

    verdict should come with its claim, article and speaker selected. Without
    context the object has no @context, for use inside a feed's @graph. Its
    URL is built by url_for, else from the request (verdict_public_url).
    """
    if url_for is None:
        url_for = functools.partial(verdict_public_url, request=request)
    claim = verdict.claim
    review: dict[str, Any] = {"@context": SCHEMA_ORG} if context else {}
    review.update(
        {
            "@type": "ClaimReview",
            "url": url_for(verdict.pk),
            "headline": verdict.headline,
            "claimReviewed": claim.display_text,
            "reviewRating": rating_claimreview(verdict.rating),
            "author": organization(request=request),
            "itemReviewed": claim_node(claim),
        }
    )
    if verdict.published_at:
        review["datePublished"] = timezone.localdate(verdict.published_at).isoformat()
    return review


def claim_node(claim: Claim) -> dict:
    """Return the claim as a schema.org Claim: who said it, where and when."""
    node: dict[str, Any] = {"@type": "Claim"}
    speaker_name = claim.speaker.name if claim.speaker_id else claim.speaker_text
    if speaker_name:
        kind = claim.speaker.kind if claim.speaker_id else Speaker.Kind.PERSON
        node["author"] = {
            "@type": "Person" if kind == Speaker.Kind.PERSON else "Organization",
            "name": speaker_name,
        }
        if claim.speaker_role and kind == Speaker.Kind.PERSON:
            node["author"]["jobTitle"] = claim.speaker_role
    article = claim.article
    if article.published_on:
        node["datePublished"] = article.published_on.isoformat()
    appearance = creative_work(article)
    # The article is the earliest appearance the workbench knows of.
    node["appearance"] = appearance
    node["firstAppearance"] = appearance
    return node


def creative_work(article: Article) -> dict:
    """Return the article as a schema.org CreativeWork, its outlet the publisher."""
    node: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        node["url"] = article.url
    if article.title:
        node["headline"] = article.title
    if article.published_on:
        node["datePublished"] = article.published_on.isoformat()
    if article.outlet:
        node["publisher"] = {"@type": "Organization", "name": article.outlet}
    return node


def jsonld_script(data: dict) -> SafeString:
    """Return data as a <script type="application/ld+json"> element.

    <, > and & are escaped (as json_script does) so that no text in the data
    can close the element.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">\n{text}\n</script>')


# --- Reading ClaimReview ----------------------------------------------------


def claimreview_to_records(data: Any) -> list[dict]:
    """Return one record (dict with RECORD_FIELDS) per ClaimReview in data.

    data is parsed JSON, or JSON text: a ClaimReview object, an array of
    them, or an object with an @graph (whose other nodes are skipped).
    Raises ValueError saying what is wrong and where.
    """
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ValueError(f"Not JSON: {exc}") from exc
    if isinstance(data, dict) and "@graph" in data:
        graph = data["@graph"]
        if not isinstance(graph, list):
            raise ValueError(f"@graph must be an array, not {type_name(graph)}.")
        nodes = [(f"@graph[{i}]", node) for i, node in enumerate(graph) if is_claimreview(node)]
    elif isinstance(data, list):
        nodes = [(f"item {i}", node) for i, node in enumerate(data)]
    elif isinstance(data, dict):
        nodes = [("the object", data)]
    else:
        raise ValueError(
            "Expected a ClaimReview object, an array of them, or an object with "
            f"@graph; got {type_name(data)}."
        )
    return [record_from_node(node, where) for where, node in nodes]


def is_claimreview(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1] == "ClaimReview" for t in types)


def type_name(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def record_from_node(node: Any, where: str) -> dict:
    if not is_claimreview(node):
        found = node.get("@type") if isinstance(node, dict) else type_name(node)
        raise ValueError(f"{where}: expected a ClaimReview, got {found!r}.")
    claim_reviewed = text_field(node, "claimReviewed", where, required=True)
    url = text_field(node, "url", where, required=True)
    rating = object_field(node, "reviewRating", where, required=True)
    rating_where = f"{where}, reviewRating"
    rating_name = text_field(rating, "alternateName", rating_where) or text_field(
        rating, "name", rating_where
    )
    rating_value = number_field(rating, "ratingValue", rating_where)
    if not rating_name and rating_value is None:
        raise ValueError(f"{rating_where}: needs an alternateName or a ratingValue.")
    item = object_field(node, "itemReviewed", where) or {}
    item_where = f"{where}, itemReviewed"
    claim_author = person_or_org(item.get("author"), f"{item_where}, author")
    appearance = first_work(item.get("appearance"), f"{item_where}, appearance")
    first_appearance = first_work(item.get("firstAppearance"), f"{item_where}, firstAppearance")
    publisher = person_or_org(appearance.get("publisher"), f"{item_where}, appearance, publisher")
    return {
        "url": url,
        "headline": text_field(node, "headline", where) or text_field(node, "name", where),
        "date_published": date_field(node, "datePublished", where),
        "review_author": person_or_org(node.get("author"), f"{where}, author")[0],
        "claim_reviewed": claim_reviewed,
        "rating_name": rating_name,
        "rating_value": rating_value,
        "best_rating": number_field(rating, "bestRating", rating_where),
        "worst_rating": number_field(rating, "worstRating", rating_where),
        "claim_author": claim_author[0],
        "claim_author_type": claim_author[1],
        "claim_date": date_field(item, "datePublished", item_where),
        "appearance_url": text_field(appearance, "url", f"{item_where}, appearance"),
        "appearance_title": text_field(appearance, "headline", f"{item_where}, appearance")
        or text_field(appearance, "name", f"{item_where}, appearance"),
        "appearance_outlet": publisher[0],
        "first_appearance_url": text_field(
            first_appearance, "url", f"{item_where}, firstAppearance"
        ),
    }


def text_field(node: dict, name: str, where: str, *, required: bool = False) -> str:
    value = node.get(name)
    if value is None or value == "":
        if required:
            raise ValueError(f"{where}: {name} is missing.")
        return ""
    if isinstance(value, dict) and "@id" in value:  # {"@id": url}
        value = value["@id"]
    if not isinstance(value, str):
        raise ValueError(f"{where}: {name} must be text, not {type_name(value)}.")
    return value.strip()


def object_field(node: dict, name: str, where: str, *, required: bool = False) -> dict | None:
    value = node.get(name)
    if value is None:
        if required:
            raise ValueError(f"{where}: {name} is missing.")
        return None
    if not isinstance(value, dict):
        raise ValueError(f"{where}: {name} must be an object, not {type_name(value)}.")
    return value


def number_field(node: dict, name: str, where: str) -> int | float | None:
    value = node.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{where}: {name} must be a number, not {value!r}.")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{where}: {name} must be a number, not {value!r}.") from None
        return int(number) if number.is_integer() else number
    raise ValueError(f"{where}: {name} must be a number, not {type_name(value)}.")


def date_field(node: dict, name: str, where: str) -> datetime.date | None:
    """Read an ISO 8601 date, or the date part of a date-time."""
    value = text_field(node, name, where)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{where}: {name} is not an ISO 8601 date: {value!r}.") from None


def person_or_org(value: Any, where: str) -> tuple[str, str]:
    """Return (name, "Person" or "Organization" or "") of an author-like value."""
    if value is None:
        return "", ""
    if isinstance(value, list):
        value = value[0] if value else None
        return person_or_org(value, where)
    if isinstance(value, str):
        return value.strip(), ""
    if not isinstance(value, dict):
        raise ValueError(f"{where}: must be an object or text, not {type_name(value)}.")
    kind = value.get("@type", "")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    kind = kind.rsplit("/", 1)[-1] if isinstance(kind, str) else ""
    return text_field(value, "name", where), kind


def first_work(value: Any, where: str) -> dict:
    """Return the first CreativeWork of an appearance (one, several, or a URL)."""
    if value is None:
        return {}
    if isinstance(value, list):
        return first_work(value[0], where) if value else {}
    if isinstance(value, str):
        return {"url": value}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: must be an object or a URL, not {type_name(value)}.")
    return value
