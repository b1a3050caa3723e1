"""The writer's hedges and unnamed acts: relations without a named source.

"X seemed to Y" and "it appears that Y" (a perception; the content is the
subject and the complement, in two parts); "X was declared the winner",
"Y was charged with Z" (an official act in the passive); and "seemed to
urge", where the hedge joins the cue. Hedge adverbs ("reportedly") and
agentless passives ("is believed") are found in pipeline.py and
reporting.py.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.nlp.attribution.lexicon import PASSIVE_ACT_PREPS, SEEM_LEMMAS, VERBAL
from claims.nlp.attribution.records import Cue
from claims.nlp.attribution.spans import SpanHelpers


class HedgeRules(SpanHelpers):
    """Perceptions and official acts without a named source."""

    def _seem_cue(self, verb: Token) -> Cue | None:
        """Return "X seemed to Y" or "it appears that Y", a perception without source.

        The content is the subject and the complement, in two parts.
        """
        children = list(verb.children)
        subject = next((c for c in children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or self.quote_at[subject.i] >= 0:
            return None
        clause = next(
            (c for c in children if c.dep_ == "ccomp" and c.i > verb.i and c.pos_ in VERBAL),
            None,
        )
        if clause is not None and subject.lower_ == "it":
            start = clause.left_edge.i
            if self.doc[start].lower_ == "that":
                start += 1
            content = self._trim(start, clause.right_edge.i + 1, drop_stop=True)
            return Cue(self.doc[verb.i : verb.i + 1], None, content=content)
        complement = next(
            (
                c
                for c in children
                if c.i > verb.i
                and (
                    (c.dep_ == "xcomp" and c.pos_ in VERBAL | {"ADJ"})
                    or (c.dep_ in {"acomp", "attr"} and c.pos_ in {"ADJ", "NOUN"})
                )
            ),
            None,
        )
        if complement is None or subject.lower_ in {"it", "there"}:
            return None
        if complement.pos_ in VERBAL and self._is_cue_lemma(complement):
            return None  # "Okafor seemed to urge X": Okafor's, with "seemed to urge" as cue
        first = self._trim(subject.left_edge.i, subject.right_edge.i + 1)
        second = self._trim(complement.left_edge.i, complement.right_edge.i + 1, drop_stop=True)
        if first[0] >= first[1] or second[0] >= second[1] or first[1] > verb.i:
            return None
        cue = Cue(self.doc[verb.i : verb.i + 1], None, content=(first[0], second[1]))
        cue.parts = [first, second]
        return cue

    def _passive_act(self, verb: Token, children: list[Token]) -> Cue | None:
        """Return "X was declared the winner", "Y was charged with Z" without a source.

        An official act of speech whose speaker goes unnamed: the content is
        the subject and what was declared or charged, in two parts.
        """
        lemma = verb.lemma_.lower()
        subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if (
            subject is None
            or subject.lower_ in {"it", "there"}
            or subject.tag_ in {"WDT", "WP"}
            or self.quote_at[subject.i] >= 0
        ):
            return None
        first = self._trim(subject.left_edge.i, subject.right_edge.i + 1)
        if first[0] >= first[1] or first[1] > verb.i:
            return None
        span = self._cue_span(verb)
        parts = [first]
        rest = next(
            (
                c
                for c in children
                if c.i > verb.i
                and (
                    c.dep_ in {"oprd", "attr", "xcomp"}
                    or (c.dep_ == "prep" and c.lower_ in PASSIVE_ACT_PREPS.get(lemma, ()))
                )
            ),
            None,
        )
        if rest is not None and rest.dep_ == "prep":
            objects = [c for c in rest.children if c.dep_ in {"pobj", "pcomp"}]
            if not objects:
                return None
            if rest.i == span.end:  # "was charged with", as PolNeAR marks it
                span = self.doc[span.start : rest.i + 1]
            parts.append(self._trim(objects[0].left_edge.i, rest.right_edge.i + 1, drop_stop=True))
        elif rest is not None:
            parts.append(self._trim(rest.left_edge.i, rest.right_edge.i + 1, drop_stop=True))
        elif lemma != "announce":  # "the winner was declared" says nothing of whom
            return None
        if parts[-1][0] >= parts[-1][1]:
            return None
        cue = Cue(span, None, content=(parts[0][0], parts[-1][1]))
        if len(parts) > 1:
            cue.parts = parts
        return cue

    def _with_seem(self, span: Span) -> Span:
        """Return "seemed to urge" for the cue "urge" under "seemed": the hedge
        is part of what the reader should see."""
        verb, head = span.root, span.root.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in SEEM_LEMMAS and head.i < verb.i:
            return self.doc[self._cue_span(head).start : span.end]
        return span
