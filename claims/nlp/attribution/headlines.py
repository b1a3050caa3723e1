"""Constructions a whole line or its opening makes, tried before any cue.

- A headline: a short line without final punctuation, or in Title Case.
- "Russia: Rebels Helped ...": a name and a colon; so are a transcript's
  "SMITH: We won." and a paragraph's "Sanders: Clinton must change.".
- "Said Okafor: “...”": the reporting verb before the speaker.
- "“We will win.” ― Jane Doe": a reader's quote credited after a dash.
- "Polls were early - Jane Doe: “...”", "More from the report: “...”":
  a digest's credit before a quotation.
"""

from __future__ import annotations

from spacy.tokens import Span

from claims.nlp.attribution.lexicon import (
    COLON_LABELS,
    DASHES,
    INTERVIEW_TURNS,
    MAX_HEADLINE_TOKENS,
    QUOTE_MARKS,
    SPEAKER_GROUPS,
    TERMINAL_PUNCT,
    VERB_FIRST_FORMS,
)
from claims.nlp.attribution.quotes import glued_dash
from claims.nlp.attribution.records import Attribution
from claims.nlp.attribution.spans import SpanHelpers
from claims.nlp.types import QuoteType


class HeadlineRules(SpanHelpers):
    """Headlines, name-colon lines, verb-first lines and dash credits."""

    def _is_headline(self, start: int, end: int) -> bool:
        """Headlines are short lines without final punctuation or in Title Case.

        Some feeds end a headline with a full stop: "Smith Says Taxes Will
        Rise." is still one.
        """
        start, end = self._strip_space(start, end)
        if start == end or end - start > MAX_HEADLINE_TOKENS:
            return False
        last = end - 1
        while last > start and self.doc[last].text in QUOTE_MARKS | {")", "]"}:
            last -= 1
        if self.doc[last].text not in TERMINAL_PUNCT:
            return True
        words = [t for t in self.doc[start:end] if t.is_alpha and len(t) > 3]
        return len(words) >= 3 and all(t.text[0].isupper() for t in words)

    def _line_start(self, unit: Span) -> bool:
        """Return whether unit opens a paragraph."""
        return unit.start == 0 or "\n" in self.doc[unit.start - 1].text_with_ws

    def _transcript_turn(self, unit: Span) -> bool:
        """Return whether a paragraph opens with "SMITH:" (a transcript).

        A quotation mark may come first: some sites quote a whole transcript.
        """
        first = 1 if len(unit) and unit[0].text in QUOTE_MARKS else 0
        return (
            self._line_start(unit)
            and len(unit) > first + 2
            and unit[first + 1].text == ":"
            and unit[first].is_upper
            and len(unit[first]) > 1
        )

    def _verb_first(self, unit: Span) -> Attribution | None:
        """Return "Said Okafor: “...”", the reporting verb before the speaker's name."""
        doc = self.doc
        if not self.tagged or len(unit) < 5:
            return None
        verb = unit[0]
        if not (verb.is_title and verb.lower_ in VERB_FIRST_FORMS):
            return None
        end = next((t.i for t in unit[1:7] if t.text in {":", ","}), None)
        if end is None or end == verb.i + 1 or end + 1 >= unit.end or self.quote_at[end + 1] < 0:
            return None
        name = doc[verb.i + 1 : end]
        if not all(t.pos_ == "PROPN" or t.is_title or t.text == "." for t in name[1:]) or not (
            name[0].is_title or name[0].lower_ == "the"
        ):  # the tagger reads "Added Smith" as one name, "Says Trump" as a noun
            return None
        start, stop = self._trim(end + 1, unit.end)
        return Attribution(
            unit,
            doc[start:stop],
            self._quote_type(start, stop, QuoteType.DIRECT),
            source=name,
            cue=doc[verb.i : verb.i + 1],
            source_phrase=name,
        )

    def _headline_colon(self, unit: Span) -> Attribution | None:
        """Return "Russia: Rebels Helped ..." as Russia's claim, if it is one.

        So does a transcript's turn: "SMITH: We won.", and a paragraph that
        opens with a name and a colon: "Sanders: Clinton must change."
        """
        first = unit.start + (1 if len(unit) and unit[0].text in QUOTE_MARKS else 0)
        colon = next((t for t in unit if t.text == ":"), None)
        if colon is None or colon.i <= first or colon.i - first > 10:
            return None
        if (
            self.doc[first].lower_ in COLON_LABELS
            and first + 2 < colon.i
            and self.doc[first + 1].text in DASHES
        ):
            first += 2  # "EXCLUSIVE – Jane Okafor: ..."
        speaker = self.doc[first : colon.i]
        # "Clinton to Planned Parenthood: ...": the addressee is no speaker
        to = next((t for t in speaker if t.lower_ == "to" and t.i > first), None)
        if to is not None:  # a named speaker only: "Road to Victory: ..." is a title
            speaker = self.doc[first : to.i]
            if not any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in speaker):
                return None
        if len(speaker) > 5:
            return None
        if speaker.text.lower() in INTERVIEW_TURNS:
            return None
        if any(t.lower_ in COLON_LABELS for t in speaker) or not all(
            t.pos_ == "PROPN"
            or t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
            or (t.is_upper and t.is_alpha)  # transcripts: "TAPPER: ..."
            or (t.is_title and t.is_alpha)  # "Poll: ...", a tagger's NOUN "Trump"
            or (t.text in {".", "'s", "’s", "-"} and t.i > first)
            or (t.lower_ in {"at", "of", "the"} and first < t.i < colon.i - 1)
            or (t.lower_ in SPEAKER_GROUPS and first < t.i == colon.i - 1)  # "Okafor camp:"
            for t in speaker
        ):
            return None
        start, end = self._trim(colon.i + 1, unit.end)
        if self._words(start, end) < 2:
            return None
        return Attribution(
            unit,
            self.doc[start:end],
            self._quote_type(start, end, QuoteType.INDIRECT),
            source=speaker,
            cue=self.doc[colon.i : colon.i + 1],
            source_phrase=speaker,
        )

    def _dash_name(self, start: int, end: int) -> Span | None:
        """Return the name in a credit "― Jane Doe" at start:end, if it is one."""
        doc = self.doc
        if start >= end or not (doc[start].text in DASHES or glued_dash(doc[start])):
            return None
        name_end = start + 1
        while name_end < end and doc[name_end].is_space:
            name_end += 1
        while name_end < end and (
            doc[name_end].is_title or doc[name_end].pos_ == "PROPN" or doc[name_end].text == "."
        ) and doc[name_end].text not in QUOTE_MARKS:
            name_end += 1
        rest = doc[name_end:end]
        if not all(t.is_punct or t.is_space for t in rest) and (
            not len(rest) or rest[0].text != ","  # "― Jane Doe, a teacher"
        ):
            return None
        name_start, name_end = self._trim(start + 1, name_end, drop_stop=True)
        if not 0 < name_end - name_start <= 6 or not doc[name_start].is_alpha:
            return None
        return doc[name_start:name_end]

    def _dash_credit(self, unit: Span) -> Attribution | None:
        """Return "“We will win.” ― Jane Doe" (a reader's quote) as Doe's claim."""
        if not self.tagged:
            return None
        for quote in self.quotes:
            if unit.start <= quote.start < quote.end < unit.end and quote.closed:
                # "”―" typed without a space is one token: the quote's last
                dash = quote.end - 1 if glued_dash(self.doc[quote.end - 1]) else quote.end
                while dash < unit.end - 1 and self.doc[dash].is_space:
                    dash += 1  # "”\xa0―": a no-break space is a token of its own
                source = self._dash_name(dash, unit.end)
                if source is not None:
                    start, end = self._trim(unit.start, dash)
                    return Attribution(
                        unit,
                        self.doc[start:end],
                        QuoteType.DIRECT,
                        source=source,
                        cue=self.doc[dash : dash + 1],
                        source_phrase=source,
                    )
        return None

    def _named_colon(self, unit: Span) -> Attribution | None:
        """Return "Polls were early - Jane Doe: “...”" or "More from the report: “...”".

        A digest's credit: a name set off by a dash (or after "from") and a
        colon right before a quotation says whose words it holds.
        """
        if not self.tagged:
            return None
        doc = self.doc
        for quote in self.quotes:
            colon = quote.start - 1
            if not (unit.start < colon and quote.end <= unit.end) or doc[colon].text != ":":
                continue
            start = colon
            while (
                start > unit.start
                and colon - start < 5
                and doc[start - 1].text not in DASHES
                and doc[start - 1].lower_ != "from"
            ):
                start -= 1
            credit = doc[start - 1].text in DASHES or doc[start - 1].lower_ == "from"
            if start == colon or start == unit.start or not credit:
                continue
            name = doc[start:colon]
            if doc[start - 1].lower_ == "from":
                named = name[-1].pos_ in {"NOUN", "PROPN"} and all(
                    t.pos_ in {"DET", "NOUN", "PROPN", "PART", "ADJ"} for t in name
                )
            else:
                named = all(
                    t.pos_ == "PROPN" or t.lower_ == "and" or t.text in {".", "'s", "’s"}
                    for t in name
                )
            if not named:
                continue
            start, end = self._quote_content(quote)
            return Attribution(
                unit,
                doc[start:end],
                QuoteType.DIRECT,
                source=name,
                cue=doc[colon : colon + 1],
                source_phrase=name,
            )
        return None
