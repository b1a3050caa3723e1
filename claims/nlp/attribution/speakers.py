"""Which token speaks: the reporting verb's subject, or where the parser put it.

A closing "..., saying X" speaks for the main clause's subject; "went on
to say" and "after saying" inherit it; "X said A, and about the same share
said B" has a speaker of its own. A name the parser left loose ("“...,”
Ramos, 58, told"), hung on a later verb ("said Robert Reich, who ..."),
hung on an opening phrase ("At the convention Sen. Jane Doe (D-MA) said")
or read as a common word ("Jolly said") still speaks.
"""

from __future__ import annotations

from spacy.tokens import Token

from claims.nlp.attribution.lexicon import (
    DASHES,
    PHRASE_POS,
    QUOTE_MARKS,
    STATEMENT_NOUNS,
    SUBJECT_DEPS,
    TIME_WORDS,
    VERBAL,
)
from claims.nlp.attribution.spans import SpanHelpers


class SpeakerRules(SpanHelpers):
    """Find the token that speaks."""

    def _subject(self, verb: Token) -> Token | None:
        """Return the subject of verb; a closing "..., saying" takes the main clause's."""
        subject = self._nearest_subject(verb)
        if subject is not None and verb.lemma_.lower() in self.cue_lemmas:
            return self._main_speaker(verb) or subject
        return subject

    def _nearest_subject(self, verb: Token) -> Token | None:
        """Return the subject of verb, inherited for "..., adding that".

        A reporting verb also inherits it as a to-infinitive ("went on to
        say"; "urged him to say" gives "him") or after a preposition ("after
        saying"); "a statement saying" is the statement's.
        """
        token = verb
        reporting = verb.lemma_.lower() in self.cue_lemmas
        for _ in range(3):
            subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
            # "“... panic mode,” said Wimes": the parser may take quoted
            # words for a second subject.
            subject = next((c for c in subjects if self.quote_at[c.i] < 0), None)
            if (
                len(subjects) > 1
                and token.i == verb.i
                and self.doc[verb.i - 1].text in QUOTE_MARKS | {","}
            ):  # "..., said Smith": the words before are the content
                subject = next((c for c in subjects if c.i > verb.i), subject)
            if subject is None and subjects:
                subject = subjects[0]
            if subject is not None:
                return subject
            head = token.head
            if head.i == token.i:
                return self._name_left(verb) if token.i == verb.i and reporting else None
            if token.dep_ == "xcomp" and reporting:
                obj = next((c for c in head.children if c.dep_ == "dobj"), None)
                if obj is not None and obj.i < token.i:
                    return obj
            elif token.dep_ == "pcomp" and token.tag_ == "VBG" and head.dep_ == "prep":
                head = head.head
                if head.dep_ == "advmod" and head.head.pos_ in VERBAL:
                    head = head.head  # "aside from saying"
            elif (
                token.dep_ == "advcl"
                and reporting
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            ):  # "went on to explain how": the infinitive's subject is the verb's
                if head.dep_ == "advmod" and head.head.pos_ in VERBAL:
                    head = head.head  # "went so far as to say"
            elif token.dep_ == "acl" and token.tag_ == "VBG" and reporting:
                clause = self._participle_clause(token)
                if clause is not None:  # "a pitch to voters saying"
                    token = clause
                    continue
                if head.pos_ in {"NOUN", "PROPN"} and head.lower_ not in STATEMENT_NOUNS:
                    return head
            elif token.dep_ == "acl" and self._misparsed_main_verb(token):
                return head
            else:
                if not (
                    token.dep_ == "conj"
                    or (token.dep_ in {"advcl", "xcomp", "acl"} and token.tag_ == "VBG")
                    or self._participle_root(token)
                ):
                    return None
                if token.dep_ == "conj" and token.i == verb.i and reporting:
                    own = self._coordinated_speaker(verb)
                    if own is not None:  # "..., and about the same share said B"
                        return own
                if (
                    token.tag_ == "VBG"
                    and head.dep_ == "ccomp"
                    and head.head.lemma_.lower() in self.cue_lemmas
                    and self._comma_before(token.left_edge.i)
                ):  # "X said Y would fail, pointing to Z": hung on the wrong verb
                    head = head.head
            token = head
        return None

    def _main_speaker(self, verb: Token) -> Token | None:
        """Return the main clause's subject for a closing "..., saying X".

        A participle after a comma speaks for the sentence's subject even
        when the parser hangs it on a clause inside ("She said her brother
        would do it again, saying ..."; "He praised the film after critics
        panned it, remarking ..."). Not past a relative clause, a quotation
        or a conjoined clause with a subject of its own ("A arrested X and
        B closed Y, acknowledging": B's).
        """
        if (
            verb.tag_ != "VBG"
            or verb.dep_ not in {"advcl", "xcomp", "conj"}
            or not self._comma_before(verb.left_edge.i)
        ):
            return None
        head, inner = verb.head, False
        while head.head.i != head.i:
            if head.dep_ == "relcl" or self.quote_at[head.i] >= 0:
                return None
            if head.pos_ in VERBAL and any(c.dep_ in SUBJECT_DEPS for c in head.children):
                if head.dep_ == "conj":
                    return None
                inner = True
            head = head.head
        if not inner or head.pos_ not in VERBAL or self.quote_at[head.i] >= 0:
            return None
        subject = next(
            (
                c
                for c in head.children
                if c.dep_ in SUBJECT_DEPS and c.i < verb.i and self.quote_at[c.i] < 0
            ),
            None,
        )
        after = subject.right_edge.i + 1 if subject is not None else len(self.doc)
        if after < len(self.doc) and self.doc[after].text in DASHES | {"("}:
            return None  # a dateline the parser took for the subject: "CITY — ..."
        return subject

    def _coordinated_speaker(self, verb: Token) -> Token | None:
        """Return the speaker of "X said A, and about the same share said B".

        A second reporting verb joined by "and"/"but" shares the first one's
        subject only when nothing stands between the coordinator and it; the
        parser may take the noun phrase there for a preposition's object
        ("about the same share") and would give B to X.
        """
        doc = self.doc
        start = verb.i - 1
        while (
            start > verb.sent.start
            and verb.i - start <= 6
            and doc[start].lower_ not in {"and", "but"}
        ):
            start -= 1
        between = doc[start + 1 : verb.i]
        if (
            doc[start].lower_ not in {"and", "but"}
            or not between
            or between[-1].pos_ not in {"NOUN", "PROPN", "PRON"}
            or any(t.pos_ not in PHRASE_POS or self.quote_at[t.i] >= 0 for t in between)
        ):
            return None
        return between[-1]

    def _name_left(self, verb: Token) -> Token | None:
        """Return the name right before a main reporting verb left without a subject.

        After a long opening phrase the parser may hang the speaker on it
        ("At the convention Sen. Jane Doe (D-MA) said ..." with Doe as an
        apposition): the name just before the verb is still who speaks.
        """
        doc = self.doc
        i = verb.i - 1
        if i > 0 and doc[i].text == ")":  # "Sen. Jane Doe (D-MA) said"
            opening = next((j for j in range(i - 1, max(i - 6, 0), -1) if doc[j].text == "("), None)
            i = opening - 1 if opening is not None else i
        if i > 2 and doc[i].text == "," and doc[i - 1].like_num and doc[i - 2].text == ",":
            i -= 3  # "Jane Doe, 44, said"
        elif (
            i > 1
            and doc[i].text == ","
            and doc[i - 1].pos_ == "PROPN"
            and doc[i - 1].dep_ == "appos"
        ):
            i -= 1  # "In an email to X, his chief of staff, Dan Ortiz, said": hung on X
        if i < 0:
            return None
        name = doc[i]
        # "..., the candidate's former doctor maintains.": the subject hung
        # on the verb as a compound
        misparsed = (
            name.pos_ == "NOUN" and name.dep_ == "compound" and name.head.i == verb.i
        ) or self._name_read_as_word(name, verb)
        if (
            (name.pos_ != "PROPN" and not misparsed)
            or name.dep_ in SUBJECT_DEPS
            or self.quote_at[name.i] >= 0
            or any(t.pos_ in VERBAL for t in doc[name.i : verb.i])
        ):
            return None
        return name

    def _participle_clause(self, participle: Token) -> Token | None:
        """Return the verb whose subject speaks in "X made a pitch to voters saying".

        The parser hangs the participle on the nearest noun: one after a
        comma, or on a preposition's object (the audience, "to voters"),
        does not say what the noun says but what the clause's subject says.
        """
        head = participle.head
        after_comma = self._comma_before(participle.left_edge.i)
        if not (after_comma or head.dep_ == "pobj"):
            return None
        verb = head.head
        while verb.pos_ not in VERBAL and verb.head.i != verb.i:
            verb = verb.head
        return verb if verb.pos_ in VERBAL and verb.i < participle.i else None

    def _comma_before(self, i: int) -> bool:
        """Return whether token i follows a comma, or a comma and a closing mark.

        "X said “Y,” adding Z": the comma sits inside the quotation.
        """
        before = self.doc[i - 1] if i > 0 else None
        if before is not None and before.text in QUOTE_MARKS and i > 1 and (
            self.quote_at[i - 1] >= 0 and self.quotes[self.quote_at[i - 1]].end == i
        ):
            before = self.doc[i - 2]
        return before is not None and before.text == ","

    @staticmethod
    def _share(subject: Token) -> bool:
        """Return whether subject is a poll's "42%" (the sign heads the number)."""
        return subject.text == "%" and any(c.like_num for c in subject.lefts)

    def _name_read_as_word(self, name: Token, verb: Token) -> bool:
        """Return whether a sentence's first word is a surname the tagger read
        as a common word: "Jolly said he has worked ..."."""
        return (
            name.i == verb.sent.start
            and name.head.i == verb.i
            and name.is_title
            and name.is_alpha
            and not name.is_stop
            and name.dep_ in {"advmod", "npadvmod", "amod", "nmod", "compound", "dep"}
            and name.lower_ not in TIME_WORDS
            and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
        )

    def _participle_root(self, verb: Token) -> bool:
        """Return whether the parser made a participle modifying the subject
        the root and the main verb its clause: "Students marching through
        the square chanted ..."."""
        head = verb.head
        return (
            verb.dep_ in {"advcl", "dep"}
            and verb.tag_ in {"VBD", "VBZ", "VBP"}
            and head.dep_ == "ROOT"
            and head.tag_ == "VBG"
            and head.i < verb.i
            and not self._comma_before(verb.left_edge.i)
        )

    @staticmethod
    def _misparsed_main_verb(verb: Token) -> bool:
        """Return whether verb, parsed as a participle, is the clause's verb.

        "One lawmaker called Trump a clown." may come out as a noun phrase
        with "called" modifying it: the root is then the subject.
        """
        head = verb.head
        return (
            verb.tag_ in {"VBN", "VBD"}
            and head.dep_ == "ROOT"
            and head.pos_ in {"NOUN", "PROPN"}
            and head.i < verb.i
            and all(t.pos_ not in VERBAL for t in head.sent if t.i < verb.i)
            and any(c.dep_ in {"dobj", "oprd", "ccomp"} and c.i > verb.i for c in verb.children)
        )

    def _name_before(self, verb: Token) -> Token | None:
        """Return "Ramos" in "“...,” Ramos, 58, told": a name the parser left loose.

        Only right after a quotation, set off by commas (an age, a title).
        """
        doc = self.doc
        i = verb.i - 1
        while i > 0 and (doc[i].is_punct or doc[i].like_num) and doc[i].text not in QUOTE_MARKS:
            i -= 1
        name = doc[i]
        run_start = i
        while run_start > 0 and doc[run_start - 1].pos_ == "PROPN":
            run_start -= 1
        if name.pos_ == "NOUN" or (  # "“...,” Ortiz, a county hydrologist, said"
            name.pos_ == "PROPN"  # "Dan Ortiz, Democrat of Ohio, told"
            and run_start > 0
            and doc[run_start - 1].text not in QUOTE_MARKS
        ):
            role_start = i
            while role_start > max(i - 6, 2) and doc[role_start - 1].pos_ in PHRASE_POS - {"PRON"}:
                role_start -= 1
            if role_start >= 2 and doc[role_start - 1].text == ",":
                name = doc[role_start - 2]
        if name.pos_ != "PROPN" or self.quote_at[name.i] >= 0 or name.dep_ in SUBJECT_DEPS:
            return None
        start = name.i
        while start > 0 and doc[start - 1].pos_ == "PROPN":
            start -= 1
        before = doc[start - 1] if start > 0 else None
        if before is None or before.text not in QUOTE_MARKS or self.quote_at[before.i] < 0:
            return None
        return name

    def _scattered_phrase(self, noun: Token, verb: Token) -> tuple[int, int]:
        """Return the noun phrase the parser hung word by word on verb:
        "the mayor’s former adviser maintains" (each a child of "maintains")."""
        start = noun.i
        while start > 0:
            token = self.doc[start - 1]
            if token.is_punct or token.pos_ in VERBAL or verb not in token.ancestors:
                break
            start -= 1
        return start, noun.i + 1

    def _opening_name(self, verb: Token) -> Token | None:
        """Return "Trump" in "Trump, appearing after Okafor, cited ...": the
        sentence's first name, set off by a comma, that the parser hung on
        the verb as something other than its subject."""
        doc = self.doc
        return next(
            (
                c
                for c in verb.lefts
                if (c.pos_ == "PROPN" or c.ent_type_ in {"PERSON", "ORG"})
                and c.i + 1 < verb.i
                and doc[c.i + 1].text == ","
                and all(t.pos_ == "PROPN" for t in doc[verb.sent.start : c.i])
            ),
            None,
        )

    def _name_after(self, verb: Token) -> Token | None:
        """Return the head of a name right after verb that the parser hung elsewhere.

        "“...,” said Robert Reich, who ... endorsed Sanders": Reich may be
        parsed as the subject of the later verb.
        """
        if verb.i + 1 >= len(self.doc):
            return None
        token = self.doc[verb.i + 1]
        for _ in range(4):
            if token.dep_ in {"compound", "det", "amod", "poss"} and token.head.i > token.i:
                token = token.head
            else:
                break
        if token.pos_ in {"PROPN", "NOUN"} and token.dep_ in SUBJECT_DEPS | {"appos"}:
            return token
        return None
