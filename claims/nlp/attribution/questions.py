"""Questions put to a speaker: "Asked whether X, Smith said Y", "Y was asked about X".

PolNeAR makes the question a relation of its own (quote type
``question``, never queued), without a source unless the asker is named
("asked by a host"). Also "asked Y if Z", where Z and not the person Y is
asked, and taking the question out of the answer's content when the
parser hangs it inside.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.nlp.attribution.lexicon import QUESTION_OPENERS, QUESTION_TIMES
from claims.nlp.attribution.records import Cue
from claims.nlp.attribution.spans import SpanHelpers


class QuestionRules(SpanHelpers):
    """Questions put to a speaker."""

    def _question_cue(self, verb: Token) -> Cue | None:
        """Return "Asked whether X, ..." / "Y was asked about X" as a question.

        PolNeAR makes the question put to a speaker a relation of its own,
        without a source (the reporter asked) unless one is named ("asked
        by a host"). Only a participle or a passive without its asker as
        subject qualifies; "X asked whether" is an ordinary cue.
        """
        children = list(verb.children)
        if any(c.dep_ == "nsubj" for c in children):
            return None
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in children)
        participle = verb.tag_ in {"VBN", "VBD"} and (
            verb.dep_ in {"advcl", "pcomp"}
            or (verb.dep_ == "ROOT" and verb.i == verb.sent.start)
            # "Smith, when asked ..., said": the parser may hang it on Smith
            or (verb.dep_ in {"acl", "relcl"} and self._asked_when(verb))
        )
        if not (passive or participle):
            return None
        content = self._question_content(verb)
        if content is None:
            return None
        span, content = content
        agent = next((c for c in children if c.dep_ == "agent"), None)
        asker = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        source, role = self._mention(asker) if asker is not None else (None, None)
        cue = Cue(span, source, role, asker, content, question=True)
        if asker is not None:
            cue.phrase = self._phrase(asker)
        return cue

    @staticmethod
    def _asked_when(verb: Token) -> bool:
        """Return whether verb is "when asked" hung on a noun: "Smith, when asked"."""
        return verb.lemma_.lower() == "ask" and any(c.lower_ in QUESTION_TIMES for c in verb.lefts)

    def _question_content(self, verb: Token) -> tuple[Span, tuple[int, int]] | None:
        """Return the cue span and content of a question cue, if it has one.

        The content is an embedded question ("whether ...", "what ..."),
        the object of "about" or "for" (which joins the cue) or a
        to-infinitive.
        """
        doc = self.doc
        cue = self._cue_span(verb)
        end = verb.right_edge.i + 1
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ in {"about", "for"}:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if not objects:
                    continue
                if child.i == cue.end:
                    cue = doc[cue.start : child.i + 1]
                return cue, self._trim(objects[0].left_edge.i, child.right_edge.i + 1)
            if child.dep_ == "xcomp" and doc[child.left_edge.i].lower_ == "to":
                return cue, self._trim(child.left_edge.i, child.right_edge.i + 1)
        # "Asked on the radio who leads ...": the parser may hang the
        # question anywhere in the clause; it opens with a question word.
        opener = next(
            (
                t
                for t in doc[verb.i + 1 : end]
                if t.lower_ in QUESTION_OPENERS and self.quote_at[t.i] < 0
            ),
            None,
        )
        if opener is None:
            return None
        content = self._trim(opener.i, end, drop_stop=True)
        return (cue, content) if self._words(*content) >= 2 else None

    def _asked_about(self, children: list[Token]) -> tuple[int, int] | None:
        """Return what "asked Y if Z" / "asked Y about Z" asks: Z, not the person Y.

        The parser hangs the question on the verb as an adverbial clause, so
        the person asked would otherwise be taken for the content.
        """
        person = next((c for c in children if c.dep_ in {"dobj", "dative"}), None)
        if person is None:
            return None
        for child in children:
            if child.i <= person.i:
                continue
            if child.dep_ in {"advcl", "ccomp"} and (
                any(m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in child.children)
                or child.left_edge.tag_ in {"WRB", "WP", "WDT"}
            ):
                return child.left_edge.i, child.right_edge.i + 1
            if child.dep_ == "prep" and child.lower_ == "about":
                topic = next((c for c in child.children if c.dep_ == "pobj"), None)
                if topic is not None:
                    return topic.left_edge.i, topic.right_edge.i + 1
        return None

    def _carve_question(self, question: Cue, cue: Cue) -> bool:
        """Take a question put to the speaker out of cue's content.

        "Asked whether A, X said B" / "X said, when asked about A, that B":
        the parser may hang the question's clause inside what X said; it
        is a relation of its own. Return whether cue's content changed.
        """
        verb = question.span.root
        if not question.question or verb.dep_ not in {"advcl", "pcomp", "prep"}:
            return False
        start, end = verb.left_edge.i, verb.right_edge.i + 1
        if verb.dep_ == "pcomp":  # "after being asked about A"
            start = verb.head.left_edge.i
        elif start > 0 and self.doc[start - 1].dep_ == "advmod" and (
            self.doc[start - 1].head.i == verb.i
        ):
            start -= 1
        first, last = cue.content
        if not (first <= question.content[0] and question.content[1] <= last):
            return False
        if cue.span.start >= end or cue.span.end <= start:
            left, right = self._trim(first, start), self._trim(end, last)
            if right[0] < right[1] and self.doc[right[0]].lower_ == "that":
                right = self._trim(right[0] + 1, right[1])  # "..., that B"
        else:
            return False
        pieces = [p for p in (left, right) if p[0] < p[1] and self._words(*p)]
        if not pieces:
            cue.content = (first, first)
        elif len(pieces) == 1:
            cue.content = pieces[0]
        else:
            cue.content = (pieces[0][0], pieces[1][1])
            cue.parts = pieces
        if cue.parts and len(pieces) == 1:
            cue.parts = [p for p in cue.parts if p[0] >= pieces[0][0] and p[1] <= pieces[0][1]]
        return True
