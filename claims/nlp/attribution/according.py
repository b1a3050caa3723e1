""""According to X, Y", "Y, according to X" and "Moscow, according to X, is ...".

X is the source, the rest of the unit the content; "according to press
reports" names no one and is a hedge, with the reports as the source as
written.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.nlp.attribution.lexicon import ANONYMOUS_SOURCE_NOUNS
from claims.nlp.attribution.records import Cue
from claims.nlp.attribution.spans import SpanHelpers


class AccordingToRules(SpanHelpers):
    """"According to X" as a cue."""

    def _according_to(self, unit: Span, according: Token) -> Cue | None:
        """Return the cue of "according to X"; None when X is anonymous."""
        doc = self.doc
        to = doc[according.i + 1]
        head = next((c for c in to.children if c.dep_ == "pobj"), None)
        if head is None:  # unparsed: the first content word after "to"
            head = next(
                (t for t in doc[to.i + 1 : unit.end] if t.is_alpha and not t.is_stop),
                None,
            )
        if head is None:
            return None
        source, role = self._mention(head)
        phrase_end = max(to.right_edge.i, head.right_edge.i, source.end - 1) + 1
        left = self._trim(unit.start, according.i, drop_stop=True)
        right = self._trim(phrase_end, unit.end, drop_stop=True)
        comma = next((t.i for t in doc[head.i : phrase_end] if t.text == ","), None)
        if left[0] == left[1] and right[0] == right[1] and comma is not None:
            # "According to X, the move reeks of fear": the parser hung the
            # claim on X
            phrase_end = comma
            right = self._trim(comma + 1, unit.end, drop_stop=True)
        phrase = self._phrase(head)
        if phrase is not None and phrase.end > phrase_end:
            phrase = self._span(*self._trim(phrase.start, phrase_end))
        if source.end > phrase_end:
            source = self._span(*self._trim(source.start, phrase_end))
        if left[0] == left[1]:
            content = right
        elif right[0] == right[1]:
            content = left
        else:  # "Moscow, according to X, is planning ...": keep it whole
            content = self._trim(unit.start, unit.end, drop_stop=True)
        if head.lower_ in ANONYMOUS_SOURCE_NOUNS:
            # "according to press reports" names no speaker: a hedge, but
            # the reports are the source as written
            cue = doc[according.i : to.i + 1]
            return Cue(cue, None, content=content, phrase=phrase)
        return Cue(
            doc[according.i : to.i + 1],
            source,
            role,
            head,
            content,
            credit=self._is_outlet(source),
            phrase=phrase,
        )
