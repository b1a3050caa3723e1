"""Template helpers of the web UI: highlighted text, durations, bar charts,
facet links. (The Content-Security-Policy is a header: settings
CONTENT_SECURITY_POLICY, django-csp.)"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, pgettext

from ..models import Claim, Verdict
from ..ratings import rating_get
from ..services.attribution import text_locate

register = template.Library()


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """Return a timedelta as "3 days 4 h", "2 h 5 min" or "12 min"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        unit = "day" if days == 1 else "days"
        return f"{days} {unit} {hours} h" if hours else f"{days} {unit}"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


# The steps of services.articles.article_extract_claims, by the progress it
# records when each begins.
PROCESSING_STEPS = (
    (90, gettext_noop("Storing the claims and linking related ones")),
    (80, gettext_noop("Scoring check-worthiness")),
    (60, gettext_noop("Embedding the claims")),
    (0, gettext_noop("Parsing the text and finding claims")),
)


@register.filter
def processing_step(progress: int) -> str:
    """Return what a processing article is doing at this progress."""
    return gettext(next(label for start, label in PROCESSING_STEPS if (progress or 0) >= start))


@register.simple_tag(takes_context=True)
def facet_url(context, name: str, value: str) -> str:
    """Return the current query string with facet name set to value, or
    without it when it is already set to value; back to page one."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if query.get(name) == str(value):
        query.pop(name)
    else:
        query[name] = value
    return "?" + query.urlencode()


@register.filter
def rating_name(key: str) -> str:
    """Return a rating key's name for readers ("" for no rating), in the
    interface's language when the catalog has it (workbench/i18n_names.py)."""
    if not key:
        return ""
    try:
        return pgettext("rating", rating_get(key).name)
    except KeyError:
        return key


@register.filter
def verdict_status_name(status: str) -> str:
    return Verdict.Status(status).label if status in Verdict.Status.values else ""


@register.filter
def mark_class(claim: Claim) -> str:
    """Return the colour class of a claim: its published rating, else its
    queue state (claims annotated by selectors.with_verdict)."""
    if rating := getattr(claim, "verdict_rating", None):
        return f"mark-rating-{rating}"
    return f"mark-state-{claim.queue_state}"


def claim_spans(claim: Claim) -> list[tuple[int, int, str]]:
    """Return (start, end, part) of every highlighted part of a claim."""
    spans = [
        (claim.sentence_start, claim.sentence_end, "sentence"),
        (claim.content_start, claim.content_end, "content"),
    ]
    if claim.speaker_start is not None and claim.speaker_end is not None:
        spans.append((claim.speaker_start, claim.speaker_end, "speaker"))
    if claim.cue_start is not None and claim.cue_end is not None:
        spans.append((claim.cue_start, claim.cue_end, "cue"))
    if claim.speaker_role:
        near = (claim.sentence_start, claim.sentence_end)
        at = text_locate(claim.article.text, claim.speaker_role, near=near)
        if at is not None:
            spans.append((at, at + len(claim.speaker_role), "role"))
    for credit in claim.reported_by or []:
        spans.append((credit["start"], credit["end"], "outlet"))
        if cue := credit.get("cue"):  # the outlet's own verb, in a nested report
            spans.append((cue["start"], cue["end"], "cue"))
    return spans


@register.simple_tag
def claim_in_article(claim: Claim) -> SafeString:
    """Return the article text, escaped, with the claim's parts marked.

    Every piece carries its offset in the text (data-o), so that a selection
    can be turned back into offsets; the first piece of the sentence has the
    id "claim-sentence", which the page scrolls into view.
    """
    text = claim.article.text
    spans = [(s, e, part) for s, e, part in claim_spans(claim) if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces, sentence_seen = [], False
    for start, end in zip(cuts, cuts[1:], strict=False):
        parts = [part for s, e, part in spans if s <= start and end <= e]
        if not parts:
            pieces.append(format_html('<span data-o="{}">{}</span>', start, text[start:end]))
            continue
        anchor = ""
        if "sentence" in parts and not sentence_seen:
            anchor, sentence_seen = ' id="claim-sentence"', True
        classes = " ".join(f"hl-{part}" for part in parts)
        pieces.append(
            format_html(
                '<mark class="{}" data-o="{}"{}>{}</mark>',
                classes,
                start,
                mark_safe(anchor),
                text[start:end],
            )
        )
    return mark_safe("".join(pieces))


@dataclass(frozen=True)
class Bar:
    percent: float  # of the largest value in the chart
    value: float
    series: str
    index: int  # of the series, for its colour (app.css: .series-N)


@dataclass(frozen=True)
class Row:
    label: str
    bars: list[Bar]


@register.inclusion_tag("claims/_bar_chart.html")
def bar_chart(items, title: str, series: str = "", unit: str = ""):
    """Render a bar chart of (label, value) items, or of (label, [values])
    items with series naming each value ("A,B,C").

    A table whose bars are SVG: the labels and values stay text, legible and
    read out at any width; the bars scale with the column.
    """
    names = [s.strip() for s in series.split(",")] if series else []
    rows_data = [
        (str(label), list(value) if isinstance(value, list | tuple) else [value])
        for label, value in items
    ]
    peak = max((v for _, values in rows_data for v in values), default=0) or 1
    rows = [
        Row(
            label=label,
            bars=[
                Bar(
                    percent=round(max(value, 0) / peak * 100, 1),
                    value=value,
                    series=names[index] if index < len(names) else "",
                    index=index,
                )
                for index, value in enumerate(values)
            ],
        )
        for label, values in rows_data
    ]
    return {"title": title, "rows": rows, "legend": names, "unit": unit}
