"""Cross-language re-ranking (issue #26): a query in one language, checks in another.

Pure Python, no Django. The English ranker (ranking.py) needs BM25 over
words both texts share, which a Spanish tweet and an English check mostly
do not. Here the candidates come from the multilingual vector (USE
multilingual v3: the `depth` nearest by cosine), and a logistic regression
fuses signals that do cross languages:

* use_cos: the USE cosine (best of the check's text and title);
* minilm_cos: the English MiniLM cosine: it reads names and numbers in
  any script it knows, whatever the language around them;
* numbers_shared, numbers_query_only: numbers written the same way
  (thousands separators and decimal commas normalised: 1.000 = 1,000 = 1000);
* names_shared: the share of the query's capitalised words (not its first
  word, not a stop word of its language) found in the check, accents folded;
* cognates_shared: the share of the query's content words (stop words of its
  language out, 4 letters or more) whose first 5 letters, accents folded,
  begin a word of the check: "cocaína"/"cocaine", "Kavanaugh", "Pfizer";
* chargrams: the share of the query's character 4-grams (content words,
  accents folded) found in the check.

The shipped weights (crosslingual.json beside this file) are set by hand
and fitted on no data, like the English re-ranker's fusion (issue #21:
CheckThat! data is "free for general research use" and neither trains nor
chooses anything shipped). `manage.py evaluate crosslingual --fit --out
FILE` fits a research variant on the tune split of our own queries
(claims/evaluation/data/crosslingual_queries.tsv) against the CheckThat!
vclaims, with tiers chosen on that split; CLAIMS_CROSSLINGUAL_RANKER=FILE
uses it locally.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WEIGHTS_PATH = Path(__file__).with_name("crosslingual.json")
DEPTH = 100  # candidates by USE cosine

# No rank or gap features: they make the best candidate look right whether
# or not the library holds the claim (with them, 99% of the tune queries
# were linked "same claim" with their true check withheld).
FEATURES = (
    "use_cos",
    "minilm_cos",
    "numbers_shared",
    "numbers_query_only",
    "names_shared",
    "cognates_shared",
    "chargrams",
)

WEIGHTS_FEATURES_MISMATCH = "{path}: fitted on other features; run evaluate crosslingual --fit"

_NUMBER = re.compile(r"\d+(?:[.,\s]\d{3}(?!\d))*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-Þ]")
_BM25S_STOPWORDS = {
    "en": "STOPWORDS_EN", "es": "STOPWORDS_SPANISH", "fr": "STOPWORDS_FRENCH",
    "de": "STOPWORDS_GERMAN", "it": "STOPWORDS_ITALIAN", "pt": "STOPWORDS_PORTUGUESE",
    "nl": "STOPWORDS_DUTCH", "ru": "STOPWORDS_RUSSIAN", "tr": "STOPWORDS_TURKISH",
}
# Words capitalised in these languages without being names (German nouns
# are; the char-gram and cognate features read them anyway).
_EXTRA_STOPWORDS = {
    "es": "según dijo dice afirma asegura video foto esta este estos",
    "fr": "selon dit affirme aurait auraient vidéo photo cette",
    "de": "laut sagt sagte soll sollen angeblich video foto",
    "en": "said says according video photo",
}
PREFIX = 5
GRAM = 4


def fold(text: str) -> str:
    """Return text lower-cased without accents ("Cocaína" -> "cocaina")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


@functools.cache
def stopwords(language: str) -> frozenset[str]:
    """Return the folded stop words of a language (bm25s's lists, and a few more)."""
    import bm25s.stopwords

    words = set(getattr(bm25s.stopwords, _BM25S_STOPWORDS.get(language, "STOPWORDS_EN")))
    words |= set(_EXTRA_STOPWORDS.get(language, "").split())
    return frozenset(fold(w) for w in words)


def numbers(text: str) -> set[str]:
    """Return the numbers of text as digits only: "1.000", "1,000" and "1 000"
    are "1000"; "4,99" and "4.99" are "499" (the same on both sides)."""
    return {re.sub(r"\D", "", n) for n in _NUMBER.findall(text)} - {""}


