"""Cues that are not verbs, or that the tagger did not read as verbs.

"Smith's support for X", "the claim by Smith that X", "expressed concerns
about X"; "X was confident that Y", "X is critical of Y"; "More than 4 in
10 said X would win" (with "said" read as an adjective); "Trump claims
that ..." read as a noun phrase.
"""

from __future__ import annotations

from spacy.tokens import Token

from claims.nlp.attribution.lexicon import CONTENT_PREPS, MIN_CLAIM_WORDS, VERBAL
from claims.nlp.attribution.records import Cue
from claims.nlp.attribution.spans import SpanHelpers


class NounCueRules(SpanHelpers):
    """Nouns, adjectives and verbs read as nouns as cues."""

    def _poll_said(self, said: Token) -> Cue | None:
        """Return "More than 4 in 10 said X would win", where the parser read
        "said" as an adjective of the words after it."""
        doc = self.doc
        start = said.i
        while start > said.sent.start and doc[start - 1].text != ",":
            start -= 1
        share = doc[start : said.i]
        if not any(t.like_num for t in share) or any(t.pos_ in VERBAL for t in share):
            return None
        content = self._trim(said.i + 1, said.sent.end, drop_stop=True)
        if self._words(*content) < MIN_CLAIM_WORDS:
            return None
        source = self._span(*self._trim(start, said.i))
        cue = Cue(doc[said.i : said.i + 1], source, None, share[-1], content)
        cue.phrase = source
        return cue

    def _noun_cue(self, noun: Token) -> Cue | None:
        """Return "Smith's support for X" or "the claim by Smith that X"."""
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        content: tuple[int, int] | None = None
        cue_end = noun.i + 1
        for child in noun.rights:
            if owner is None and child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                owner = next((c for c in child.children if c.dep_ == "pobj"), None)
            elif content is None and child.dep_ in {"acl", "ccomp"} and child.pos_ in VERBAL:
                start = child.left_edge.i
                if self.doc[start].lower_ == "that":
                    start += 1
                content = self._trim(start, child.right_edge.i + 1, drop_stop=True)
            elif content is None and child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if objects and not self._medium_or_time(objects[0]):
                    content = self._trim(objects[0].left_edge.i, child.right_edge.i + 1)
                    if child.i == noun.i + 1:
                        cue_end = child.i + 1
        cue_start = noun.i
        if owner is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            # "expressed concerns about", "made the case that": the verb's subject
            owner = self._subject(noun.head)
            cue_start = noun.head.i
        if owner is None or content is None or content[0] >= content[1]:
            return None
        if self.quote_at[owner.i] >= 0 or not owner.text[0].isalnum():
            return None
        source, role = self._mention(owner)
        cue = Cue(self.doc[cue_start:cue_end], source, role, owner, content)
        cue.phrase = self._phrase(owner)
        return cue

    def _verb_as_noun(self, noun: Token) -> Cue | None:
        """Return "Trump claims that ..." that the tagger read as a noun phrase."""
        if noun.tag_ == "NNS" and noun.dep_ == "dobj":
            return self._name_then_verb(noun)
        if noun.dep_ != "ROOT" or noun.tag_ != "NNS":
            return None
        owner = next(
            (
                c
                for c in noun.lefts
                if c.dep_ in {"compound", "nsubj"} and c.pos_ in {"PROPN", "PRON"}
            ),
            None,
        )
        clause = next(
            (
                c
                for c in noun.rights
                if c.dep_ in {"acl", "ccomp", "relcl"}
                and c.pos_ in VERBAL
                and self.doc[c.left_edge.i].lower_ == "that"
                and self.doc[c.left_edge.i].dep_ == "mark"
            ),
            None,
        )
        if owner is None or clause is None or self.quote_at[owner.i] >= 0:
            return None
        content = self._trim(clause.left_edge.i + 1, clause.right_edge.i + 1, drop_stop=True)
        source = self.doc[owner.left_edge.i : owner.i + 1]
        cue = Cue(self.doc[noun.i : noun.i + 1], source, None, owner, content)
        cue.phrase = source
        return cue

    def _name_then_verb(self, noun: Token) -> Cue | None:
        """Return "Trump claims he's worth $10 billion" parsed as the name's object.

        The tagger may read a sentence opening with a name and a reporting
        verb in -s as a noun phrase: the name is then the root and the verb
        its object, the rest of the sentence hung loosely after them.
        """
        doc = self.doc
        owner = noun.head
        sentence = noun.sent
        if not (
            owner.dep_ == "ROOT"
            and owner.i == noun.i - 1
            and owner.pos_ in {"PROPN", "NOUN"}
            and owner.left_edge.i == sentence.start
            and self.quote_at[owner.i] < 0
            and owner.text[0].isupper()
        ):
            return None
        rest = doc[noun.i + 1 : sentence.end]
        if not any(t.pos_ in VERBAL for t in rest):
            return None  # "Trump claims victory" is left to the noun cues
        content = self._trim(noun.i + 1, sentence.end, drop_stop=True)
        if content[0] >= content[1]:
            return None
        if doc[content[0]].lower_ == "that":
            content = (content[0] + 1, content[1])
        if self._words(*content) < MIN_CLAIM_WORDS:
            return None
        source = doc[owner.left_edge.i : owner.i + 1]
        cue = Cue(doc[noun.i : noun.i + 1], source, None, owner, content)
        cue.phrase = source
        return cue

    def _adjective_cue(self, adjective: Token) -> Cue | None:
        """Return "X was confident that ..."/"X is critical of ..." as a cue."""
        subject = self._subject(adjective.head)
        if subject is None or self.quote_at[subject.i] >= 0 or not subject.text[0].isalnum():
            return None
        source, role = self._mention(subject)
        cue = Cue(self.doc[adjective.i : adjective.i + 1], source, role, subject)
        cue.phrase = self._phrase(subject)
        return cue
