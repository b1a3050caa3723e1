"""Published verdicts out: CSV, JSON Lines and the ClaimReview feed, streamed.

Rows come from selectors.verdict_list_published() through `.iterator()`,
so an export of any size holds one chunk of verdicts in memory at a time
(bench/export.py measures it). The web views and the API wrap the same
generators in a StreamingHttpResponse.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from .claimreview import (
    SCHEMA_ORG,
    claimreview_from_verdict,
    verdict_public_url,
    verdict_url_maker,
)
from .models import Verdict
from .ratings import rating_get, rating_scale

CHUNK_SIZE = 1000
CSV_COLUMNS = [
    "verdict_id",
    "verdict_url",
    "status",
    "published_at",
    "rating",
    "rating_name",
    "rating_value",
    "headline",
    "claim_id",
    "claim_text",
    "speaker",
    "speaker_kind",
    "article_id",
    "article_title",
    "article_url",
    "outlet",
    "article_published_on",
    "evidence_urls",
    # A transcript's claim: the time range of its turns, in seconds (issue #23).
    "claim_time_start",
    "claim_time_end",
]
# Spreadsheets run a cell starting with one of these as a formula (OWASP
# "CSV injection"); such text cells get a leading apostrophe in the CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "verdicts.csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "verdicts.jsonl"),
    "claimreview": ("application/ld+json; charset=utf-8", "claimreview.json"),
}


class VerdictFilterForm(forms.Form):
    """The filters every export, feed and report takes, from the query string."""

    date_from = forms.DateField(required=False, help_text="First published on or after (ISO).")
    date_to = forms.DateField(required=False, help_text="First published on or before (ISO).")
    rating = forms.ChoiceField(required=False)
    outlet = forms.CharField(required=False, max_length=200)
    speaker = forms.CharField(required=False, max_length=300)
    article = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "any")] + [(r.key, r.name) for r in rating_scale()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("date_from is after date_to.")
        return cleaned

    def selector_kwargs(self) -> dict:
        """Return the cleaned filters as verdict_list_published() arguments."""
        data = dict(self.cleaned_data)
        data["article_id"] = data.pop("article")
        return {name: value for name, value in data.items() if value not in (None, "")}

    def first_error(self) -> str:
        name, errors = next(iter(self.errors.items()))
        return errors[0] if name == "__all__" else f"{name}: {errors[0]}"


def verdict_row(verdict: Verdict, *, url_for=verdict_public_url) -> dict:
    """Return one verdict (from verdict_list_published) as a flat row of
    CSV_COLUMNS, its evidence URLs as a list."""
    claim, rating = verdict.claim, rating_get(verdict.rating)
    article, speaker = claim.article, claim.speaker
    return {
        "verdict_id": verdict.pk,
        "verdict_url": url_for(verdict.pk),
        "status": verdict.status,
        "published_at": verdict.published_at,
        "rating": rating.key,
        "rating_name": rating.name,
        "rating_value": rating.value,
        "headline": verdict.headline,
        "claim_id": claim.pk,
        "claim_text": claim.text,
        "speaker": speaker.name if speaker else claim.speaker_text,
        "speaker_kind": speaker.kind if speaker else "",
        "article_id": article.pk,
        "article_title": article.title,
        "article_url": article.url,
        "outlet": article.outlet,
        "article_published_on": article.published_on,
        "evidence_urls": [item.url for item in verdict.evidence_items],
        "claim_time_start": claim.time_start,
        "claim_time_end": claim.time_end,
    }


def verdict_rows(verdicts: QuerySet[Verdict], *, request=None) -> Iterator[dict]:
    """Yield a row per verdict, reading them CHUNK_SIZE at a time; URLs on
    the request's address when there is one."""
    url_for = verdict_url_maker(request=request)
    for verdict in verdicts.iterator(chunk_size=CHUNK_SIZE):
        yield verdict_row(verdict, url_for=url_for)


class Echo:
    """A file that hands back what is written to it, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    """Yield the CSV header, then one line per row."""
    writer = csv.writer(Echo())
    yield writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow([csv_cell(row[name]) for name in CSV_COLUMNS])


def jsonl_lines(rows: Iterable[dict]) -> Iterator[str]:
    """Yield one JSON object per line."""
    for row in rows:
        yield json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"


def claimreview_feed(verdicts: QuerySet[Verdict], *, request=None) -> Iterator[str]:
    """Yield one JSON-LD document whose @graph holds a ClaimReview per verdict."""
    yield json.dumps({"@context": SCHEMA_ORG})[:-1] + ', "@graph": [\n'
    separator, url_for = "", verdict_url_maker(request=request)
    for verdict in verdicts.iterator(chunk_size=CHUNK_SIZE):
        review = claimreview_from_verdict(
            verdict, context=False, url_for=url_for, request=request
        )
        yield separator + json.dumps(review, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def export_response(
    verdicts: QuerySet[Verdict], fmt: str, *, request=None
) -> StreamingHttpResponse:
    """Stream verdicts in fmt ("csv", "jsonl" or "claimreview") as a download,
    except the feed, which is served inline; URLs on the request's address."""
    content_type, filename = FORMATS[fmt]
    if fmt == "csv":
        lines = csv_lines(verdict_rows(verdicts, request=request))
    elif fmt == "jsonl":
        lines = jsonl_lines(verdict_rows(verdicts, request=request))
    else:
        lines = claimreview_feed(verdicts, request=request)
    response = StreamingHttpResponse(lines, content_type=content_type)
    if fmt != "claimreview":
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
