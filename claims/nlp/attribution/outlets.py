"""News outlets are credited in ``reported_by``, not made speakers.

"Reuters reported the minister said X" is the minister's claim, credited
to Reuters (the outer report is kept as ``Attribution.report``); "The AP
reports that X" with no speaker inside is a claim without a speaker; "told
Reuters" credits the outlet as a hearer (reporting.py).
"""

from __future__ import annotations

from spacy.tokens import Span

from claims.nlp.attribution.lexicon import OUTLET_HEADS, OUTLETS
from claims.nlp.attribution.records import Attribution, Cue
from claims.nlp.attribution.spans import SpanHelpers
from claims.nlp.types import QuoteType


class OutletRules(SpanHelpers):
    """News outlets credited rather than quoted."""

    def _is_outlet(self, mention: Span) -> bool:
        """Return whether mention names a news outlet (credited, not quoted)."""
        words = mention.text.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if not words or not words[0][:1].isupper():
            return False
        if " ".join(words).lower() in OUTLETS:
            return True
        last = mention[-1]
        return last.lower_ in OUTLET_HEADS and (last.pos_ == "PROPN" or last.ent_type_ == "ORG")

    def _credited(self, unit: Span, credit: Cue, outlets: tuple[Span, ...]) -> Attribution:
        """Return an outlet's report as a claim without a speaker."""
        return Attribution(
            unit,
            self.doc[credit.content[0] : credit.content[1]],
            self._quote_type(*credit.content, QuoteType.REPORTED),
            cue=credit.span,
            reported_by=outlets,
            source_phrase=credit.phrase,
        )

    def _covers(self, speaker: Cue, credit: Cue) -> bool:
        """Return whether speaker's relation is (about) all of credit's content.

        "Reuters reported the minister said X": the report is the minister's
        claim, credited to Reuters. Closing marks do not count ("... desk.”").
        """
        starts = [speaker.span.start, speaker.content[0]]
        ends = [speaker.span.end, speaker.content[1]]
        if speaker.phrase is not None:
            starts.append(speaker.phrase.start)
            ends.append(speaker.phrase.end)
        start, end = credit.content
        while end > start and self.doc[end - 1].is_punct:
            end -= 1
        return min(starts) <= start + 1 and max(ends) >= end - 1

    def _report(self, speaker: Cue, credits: list[Cue], own: list[Cue]) -> tuple | None:
        """Return (outlet, cue, content) of the report that holds speaker's words."""
        credit = next(
            (c for c in credits if c not in own and self._covers(speaker, c)), None
        )
        if credit is None:
            return None
        return (
            credit.phrase or credit.source,
            credit.span,
            self.doc[credit.content[0] : credit.content[1]],
        )
