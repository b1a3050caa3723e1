"""The source as written: the speaker's mention, role and whole phrase.

The mention leaves titles and roles out ("Russia's deputy foreign
minister, Mikhail Bogdanov": Bogdanov, with the role); the phrase is what
PolNeAR marks (titles, appositions and relative clauses, without a
dateline, a time hung on the name or a trailing participle).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.nlp.attribution.lexicon import DASHES, NP_LEFT_DEPS, SEPARATORS
from claims.nlp.attribution.spans import SpanHelpers
from claims.nlp.coref import HONORIFICS, TITLES


class SourceRules(SpanHelpers):
    """Build the source's mention, role and phrase."""

    def _phrase(self, head: Token, inverted: bool = False) -> Span | None:
        """Return head's whole phrase (titles, appositions, clauses) trimmed.

        A time the parser hung on the name ("Smith on Monday") is left out,
        and so is a participle after a speaker who follows the verb ("said
        Smith, wearing a cap"); relative clauses stay, as PolNeAR keeps them.
        """
        doc = self.doc
        end = head.right_edge.i + 1
        for child in head.rights:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            comma = doc[child.left_edge.i - 1].text == ","
            if (
                (child.dep_ == "prep" and objects and objects[0].ent_type_ in {"DATE", "TIME"})
                or (comma and inverted and child.dep_ == "acl" and child.tag_ in {"VBG", "VBN"})
                or (comma and child.dep_ in {"acl", "relcl"} and self._asked_when(child))
            ):
                end = min(end, child.left_edge.i)
        start = head.left_edge.i
        dash = next(
            (t.i for t in doc[start : min(head.i, start + 4)] if t.text in DASHES), None
        )
        if dash is not None and all(t.is_upper or t.is_punct for t in doc[start:dash]):
            start = dash + 1  # a dateline: "WASHINGTON -- President Obama"
        if doc[start].lower_ in {"even", "only"} and doc[start].dep_ == "advmod":
            start += 1
        return self._span(*self._trim(start, end))

    def _mention(self, head: Token) -> tuple[Span, Span | None]:
        """Return the speaker mention (no title or role) and its role."""
        doc = self.doc
        appos = next((c for c in head.children if c.dep_ == "appos"), None)
        if head.pos_ == "PRON":
            return doc[head.i : head.i + 1], None
        start, end = self._noun_phrase(head)
        if head.ent_type_ != "PERSON" and appos is not None and appos.ent_type_ == "PERSON":
            # "Russia's deputy foreign minister, Mikhail Bogdanov,"
            mention, _ = self._mention(appos)
            return mention, self._span(*self._trim(start, end))
        role: Span | None = None
        if head.ent_type_ == "PERSON":
            ent_start, ent_end = self._entity_range(head)
            ent_start = max(ent_start, start)
            while ent_end - ent_start > 1 and doc[ent_start].lower_ in TITLES:
                ent_start += 1
            role_start = start
            while role_start < ent_start and (
                doc[role_start].dep_ in {"det", "punct"} or doc[role_start].lower_ in HONORIFICS
            ):
                role_start += 1
            role = self._span(role_start, ent_start)
            start, end = ent_start, max(ent_end, head.i + 1)
        if appos is not None:
            role = self._role(appos)
        return doc[start:end], role

    def _role(self, appos: Token) -> Span | None:
        """Return an apposition up to its first comma (before "who ...")."""
        end = appos.right_edge.i + 1
        for token in self.doc[appos.i + 1 : end]:
            if token.text in SEPARATORS:
                end = token.i
                break
        return self._span(*self._trim(appos.left_edge.i, end))

    def _entity_range(self, token: Token) -> tuple[int, int]:
        start, end = token.i, token.i + 1
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        return start, end

    def _noun_phrase(self, head: Token) -> tuple[int, int]:
        """Return the noun phrase of head without appositions or clauses."""
        start = head.i
        for child in head.lefts:
            if child.dep_ in NP_LEFT_DEPS:
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.rights:
            if child.i == end and child.dep_ in {"compound", "flat"}:
                end += 1
            elif child.i == end and child.dep_ == "prep" and child.lower_ == "of":
                end = child.right_edge.i + 1
        return start, end
