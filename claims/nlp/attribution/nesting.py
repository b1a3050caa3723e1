"""One attribution per token: cues inside another cue's content.

"X said he wants Y" is X's claim only, and an outlet's report keeps its
speaker inside. A clause inside the content may still be a claim of its
own: a participle after a comma ("X said Y, pointing to Z"), a conjoined
clause with its own subject ("X said Y, and Z warned W"), the same
speaker's second act ("X said Y and warned Z"), a relative clause (",
which X called W", ", who claimed W") or a closing ", Reuters reported.";
the outer content then ends before it.
"""

from __future__ import annotations

from claims.nlp.attribution.lexicon import (
    CONTRAST_MARKS,
    EDGE_CONJUNCTIONS,
    MIN_CLAIM_WORDS,
    RELATIVE_PRONOUNS,
    SEPARATORS,
    SPEECH_ACT_LEMMAS,
    SUBJECT_DEPS,
    TAIL_POS,
    TIME_MARKS,
)
from claims.nlp.attribution.records import Cue
from claims.nlp.attribution.spans import SpanHelpers


class NestingRules(SpanHelpers):
    """Keep one attribution per token, splitting off second claims."""

    def _outermost(self, cues: list[Cue]) -> list[Cue]:
        """Drop cues inside another cue's content: "X said he wants Y" is one.

        PolNeAR gives each token one attribution at most, and a fact-checker
        checks the outer claim; widest contents are kept first. An outlet's
        report keeps the speaker inside it, who is the claim's source. A
        participle after a comma that the parser hung inside the content ("X
        said Y, pointing to Z") is X's second attribution, and so is a
        conjoined clause with a subject of its own ("X said Y, and Z warned
        W"): the first content ends before it.
        """
        kept: list[Cue] = []
        for cue in sorted(cues, key=lambda c: c.content[0] - c.content[1]):
            for other in [k for k in kept if self._carve_question(cue, k)]:
                if other.content[0] >= other.content[1]:
                    kept.remove(other)
            outer = next((k for k in kept if self._inside(cue, k)), None)
            if outer is not None and self._carve_question(outer, cue):
                if cue.content[0] >= cue.content[1]:
                    continue
                outer = next((k for k in kept if self._inside(cue, k)), None)
            if outer is not None:
                if not self._second_claim(cue, outer):
                    continue
                self._cut_before(outer, cue)
            # "X said she suspected Y": the inner clause may run further
            # than the outer one as parsed; the outer still wins.
            for inner in [k for k in kept if self._inside(k, cue) and not self._inside(cue, k)]:
                if self._second_claim(inner, cue):
                    self._cut_before(cue, inner)
                    continue
                kept.remove(inner)
                if cue.content[0] <= inner.content[0] <= cue.content[1] + 1:
                    end = max(cue.content[1], inner.content[1])
                    cue.content = (cue.content[0], end)
                    if cue.parts:
                        cue.parts[-1] = (cue.parts[-1][0], end)
            kept.append(cue)
        for cue in kept:
            self._drop_trailing_relative(cue)
        return sorted(kept, key=lambda c: c.span.start)

    def _drop_trailing_relative(self, cue: Cue) -> None:
        """End a content before a closing ", which ..."/", who ..." clause.

        The writer's aside about the last noun ("..., which is more than last
        year") is not the speaker's: a non-restrictive relative clause that
        runs to the content's end is left out of it.
        """
        start, end = cue.content
        if cue.parts or end - start < 4 or self.quote_at[end - 1] >= 0:
            return
        for token in self.doc[start + 2 : end]:
            if (
                token.lower_ in {"which", "who"}
                and self.doc[token.i - 1].text == ","
                and token.head.dep_ == "relcl"
                and token.head.lemma_.lower() not in self.cue_lemmas  # see _appended_relative
                and start < token.head.head.i < token.i
                and token.head.right_edge.i >= end - 1
            ):
                trimmed = self._trim(start, token.i - 1)
                if self._words(*trimmed) >= MIN_CLAIM_WORDS:
                    cue.content = trimmed
                return

    @staticmethod
    def _inside(cue: Cue, other: Cue) -> bool:
        """Return whether cue's verb is inside other's content; a quote in
        parts leaves the words between them out: "“A,” X said, pointing to
        Y, “B”"."""
        if not (
            other.content[0] <= cue.span.start < other.content[1]
            and (cue.credit or not other.credit)  # "Reuters reported the minister said"
        ):
            return False
        if other.from_quote and len(other.parts) > 1:
            return any(start <= cue.span.start < end for start, end in other.parts)
        return True

    def _second_claim(self, cue: Cue, outer: Cue) -> bool:
        """Return whether cue, inside outer's content, is a claim of its own."""
        verb = cue.span.root
        comma = verb.left_edge.i - 1
        return (
            verb.tag_ == "VBG"
            and cue.subject is not None
            and cue.subject.head.i != verb.i
            and outer.content[0] < comma
            and self._comma_before(verb.left_edge.i)
        ) or self._relative_clause(cue, outer) or self._conjoined_clause(cue, outer) or (
            self._conjoined_act(cue, outer)
        ) or self._appended_relative(cue, outer) or self._tail_clause(cue, outer) is not None

    def _tail_clause(self, cue: Cue, outer: Cue) -> int | None:
        """Return the comma before "..., Reuters reported." ending outer's content.

        The parser may hang the reported words on the tail's verb and the
        tail on outer's: "X said A, Reuters reported." A reporting clause
        whose content comes before it and that ends the sentence is a
        relation of its own; outer's content ends at the comma.
        """
        if cue.subject is None or cue.content is None or cue.content[1] > cue.span.start:
            return None
        start = min(cue.span.start, cue.subject.left_edge.i)
        comma = start - 1
        if not (outer.content[0] < comma and self.doc[comma].text in SEPARATORS):
            return None
        if not cue.content[0] < comma:
            return None
        # "..., the paper reported on Monday." may end it; nothing longer
        rest = self.doc[cue.span.root.i + 1 : outer.content[1]]
        if len(rest) > 4 or any(not (t.is_punct or t.pos_ in TAIL_POS) for t in rest):
            return None
        return comma

    def _relative_clause(self, cue: Cue, outer: Cue) -> bool:
        """Return whether cue is "..., which X said was Y" after outer's content.

        A free relative ("spent what X called a record sum") stays outer's.
        """
        comma = cue.parts[0][0] - 1 if cue.relative else -1
        return outer.content[0] < comma and self.doc[comma].text in SEPARATORS

    def _appended_relative(self, cue: Cue, outer: Cue) -> bool:
        """Return whether cue heads "..., who claimed Y" / "..., which he called Z".

        A non-restrictive relative clause set off by a comma after outer's
        content is an attribution of its own (gold never nests them), so
        outer's content ends before it. "..., which aims to ..." (a thing as
        the speaker) is mostly description, not attribution: it stays, and
        so does a clause the content goes on after ("X, who charges Y, has
        lost Z": it describes the reported clause's subject).
        """
        verb = cue.span.root
        if verb.dep_ != "relcl":
            return False
        pronoun = verb.left_edge
        comma = pronoun.i - 1
        if pronoun.lower_ == "which" and pronoun.dep_ in SUBJECT_DEPS:
            return False
        if any(
            not (t.is_punct or t.is_space)
            for t in self.doc[verb.right_edge.i + 1 : outer.content[1]]
        ):
            return False
        return (
            pronoun.lower_ in RELATIVE_PRONOUNS
            and outer.content[0] < comma
            and self.doc[comma].text in SEPARATORS
        )

    def _cut_before(self, outer: Cue, cue: Cue) -> None:
        """End outer's content before cue's clause."""
        verb = cue.span.root
        comma = verb.left_edge.i - 1
        if cue.relative:  # "..., which X said was Y"
            comma = cue.parts[0][0] - 1
        if verb.dep_ == "advcl":  # ", though she noted" / "... after Z reported"
            marks = [c.i for c in verb.children if c.dep_ == "mark"]
            comma = min([verb.left_edge.i] + marks)
        tail = self._tail_clause(cue, outer)
        if tail is not None:  # "X said A, Reuters reported."
            comma = tail
        outer.content = self._trim(outer.content[0], comma)
        outer.parts = [(s, min(e, comma)) for s, e in outer.parts if s < comma]

    def _conjoined_clause(self, cue: Cue, outer: Cue) -> bool:
        """Return whether cue is "..., and Z warned W" hung inside outer's content.

        So is "..., though she noted W": a clause with a subject of its own.
        """
        verb, subject = cue.span.root, cue.subject
        if subject is None or subject.head.i != verb.i:
            return False
        if verb.dep_ == "advcl":
            mark = next((c for c in verb.children if c.dep_ == "mark"), None)
            if mark is None or mark.lower_ not in CONTRAST_MARKS | TIME_MARKS:
                return False
            start = mark.i
            if start - 1 <= outer.content[0]:
                return False
            if mark.lower_ in CONTRAST_MARKS and self.doc[start - 1].text != ",":
                return False
            return subject.i > start
        if verb.dep_ != "conj":
            return False
        start = subject.left_edge.i
        if start > verb.i or start - 1 <= outer.content[0]:
            return False
        return self.doc[start - 1].lower_ in EDGE_CONJUNCTIONS | {",", ";"}

    def _conjoined_act(self, cue: Cue, outer: Cue) -> bool:
        """Return whether cue is outer's speaker's second act: "X said Y and warned Z".

        The parser hangs the second verb on the reported clause; its source
        becomes outer's.
        """
        verb = cue.span.root
        if (
            verb.dep_ != "conj"
            or verb.lemma_.lower() not in SPEECH_ACT_LEMMAS
            or any(c.dep_ in SUBJECT_DEPS for c in verb.children)
            or not outer.content[0] < verb.head.i < outer.content[1]
            or outer.span.root.i == verb.head.i
        ):
            return False
        if self._coordinated_speaker(verb) is not None:
            return True  # "X said A, and about the same share said B": a speaker of its own
        before = self.doc[verb.left_edge.i - 1]
        if before.lower_ not in {"and", "but"} or before.i - 1 <= outer.content[0]:
            return False
        if outer.span[0].lower_ == "according":
            return True  # "X watched Y, according to Z, and said W": X's, as parsed
        cue.source, cue.role, cue.subject, cue.phrase = (
            outer.source, outer.role, outer.subject, outer.phrase
        )
        cue.credit = outer.credit
        return True
