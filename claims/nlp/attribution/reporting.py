"""Reporting verbs: "X said Y", "X told reporters that Y", "“...,” tweeted X".

A verb of the lexicon is a cue when it has a source (its subject, or the
agent of "was reported by") and a content (a clause, a quotation, or an
argument: see contents.py). Also here: passives without an agent, which
hedge ("is believed"); refusals ("declined to comment"); a relative
pronoun's antecedent as the speaker ("Smith, who said ..."); "which X said
was Y" in two parts; light verbs ("made the case that", "gave a speech
on"); and the cue's own span ("has also said in a statement").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.nlp.attribution.lexicon import (
    ALL_CUE_LEMMAS,
    CONDITION_MARKS,
    CONTRAST_MARKS,
    CUE_LEMMAS,
    CUE_MODIFIER_DEPS,
    CUE_PARTICLES,
    EDGE_CONJUNCTIONS,
    HEDGE_PASSIVE_LEMMAS,
    LIGHT_NOUNS,
    LIGHT_PREPS,
    LIGHT_TO_NOUNS,
    PASSIVE_ACT_LEMMAS,
    PREP_CUES,
    QUOTE_MARKS,
    REFUSAL_LEMMAS,
    SPEECH_COMPLEMENTS,
    STATEMENT_NOUNS,
    STATEMENT_PREPS,
    SUBJECT_DEPS,
    TELL_LEMMAS,
    VERBAL,
)
from claims.nlp.attribution.records import Cue
from claims.nlp.attribution.spans import SpanHelpers


class ReportingRules(SpanHelpers):
    """Reporting verbs as cues: source, cue span and clause content."""

    def _is_cue_lemma(self, token: Token) -> bool:
        """Return whether token's lemma is in any cue lexicon."""
        lemma = token.lemma_.lower()
        return lemma in self.cue_lemmas or lemma in ALL_CUE_LEMMAS

    @staticmethod
    def _verb_read_as_noun(token: Token) -> bool:
        """Return whether the tagger called a main verb in -s a noun ("..., the
        doctor maintains.") while the parser gave it a clause to report."""
        return (
            token.tag_ == "NNS"
            and token.dep_ == "ROOT"
            and any(c.dep_ == "ccomp" for c in token.children)
        )

    @staticmethod
    def _conditional(verb: Token, children: list[Token]) -> bool:
        """Return whether verb is a request in the present that is the
        condition of another clause ("When veterans ask for help, calls go
        unanswered"): no act of speech is reported. ("If she says so" may
        be one: PolNeAR annotates it.)"""
        return (
            verb.lemma_.lower() == "ask"
            and verb.dep_ == "advcl"
            and verb.tag_ in {"VBP", "VBZ"}
            and any(c.dep_ in {"mark", "advmod"} and c.lower_ in CONDITION_MARKS for c in children)
            and any(c.dep_ == "prep" and c.lower_ == "for" for c in children)
        )

    def _verb_cue(self, verb: Token) -> Cue | Span | None:
        """Return verb as a cue, a hedge ("is believed") or None."""
        doc = self.doc
        children = list(verb.children)
        if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in children):
            return None  # "asked whether Moscow believed ..." reports no belief
        lemma = verb.lemma_.lower()
        if self._conditional(verb, children):
            return None  # "When veterans ask for help, ...": a condition, not a report
        if verb.head.lower_ == "without" and verb.head.head.lemma_ == "go":
            return None  # "it goes without saying that": the writer's idiom
        if verb.lower_ == "found" and verb.tag_ in {"VB", "VBP"}:
            return None  # "helped found GREENWAY": to found, not to find
        if lemma == "ask":
            question = self._question_cue(verb)
            if question is not None:
                return question
        particles = CUE_PARTICLES | PREP_CUES.get(lemma, set())
        if any(c.dep_ == "prt" and c.lower_ not in particles for c in children):
            return None  # "write off", "add up" are not speech
        content: tuple[int, int] | None = None
        relative: list[tuple[int, int]] = []
        if lemma in REFUSAL_LEMMAS:
            complement = next(
                (
                    c
                    for c in children
                    if c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_COMPLEMENTS
                ),
                None,
            )
            if complement is None:
                return None
            content = self._trim(complement.left_edge.i, complement.right_edge.i + 1)
        agent = next((c for c in children if c.dep_ == "agent"), None)
        loose = None
        if agent is not None:
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None)
        elif any(c.dep_ in {"auxpass", "nsubjpass"} for c in children):
            if lemma in PASSIVE_ACT_LEMMAS:
                return self._passive_act(verb, children)
            if lemma not in HEDGE_PASSIVE_LEMMAS:
                return None
            aux = min((c.i for c in children if c.dep_ == "auxpass"), default=verb.i)
            return doc[min(aux, verb.i) : verb.i + 1]
        else:
            subject = self._subject(verb)
            if subject is not None and subject.i > verb.i and self.quote_at[subject.i] >= 0:
                subject = None  # "X said on the station’s “Morning Report”": a title is no speaker
            if subject is None and verb.i > 0 and self.doc[verb.i - 1].text in QUOTE_MARKS | {","}:
                # "“...,” tweeted another": the parser takes the speaker for an object
                loose = self._name_before(verb)
                subject = (
                    loose
                    or next(
                        (
                            c
                            for c in verb.rights
                            if c.dep_ in {"dobj", "attr", "npadvmod"}
                            and not self._medium_or_time(c)
                            and not any(t.pos_ in VERBAL for t in c.subtree)  # no clause
                        ),
                        None,
                    )
                    or self._name_after(verb)
                    or self._opening_name(verb)
                )
            elif (
                subject is not None
                and self.quote_at[subject.i] >= 0
                and verb.i > 0
                and self.doc[verb.i - 1].text in QUOTE_MARKS | {","}
            ):  # "“We were wrong,” Okafor, 58, told AFP": "told" hung on the quote's verb
                loose = self._name_before(verb)
                subject = loose or subject
        written = subject
        if subject is not None:
            subject = self._antecedent(subject)
        if (
            subject is None
            or subject.tag_ == "WDT"  # a "which" without a noun before it
            or subject.lower_ == "that"  # a demonstrative, or "said that" misparsed
            or self.quote_at[subject.i] >= 0
            or not (subject.text[0].isalnum() or self._share(subject))
            or self._that_said(subject, verb)
        ):
            return None
        if content is None:
            clauses = [c for c in children if self._is_content_clause(c)]
            if loose is not None:  # the parse before the verb is muddled: the quote
                clauses = [c for c in clauses if c.i > verb.i]
            clauses = [
                c
                for c in clauses
                if not self._main_clause_after_object(verb, c)
                and not self._in_title(c)
                and not self._beside_clause(verb, c)
            ]
            after = verb.i + 1
            if after + 1 < len(doc) and doc[after].text == ":" and self.quote_at[after + 1] >= 0:
                clauses = []  # "..., Kall said: “I feel ...”": the quote is the content
            if not clauses and lemma in CUE_LEMMAS:  # "said after X he would go"
                clauses = [c for c in children if self._is_unmarked_clause(c, verb)]
            # "A; Y says B": the clause after the verb is the one reported.
            complement = next((c for c in clauses if c.i > verb.i), None) or next(
                iter(clauses), None
            )
            if complement is not None:
                start = complement.left_edge.i
                if doc[start].lower_ == "that" and doc[start].dep_ == "mark":
                    start += 1
                content = self._trim(start, complement.right_edge.i + 1, drop_stop=True)
                content = self._without_concession(content, complement, written)
                pronoun = doc[complement.left_edge.i]
                if pronoun.tag_ in {"WDT", "WP"} and pronoun.i < written.i < verb.i:
                    relative = self._relative_parts(pronoun, verb, complement.right_edge.i + 1)
            elif lemma in TELL_LEMMAS or any(  # "told leaders that few people knew"
                c.dep_ == "prep" and c.lower_ == "to" for c in children
            ):  # "yelling to the officers that her husband was unarmed"
                content = self._relative_that(children)
            if content is None:  # "what it calls X": the object comes first
                pronoun = next(
                    (c for c in children if c.dep_ == "dobj" and c.tag_ in {"WDT", "WP"}), None
                )
                predicate = next(
                    (c for c in children if c.dep_ in {"oprd", "xcomp"} and c.i > verb.i), None
                ) or next(  # "which he described as Y": "as Y" is said of it
                    (c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i),
                    None,
                )
                if pronoun is not None and predicate is not None and pronoun.i < written.i:
                    relative = self._relative_parts(pronoun, verb, predicate.right_edge.i + 1)
            if relative:
                content = (relative[0][0], relative[-1][1])
            if content is None and lemma in CUE_LEMMAS:
                content = self._clause_above(verb)
            if content is None and lemma in TELL_LEMMAS:
                content = self._clause_after_hearer(verb)
            if content is None and agent is not None:  # "The story was reported by the AP."
                passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
                if passive is not None and self.quote_at[passive.i] < 0:
                    content = self._trim(passive.left_edge.i, passive.right_edge.i + 1)
        source, role = self._mention(subject)
        span = self._cue_span(verb)
        if span.start <= written.i < verb.i:  # "Jolly said": the name read as an adverb
            span = doc[written.i + 1 : span.end]
        cue = Cue(span, source, role, subject, content)
        if relative:
            cue.parts, cue.relative = relative, True
        cue.phrase = self._phrase(written, inverted=written.i > verb.i)
        # misparsed: the phrase runs over its own verb ("X went so far as to say")
        boundary = min(verb.i, written.head.i) if written.head.i > written.i else verb.i
        if cue.phrase is not None and cue.phrase.start < boundary < cue.phrase.end:
            cue.phrase = self._span(*self._trim(cue.phrase.start, boundary))
        if written.dep_ == "compound" and written.head.i == verb.i:
            cue.phrase = self._span(*self._scattered_phrase(written, verb))
        elif written.dep_ not in SUBJECT_DEPS and written == self._opening_name(verb):
            cue.phrase = doc[verb.sent.start : written.i + 1]  # no participle clause
        cue.credit = self._is_outlet(source)
        cue.question = lemma == "ask"
        if lemma == "tell":
            for child in children:
                if child.dep_ in {"dobj", "dative"} and child.pos_ == "PROPN":
                    recipient, _ = self._mention(child)
                    if self._is_outlet(recipient):
                        cue.recipients.append(recipient)
        return cue

    def _light_verb_cue(self, verb: Token) -> Cue | None:
        """Return "made the case that X", "made no mention of X", "gave a speech on X".

        The verb and its object make the cue, up to the preposition; the
        content is the clause or the preposition's object.
        """
        doc = self.doc
        noun = next(
            (c for c in verb.rights if c.dep_ == "dobj" and c.lemma_.lower() in LIGHT_NOUNS),
            None,
        )
        if noun is None or self.quote_at[noun.i] >= 0:
            return None
        end = noun.i + 1
        content = None
        for child in list(noun.rights) + [c for c in verb.rights if c.i > noun.i]:
            if child.dep_ == "prep" and (
                child.lower_ in LIGHT_PREPS
                or (child.lower_ == "to" and noun.lemma_.lower() in LIGHT_TO_NOUNS)
            ):
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if objects and not self._medium_or_time(objects[0]):
                    end = child.i + 1
                    content = self._trim(objects[0].left_edge.i, child.right_edge.i + 1)
                    break
            if child.dep_ in {"acl", "ccomp"} and doc[child.left_edge.i].lower_ == "that":
                content = self._trim(child.left_edge.i + 1, child.right_edge.i + 1)
                break
        if content is None and end < len(doc) and doc[end].text == ":":
            content, end = self._after_colon(end, verb.sent.end), end + 1
        if content is None or content[0] >= content[1]:
            return None
        subject = self._subject(verb)
        if subject is None or self.quote_at[subject.i] >= 0 or not subject.text[0].isalnum():
            return None
        written, subject = subject, self._antecedent(subject)
        source, role = self._mention(subject)
        span = doc[self._cue_span(verb).start : end]
        cue = Cue(span, source, role, subject, content)
        cue.phrase = self._phrase(written, inverted=written.i > verb.i)
        cue.credit = self._is_outlet(source)
        return cue

    def _without_concession(
        self, content: tuple[int, int], clause: Token, speaker: Token
    ) -> tuple[int, int]:
        """End content before the writer's ", although he ..." about the speaker.

        "She claimed X was prudent, although she refused to publish Y": a
        concession whose subject is the speaker again is said of him.
        """
        for child in clause.rights:
            mark = next((c for c in child.children if c.dep_ == "mark"), None)
            subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
            if (
                child.dep_ == "advcl"
                and mark is not None
                and mark.lower_ in CONTRAST_MARKS - {"while"}
                and self.doc[mark.i - 1].text == ","
                and subject is not None
                and subject.lower_ == speaker.lower_
                and content[0] < mark.i - 1 < content[1]
            ):
                return self._trim(content[0], mark.i - 1)
        return content

    def _after_colon(self, colon: int, end: int) -> tuple[int, int]:
        """Return what a colon introduces: "made the following comment: “...”"."""
        start = colon + 1
        while start < end and self.doc[start].is_space:
            start += 1
        if start < end and self.quote_at[start] >= 0:
            return self._quote_content(self.quotes[self.quote_at[start]])
        return self._trim(start, end, drop_stop=True)

    @staticmethod
    def _antecedent(subject: Token) -> Token:
        """Return who speaks for a relative pronoun subject, else subject.

        "Smith, who said that ...": Smith speaks; "the AP, which reported":
        the AP does, and "which" stays the source as written.
        """
        if (
            subject.tag_ in {"WP", "WDT"}
            and subject.head.dep_ == "relcl"
            and subject.head.head.pos_ in {"NOUN", "PROPN", "PRON"}
        ):
            return subject.head.head
        return subject

    def _that_said(self, subject: Token, verb: Token) -> bool:
        """Return whether "That said, ..." (a concession, nobody speaking) opens the clause."""
        doc = self.doc
        return (
            subject.lower_ in {"that", "this"}
            and subject.i == verb.i - 1
            and verb.lower_ == "said"
            and verb.i + 1 < len(doc)
            and doc[verb.i + 1].text == ","
            and (
                subject.i == subject.sent.start
                or doc[subject.i - 1].is_punct
                or doc[subject.i - 1].lower_ in EDGE_CONJUNCTIONS
            )
        )

    def _relative_parts(self, pronoun: Token, verb: Token, end: int) -> list[tuple[int, int]]:
        """Return the content of "which X said was Y" as "which" and "was Y".

        PolNeAR leaves the source and cue out of such a content; empty when
        nothing follows the verb.
        """
        rest = self._trim(verb.i + 1, end, drop_stop=True)
        if rest[0] >= rest[1] or self.quote_at[pronoun.i] >= 0:
            return []
        return [(pronoun.i, pronoun.i + 1), rest]

    def _cue_span(self, verb: Token) -> Span:
        """Return verb plus a particle and an "in a statement"-like phrase.

        Auxiliaries, a negation and adverbs right before the verb belong to
        the cue ("has also said", "did not respond"), as PolNeAR marks them.
        """
        start = verb.i
        while start > 0:
            before = self.doc[start - 1]
            if (
                before.head.i != verb.i
                or before.dep_ not in CUE_MODIFIER_DEPS
                or before.tag_ in {"WRB", "WDT", "WP"}
                or self.quote_at[before.i] >= 0
            ):
                break
            start -= 1
        end = verb.i + 1
        for child in verb.rights:
            if child.i == end and child.dep_ == "prt":
                end += 1
            elif child.i == end and child.dep_ == "prep" and child.lower_ in STATEMENT_PREPS:
                noun = next((c for c in child.children if c.dep_ == "pobj"), None)
                if noun is not None and noun.lower_ in STATEMENT_NOUNS:
                    end = noun.i + 1
        return self.doc[start:end]
