"""The attribution component, and the order in which the rules are tried.

``ClaimAttribution`` is the spaCy component. ``_DocAnalyzer`` combines the
rule families (one mixin class per module beside this one, all reading the
state declared in spans.py) and runs them on one Doc: ``attributions``
goes unit by unit, and ``_analyze`` shows, step by step, what is tried on
one unit and in which order.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.nlp.attribution.according import AccordingToRules
from claims.nlp.attribution.contents import ContentRules
from claims.nlp.attribution.headlines import HeadlineRules
from claims.nlp.attribution.hedges import HedgeRules
from claims.nlp.attribution.lexicon import (
    ADJ_CUES,
    CUE_LEMMAS,
    HEDGE_ADVERBS,
    LEMMA_FIXES,
    LIGHT_VERBS,
    MIN_CLAIM_WORDS,
    NOUN_CUES,
    SEEM_LEMMAS,
    VERBAL,
)
from claims.nlp.attribution.nesting import NestingRules
from claims.nlp.attribution.nouns import NounCueRules
from claims.nlp.attribution.outlets import OutletRules
from claims.nlp.attribution.questions import QuestionRules
from claims.nlp.attribution.quotes import QuoteRules, find_quotes
from claims.nlp.attribution.records import Attribution, Cue, Quote
from claims.nlp.attribution.relation_filter import (
    ENABLED_BY_DEFAULT,
    RelationFilter,
    load_filter,
)
from claims.nlp.attribution.reporting import ReportingRules
from claims.nlp.attribution.sources import SourceRules
from claims.nlp.attribution.speakers import SpeakerRules
from claims.nlp.attribution.units import UnitRules
from claims.nlp.types import QuoteType

ATTRIBUTION_FACTORY = "claim_attribution"
SENTENCE_GUARD = "claim_sentence_guard"

for _name in ("attributions", "quotes", "open_attribution"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory(
    ATTRIBUTION_FACTORY,
    default_config={"extra_cue_lemmas": [], "relation_filter": ENABLED_BY_DEFAULT},
)
def make_claim_attribution(
    nlp: Language, name: str, extra_cue_lemmas: list[str], relation_filter: bool
) -> ClaimAttribution:
    """Build the attribution component; extra lemmas extend the cue lexicon,
    and relation_filter switches the learned relation filter on or off."""
    return ClaimAttribution(
        CUE_LEMMAS | {lemma.lower() for lemma in extra_cue_lemmas},
        load_filter(relation_filter),
    )


@Language.component(SENTENCE_GUARD)
def keep_clauses_whole(doc: Doc) -> Doc:
    """Forbid a sentence start right after a word or number.

    Runs before the parser, which otherwise may cut a clause in two ("he
    felt the 13th | Amendment deserved a film"), losing its speaker.
    News sentences end in punctuation; a headline ends at its line break.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_alpha or previous.like_num:
            token.is_sent_start = False
    return doc


class ClaimAttribution:
    """Mark quotations and attribution (cue, source, content) on each Doc.

    Sets ``doc._.quotes`` (list of Quote) and ``doc._.attributions`` (list of
    Attribution, in text order): one entry per attribution, per outlet- or
    hedge-sourced sentence, and per plain factual sentence. When the Doc is
    one paragraph, ``doc._.open_attribution`` is the attribution the next
    paragraph may go on with: a quote, or a cue ending in a colon ("He
    said:") whose content is the next paragraph (its content is empty).
    Works best after a tagger, parser and NER; without a parse it still
    finds quotations, hedges and unattributed sentences.
    """

    def __init__(
        self,
        cue_lemmas: frozenset[str] = CUE_LEMMAS,
        relation_filter: RelationFilter | None = None,
    ) -> None:
        self.cue_lemmas = cue_lemmas
        # The learned filter (relation_filter.py), or None: rules alone.
        self.relation_filter = relation_filter

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.lower_ in LEMMA_FIXES:
                token.lemma_ = LEMMA_FIXES[token.lower_]
        quotes = find_quotes(doc)
        doc._.quotes = quotes
        analyzer = _DocAnalyzer(doc, quotes, self.cue_lemmas)
        attributions = analyzer.attributions()
        doc._.open_attribution = analyzer.open_attribution
        if self.relation_filter is not None:
            attributions = self.relation_filter.apply(doc, attributions)
        doc._.attributions = attributions
        return doc


class _DocAnalyzer(
    UnitRules,  # units.py: sentences merged over quotations
    HeadlineRules,  # headlines.py: headlines, "Name: ...", "Said X:", dash credits
    AccordingToRules,  # according.py: "according to X"
    ReportingRules,  # reporting.py: reporting verbs, passives, light verbs
    NounCueRules,  # nouns.py: "his claim that", "confident that"
    HedgeRules,  # hedges.py: "seemed to", "was charged with"
    QuestionRules,  # questions.py: "Asked whether ..."
    OutletRules,  # outlets.py: outlets credited, not quoted
    SpeakerRules,  # speakers.py: which token speaks
    SourceRules,  # sources.py: the source's mention, role and phrase
    QuoteRules,  # quotes.py: which cue a quotation belongs to
    ContentRules,  # contents.py: a cue's content without a quotation
    NestingRules,  # nesting.py: one attribution per token
):
    """Split a Doc into claim units and attribute each one.

    Each base class is one family of rules; all of them read the state set
    here for one Doc (declared in spans.SpanHelpers).
    """

    def __init__(self, doc: Doc, quotes: list[Quote], cue_lemmas: frozenset[str]):
        self.doc = doc
        self.quotes = quotes
        self.cue_lemmas = cue_lemmas
        self.quote_at = [-1] * len(doc)  # token index -> index of its quote
        for index, quote in enumerate(quotes):
            for i in range(quote.start, quote.end):
                if self.quote_at[i] < 0:
                    self.quote_at[i] = index
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("POS")
        self.open_attribution: Attribution | None = None
        self._colon_cue: Attribution | None = None

    def attributions(self) -> list[Attribution]:
        """Return the Attributions of every claim unit, in text order."""
        found: list[Attribution] = []
        previous: Attribution | None = None
        # Units: lines cut into sentences, merged over quotations (units.py).
        for start, end, headline in self._units():
            self._colon_cue = None
            results = self._analyze(self.doc[start:end], headline, previous)
            found.extend(results)
            # "“A,” said X, who endorsed Y. “B.”": the quote goes on.
            direct = [r for r in results if r.quote_type == QuoteType.DIRECT]
            previous = (direct or results or [None])[-1]
        if self._colon_cue is not None:
            self.open_attribution = self._colon_cue
        elif previous is not None and previous.quote_type == QuoteType.DIRECT:
            self.open_attribution = previous
        return found

    def _analyze(
        self, unit: Span, headline: bool, previous: Attribution | None
    ) -> list[Attribution]:
        """Return the Attributions of one unit (possibly an unattributed one).

        The steps, in order; each of the first three, when it fits, makes the
        unit's only attribution.
        """
        # 1. "Said Okafor: “...”": the verb before the speaker (headlines.py).
        inverted = self._verb_first(unit)
        if inverted is not None:
            return [inverted]
        # 2. "Russia: Rebels Helped ...", "SMITH: We won." opening a line (headlines.py).
        if headline or self._line_start(unit):
            colon = self._headline_colon(unit)
            if colon is not None:
                return [colon]
        # 3. "“...” ― Jane Doe" and "Polls were early - Jane Doe: “...”" (headlines.py).
        dash = self._dash_credit(unit) or self._named_colon(unit)
        if dash is not None:
            return [dash]
        # 4. Cues and hedges, token by token, outside quotations (_find_cues).
        cues, hedges = self._find_cues(unit)
        outlets = tuple(
            [c.source for c in cues if c.credit] + [r for c in cues for r in c.recipients]
        )
        # 5. Quotations go to the cue beside them (quotes.py).
        self._assign_quotes(unit, cues)
        # 6. A cue still without content takes its argument, else the rest of
        #    a headline or the unit around a reporting clause (contents.py).
        for cue in cues:
            if cue.content is None:
                self._argument(cue)  # "..., pointing to the deficit"
            if cue.content is None and cue.span.root.lemma_.lower() in self.cue_lemmas:
                if headline:
                    cue.content = self._trim(cue.span.end, unit.end)
                else:
                    self._complement(unit, cue)
        # 7. "Smith said:" closing the Doc opens the next paragraph's quote.
        last = unit[-1] if len(unit) else None
        if last is not None and last.text == ":" and last.i == len(self.doc) - 1:
            colon = next(
                (
                    c
                    for c in cues
                    # "In a speech, he declared:": the words before are no content
                    if (c.content is None or c.content[1] <= c.span.start)
                    and last.i - 4 <= c.span.end <= last.i
                ),
                None,
            )
            if colon is not None:  # "Smith said:" ¶ the next paragraph
                colon.content = None
                empty = self.doc[last.i : last.i]
                self._colon_cue = Attribution(
                    unit,
                    empty,
                    QuoteType.REPORTED if colon.credit else QuoteType.DIRECT,
                    None if colon.credit else colon.source,
                    colon.role,
                    colon.span,
                    (colon.source,) if colon.credit else (),
                    source_phrase=colon.phrase,
                )
        # 8. One attribution per token: inner cues dropped or split off (nesting.py).
        cues = self._outermost(
            [c for c in cues if c.content is not None and c.content[0] < c.content[1]]
        )
        # 9. Claims: the writer's hedges, speakers (credited to the outlets
        #    around them), outlets' own reports (outlets.py); failing those a
        #    hedged sentence, the quote going on from the unit before, or a
        #    plain sentence.
        hedged = [self._make_sourceless(unit, c) for c in cues if c.source is None]
        speakers = [c for c in cues if not c.credit and c.source is not None]
        credits = [c for c in cues if c.credit]
        if speakers:
            # "The AP reported the letter came after X proposed Y": a speaker
            # deep inside the report does not make it his; the report stands.
            own = [c for c in credits if not any(self._covers(s, c) for s in speakers)]
            outlets = tuple(o for o in outlets if not any(o == c.source for c in own))
            found = [
                self._make(unit, cue, outlets, self._report(cue, credits, own))
                for cue in speakers
            ]
            found += [self._credited(unit, c, (c.source,)) for c in own]
            return self._dedupe(self._merge(found, hedged))
        if credits:  # "Citing X, the AP reports that Y": one claim per cue
            found = [self._credited(unit, credit, outlets) for credit in credits]
            return self._dedupe(self._merge(found, hedged))
        if hedged:
            return self._dedupe(hedged)
        start, end = self._strip_space(unit.start, unit.end)
        if hedges and self._words(start, end) >= MIN_CLAIM_WORDS:
            return [Attribution(unit, self.doc[start:end], QuoteType.REPORTED, cue=hedges[0])]
        if self._colon_cue is not None:
            return []  # "Smith said:" is no claim; the next paragraph is
        return self._plain(unit, headline, previous)

    def _find_cues(self, unit: Span) -> tuple[list[Cue], list[Span]]:
        """Return the cues (with sources) and hedge spans outside quotes."""
        doc = self.doc
        cues: list[Cue] = []
        hedges: list[Span] = []
        # Each token is tried as, in order: a hedge adverb ("reportedly"),
        # "according to" (according.py), "seemed"/"appears" (hedges.py), a
        # reporting verb (reporting.py), "said" read as an adjective (nouns.py),
        # a light verb ("made the case that", reporting.py), a cue noun or a
        # cue adjective (nouns.py); only the first whose words and tags match
        # is tried.
        for token in unit:
            if self.quote_at[token.i] >= 0:
                continue
            if token.lower_ in HEDGE_ADVERBS:
                hedges.append(doc[token.i : token.i + 1])
            elif (
                token.lower_ == "according"
                and token.i + 1 < unit.end
                and doc[token.i + 1].lower_ == "to"
            ):
                cue = self._according_to(unit, token)
                if cue is None:
                    hedges.append(doc[token.i : token.i + 2])
                else:
                    cues.append(cue)
            elif self.parsed and token.pos_ in VERBAL and token.lemma_.lower() in SEEM_LEMMAS:
                cue = self._seem_cue(token)
                if cue is not None:
                    cues.append(cue)
            elif (
                self.parsed
                and (token.pos_ == "VERB" or self._verb_read_as_noun(token))
                and token.dep_ != "amod"  # "pledged delegates", "alleged shooter"
                and self._is_cue_lemma(token)
            ):
                cue_or_hedge = self._verb_cue(token)
                if isinstance(cue_or_hedge, Cue):
                    cues.append(cue_or_hedge)
                elif cue_or_hedge is not None:
                    hedges.append(cue_or_hedge)
            elif self.parsed and token.dep_ == "amod" and token.lower_ in {"said", "say"}:
                cue = self._poll_said(token)
                if cue is not None:
                    cues.append(cue)
            elif self.parsed and token.pos_ == "VERB" and token.lemma_.lower() in LIGHT_VERBS:
                cue = self._light_verb_cue(token)
                if cue is not None:
                    cues.append(cue)
            elif self.parsed and token.pos_ == "NOUN" and token.lower_ in NOUN_CUES:
                cue = self._noun_cue(token) or self._verb_as_noun(token)
                if cue is not None:
                    cues.append(cue)
            elif (
                self.parsed
                and token.pos_ == "ADJ"
                and token.dep_ == "acomp"
                and token.lemma_.lower() in ADJ_CUES
            ):
                cue = self._adjective_cue(token)
                if cue is not None:
                    cues.append(cue)
        return cues, hedges

    def _make(
        self, unit: Span, cue: Cue, outlets: tuple[Span, ...], report: tuple | None = None
    ) -> Attribution:
        start, end = cue.content if cue.from_quote else self._balance(*cue.content)
        if cue.question:
            quote_type = QuoteType.QUESTION
        elif cue.from_quote:
            quote_type = QuoteType.DIRECT
        else:
            quote_type = self._quote_type(start, end, QuoteType.INDIRECT)
        parts = tuple(self.doc[s:e] for s, e in cue.parts) if len(cue.parts) > 1 else ()
        return Attribution(
            unit,
            self.doc[start:end],
            quote_type,
            cue.source,
            cue.role,
            self._with_seem(cue.span),
            outlets,
            source_phrase=cue.phrase,
            content_parts=parts,
            report=report,
        )

    @staticmethod
    def _merge(found: list[Attribution], hedged: list[Attribution]) -> list[Attribution]:
        """Return found with the writer's hedges put in by position."""
        if not hedged:
            return found
        return sorted(found + hedged, key=lambda a: a.content.start)

    def _make_sourceless(self, unit: Span, cue: Cue) -> Attribution:
        """Return the writer's own hedge ("X seemed to Y") as a reported claim.

        So is a question put by the unnamed reporter: "Asked whether X, ...".
        """
        start, end = cue.content
        parts = tuple(self.doc[s:e] for s, e in cue.parts) if len(cue.parts) > 1 else ()
        quote_type = QuoteType.QUESTION if cue.question else QuoteType.REPORTED
        return Attribution(
            unit,
            self.doc[start:end],
            quote_type,
            cue=cue.span,
            source_phrase=cue.phrase,
            content_parts=parts,
        )

    def _plain(
        self, unit: Span, headline: bool, previous: Attribution | None
    ) -> list[Attribution]:
        """Return a quote continuing the last speaker, or a plain claim."""
        start, end = self._strip_space(unit.start, unit.end)
        index = self.quote_at[start]
        if index >= 0 and self.quotes[index].start == start and self.quotes[index].end >= end:
            start, end = self._quote_content(self.quotes[index])
            if previous is not None and previous.quote_type == QuoteType.DIRECT:
                content = self.doc[start:end]
                return [replace(previous, unit=unit, content=content, reported_by=())]
        if not self._is_claim(unit, headline, start, end):
            return []
        return [Attribution(unit, self.doc[start:end], QuoteType.UNATTRIBUTED)]

    def _is_claim(self, unit: Span, headline: bool, start: int, end: int) -> bool:
        """Plain questions, fragments and verbless lines are not claims."""
        if self._words(start, end) < MIN_CLAIM_WORDS:
            return False
        if any(t.text == "?" for t in unit[-2:]):
            return False
        if headline or not self.tagged:
            return True
        return any(t.pos_ in {"VERB", "AUX"} for t in unit)

    @staticmethod
    def _dedupe(attributions: list[Attribution]) -> list[Attribution]:
        """Drop repeats, e.g. conjoined cues sharing subject and content."""
        seen: set[tuple[int, int, int]] = set()
        unique = []
        for attribution in attributions:
            source_start = attribution.source.start if attribution.source else -1
            key = (attribution.content.start, attribution.content.end, source_start)
            if key not in seen:
                seen.add(key)
                unique.append(attribution)
        return unique
