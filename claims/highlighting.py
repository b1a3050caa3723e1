"""Split an article's text into plain and claim-marked segments for display."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    claims: list = field(default_factory=list)  # claims whose sentence covers it


def article_segments(article, claims) -> list[Segment]:
    """Return consecutive segments covering the whole text, in order.

    Segments break at every sentence boundary of a claim, so overlapping
    claims (two attributions in one sentence) mark the same segment.
    """
    text = article.text
    cuts = {0, len(text)}
    for claim in claims:
        cuts.update((claim.sentence_start, claim.sentence_end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    segments = []
    for start, end in zip(bounds, bounds[1:]):
        covering = [c for c in claims if c.sentence_start <= start and end <= c.sentence_end]
        segments.append(Segment(text=text[start:end], claims=covering))
    return segments
