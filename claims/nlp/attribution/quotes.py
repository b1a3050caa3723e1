"""Quotations: finding them, and giving each to its cue.

``find_quotes`` marks the quotations of a Doc (curly, straight and nested
double quotes; single curly quotes outside them; a quote left open ends
with its paragraph). ``QuoteRules`` give a cue without content the
quotation next to it: "“...,” X said" (the cue after), "X said, “...”"
(the cue before) and "“A,” he said, “B.”" (both pieces). A scare-quoted
word or a title ("the anthem “A Change Is Gonna Come”") is no utterance.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claims.nlp.attribution.lexicon import (
    CLOSE_DOUBLE,
    CLOSE_SINGLE,
    EDGE_PUNCT,
    MIN_CLAIM_WORDS,
    OPEN_DOUBLE,
    OPEN_SINGLE,
    POINTING_LEMMAS,
    PREP_CUES,
    QUOTE_CLOSERS,
    QUOTE_MARKS,
    STRAIGHT_DOUBLE,
    TITLE_NOUNS,
)
from claims.nlp.attribution.records import Cue, Quote
from claims.nlp.attribution.spans import SpanHelpers


def find_quotes(doc: Doc) -> list[Quote]:
    """Return the quotations of doc, ordered by start.

    Double quotes (curly or straight) may contain single ‘curly’ ones, which
    are not recorded separately. A double quote left open ends with its
    line: news style reopens it in the next paragraph.
    """
    quotes: list[Quote] = []
    double_open: int | None = None
    single_open: int | None = None
    nested = 0  # curly quotes opened inside the open one: “a “word” b”
    for token in doc:
        text = token.text
        if double_open is None:
            line_start = token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
            if text in OPEN_DOUBLE or text in STRAIGHT_DOUBLE or (
                line_start and text in CLOSE_DOUBLE  # "”What ..." opening a paragraph
            ):
                double_open, single_open = token.i, None
            elif text == OPEN_SINGLE and single_open is None:
                single_open = token.i
            elif text == CLOSE_SINGLE and single_open is not None:
                quotes.append(Quote(single_open, token.i + 1, True))
                single_open = None
        elif text in OPEN_DOUBLE and _nested_open_mark(token):
            nested += 1
        elif nested and text in CLOSE_DOUBLE:
            nested -= 1
        elif (
            text in CLOSE_DOUBLE
            or text in STRAIGHT_DOUBLE
            or _closing_open_mark(token)
            or glued_dash(token)
        ):
            quotes.append(Quote(double_open, token.i + 1, True))
            double_open = None
        if "\n" in text or "\n" in token.whitespace_:
            if double_open is not None:
                end = token.i if token.is_space else token.i + 1
                quotes.append(Quote(double_open, end, False))
            double_open = single_open = None
            nested = 0
    if double_open is not None:
        quotes.append(Quote(double_open, len(doc), False))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _nested_open_mark(token: Token) -> bool:
    """Return whether “ opens a quote inside the open one: “I’d rather live
    in what he calls “hell” than ...” (some sites nest curly double quotes).

    Only where two more closing marks follow on the line, one for the inner
    quote and one for the outer; else the quote before was left open.
    """
    if _closing_open_mark(token):
        return False
    closers = 0
    for later in token.doc[token.i + 1 :]:
        if "\n" in later.text:
            break
        if later.text in OPEN_DOUBLE:
            return False
        closers += later.text in CLOSE_DOUBLE or glued_dash(later)
        if closers == 2:
            return True
        if "\n" in later.whitespace_:
            break
    return False


def glued_dash(token: Token) -> bool:
    """Return whether token is a closing mark glued to a dash: "”―"."""
    text = token.text
    return len(text) >= 2 and text[0] in "”\"" and all(c in "―—–-" for c in text[1:])


def _closing_open_mark(token: Token) -> bool:
    """Return whether an opening mark closes a quote: "“Not now,“ he said."

    Some sites type “ at both ends; a mark glued to the punctuation before
    it and followed by a space or punctuation closes.
    """
    if token.text not in OPEN_DOUBLE or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    if before.whitespace_ or not before.is_punct:
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return bool(token.whitespace_) or following is None or following.is_punct


class QuoteRules(SpanHelpers):
    """Give quotations to the cues they belong to."""

    def _assign_quotes(self, unit: Span, cues: list[Cue]) -> None:
        """Give contentless cues the quotation next to their clause.

        Outlet credits only take a quote when no speaker is in the unit, so
        "“...,” the AP reports" stays Maria Zakharova's quote.
        """
        sourced = [c for c in cues if c.source is not None]
        speakers = [c for c in sourced if not c.credit]
        candidates = speakers or sourced
        # A quote before a cue may still beat the clause after it (_cue_after).
        if all(c.content is not None for c in candidates) and not any(
            unit.start <= q.start and q.end <= c.span.start
            for q in self.quotes
            for c in candidates
        ):
            return
        for quote in self.quotes:
            if quote.start < unit.start or quote.end > unit.end:
                continue
            if not self._is_utterance(quote) and not self._short_reply(quote, unit):
                continue
            owner = self._cue_after(quote, candidates)
            if owner is not None:
                owner.content = self._quote_content(quote)
                owner.parts = [owner.content]
                owner.from_quote = True
                continue
            owner = self._cue_before(quote, candidates)
            if owner is None:
                continue
            if owner.content is None:
                owner.content = self._quote_content(quote)
                owner.parts = [owner.content]
                owner.from_quote = True
            else:  # "“A,” he said, “B.”": content runs from A through B
                owner.parts.append(self._quote_content(quote))
                owner.content = (owner.content[0], owner.parts[-1][1])

    def _cue_after(self, quote: Quote, cues: list[Cue]) -> Cue | None:
        """Return the cue of "“...,” X said" following quote, if any."""
        for cue in cues:
            # A quote just before "X told" beats a clause the parser hung
            # after it ("“...,” he told a crowd that the campaign estimated")
            # or one before the quote ("A referenced B: “...,” the association wrote").
            taken = cue.content is not None and (
                cue.from_quote or quote.start < cue.content[1] <= cue.span.end
            )
            if taken or cue.span.start < quote.end or cue.span.root.dep_ == "relcl":
                continue  # "“...,” Cruz, who has proposed X, said": the relative is not it
            if cue.span.root.tag_ == "VBG" and (cue.subject is None or cue.subject.i < quote.end):
                continue  # "“A,” adding, “B”": a participle reports what follows it
            last = quote.end - 2
            while last > quote.start and self.doc[last].text in QUOTE_MARKS | {"'"}:
                last -= 1  # "‘Ebony and Ivory,’”"
            closer = self.doc[last].text in QUOTE_CLOSERS
            between = self.doc[quote.end : cue.span.start]
            opening = quote.start == 0 or self.doc[quote.start - 1].is_space or (
                self.doc[quote.start - 1].is_sent_end
            ) or "\n" in self.doc[quote.start - 1].text_with_ws
            if not closer and not (len(between) and between[0].text in EDGE_PUNCT) and not (
                opening and self._is_utterance(quote)  # "“We won” Smith said."
            ):
                return None
            np_start, np_end = (
                (cue.subject.left_edge.i, cue.subject.right_edge.i + 1)
                if cue.subject is not None
                else (0, 0)
            )
            if all(
                t.is_punct or t.is_space or np_start <= t.i < np_end or t.pos_ in {"ADV", "AUX"}
                for t in between
            ):
                return cue
            return None
        return None

    def _cue_before(self, quote: Quote, cues: list[Cue]) -> Cue | None:
        """Return the cue of "X said, “...”" preceding quote, if any."""
        for cue in reversed(cues):
            if cue.span.end > quote.start or self._points_elsewhere(cue, quote):
                continue
            if cue.content is not None and not (
                cue.from_quote and cue.content[1] <= cue.span.start
            ):
                return None
            verb = cue.span.root
            between = self.doc[cue.span.end : quote.start]
            if all(
                t.is_punct or t.is_space or any(a.i == verb.i for a in t.ancestors)
                for t in between
            ):
                return cue
            return None
        return None

    def _points_elsewhere(self, cue: Cue, quote: Quote) -> bool:
        """Return whether a participle before quote has its own object:
        "“A,” he said, referring to the bridge, “B.”" goes on with "said"."""
        verb = cue.span.root
        if verb.tag_ != "VBG" or verb.lemma_.lower() not in POINTING_LEMMAS:
            return False
        preps = PREP_CUES[verb.lemma_.lower()]
        return any(
            c.dep_ == "prep" and c.lower_ in preps and cue.span.end <= c.i < quote.start
            for c in verb.children
        )

    def _short_reply(self, quote: Quote, unit: Span) -> bool:
        """Return whether a one-word quote opens the unit: "“Safety,” said X."."""
        start, end = quote.inner
        return (
            quote.start == unit.start
            and quote.closed
            and start < end
            and self.doc[end - 1].text in QUOTE_CLOSERS
            and any(t.is_alpha for t in self.doc[start:end])
        )

    def _is_utterance(self, quote: Quote) -> bool:
        """Tell a quoted utterance from a scare-quoted word or title."""
        start, end = quote.inner
        before = self.doc[quote.start - 1] if quote.start else None
        if before is not None and (before.pos_ in {"ADP", "DET"} or before.lower_ in {"'s", "’s"}):
            return False  # a title: "on “Fox News Sunday,”", "the “Shark Tank”", "Fox’s “...”"
        if self._after_title_noun(quote):
            return False
        words = sum(1 for t in self.doc[start:end] if t.is_alpha)
        while end > start + 1 and self.doc[end - 1].text in QUOTE_MARKS | {"'"}:
            end -= 1  # "'Meh, we can wait,'""
        if start < end and self.doc[end - 1].text in QUOTE_CLOSERS and words >= 2:
            return True
        has_verb = any(t.pos_ in {"VERB", "AUX"} for t in self.doc[start:end])
        return has_verb and words >= MIN_CLAIM_WORDS

    def _in_title(self, token: Token) -> bool:
        """Return whether token is inside a quoted title ("her book, “Raise
        Your Own Savings,”"), which the parser may give a clause."""
        index = self.quote_at[token.i]
        if index < 0:
            return False
        quote = self.quotes[index]
        return token.right_edge.i < quote.inner[1] and self._after_title_noun(quote)

    def _after_title_noun(self, quote: Quote) -> bool:
        """Return whether quote names a work: "the anthem “A Change Is Gonna
        Come”", "his book, “X,”"."""
        i = quote.start - 1
        if i > 0 and self.doc[i].text == ",":
            i -= 1
        return i >= 0 and self.doc[i].lower_ in TITLE_NOUNS
