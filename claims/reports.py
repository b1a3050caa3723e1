"""Verdict reports for one article or a period: an HTML page and its PDF.

The same template renders both; WeasyPrint turns the HTML into PDF without
fetching anything (the page carries its CSS and its SVG chart inline).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Article, Verdict
from .ratings import Rating, rating_scale

CHART_BAR_HEIGHT = 22
CHART_LABEL_WIDTH = 120
CHART_BAR_WIDTH = 360
# From true (green) to false (red); ratings without a number are grey.
RATING_COLOURS = {5: "#1a7f37", 4: "#6aa84f", 3: "#d4a72c", 2: "#e06c2f", 1: "#c0392b"}
NO_VALUE_COLOUR = "#8c8c8c"


@dataclass(frozen=True)
class ChartBar:
    rating: Rating
    count: int
    y: int
    width: int
    colour: str

    @property
    def text_y(self) -> int:
        return self.y + CHART_BAR_HEIGHT - 7


@dataclass
class VerdictReport:
    title: str
    verdicts: list[Verdict]
    total: int  # may exceed len(verdicts): see CLAIMS_REPORT_MAX_VERDICTS
    bars: list[ChartBar] = field(default_factory=list)
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def is_truncated(self) -> bool:
        return self.total > len(self.verdicts)

    @property
    def chart_height(self) -> int:
        return len(self.bars) * (CHART_BAR_HEIGHT + 6)

    @property
    def chart_width(self) -> int:
        return CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 40

    @property
    def chart_label_width(self) -> int:
        return CHART_LABEL_WIDTH


def report_title(
    *,
    article: Article | None,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> str:
    if article is not None:
        return f"Verdicts on “{article}”"
    if date_from and date_to:
        return f"Verdicts published {day(date_from)} to {day(date_to)}"
    if date_from:
        return f"Verdicts published since {day(date_from)}"
    if date_to:
        return f"Verdicts published until {day(date_to)}"
    return "All published verdicts"


def day(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def report_build(
    *,
    verdicts: QuerySet[Verdict],
    article: Article | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> VerdictReport:
    """Return a report of verdicts (from verdict_list_published), with the
    chart of their ratings; it lists at most CLAIMS_REPORT_MAX_VERDICTS."""
    rows = verdicts.prefetch_related(None).order_by().values("rating").annotate(n=Count("id"))
    counts = Counter({row["rating"]: row["n"] for row in rows})
    limit = settings.CLAIMS_REPORT_MAX_VERDICTS
    return VerdictReport(
        title=report_title(article=article, date_from=date_from, date_to=date_to),
        verdicts=list(verdicts[:limit]),
        total=sum(counts.values()),
        bars=chart_bars(counts),
    )


def chart_bars(counts: Counter) -> list[ChartBar]:
    """Lay out one horizontal bar per rating of the scale, longest = full width."""
    most = max(counts.values(), default=0) or 1
    bars = []
    for index, rating in enumerate(rating_scale()):
        count = counts.get(rating.key, 0)
        bars.append(
            ChartBar(
                rating=rating,
                count=count,
                y=index * (CHART_BAR_HEIGHT + 6),
                width=round(CHART_BAR_WIDTH * count / most),
                colour=rating_colour(rating),
            )
        )
    return bars


def rating_colour(rating: Rating) -> str:
    return RATING_COLOURS.get(rating.value, NO_VALUE_COLOUR)


def report_html(report: VerdictReport, *, for_pdf: bool = False, request=None) -> str:
    return render_to_string(
        "claims/public/report.html", {"report": report, "for_pdf": for_pdf}, request=request
    )


def refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher that fetches nothing: reports are self-contained,
    and text from articles must never make the server request a URL."""
    raise ValueError(f"Reports load no external resources ({url}).")


def report_pdf(report: VerdictReport, *, request=None) -> bytes:
    """Render the report as PDF, its links on the request's address."""
    from weasyprint import HTML  # imported here: it loads Pango, which web workers rarely need

    from .claimreview import site_absolute_url

    html = report_html(report, for_pdf=True, request=request)
    return HTML(
        string=html, base_url=site_absolute_url("/", request=request), url_fetcher=refuse_fetch
    ).write_pdf()
