"""Token-range helpers every rule uses, and the state they read.

Counting words, trimming edge punctuation, conjunctions and stray
quotation marks, running on to a closing mark, and typing a content as
direct, mixed or indirect by the quotation marks in it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from claims.nlp.attribution.lexicon import EDGE_CONJUNCTIONS, EDGE_PUNCT, QUOTE_MARKS, STOPS
from claims.nlp.attribution.records import Quote
from claims.nlp.types import QuoteType


class SpanHelpers:
    """Token-range helpers over the state every rule reads.

    The analyzer sets the state for one Doc; ``quote_at`` maps a token index
    to the index of its quotation in ``quotes``, or -1.
    """

    doc: Doc
    quotes: list[Quote]
    quote_at: list[int]
    cue_lemmas: frozenset[str]
    parsed: bool
    tagged: bool

    def _words(self, start: int, end: int) -> int:
        return sum(1 for t in self.doc[start:end] if t.is_alpha or t.like_num)

    def _span(self, start: int, end: int) -> Span | None:
        return self.doc[start:end] if start < end else None

    def _trim(self, start: int, end: int, drop_stop: bool = False) -> tuple[int, int]:
        """Strip spaces, edge punctuation and quotation marks around start:end.

        A quotation mark stays only when its whole quotation is inside the
        range and the range is more than that one quotation.
        """
        doc = self.doc
        while start < end:
            first, last = doc[start], doc[end - 1]
            if (
                first.is_space
                or first.text in EDGE_PUNCT
                or first.lower_ in EDGE_CONJUNCTIONS
                or self._stray_mark(start, start, end)
            ):
                start += 1
            elif (
                last.is_space
                or last.text in EDGE_PUNCT
                or last.lower_ in EDGE_CONJUNCTIONS
                or self._stray_mark(end - 1, start, end)
                or (drop_stop and last.text in STOPS)
            ):
                end -= 1
            elif first.text in QUOTE_MARKS and self.quotes[self.quote_at[start]].end == end:
                start, end = start + 1, end - 1  # the range is one quotation
            else:
                break
        return start, end

    def _balance(self, start: int, end: int) -> tuple[int, int]:
        """Run on to the closing mark of a quotation opened inside the range.

        A clause's parse may stop short of it: "was “a gift to the wealthy.”"
        """
        index = self.quote_at[end - 1] if start < end else -1
        if index < 0:
            return start, end
        quote = self.quotes[index]
        if start <= quote.start and end < quote.end <= end + 3 and all(
            t.is_punct for t in self.doc[end : quote.end]
        ):
            return start, quote.end
        return start, end

    def _stray_mark(self, i: int, start: int, end: int) -> bool:
        """Return whether token i is a quotation mark unbalanced in start:end."""
        if self.doc[i].text not in QUOTE_MARKS:
            return False
        index = self.quote_at[i]
        if index < 0:
            return True
        quote = self.quotes[index]
        return quote.start < start or quote.end > end or not quote.closed

    def _strip_space(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.doc[start].is_space:
            start += 1
        while end > start and self.doc[end - 1].is_space:
            end -= 1
        return start, end

    def _quote_content(self, quote: Quote) -> tuple[int, int]:
        return self._trim(*quote.inner)

    def _quote_type(self, start: int, end: int, default: str) -> str:
        """Return direct/mixed when quoted words make up all/part of start:end."""
        indices = {self.quote_at[i] for i in range(start, end)}
        if len(indices) == 1 and -1 not in indices:
            return QuoteType.DIRECT
        for index in indices - {-1}:
            inner_start, inner_end = self.quotes[index].inner
            if self._words(inner_start, inner_end) >= 2:
                return QuoteType.MIXED
        return default