@dataclass(frozen=True)
class Terms:
    """What the lexical features compare, computed once per text."""

    numbers: frozenset[str]
    names: frozenset[str]  # folded
    content: frozenset[str]  # folded content words, 4 letters or more
    prefixes: frozenset[str]  # their first PREFIX letters
    grams: frozenset[str]

    @classmethod
    def of(cls, text: str, language: str) -> Terms:
        stop = stopwords(language)
        words = _WORD.findall(text)
        names = {fold(w) for i, w in enumerate(words)
                 if i and _CAPITALISED.match(w) and fold(w) not in stop and len(w) > 1}
        content = {fold(w) for w in words if len(w) >= 4 and fold(w) not in stop}
        grams = {w[i : i + GRAM] for w in content for i in range(len(w) - GRAM + 1)}
        return cls(
            numbers=frozenset(numbers(text)), names=frozenset(names),
            content=frozenset(content), prefixes=frozenset(w[:PREFIX] for w in content),
            grams=frozenset(grams),
        )

    def agreement(self, other: Terms) -> tuple[float, float, float, float, float]:
        """numbers_shared, numbers_query_only, names_shared, cognates_shared,
        chargrams of this query against a check's terms."""
        shared = len(self.numbers & other.numbers)
        names = (sum(1 for n in self.names if n in other.content or n[:PREFIX] in other.prefixes)
                 / len(self.names)) if self.names else 0.0
        cognates = (sum(1 for w in self.content if w[:PREFIX] in other.prefixes)
                    / len(self.content)) if self.content else 0.0
        grams = len(self.grams & other.grams) / len(self.grams) if self.grams else 0.0
        return (float(min(shared, 3)), float(min(len(self.numbers) - shared, 3)),
                names, cognates, grams)


def feature_matrix(
    *, use: np.ndarray, minilm: np.ndarray | None, query: Terms, documents: Sequence[Terms]
) -> np.ndarray:
    """Return one row of FEATURES per candidate.

    use, minilm: the candidates' cosines with the query (best of the check's
    fields); minilm None where there is no MiniLM vector (counted as 0).
    """
    use = np.asarray(use, dtype=np.float64)
    minilm = np.zeros_like(use) if minilm is None else np.asarray(minilm, dtype=np.float64)
    n = len(use)
    if not n:
        return np.zeros((0, len(FEATURES)))
    agreement = (np.array([query.agreement(d) for d in documents], dtype=np.float64)
                 .reshape(n, 5))
    return np.column_stack([
        use, minilm, agreement,
    ])


@dataclass(frozen=True)
class CrossLingualRanker:
    """A logistic regression over standardised FEATURES, stored as JSON."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    about: dict = field(default_factory=dict)  # data, command, thresholds, figures

    def score(self, features: np.ndarray) -> np.ndarray:
        """Return the probability that each row is the query's claim."""
        if not len(features):
            return np.zeros(0)
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    @property
    def thresholds(self) -> tuple[float, float]:
        """Return the (related, same claim) thresholds (crosslingual.json's)."""
        chosen = self.about.get("thresholds", {})
        return float(chosen.get("related", 0.3)), float(chosen.get("same", 0.9))

    def as_dict(self) -> dict:
        return {
            **self.about,
            "features": list(FEATURES),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(float(self.bias), 6),
        }

    def save(self, path: str | Path = WEIGHTS_PATH) -> None:
        Path(path).write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path = WEIGHTS_PATH) -> CrossLingualRanker:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(WEIGHTS_FEATURES_MISMATCH.format(path=path))
        about = {k: v for k, v in data.items()
                 if k not in {"features", "mean", "scale", "weights", "bias"}}
        return cls(mean=np.asarray(data["mean"]), scale=np.asarray(data["scale"]),
                   weights=np.asarray(data["weights"]), bias=float(data["bias"]), about=about)


@functools.cache
def default_crosslingual_ranker() -> CrossLingualRanker:
    """Return the cross-language ranker, loaded once per process: the
    shipped hand-set one, or the file CLAIMS_CROSSLINGUAL_RANKER names."""
    import os

    return CrossLingualRanker.load(os.environ.get("CLAIMS_CROSSLINGUAL_RANKER") or WEIGHTS_PATH)


def fit(features: np.ndarray, labels: np.ndarray, *, c: float = 1.0,
        about: dict | None = None) -> CrossLingualRanker:
    """Fit the ranker: features standardised, L2-regularised logistic
    regression (scikit-learn's lbfgs, deterministic)."""
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale = np.where(scale == 0, 1.0, scale)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((features - mean) / scale, labels)
    return CrossLingualRanker(mean=mean, scale=scale, weights=model.coef_[0],
                              bias=float(model.intercept_[0]), about=dict(about or {}))


def rank(ranker: CrossLingualRanker, ids: Sequence, features: np.ndarray,
         top: int | None = None) -> list[tuple[object, float]]:
    """Return (id, score) best first (ties by position, i.e. by USE cosine)."""
    scores = ranker.score(features)
    order = sorted(range(len(ids)), key=lambda i: (-round(float(scores[i]), 9), i))
    return [(ids[i], float(scores[i])) for i in order[:top]]
