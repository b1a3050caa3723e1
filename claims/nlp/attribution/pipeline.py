"""The attribution component: who said what, marked on a spaCy Doc.

The logic is deliberately lexical plus dependency-based so that it carries
over from the demo to news in general (PolNeAR-style attribution): a few
dozen reporting verbs by lemma, "according to", hedges such as
"reportedly", quotation marks, headline conventions and outlet credits.
Word lists are in lexicon.py, the records it builds in records.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claims.nlp.attribution.lexicon import (
    ADJ_CUES,
    ALL_CUE_LEMMAS,
    ANONYMOUS_SOURCE_NOUNS,
    AS_ONLY_LEMMAS,
    CLOSE_DOUBLE,
    CLOSE_SINGLE,
    COLON_LABELS,
    CONTENT_PREPS,
    CONTRAST_MARKS,
    CUE_LEMMAS,
    CUE_MODIFIER_DEPS,
    CUE_PARTICLES,
    DASHES,
    EDGE_CONJUNCTIONS,
    EDGE_PUNCT,
    GERUND_REPORT_LEMMAS,
    HEDGE_ADVERBS,
    HEDGE_PASSIVE_LEMMAS,
    INTERVIEW_TURNS,
    LEMMA_FIXES,
    LIGHT_NOUNS,
    LIGHT_PREPS,
    LIGHT_TO_NOUNS,
    LIGHT_VERBS,
    MAX_HEADLINE_TOKENS,
    MEDIUM_NOUNS,
    MIN_CLAIM_WORDS,
    NO_OBJECT_LEMMAS,
    NOUN_CUES,
    NP_LEFT_DEPS,
    OBJECT_LEMMAS,
    OPEN_DOUBLE,
    OPEN_SINGLE,
    OUTLET_HEADS,
    OUTLETS,
    PASSIVE_ACT_LEMMAS,
    PASSIVE_ACT_PREPS,
    PHRASE_POS,
    POINTING_LEMMAS,
    PREP_CUES,
    PUBLISHING_LEMMAS,
    QUESTION_OPENERS,
    QUESTION_TIMES,
    QUOTE_CLOSERS,
    QUOTE_MARKS,
    QUOTE_TAIL_LEMMAS,
    REFUSAL_LEMMAS,
    RELATIVE_PRONOUNS,
    SEEM_LEMMAS,
    SEPARATORS,
    SPEAKER_GROUPS,
    SPEECH_ACT_LEMMAS,
    SPEECH_COMPLEMENTS,
    STATEMENT_NOUNS,
    STATEMENT_OBJECTS,
    STATEMENT_PREPS,
    STOCK_OBJECTS,
    STOPS,
    STRAIGHT_DOUBLE,
    SUBJECT_DEPS,
    SUBORDINATORS,
    TAIL_POS,
    TALE_NOUNS,
    TELL_LEMMAS,
    TERMINAL_PUNCT,
    TIME_MARKS,
    TIME_WORDS,
    TITLE_NOUNS,
    VERB_FIRST_FORMS,
    VERBAL,
    XCOMP_LEMMAS,
    YES_NO,
)
from claims.nlp.attribution.records import Attribution, Cue, Quote
from claims.nlp.coref import HONORIFICS, TITLES
from claims.nlp.types import QuoteType

ATTRIBUTION_FACTORY = "claim_attribution"
SENTENCE_GUARD = "claim_sentence_guard"

for _name in ("attributions", "quotes", "open_attribution"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory(ATTRIBUTION_FACTORY, default_config={"extra_cue_lemmas": []})
def make_claim_attribution(
    nlp: Language, name: str, extra_cue_lemmas: list[str]
) -> ClaimAttribution:
    """Build the attribution component; extra lemmas extend the cue lexicon."""
    return ClaimAttribution(CUE_LEMMAS | {lemma.lower() for lemma in extra_cue_lemmas})


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

    def __init__(self, cue_lemmas: frozenset[str] = CUE_LEMMAS) -> None:
        self.cue_lemmas = cue_lemmas

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.lower_ in LEMMA_FIXES:
                token.lemma_ = LEMMA_FIXES[token.lower_]
        quotes = find_quotes(doc)
        doc._.quotes = quotes
        analyzer = _DocAnalyzer(doc, quotes, self.cue_lemmas)
        doc._.attributions = analyzer.attributions()
        doc._.open_attribution = analyzer.open_attribution
        return doc


def find_quotes(doc: Doc) -> list[Quote]:
    """Return the quotations of doc, ordered by start.

    Double quotes (curly or straight) may contain single ‘curly’ ones, which
    are not recorded separately. A double quote left open ends with its
    line: news style reopens it in the next paragraph.
    """
    quotes: list[Quote] = []
    double_open: int | None = None
    single_open: int | None = None
    nested = 0  # curly quotes opened inside the open one: “a “word” b”
    for token in doc:
        text = token.text
        if double_open is None:
            line_start = token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
            if text in OPEN_DOUBLE or text in STRAIGHT_DOUBLE or (
                line_start and text in CLOSE_DOUBLE  # "”What ..." opening a paragraph
            ):
                double_open, single_open = token.i, None
            elif text == OPEN_SINGLE and single_open is None:
                single_open = token.i
            elif text == CLOSE_SINGLE and single_open is not None:
                quotes.append(Quote(single_open, token.i + 1, True))
                single_open = None
        elif text in OPEN_DOUBLE and _nested_open_mark(token):
            nested += 1
        elif nested and text in CLOSE_DOUBLE:
            nested -= 1
        elif (
            text in CLOSE_DOUBLE
            or text in STRAIGHT_DOUBLE
            or _closing_open_mark(token)
            or _glued_dash(token)
        ):
            quotes.append(Quote(double_open, token.i + 1, True))
            double_open = None
        if "\n" in text or "\n" in token.whitespace_:
            if double_open is not None:
                end = token.i if token.is_space else token.i + 1
                quotes.append(Quote(double_open, end, False))
            double_open = single_open = None
            nested = 0
    if double_open is not None:
        quotes.append(Quote(double_open, len(doc), False))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _nested_open_mark(token: Token) -> bool:
    """Return whether “ opens a quote inside the open one: “I’d rather live
    in what he calls “hell” than ...” (some sites nest curly double quotes).

    Only where two more closing marks follow on the line, one for the inner
    quote and one for the outer; else the quote before was left open.
    """
    if _closing_open_mark(token):
        return False
    closers = 0
    for later in token.doc[token.i + 1 :]:
        if "\n" in later.text:
            break
        if later.text in OPEN_DOUBLE:
            return False
        closers += later.text in CLOSE_DOUBLE or _glued_dash(later)
        if closers == 2:
            return True
        if "\n" in later.whitespace_:
            break
    return False


def _glued_dash(token: Token) -> bool:
    """Return whether token is a closing mark glued to a dash: "”―"."""
    text = token.text
    return len(text) >= 2 and text[0] in "”\"" and all(c in "―—–-" for c in text[1:])


def _closing_open_mark(token: Token) -> bool:
    """Return whether an opening mark closes a quote: "“Not now,“ he said."

    Some sites type “ at both ends; a mark glued to the punctuation before
    it and followed by a space or punctuation closes.
    """
    if token.text not in OPEN_DOUBLE or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    if before.whitespace_ or not before.is_punct:
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return bool(token.whitespace_) or following is None or following.is_punct


class _DocAnalyzer:
    """Split a Doc into claim units and attribute each one."""

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

    # -- units ------------------------------------------------------------

    def _units(self) -> Iterator[tuple[int, int, bool]]:
        """Yield (start, end, is_headline) of sentences, merged over quotes."""
        doc = self.doc
        if doc.has_annotation("SENT_START"):
            sent_starts = [sent.start for sent in doc.sents]
        else:
            sent_starts = [0]
        index = 0
        for line_start, line_end in self._lines():
            if self._is_headline(line_start, line_end):
                yield line_start, line_end, True
                continue
            while index < len(sent_starts) and sent_starts[index] <= line_start:
                index += 1
            start = line_start
            while True:
                if index < len(sent_starts) and sent_starts[index] < line_end:
                    boundary = sent_starts[index]
                    index += 1
                    if self._quote_crosses(boundary):
                        opening = self.quotes[self.quote_at[boundary - 1]].start
                        if opening != boundary - 1 or opening == start:
                            continue  # one quotation, one unit
                        boundary = opening  # the parser left "“" on the sentence before
                    elif self._reporting_tail(boundary, sent_starts[index:], line_end):
                        continue  # "“Why now?” ¶ Biden said." split after the quote
                    elif self.doc[boundary - 1].text == ":":
                        continue  # "Kall said: ¶ “I feel ...”" is one sentence
                else:
                    boundary = line_end
                unit = self._strip_space(start, boundary)
                if unit[0] < unit[1]:
                    yield unit[0], unit[1], False
                if boundary == line_end:
                    break
                start = boundary

    def _reporting_tail(self, boundary: int, later_starts: list[int], line_end: int) -> bool:
        """Return whether a short "X said." follows a quotation at boundary."""
        index = self.quote_at[boundary - 1]
        if index < 0 or self.quotes[index].end != boundary or not self.parsed:
            return False
        end = next((b for b in later_starts if b > boundary), line_end)
        tail = self.doc[boundary:min(end, line_end)]
        if self._dash_name(tail.start, tail.end) is not None:
            return True  # "“...” ― Jane Doe"
        if len(tail) <= 8 and any(
            t.pos_ == "VERB" and self._reports_quote(t) for t in tail
        ):
            return True
        return self._opening_reporting_clause(tail)

    def _opening_reporting_clause(self, tail: Span) -> bool:
        """Return whether tail opens with "X said" that reports the quote before.

        "“Why now?” Smith said of the bank, looking at the crowd.": the verb
        takes no clause or object of its own.
        """
        verb = next((t for t in tail[:6] if t.pos_ == "VERB"), None)
        if verb is None or not self._reports_quote(verb):
            return False
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        # "“...” Smith told the BBC": a hearer is no content of the verb's own
        blocking = {"ccomp", "xcomp"} | (
            set() if verb.lemma_.lower() in TELL_LEMMAS else {"dobj"}
        )
        if subject is None or any(c.dep_ in blocking and c.i > verb.i for c in verb.children):
            return False
        return all(
            t.is_punct
            or t.pos_ in {"ADV", "AUX"}
            or subject.left_edge.i <= t.i <= subject.right_edge.i
            for t in self.doc[tail.start : verb.i]
        )

    def _reports_quote(self, verb: Token) -> bool:
        """Return whether verb may report the quotation before it."""
        lemma = verb.lemma_.lower()
        return lemma in self.cue_lemmas or lemma in QUOTE_TAIL_LEMMAS

    def _lines(self) -> Iterator[tuple[int, int]]:
        """Yield token ranges of the Doc's lines (paragraphs)."""
        start = 0
        for token in self.doc:
            if token.is_space and "\n" in token.text:
                if start < token.i:
                    yield start, token.i
                start = token.i + 1
            elif "\n" in token.whitespace_:
                yield start, token.i + 1
                start = token.i + 1
        if start < len(self.doc):
            yield start, len(self.doc)

    def _strip_space(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.doc[start].is_space:
            start += 1
        while end > start and self.doc[end - 1].is_space:
            end -= 1
        return start, end

    def _quote_crosses(self, boundary: int) -> bool:
        index = self.quote_at[boundary - 1]
        return index >= 0 and self.quotes[index].end > boundary

    def _is_headline(self, start: int, end: int) -> bool:
        """Headlines are short lines without final punctuation or in Title Case.

        Some feeds end a headline with a full stop: "Smith Says Taxes Will
        Rise." is still one.
        """
        start, end = self._strip_space(start, end)
        if start == end or end - start > MAX_HEADLINE_TOKENS:
            return False
        last = end - 1
        while last > start and self.doc[last].text in QUOTE_MARKS | {")", "]"}:
            last -= 1
        if self.doc[last].text not in TERMINAL_PUNCT:
            return True
        words = [t for t in self.doc[start:end] if t.is_alpha and len(t) > 3]
        return len(words) >= 3 and all(t.text[0].isupper() for t in words)

    # -- one unit ---------------------------------------------------------

    def _analyze(
        self, unit: Span, headline: bool, previous: Attribution | None
    ) -> list[Attribution]:
        """Return the Attributions of one unit (possibly an unattributed one)."""
        inverted = self._verb_first(unit)
        if inverted is not None:
            return [inverted]
        if headline or self._line_start(unit):
            colon = self._headline_colon(unit)
            if colon is not None:
                return [colon]
        dash = self._dash_credit(unit) or self._named_colon(unit)
        if dash is not None:
            return [dash]
        cues, hedges = self._find_cues(unit)
        outlets = tuple(
            [c.source for c in cues if c.credit] + [r for c in cues for r in c.recipients]
        )
        self._assign_quotes(unit, cues)
        for cue in cues:
            if cue.content is None:
                self._argument(cue)  # "..., pointing to the deficit"
            if cue.content is None and cue.span.root.lemma_.lower() in self.cue_lemmas:
                if headline:
                    cue.content = self._trim(cue.span.end, unit.end)
                else:
                    self._complement(unit, cue)
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
        cues = self._outermost(
            [c for c in cues if c.content is not None and c.content[0] < c.content[1]]
        )
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

    def _credited(self, unit: Span, credit: Cue, outlets: tuple[Span, ...]) -> Attribution:
        """Return an outlet's report as a claim without a speaker."""
        return Attribution(
            unit,
            self.doc[credit.content[0] : credit.content[1]],
            self._quote_type(*credit.content, QuoteType.REPORTED),
            cue=credit.span,
            reported_by=outlets,
            source_phrase=credit.phrase,
        )

    def _covers(self, speaker: Cue, credit: Cue) -> bool:
        """Return whether speaker's relation is (about) all of credit's content.

        "Reuters reported the minister said X": the report is the minister's
        claim, credited to Reuters. Closing marks do not count ("... desk.”").
        """
        starts = [speaker.span.start, speaker.content[0]]
        ends = [speaker.span.end, speaker.content[1]]
        if speaker.phrase is not None:
            starts.append(speaker.phrase.start)
            ends.append(speaker.phrase.end)
        start, end = credit.content
        while end > start and self.doc[end - 1].is_punct:
            end -= 1
        return min(starts) <= start + 1 and max(ends) >= end - 1

    def _find_cues(self, unit: Span) -> tuple[list[Cue], list[Span]]:
        """Return the cues (with sources) and hedge spans outside quotes."""
        doc = self.doc
        cues: list[Cue] = []
        hedges: list[Span] = []
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

    @staticmethod
    def _verb_read_as_noun(token: Token) -> bool:
        """Return whether the tagger called a main verb in -s a noun ("..., the
        doctor maintains.") while the parser gave it a clause to report."""
        return (
            token.tag_ == "NNS"
            and token.dep_ == "ROOT"
            and any(c.dep_ == "ccomp" for c in token.children)
        )

    def _is_cue_lemma(self, token: Token) -> bool:
        """Return whether token's lemma is in any cue lexicon."""
        lemma = token.lemma_.lower()
        return lemma in self.cue_lemmas or lemma in ALL_CUE_LEMMAS

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

    def _verb_cue(self, verb: Token) -> Cue | Span | None:
        """Return verb as a cue, a hedge ("is believed") or None."""
        doc = self.doc
        children = list(verb.children)
        if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in children):
            return None  # "asked whether Moscow believed ..." reports no belief
        lemma = verb.lemma_.lower()
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

    def _relative_parts(self, pronoun: Token, verb: Token, end: int) -> list[tuple[int, int]]:
        """Return the content of "which X said was Y" as "which" and "was Y".

        PolNeAR leaves the source and cue out of such a content; empty when
        nothing follows the verb.
        """
        rest = self._trim(verb.i + 1, end, drop_stop=True)
        if rest[0] >= rest[1] or self.quote_at[pronoun.i] >= 0:
            return []
        return [(pronoun.i, pronoun.i + 1), rest]

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

    def _in_title(self, token: Token) -> bool:
        """Return whether token is inside a quoted title ("her book, “Raise
        Your Own Savings,”"), which the parser may give a clause."""
        index = self.quote_at[token.i]
        if index < 0:
            return False
        quote = self.quotes[index]
        return token.right_edge.i < quote.inner[1] and self._after_title_noun(quote)

    def _after_title_noun(self, quote: Quote) -> bool:
        """Return whether quote names a work: "the anthem “A Change Is Gonna
        Come”", "his book, “X,”"."""
        i = quote.start - 1
        if i > 0 and self.doc[i].text == ",":
            i -= 1
        return i >= 0 and self.doc[i].lower_ in TITLE_NOUNS

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

    def _is_outlet(self, mention: Span) -> bool:
        """Return whether mention names a news outlet (credited, not quoted)."""
        words = mention.text.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if not words or not words[0][:1].isupper():
            return False
        if " ".join(words).lower() in OUTLETS:
            return True
        last = mention[-1]
        return last.lower_ in OUTLET_HEADS and (last.pos_ == "PROPN" or last.ent_type_ == "ORG")

    # -- content ----------------------------------------------------------

    def _assign_quotes(self, unit: Span, cues: list[Cue]) -> None:
        """Give contentless cues the quotation next to their clause.

        Outlet credits only take a quote when no speaker is in the unit, so
        "“...,” the AP reports" stays Maria Zakharova's quote.
        """
        sourced = [c for c in cues if c.source is not None]
        speakers = [c for c in sourced if not c.credit]
        candidates = speakers or sourced
        # A quote before a cue may still beat the clause after it (_cue_after).
        if all(c.content is not None for c in candidates) and not any(
            unit.start <= q.start and q.end <= c.span.start
            for q in self.quotes
            for c in candidates
        ):
            return
        for quote in self.quotes:
            if quote.start < unit.start or quote.end > unit.end:
                continue
            if not self._is_utterance(quote) and not self._short_reply(quote, unit):
                continue
            owner = self._cue_after(quote, candidates)
            if owner is not None:
                owner.content = self._quote_content(quote)
                owner.parts = [owner.content]
                owner.from_quote = True
                continue
            owner = self._cue_before(quote, candidates)
            if owner is None:
                continue
            if owner.content is None:
                owner.content = self._quote_content(quote)
                owner.parts = [owner.content]
                owner.from_quote = True
            else:  # "“A,” he said, “B.”": content runs from A through B
                owner.parts.append(self._quote_content(quote))
                owner.content = (owner.content[0], owner.parts[-1][1])

    def _cue_after(self, quote: Quote, cues: list[Cue]) -> Cue | None:
        """Return the cue of "“...,” X said" following quote, if any."""
        for cue in cues:
            # A quote just before "X told" beats a clause the parser hung
            # after it ("“...,” he told a crowd that the campaign estimated")
            # or one before the quote ("A referenced B: “...,” the association wrote").
            taken = cue.content is not None and (
                cue.from_quote or quote.start < cue.content[1] <= cue.span.end
            )
            if taken or cue.span.start < quote.end or cue.span.root.dep_ == "relcl":
                continue  # "“...,” Cruz, who has proposed X, said": the relative is not it
            if cue.span.root.tag_ == "VBG" and (cue.subject is None or cue.subject.i < quote.end):
                continue  # "“A,” adding, “B”": a participle reports what follows it
            last = quote.end - 2
            while last > quote.start and self.doc[last].text in QUOTE_MARKS | {"'"}:
                last -= 1  # "‘Ebony and Ivory,’”"
            closer = self.doc[last].text in QUOTE_CLOSERS
            between = self.doc[quote.end : cue.span.start]
            opening = quote.start == 0 or self.doc[quote.start - 1].is_space or (
                self.doc[quote.start - 1].is_sent_end
            ) or "\n" in self.doc[quote.start - 1].text_with_ws
            if not closer and not (len(between) and between[0].text in EDGE_PUNCT) and not (
                opening and self._is_utterance(quote)  # "“We won” Smith said."
            ):
                return None
            np_start, np_end = (
                (cue.subject.left_edge.i, cue.subject.right_edge.i + 1)
                if cue.subject is not None
                else (0, 0)
            )
            if all(
                t.is_punct or t.is_space or np_start <= t.i < np_end or t.pos_ in {"ADV", "AUX"}
                for t in between
            ):
                return cue
            return None
        return None

    def _cue_before(self, quote: Quote, cues: list[Cue]) -> Cue | None:
        """Return the cue of "X said, “...”" preceding quote, if any."""
        for cue in reversed(cues):
            if cue.span.end > quote.start or self._points_elsewhere(cue, quote):
                continue
            if cue.content is not None and not (
                cue.from_quote and cue.content[1] <= cue.span.start
            ):
                return None
            verb = cue.span.root
            between = self.doc[cue.span.end : quote.start]
            if all(
                t.is_punct or t.is_space or any(a.i == verb.i for a in t.ancestors)
                for t in between
            ):
                return cue
            return None
        return None

    def _points_elsewhere(self, cue: Cue, quote: Quote) -> bool:
        """Return whether a participle before quote has its own object:
        "“A,” he said, referring to the bridge, “B.”" goes on with "said"."""
        verb = cue.span.root
        if verb.tag_ != "VBG" or verb.lemma_.lower() not in POINTING_LEMMAS:
            return False
        preps = PREP_CUES[verb.lemma_.lower()]
        return any(
            c.dep_ == "prep" and c.lower_ in preps and cue.span.end <= c.i < quote.start
            for c in verb.children
        )

    def _short_reply(self, quote: Quote, unit: Span) -> bool:
        """Return whether a one-word quote opens the unit: "“Safety,” said X."."""
        start, end = quote.inner
        return (
            quote.start == unit.start
            and quote.closed
            and start < end
            and self.doc[end - 1].text in QUOTE_CLOSERS
            and any(t.is_alpha for t in self.doc[start:end])
        )

    def _is_utterance(self, quote: Quote) -> bool:
        """Tell a quoted utterance from a scare-quoted word or title."""
        start, end = quote.inner
        before = self.doc[quote.start - 1] if quote.start else None
        if before is not None and (before.pos_ in {"ADP", "DET"} or before.lower_ in {"'s", "’s"}):
            return False  # a title: "on “Fox News Sunday,”", "the “Shark Tank”", "Fox’s “...”"
        if self._after_title_noun(quote):
            return False
        words = sum(1 for t in self.doc[start:end] if t.is_alpha)
        while end > start + 1 and self.doc[end - 1].text in QUOTE_MARKS | {"'"}:
            end -= 1  # "'Meh, we can wait,'""
        if start < end and self.doc[end - 1].text in QUOTE_CLOSERS and words >= 2:
            return True
        has_verb = any(t.pos_ in {"VERB", "AUX"} for t in self.doc[start:end])
        return has_verb and words >= MIN_CLAIM_WORDS

    def _quote_content(self, quote: Quote) -> tuple[int, int]:
        return self._trim(*quote.inner)

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

    def _line_start(self, unit: Span) -> bool:
        """Return whether unit opens a paragraph."""
        return unit.start == 0 or "\n" in self.doc[unit.start - 1].text_with_ws

    def _transcript_turn(self, unit: Span) -> bool:
        """Return whether a paragraph opens with "SMITH:" (a transcript).

        A quotation mark may come first: some sites quote a whole transcript.
        """
        first = 1 if len(unit) and unit[0].text in QUOTE_MARKS else 0
        return (
            self._line_start(unit)
            and len(unit) > first + 2
            and unit[first + 1].text == ":"
            and unit[first].is_upper
            and len(unit[first]) > 1
        )

    def _dash_name(self, start: int, end: int) -> Span | None:
        """Return the name in a credit "― Jane Doe" at start:end, if it is one."""
        doc = self.doc
        if start >= end or not (doc[start].text in DASHES or _glued_dash(doc[start])):
            return None
        name_end = start + 1
        while name_end < end and doc[name_end].is_space:
            name_end += 1
        while name_end < end and (
            doc[name_end].is_title or doc[name_end].pos_ == "PROPN" or doc[name_end].text == "."
        ) and doc[name_end].text not in QUOTE_MARKS:
            name_end += 1
        rest = doc[name_end:end]
        if not all(t.is_punct or t.is_space for t in rest) and (
            not len(rest) or rest[0].text != ","  # "― Jane Doe, a teacher"
        ):
            return None
        name_start, name_end = self._trim(start + 1, name_end, drop_stop=True)
        if not 0 < name_end - name_start <= 6 or not doc[name_start].is_alpha:
            return None
        return doc[name_start:name_end]

    def _dash_credit(self, unit: Span) -> Attribution | None:
        """Return "“We will win.” ― Jane Doe" (a reader's quote) as Doe's claim."""
        if not self.tagged:
            return None
        for quote in self.quotes:
            if unit.start <= quote.start < quote.end < unit.end and quote.closed:
                # "”―" typed without a space is one token: the quote's last
                dash = quote.end - 1 if _glued_dash(self.doc[quote.end - 1]) else quote.end
                while dash < unit.end - 1 and self.doc[dash].is_space:
                    dash += 1  # "”\xa0―": a no-break space is a token of its own
                source = self._dash_name(dash, unit.end)
                if source is not None:
                    start, end = self._trim(unit.start, dash)
                    return Attribution(
                        unit,
                        self.doc[start:end],
                        QuoteType.DIRECT,
                        source=source,
                        cue=self.doc[dash : dash + 1],
                        source_phrase=source,
                    )
        return None

    def _named_colon(self, unit: Span) -> Attribution | None:
        """Return "Polls were early - Jane Doe: “...”" or "More from the report: “...”".

        A digest's credit: a name set off by a dash (or after "from") and a
        colon right before a quotation says whose words it holds.
        """
        if not self.tagged:
            return None
        doc = self.doc
        for quote in self.quotes:
            colon = quote.start - 1
            if not (unit.start < colon and quote.end <= unit.end) or doc[colon].text != ":":
                continue
            start = colon
            while (
                start > unit.start
                and colon - start < 5
                and doc[start - 1].text not in DASHES
                and doc[start - 1].lower_ != "from"
            ):
                start -= 1
            credit = doc[start - 1].text in DASHES or doc[start - 1].lower_ == "from"
            if start == colon or start == unit.start or not credit:
                continue
            name = doc[start:colon]
            if doc[start - 1].lower_ == "from":
                named = name[-1].pos_ in {"NOUN", "PROPN"} and all(
                    t.pos_ in {"DET", "NOUN", "PROPN", "PART", "ADJ"} for t in name
                )
            else:
                named = all(
                    t.pos_ == "PROPN" or t.lower_ == "and" or t.text in {".", "'s", "’s"}
                    for t in name
                )
            if not named:
                continue
            start, end = self._quote_content(quote)
            return Attribution(
                unit,
                doc[start:end],
                QuoteType.DIRECT,
                source=name,
                cue=doc[colon : colon + 1],
                source_phrase=name,
            )
        return None

    def _verb_first(self, unit: Span) -> Attribution | None:
        """Return "Said Okafor: “...”", the reporting verb before the speaker's name."""
        doc = self.doc
        if not self.tagged or len(unit) < 5:
            return None
        verb = unit[0]
        if not (verb.is_title and verb.lower_ in VERB_FIRST_FORMS):
            return None
        end = next((t.i for t in unit[1:7] if t.text in {":", ","}), None)
        if end is None or end == verb.i + 1 or end + 1 >= unit.end or self.quote_at[end + 1] < 0:
            return None
        name = doc[verb.i + 1 : end]
        if not all(t.pos_ == "PROPN" or t.is_title or t.text == "." for t in name[1:]) or not (
            name[0].is_title or name[0].lower_ == "the"
        ):  # the tagger reads "Added Smith" as one name, "Says Trump" as a noun
            return None
        start, stop = self._trim(end + 1, unit.end)
        return Attribution(
            unit,
            doc[start:stop],
            self._quote_type(start, stop, QuoteType.DIRECT),
            source=name,
            cue=doc[verb.i : verb.i + 1],
            source_phrase=name,
        )

    def _headline_colon(self, unit: Span) -> Attribution | None:
        """Return "Russia: Rebels Helped ..." as Russia's claim, if it is one.

        So does a transcript's turn: "SMITH: We won.", and a paragraph that
        opens with a name and a colon: "Sanders: Clinton must change."
        """
        first = unit.start + (1 if len(unit) and unit[0].text in QUOTE_MARKS else 0)
        colon = next((t for t in unit if t.text == ":"), None)
        if colon is None or colon.i <= first or colon.i - first > 10:
            return None
        if (
            self.doc[first].lower_ in COLON_LABELS
            and first + 2 < colon.i
            and self.doc[first + 1].text in DASHES
        ):
            first += 2  # "EXCLUSIVE – Jane Okafor: ..."
        speaker = self.doc[first : colon.i]
        # "Clinton to Planned Parenthood: ...": the addressee is no speaker
        to = next((t for t in speaker if t.lower_ == "to" and t.i > first), None)
        if to is not None:  # a named speaker only: "Road to Victory: ..." is a title
            speaker = self.doc[first : to.i]
            if not any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in speaker):
                return None
        if len(speaker) > 5:
            return None
        if speaker.text.lower() in INTERVIEW_TURNS:
            return None
        if any(t.lower_ in COLON_LABELS for t in speaker) or not all(
            t.pos_ == "PROPN"
            or t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
            or (t.is_upper and t.is_alpha)  # transcripts: "TAPPER: ..."
            or (t.is_title and t.is_alpha)  # "Poll: ...", a tagger's NOUN "Trump"
            or (t.text in {".", "'s", "’s", "-"} and t.i > first)
            or (t.lower_ in {"at", "of", "the"} and first < t.i < colon.i - 1)
            or (t.lower_ in SPEAKER_GROUPS and first < t.i == colon.i - 1)  # "Okafor camp:"
            for t in speaker
        ):
            return None
        start, end = self._trim(colon.i + 1, unit.end)
        if self._words(start, end) < 2:
            return None
        return Attribution(
            unit,
            self.doc[start:end],
            self._quote_type(start, end, QuoteType.INDIRECT),
            source=speaker,
            cue=self.doc[colon.i : colon.i + 1],
            source_phrase=speaker,
        )

    def _report(self, speaker: Cue, credits: list[Cue], own: list[Cue]) -> tuple | None:
        """Return (outlet, cue, content) of the report that holds speaker's words."""
        credit = next(
            (c for c in credits if c not in own and self._covers(speaker, c)), None
        )
        if credit is None:
            return None
        return (
            credit.phrase or credit.source,
            credit.span,
            self.doc[credit.content[0] : credit.content[1]],
        )

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

    def _with_seem(self, span: Span) -> Span:
        """Return "seemed to urge" for the cue "urge" under "seemed": the hedge
        is part of what the reader should see."""
        verb, head = span.root, span.root.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in SEEM_LEMMAS and head.i < verb.i:
            return self.doc[self._cue_span(head).start : span.end]
        return span

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

    def _quote_type(self, start: int, end: int, default: str) -> str:
        """Return direct/mixed when quoted words make up all/part of start:end."""
        indices = {self.quote_at[i] for i in range(start, end)}
        if len(indices) == 1 and -1 not in indices:
            return QuoteType.DIRECT
        for index in indices - {-1}:
            inner_start, inner_end = self.quotes[index].inner
            if self._words(inner_start, inner_end) >= 2:
                return QuoteType.MIXED
        return default

    # -- helpers ----------------------------------------------------------

    def _words(self, start: int, end: int) -> int:
        return sum(1 for t in self.doc[start:end] if t.is_alpha or t.like_num)

    def _span(self, start: int, end: int) -> Span | None:
        return self.doc[start:end] if start < end else None

    def _trim(self, start: int, end: int, drop_stop: bool = False) -> tuple[int, int]:
        """Strip spaces, edge punctuation and quotation marks around start:end.

        A quotation mark stays only when its whole quotation is inside the
        range and the range is more than that one quotation.
        """
        doc = self.doc
        while start < end:
            first, last = doc[start], doc[end - 1]
            if (
                first.is_space
                or first.text in EDGE_PUNCT
                or first.lower_ in EDGE_CONJUNCTIONS
                or self._stray_mark(start, start, end)
            ):
                start += 1
            elif (
                last.is_space
                or last.text in EDGE_PUNCT
                or last.lower_ in EDGE_CONJUNCTIONS
                or self._stray_mark(end - 1, start, end)
                or (drop_stop and last.text in STOPS)
            ):
                end -= 1
            elif first.text in QUOTE_MARKS and self.quotes[self.quote_at[start]].end == end:
                start, end = start + 1, end - 1  # the range is one quotation
            else:
                break
        return start, end

    def _balance(self, start: int, end: int) -> tuple[int, int]:
        """Run on to the closing mark of a quotation opened inside the range.

        A clause's parse may stop short of it: "was “a gift to the wealthy.”"
        """
        index = self.quote_at[end - 1] if start < end else -1
        if index < 0:
            return start, end
        quote = self.quotes[index]
        if start <= quote.start and end < quote.end <= end + 3 and all(
            t.is_punct for t in self.doc[end : quote.end]
        ):
            return start, quote.end
        return start, end

    def _stray_mark(self, i: int, start: int, end: int) -> bool:
        """Return whether token i is a quotation mark unbalanced in start:end."""
        if self.doc[i].text not in QUOTE_MARKS:
            return False
        index = self.quote_at[i]
        if index < 0:
            return True
        quote = self.quotes[index]
        return quote.start < start or quote.end > end or not quote.closed

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
