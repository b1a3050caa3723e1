"""What was said, when no quotation gave a cue its content.

A reported clause ("said that X", "told leaders that X", or a clause the
parser hung above or beside the verb); the rest of the unit around a
reporting clause set off by commas ("X, he said." / "The plan, he said,
will fail."); a stance's argument ("wants to win", "called Smith a liar",
"talked about taxes", "is confident of victory").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.nlp.attribution.lexicon import (
    AS_ONLY_LEMMAS,
    CONTENT_PREPS,
    EDGE_CONJUNCTIONS,
    GERUND_REPORT_LEMMAS,
    MEDIUM_NOUNS,
    MIN_CLAIM_WORDS,
    NO_OBJECT_LEMMAS,
    OBJECT_LEMMAS,
    PREP_CUES,
    PUBLISHING_LEMMAS,
    SEPARATORS,
    STATEMENT_OBJECTS,
    STOCK_OBJECTS,
    SUBJECT_DEPS,
    SUBORDINATORS,
    TALE_NOUNS,
    TELL_LEMMAS,
    VERBAL,
    XCOMP_LEMMAS,
    YES_NO,
)
from claims.nlp.attribution.records import Cue
from claims.nlp.attribution.spans import SpanHelpers


class ContentRules(SpanHelpers):
    """Find a cue's content when no quotation gave one."""

    def _is_content_clause(self, token: Token) -> bool:
        """Return whether token heads a reported clause outside one quote.

        A clause wholly inside one quotation is left to quote assignment, and
        a verbless complement ("consider Assad a vital part") is no claim.
        """
        if token.dep_ != "ccomp":
            return False
        if token.pos_ not in {"VERB", "AUX"} and not any(
            c.dep_ in SUBJECT_DEPS for c in token.children
        ):  # "he would be “shocked”" has a subject, "Assad a vital part" none
            return False
        first = self.quote_at[token.left_edge.i]
        return first < 0 or first != self.quote_at[token.right_edge.i]

    def _beside_clause(self, verb: Token, clause: Token) -> bool:
        """Return whether clause stands beside verb's, not under it: "A: X called
        it Y" (the clause before a colon) or "X called it Y, and Z called for W"
        (a clause joined by "and" that the parser hung on the verb)."""
        doc = self.doc
        if clause.i < verb.i:
            after = clause.right_edge.i + 1
            return after < verb.i and doc[after].text in {":", ";"}
        before = clause.left_edge.i - 1
        return (
            before > verb.i
            and doc[before].lower_ in {"and", "but"}
            and doc[clause.left_edge.i].lower_ != "that"  # "..., and that Y": a second one
            and any(c.dep_ in SUBJECT_DEPS for c in clause.children)
        )

    def _clause_after_hearer(self, verb: Token) -> tuple[int, int] | None:
        """Return "he viewed X" in "telling reporters on Thursday he viewed X",
        a clause the parser hung elsewhere, right after the hearer."""
        children = list(verb.children)
        if not any(c.dep_ in {"dobj", "dative"} for c in children) or any(
            c.dep_ in {"xcomp", "ccomp"} for c in children
        ):
            return None  # "told his advisers to act": the infinitive is the content
        after = verb.right_edge.i + 1
        if after >= verb.sent.end:
            return None
        subject = self.doc[after]
        clause = subject.head
        if (
            subject.dep_ not in SUBJECT_DEPS
            or clause.pos_ not in VERBAL
            or clause.i <= after
            or subject.left_edge.i != after
            or self.quote_at[clause.i] >= 0
        ):
            return None
        return self._trim(after, clause.right_edge.i + 1, drop_stop=True)

    def _clause_above(self, verb: Token) -> tuple[int, int] | None:
        """Return the clause right after verb that the parser made verb's head.

        "While she acknowledged costs were rising, Mendes noted ...": the parser
        may hang the reporting verb on its own content as an adverbial clause.
        """
        head = verb.head
        if verb.dep_ != "advcl" or head.pos_ not in VERBAL or head.i < verb.i:
            return None
        start = verb.i + 1
        if start < len(self.doc) and self.doc[start].lower_ == "that":
            start += 1
        if not any(c.dep_ in SUBJECT_DEPS and c.left_edge.i == start for c in head.children):
            return None
        return self._trim(start, head.right_edge.i + 1, drop_stop=True)

    def _relative_that(self, children: list[Token]) -> tuple[int, int] | None:
        """Return the "that" clause the parser hung on a told object as relative
        (or on the audience after "to")."""
        obj = next((c for c in children if c.dep_ in {"dobj", "dative"}), None)
        if obj is None:
            to = next((c for c in children if c.dep_ == "prep" and c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if obj is None:
            return None
        for token in obj.subtree:
            if token.dep_ != "relcl" or token.pos_ not in VERBAL:
                continue
            first = self.doc[token.left_edge.i]
            # "leaders that few people knew": "that" is no subject of its own
            own_subject = any(c.dep_ in SUBJECT_DEPS and c.i != first.i for c in token.children)
            if first.lower_ == "that" and (first.dep_ == "mark" or own_subject):
                return self._trim(first.i + 1, token.right_edge.i + 1, drop_stop=True)
        return None

    def _main_clause_after_object(self, verb: Token, clause: Token) -> bool:
        """Return whether clause is the sentence's main clause, hung on verb.

        "When Jones announced his bid last spring, Mook was ...": after an
        object, a clause whose subject follows a comma is no content (a
        hearer is: "told reporters, ..." is left alone).
        """
        if verb.lemma_.lower() in TELL_LEMMAS or clause.i < verb.i:
            return False
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i), None)
        subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
        if obj is None or subject is None:
            return False
        return any(t.text == "," for t in self.doc[obj.right_edge.i + 1 : subject.left_edge.i])

    def _is_unmarked_clause(self, token: Token, verb: Token) -> bool:
        """Return whether token is a clause the parser took for an adverbial one.

        A verb with an object of its own ("announced his bid last spring,
        Mook was ...") takes none, except a hearer ("told reporters he ...").
        """
        hearer = verb.lemma_.lower() in TELL_LEMMAS
        return (
            token.dep_ == "advcl"
            and token.i > verb.i
            and (hearer or not any(c.dep_ == "dobj" and c.i < token.i for c in verb.children))
            and token.pos_ in VERBAL
            and any(c.dep_ in SUBJECT_DEPS for c in token.children)
            and not any(c.dep_ == "mark" and c.lower_ != "that" for c in token.children)
            and self.doc[token.left_edge.i - 1].text not in SEPARATORS
            and self.quote_at[token.i] < 0
        )

    def _complement(self, unit: Span, cue: Cue) -> None:
        """Give cue the unit around its reporting clause set off by commas/dashes.

        "..., Reuters reports." leaves what precedes it, and so does a main
        clause "People like Scott, he said."; a parenthetical "The plan, he
        said, will fail." leaves both sides, as two parts. "..., and some
        speculated" is no such clause.
        """
        verb = cue.span.root
        if not self.parsed or verb.dep_ == "relcl":
            return  # "Cruz, who has proposed X, said": a relative clause reports nothing around it
        if verb.dep_ == "ROOT" or verb.head.i == verb.i or self._tail_conjunct(unit, cue):
            self._tail_complement(unit, cue)
            return
        if verb.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return  # "X said A, adding a plug for B": a participle reports nothing before it
        clause_start, clause_end = verb.left_edge.i, verb.right_edge.i + 1
        left = self._trim(unit.start, clause_start, drop_stop=True)
        right = self._trim(clause_end, unit.end, drop_stop=True)
        core_start, core_end = self._trim(clause_start, clause_end)
        before = core_start > 0 and self.doc[core_start - 1].text in SEPARATORS
        after = core_end < len(self.doc) and self.doc[core_end].text in SEPARATORS
        parts = []
        if left[0] == left[1] and after:
            content = right
        elif right[0] == right[1] and before:
            content = left
        elif before and after:
            content = self._trim(unit.start, unit.end, drop_stop=True)
            parts = [left, right]
        else:
            return
        if self._words(*content) >= MIN_CLAIM_WORDS:
            cue.content = content
            if parts and all(self._words(*part) for part in parts):
                cue.parts = parts

    def _tail_conjunct(self, unit: Span, cue: Cue) -> bool:
        """Return whether cue closes the unit as "..., he told reporters." though
        the parser joined it to the clause before as a conjunct."""
        verb, subject = cue.span.root, cue.subject
        end = unit.end
        while end > verb.i + 1 and self.doc[end - 1].is_punct:
            end -= 1
        return (
            verb.dep_ == "conj"
            and subject is not None
            and subject.head.i == verb.i
            and subject.i < verb.i
            and self._comma_before(subject.left_edge.i)
            and verb.right_edge.i + 1 >= end
        )

    def _tail_complement(self, unit: Span, cue: Cue) -> None:
        """Give a main-clause cue at the end ("..., he said.") what precedes it."""
        verb = cue.span.root
        start = verb.i
        if cue.subject is not None and cue.subject.i < verb.i:
            start = min(start, cue.subject.left_edge.i)
        while (
            start - 1 > unit.start
            and self.doc[start - 1].head.i == verb.i
            and self.doc[start - 1].dep_ in {"advmod", "aux", "neg"}
        ):
            start -= 1
        if start - 1 <= unit.start or self.doc[start - 1].text not in SEPARATORS:
            return
        hearer = verb.lemma_.lower() in TELL_LEMMAS  # "..., he told reporters."
        if any(
            c.dep_ in {"ccomp", "xcomp", "dobj"}
            and c.i > verb.i
            and not (hearer and c.dep_ == "dobj")
            for c in verb.children
        ):
            return
        content = self._trim(unit.start, start - 1, drop_stop=True)
        first = self.doc[content[0]] if content[0] < content[1] else None
        if first is not None and first.lower_ in EDGE_CONJUNCTIONS and content[0] + 1 < content[1]:
            first = self.doc[content[0] + 1]
        if (
            first is not None
            and first.lower_ in SUBORDINATORS
            and first.head.dep_ == "advcl"
            and first.head.head.i == verb.i
        ):
            # "But when the council cut the grant, the museum said enough.": a time
            return
        if self._words(*content) >= MIN_CLAIM_WORDS:
            cue.content = content

    def _argument(self, cue: Cue) -> None:
        """Give a stance cue its to-infinitive, object or prepositional object.

        "wants to win", "backs the plan", "called Smith a liar" (object to
        the last complement), "talked about taxes" (the cue takes the
        preposition), "is confident of victory".
        """
        head = cue.span.root
        lemma = head.lemma_.lower()
        children = [c for c in head.rights if c.i >= cue.span.end]
        answer = next(
            (
                c
                for c in children
                if (c.lower_ in YES_NO and c.dep_ == "intj")
                or (  # "Asked whether ..., 55 percent said so."
                    c.lower_ == "so"
                    and c.dep_ == "advmod"
                    and c.i + 1 < len(self.doc)
                    and self.doc[c.i + 1].is_punct
                )
            ),
            None,
        )
        if answer is not None and lemma in self.cue_lemmas:  # "Asked if ..., he said no."
            cue.content = (answer.i, answer.i + 1)
            return
        if lemma == "tell":  # "told a tale of two parties": the tale is what was told
            tale = next(
                (c for c in children if c.dep_ == "dobj" and c.lemma_.lower() in TALE_NOUNS), None
            )
            if tale is not None:
                self._set_content(cue, tale.left_edge.i, tale.right_edge.i + 1)
                return
        if lemma == "ask":
            asked = self._asked_about(children)
            if asked is not None:
                self._set_content(cue, *asked)
                return
        if head.pos_ == "ADJ":
            clause = next((c for c in children if c.dep_ in {"ccomp", "xcomp"}), None)
            if clause is not None:
                self._set_content(cue, clause.left_edge.i, clause.right_edge.i + 1)
                return
            self._prep_content(cue, children, CONTENT_PREPS)
            return
        if lemma in XCOMP_LEMMAS:
            clause = next((c for c in children if c.dep_ == "xcomp" and c.pos_ in VERBAL), None)
            if clause is not None:
                start = clause.left_edge.i
                for child in children:  # "urged Congress to act"
                    if child.dep_ in {"dobj", "dative"} and child.i < clause.i:
                        start = min(start, child.left_edge.i)
                self._set_content(cue, start, clause.right_edge.i + 1)
                return
        if lemma in OBJECT_LEMMAS or lemma in GERUND_REPORT_LEMMAS:
            # "supported increasing the number", "said raising taxes would hurt"
            clause = next(
                (
                    c
                    for c in children
                    if c.dep_ == "xcomp"
                    and c.tag_ == "VBG"
                    and (lemma in OBJECT_LEMMAS or c.left_edge.i == cue.span.end)
                ),
                None,
            )
            if clause is not None:
                self._set_content(cue, clause.left_edge.i, clause.right_edge.i + 1)
                return
        particle = any(c.dep_ == "prt" for c in children)  # "pointed out the bill"
        if lemma in OBJECT_LEMMAS or (
            lemma in self.cue_lemmas and (lemma not in NO_OBJECT_LEMMAS or particle)
        ):
            obj = next((c for c in children if c.dep_ == "dobj"), None)
            if obj is None and lemma in OBJECT_LEMMAS:
                # "called Trump a fascist" parsed without an object: the
                # predicate holds both
                obj = next((c for c in children if c.dep_ == "oprd"), None) or next(
                    (c for c in children if c.dep_ == "xcomp" and c.pos_ in {"NOUN", "PROPN"}),
                    None,
                )  # "calling Trump a fascist" with "Trump" the verb's xcomp
            if obj is not None:
                end = obj.right_edge.i + 1
                predicative = False
                for child in children:  # "called X a liar", "described X as Y"
                    if self._main_clause_after_object(head, child) or self._beside_clause(
                        head, child
                    ):
                        break
                    if child.i > obj.i and (
                        child.dep_ in {"oprd", "ccomp", "xcomp"}
                        or (child.dep_ == "prep" and child.lower_ in {"as", "of", "for"})
                    ):
                        end = child.right_edge.i + 1
                        predicative = predicative or child.dep_ == "oprd" or child.lower_ == "as"
                no_content = obj.pos_ == "PRON" and end == obj.i + 1  # "said it"
                # "released a statement": the words come elsewhere, if at all
                no_content = no_content or (
                    lemma in PUBLISHING_LEMMAS
                    and obj.lower_ in STATEMENT_OBJECTS
                    and not any(c.dep_ in {"acl", "relcl", "ccomp"} for c in obj.children)
                )
                if not no_content and (lemma not in AS_ONLY_LEMMAS or predicative):
                    self._set_content(cue, obj.left_edge.i, end)
                    return
        if lemma in PREP_CUES:
            self._prep_content(cue, children, PREP_CUES[lemma])

    def _prep_content(self, cue: Cue, children: list[Token], preps: set | frozenset) -> None:
        """Take the object of the first fitting preposition; the cue takes it too.

        Stock phrases are no content: "spoke on condition of anonymity",
        "did not respond to a request for comment".
        """
        for child in children:
            if child.dep_ == "prep" and child.lower_ in preps:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                stock = STOCK_OBJECTS.get(cue.span.root.lemma_.lower(), ())
                if objects and objects[0].lemma_.lower() in stock:
                    return
                if objects and self._medium_or_time(objects[0]):
                    continue  # "spoke on Tuesday about X", "spoke on the radio"
                if objects:
                    if child.i == cue.span.end:
                        cue.span = self.doc[cue.span.start : child.i + 1]
                    self._set_content(cue, objects[0].left_edge.i, child.right_edge.i + 1)
                return
            first = child.left_edge
            if child.dep_ in {"advcl", "ccomp"} and first.dep_ == "mark" and first.lower_ in preps:
                # "calling for rivals to drop out": a for-to clause
                if first.i == cue.span.end:
                    cue.span = self.doc[cue.span.start : first.i + 1]
                self._set_content(cue, first.i + 1, child.right_edge.i + 1)
                return

    @staticmethod
    def _medium_or_time(head: Token) -> bool:
        """Return whether a preposition's object names a medium or a time."""
        if head.ent_type_ in {"DATE", "TIME"} or head.lower_ in MEDIUM_NOUNS:
            return True
        return any(t.lower_ in MEDIUM_NOUNS for t in head.lefts if t.dep_ == "compound")

    def _set_content(self, cue: Cue, start: int, end: int) -> None:
        if self.doc[start].lower_ == "that" and self.doc[start].dep_ == "mark":
            start += 1
        start, end = self._trim(start, end, drop_stop=True)
        if start < end and self._words(start, end) >= 1:
            cue.content = (start, end)
