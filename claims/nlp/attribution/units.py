"""Claim units: a Doc's lines cut into sentences, merged over quotations.

A quotation is never cut in two ("“A. B.” she said" is one unit), nor is
a short reporting clause after a quote ("“Why now?” ¶ Biden said."), nor a
sentence ending in a colon before the quote it opens ("Kall said: ¶ “I
feel ...”"). A headline is a unit of its own (headlines.py says which
lines are).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from claims.nlp.attribution.lexicon import QUOTE_TAIL_LEMMAS, TELL_LEMMAS
from claims.nlp.attribution.spans import SpanHelpers


class UnitRules(SpanHelpers):
    """Split a Doc into claim units."""

    def _units(self) -> Iterator[tuple[int, int, bool]]:
        """Yield (start, end, is_headline) of sentences, merged over quotes."""
        doc = self.doc
        if doc.has_annotation("SENT_START"):
            sent_starts = [sent.start for sent in doc.sents]
        else:
            sent_starts = [0]
        index = 0
        for line_start, line_end in self._lines():
            if self._is_headline(line_start, line_end):
                yield line_start, line_end, True
                continue
            while index < len(sent_starts) and sent_starts[index] <= line_start:
                index += 1
            start = line_start
            while True:
                if index < len(sent_starts) and sent_starts[index] < line_end:
                    boundary = sent_starts[index]
                    index += 1
                    if self._quote_crosses(boundary):
                        opening = self.quotes[self.quote_at[boundary - 1]].start
                        if opening != boundary - 1 or opening == start:
                            continue  # one quotation, one unit
                        boundary = opening  # the parser left "“" on the sentence before
                    elif self._reporting_tail(boundary, sent_starts[index:], line_end):
                        continue  # "“Why now?” ¶ Biden said." split after the quote
                    elif self.doc[boundary - 1].text == ":":
                        continue  # "Kall said: ¶ “I feel ...”" is one sentence
                else:
                    boundary = line_end
                unit = self._strip_space(start, boundary)
                if unit[0] < unit[1]:
                    yield unit[0], unit[1], False
                if boundary == line_end:
                    break
                start = boundary

    def _reporting_tail(self, boundary: int, later_starts: list[int], line_end: int) -> bool:
        """Return whether a short "X said." follows a quotation at boundary."""
        index = self.quote_at[boundary - 1]
        if index < 0 or self.quotes[index].end != boundary or not self.parsed:
            return False
        end = next((b for b in later_starts if b > boundary), line_end)
        tail = self.doc[boundary:min(end, line_end)]
        if self._dash_name(tail.start, tail.end) is not None:
            return True  # "“...” ― Jane Doe"
        if len(tail) <= 8 and any(
            t.pos_ == "VERB" and self._reports_quote(t) for t in tail
        ):
            return True
        return self._opening_reporting_clause(tail)

    def _opening_reporting_clause(self, tail: Span) -> bool:
        """Return whether tail opens with "X said" that reports the quote before.

        "“Why now?” Smith said of the bank, looking at the crowd.": the verb
        takes no clause or object of its own.
        """
        verb = next((t for t in tail[:6] if t.pos_ == "VERB"), None)
        if verb is None or not self._reports_quote(verb):
            return False
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        # "“...” Smith told the BBC": a hearer is no content of the verb's own
        blocking = {"ccomp", "xcomp"} | (
            set() if verb.lemma_.lower() in TELL_LEMMAS else {"dobj"}
        )
        if subject is None or any(c.dep_ in blocking and c.i > verb.i for c in verb.children):
            return False
        return all(
            t.is_punct
            or t.pos_ in {"ADV", "AUX"}
            or subject.left_edge.i <= t.i <= subject.right_edge.i
            for t in self.doc[tail.start : verb.i]
        )

    def _reports_quote(self, verb: Token) -> bool:
        """Return whether verb may report the quotation before it."""
        lemma = verb.lemma_.lower()
        return lemma in self.cue_lemmas or lemma in QUOTE_TAIL_LEMMAS

    def _lines(self) -> Iterator[tuple[int, int]]:
        """Yield token ranges of the Doc's lines (paragraphs)."""
        start = 0
        for token in self.doc:
            if token.is_space and "\n" in token.text:
                if start < token.i:
                    yield start, token.i
                start = token.i + 1
            elif "\n" in token.whitespace_:
                yield start, token.i + 1
                start = token.i + 1
        if start < len(self.doc):
            yield start, len(self.doc)

    def _quote_crosses(self, boundary: int) -> bool:
        index = self.quote_at[boundary - 1]
        return index >= 0 and self.quotes[index].end > boundary
