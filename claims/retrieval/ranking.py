"""Hybrid ranking of checked claims: dense + BM25 candidates, a learned re-ranker.

`HybridRanker.search` is the whole search path, shared by `manage.py match`,
the evaluation and (through the Django layer) the claim view:

1. clean the query (`cleaning.parse_post`): body, tweet author, date;
2. candidates: the `depth` nearest documents by the text vector, by the
   title vector, and by BM25 over all fields;
3. features per candidate: cosines, BM25 per field, ranks, agreement of
   numbers, names, the tweet's author, and of the query's and the
   fact-check's dates;
4. score: the `Reranker`, a logistic function of the features in [0, 1]
   saying how surely the candidate is the claim the query repeats: shipped,
   the untrained fusion of `fusion.py` (issue #21: CheckThat! data may not
   train a shipped model); `train_reranker.py` fits a research variant;
5. tiers: `tier_for` compares that score with the related and same-claim
   thresholds (the Django layer reads them from settings).
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from claims.retrieval.cleaning import Post, clean_query, parse_post
from claims.retrieval.lexical import ALL_FIELDS, LexicalIndex, tokenize
from claims.retrieval.types import Document, Match, Query, Tier
from claims.retrieval.vectors import ExactVectorIndex, VectorIndex

# Document fields with a vector each: the claim and the headline. Subtitles
# are left to BM25: in newer fact-checks they describe the article rather
# than restate the claim (dense MAP@5 on subtitles: 0.49 train, 0.28 dev-test).
DENSE_FIELDS = ("text", "title")
CANDIDATE_DEPTH = 30  # per retriever; the union is ~65 documents
RERANKER_PATH = Path(__file__).with_name("reranker.json")

# A text under this many words is too vague to be auto-linked (issue #4).
SAME_CLAIM_MIN_WORDS = 8
# Defaults of the settings CLAIMS_RELATED_THRESHOLD and
# CLAIMS_SAME_CLAIM_THRESHOLD, chosen on the 2022 dev split from the table
# `train_reranker` prints (kept in reranker.json as "dev_tiers"): at 0.8 the
# same-claim link was right 159 times of 159 (recall 0.80) and, with the true
# claim withheld, wrongly made for 1% of queries; at 0.1 the true claim is
# among the related for 97% of queries.
RELATED_THRESHOLD = 0.1
SAME_CLAIM_THRESHOLD = 0.8

FEATURES = (
    "cos_text",  # cosine of the query with the claim text
    "cos_title",
    "cos_max",
    "cos_text_gap",  # minus the best cos_text among the candidates
    "cos_title_gap",
    "cos_max_gap",
    "bm25_log",  # log(1 + BM25 over all fields)
    "bm25_rel",  # BM25 over all fields / the best among the candidates
    "bm25_text_rel",
    "bm25_title_rel",
    "dense_rr",  # 1 / rank by cos_max among the candidates
    "lexical_rr",
    "dense_log_rank",
    "lexical_log_rank",
    "numbers_shared",  # numbers in both the query and the document
    "numbers_query_only",
    "numbers_document_only",
    "names_shared",  # share of the query's capitalised words in the document
    "author_in_document",  # share of the tweet author's name words in the document
    "words_shared",  # share of the query's stemmed words in the document
    # Dates: in CheckThat! a check follows the tweet it cites (85% within two
    # months after it, under 2% older by a month or more), so these weigh
    # heavily (MAP@5 on 2022 dev-test 0.989 with them, 0.939 without) and
    # favour checks published soon after the query. A library check older
    # than a repeated claim is penalised for it: where that prior does not
    # hold, leave Document.date empty (a tweet's signature date is read anyway).
    "dated",  # both the query and the fact-check have a date
    "date_distance",  # log(1 + |days between them|) / 10
    "checked_after",  # the fact-check is not older than the query
)

RERANKER_FEATURES_MISMATCH = "{path}: the re-ranker was trained on other features; retrain it"
VECTOR_FIELDS_MISSING = "the ranker needs a vector index for each of {fields}"

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+\b")
_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"\W+")


def tier_for(
    score: float, query_text: str, *, related_threshold: float, same_threshold: float
) -> str:
    """Return the tier of a match: same claim, related, or none.

    A query under `SAME_CLAIM_MIN_WORDS` words (after cleaning) is at most
    related, however high its score: "Vaccines cause autism" matches too many
    checks to be linked to one automatically.
    """
    if score >= same_threshold and word_count(query_text) >= SAME_CLAIM_MIN_WORDS:
        return Tier.SAME
    if score >= related_threshold:
        return Tier.RELATED
    return Tier.NONE


def word_count(text: str) -> int:
    """Return the number of words in text without links, handles' @, signature."""
    return len(_WORD.findall(clean_query(text, keep_author=False)))


@dataclass(frozen=True)
class Reranker:
    """A logistic regression over standardised `FEATURES`, stored as JSON."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    about: dict = field(default_factory=dict)  # origin, command, figures

    def score(self, features: np.ndarray) -> np.ndarray:
        """Return the probability that each row is the query's claim."""
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    def as_dict(self) -> dict:
        return {
            **self.about,
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(float(self.bias), 6),
        }

    def save(self, path: str | Path = RERANKER_PATH) -> None:
        Path(path).write_text(json.dumps(self.as_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict) -> Reranker:
        about = {
            k: v
            for k, v in data.items()
            if k not in {"features", "mean", "scale", "weights", "bias"}
        }
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            about=about,
        )

    @classmethod
    def load(cls, path: str | Path = RERANKER_PATH) -> Reranker:
        """Return the re-ranker saved at path (by default the shipped one)."""
        reranker = cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        if reranker.features != FEATURES:
            raise ValueError(RERANKER_FEATURES_MISMATCH.format(path=path))
        return reranker


@functools.cache
def default_reranker() -> Reranker:
    """Return the shipped re-ranker, loaded once per process."""
    return Reranker.load()


@dataclass
class Candidates:
    """The candidate documents of one query, with what the features need."""

    query: Post
    doc_ids: list[str]
    cosines: dict[str, np.ndarray]  # per dense field
    bm25: dict[str, np.ndarray]  # per lexical field and "all"
    terms: list[_DocumentTerms]

    def __len__(self) -> int:
        return len(self.doc_ids)

    @property
    def dense_scores(self) -> np.ndarray:
        return np.max(np.stack([self.cosines[f] for f in DENSE_FIELDS]), axis=0)

    def without(self, doc_ids: set[str]) -> Candidates:
        """Return these candidates less some documents (to simulate no match)."""
        keep = [i for i, doc_id in enumerate(self.doc_ids) if doc_id not in doc_ids]
        return Candidates(
            query=self.query,
            doc_ids=[self.doc_ids[i] for i in keep],
            cosines={f: v[keep] for f, v in self.cosines.items()},
            bm25={f: v[keep] for f, v in self.bm25.items()},
            terms=[self.terms[i] for i in keep],
        )

    def features(self) -> np.ndarray:
        """Return one row of `FEATURES` per candidate."""
        if not self.doc_ids:
            return np.zeros((0, len(FEATURES)))
        cos_max = self.dense_scores
        bm25 = self.bm25[ALL_FIELDS]
        dense_rank = _ranks(cos_max)
        lexical_rank = _ranks(bm25)
        query_terms = _QueryTerms.of(self.query)
        columns = {
            "cos_text": self.cosines["text"],
            "cos_title": self.cosines["title"],
            "cos_max": cos_max,
            "cos_text_gap": self.cosines["text"] - self.cosines["text"].max(),
            "cos_title_gap": self.cosines["title"] - self.cosines["title"].max(),
            "cos_max_gap": cos_max - cos_max.max(),
            "bm25_log": np.log1p(bm25),
            "bm25_rel": _relative(bm25),
            "bm25_text_rel": _relative(self.bm25["text"]),
            "bm25_title_rel": _relative(self.bm25["title"]),
            "dense_rr": 1.0 / dense_rank,
            "lexical_rr": 1.0 / lexical_rank,
            "dense_log_rank": np.log(dense_rank),
            "lexical_log_rank": np.log(lexical_rank),
        }
        agreement = np.array([query_terms.agreement(terms) for terms in self.terms])
        for column, name in enumerate(_AGREEMENT_FEATURES):
            columns[name] = agreement[:, column]
        return np.column_stack([columns[name] for name in FEATURES]).astype(np.float64)


_AGREEMENT_FEATURES = FEATURES[FEATURES.index("numbers_shared") :]


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Return 1-based ranks, ties sharing the best rank (no order-dependence)."""
    order = np.sort(scores)[::-1]
    return (np.searchsorted(-order, -scores, side="left") + 1).astype(np.float64)


def _relative(scores: np.ndarray) -> np.ndarray:
    best = scores.max() if len(scores) else 0.0
    return scores / best if best > 0 else np.zeros_like(scores)


def _numbers(text: str) -> set[str]:
    return {number.replace(",", "") for number in _NUMBER.findall(text)}


@dataclass(frozen=True)
class _DocumentTerms:
    """What agreement features look at in a document, computed once per index."""

    numbers: frozenset[str]
    names: frozenset[str]
    words: frozenset[str]
    date: datetime.date | None

    @classmethod
    def of(cls, document: Document) -> _DocumentTerms:
        text = f"{document.text} {document.title} {document.subtitle}"
        return cls(
            numbers=frozenset(_numbers(text)),
            names=frozenset(word.lower() for word in _CAPITALISED.findall(text)),
            words=frozenset(tokenize(text)),
            date=document.date,
        )


@dataclass(frozen=True)
class _QueryTerms:
    numbers: set[str]
    names: set[str]
    words: set[str]
    author: set[str]
    date: datetime.date | None

    @classmethod
    def of(cls, post: Post) -> _QueryTerms:
        return cls(
            numbers=_numbers(post.body),
            names={word.lower() for word in _CAPITALISED.findall(post.body)},
            words=set(tokenize(post.text)),
            author=set(tokenize(post.author)),
            date=post.date,
        )

    def agreement(self, document: _DocumentTerms) -> tuple[float, ...]:
        """Return the `_AGREEMENT_FEATURES` of a document, in their order."""
        shared_numbers = len(self.numbers & document.numbers)
        dated = self.date is not None and document.date is not None
        days = (document.date - self.date).days if dated else 0
        return (
            shared_numbers,
            len(self.numbers) - shared_numbers,
            len(document.numbers) - shared_numbers,
            len(self.names & document.names) / max(len(self.names), 1),
            len(self.author & document.words) / len(self.author) if self.author else 0.0,
            len(self.words & document.words) / max(len(self.words), 1),
            float(dated),
            math.log1p(abs(days)) / 10 if dated else 0.0,
            float(dated and days >= 0),
        )


def _duplicate_key(document: Document) -> tuple[str, str]:
    return (
        _PUNCTUATION.sub(" ", document.text.lower()).strip(),
        _PUNCTUATION.sub(" ", document.title.lower()).strip(),
    )


class HybridRanker:
    """Find the checked claims a text repeats or relates to, best first.

    `vectors` maps each of `DENSE_FIELDS` to a `VectorIndex` over the same
    documents; `encode` embeds query texts like the documents were embedded.
    Documents whose text and title differ only in punctuation and case from
    an earlier one are folded into it, so a result list never shows the same
    check twice.
    """

    def __init__(
        self,
        documents: Sequence[Document],
        *,
        vectors: Mapping[str, VectorIndex],
        lexical: LexicalIndex | None = None,
        reranker: Reranker | None = None,
        encode: Callable[[list[str]], np.ndarray] | None = None,
        depth: int = CANDIDATE_DEPTH,
        fold_duplicates: bool = True,
    ):
        if set(vectors) != set(DENSE_FIELDS):
            raise ValueError(VECTOR_FIELDS_MISSING.format(fields=", ".join(DENSE_FIELDS)))
        self.documents = {document.id: document for document in documents}
        self.lexical = lexical if lexical is not None else LexicalIndex(documents)
        self.vectors = vectors
        self.reranker = reranker
        self.encode = encode
        self.depth = depth
        first_of: dict[tuple[str, str], str] = {}
        self.canonical = {
            d.id: first_of.setdefault(_duplicate_key(d), d.id) if fold_duplicates else d.id
            for d in documents
        }
        self._terms = {d.id: _DocumentTerms.of(d) for d in documents}
        self._lexical_position = {doc_id: i for i, doc_id in enumerate(self.lexical.ids)}

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.encode is None:
            from claims.nlp.embeddings import embed_texts

            self.encode = embed_texts
        return self.encode(texts)

    def candidates(
        self,
        queries: Sequence[Query | str],
        *,
        clean: bool = True,
        encode: Callable[[list[str]], np.ndarray] | None = None,
    ) -> list[Candidates]:
        """Return the candidate documents of each query, with their raw scores.

        With clean=False the query text is used as it is (no signature,
        author or date parsing): the evaluation's "cleaning off" figures.
        encode, if given, embeds the query texts instead of the ranker's own
        encoder (e.g. to reuse vectors stored with them).
        """
        queries = [_as_query(q, i) for i, q in enumerate(queries)]
        posts = [_post_of(query) if clean else Post(body=query.text) for query in queries]
        texts = [post.text for post in posts]
        query_vectors = encode(texts) if encode is not None else self._encode(texts)
        found: list[set[str]] = [set() for _ in queries]
        for index in self.vectors.values():
            ids, _ = index.search(query_vectors, self.depth)
            for row, row_ids in enumerate(ids):
                found[row].update(row_ids)
        result = []
        for row, post in enumerate(posts):
            bm25 = {
                name: self.lexical.scores(post.text, name) for name in (ALL_FIELDS, "text", "title")
            }
            best = np.argsort(-bm25[ALL_FIELDS], kind="stable")[: self.depth]
            found[row].update(self.lexical.ids[i] for i in best)
            doc_ids = sorted(
                {self.canonical[doc_id] for doc_id in found[row]},
                key=self._lexical_position.__getitem__,
            )
            positions = [self._lexical_position[doc_id] for doc_id in doc_ids]
            cosines = {}
            for name, index in self.vectors.items():
                cosines[name] = (index.embeddings(doc_ids) @ query_vectors[row]).astype(np.float64)
            result.append(
                Candidates(
                    query=post,
                    doc_ids=doc_ids,
                    cosines=cosines,
                    bm25={
                        name: scores[positions].astype(np.float64) for name, scores in bm25.items()
                    },
                    terms=[self._terms[doc_id] for doc_id in doc_ids],
                )
            )
        return result

    def rank(self, candidates: Candidates, *, top: int) -> list[Match]:
        """Return the top candidates by re-ranker score (untiered)."""
        return rank_candidates(candidates, reranker=self.reranker, top=top)

    def search(
        self,
        queries: Sequence[Query | str],
        *,
        top: int = 5,
        related_threshold: float = RELATED_THRESHOLD,
        same_threshold: float = SAME_CLAIM_THRESHOLD,
        encode: Callable[[list[str]], np.ndarray] | None = None,
    ) -> list[list[Match]]:
        """Return the `top` best matches of each query with their tiers, best first."""
        queries = [_as_query(q, i) for i, q in enumerate(queries)]
        found = self.candidates(queries, encode=encode)
        return [
            [
                _with_tier(match, query.text, related_threshold, same_threshold)
                for match in self.rank(candidates, top=top)
            ]
            for query, candidates in zip(queries, found, strict=True)
        ]


def rank_candidates(
    candidates: Candidates, *, reranker: Reranker | None = None, top: int
) -> list[Match]:
    """Return the top candidates by re-ranker score (untiered), best first."""
    reranker = reranker or default_reranker()
    scores = reranker.score(candidates.features())
    dense = candidates.dense_scores
    # Stable sort: equal scores keep corpus order.
    order = np.argsort(-scores, kind="stable")[:top]
    return [
        Match(
            doc_id=candidates.doc_ids[i],
            score=float(scores[i]),
            dense_score=float(dense[i]),
            lexical_score=float(candidates.bm25[ALL_FIELDS][i]),
        )
        for i in order
    ]


def rank_found(
    query_text: str,
    documents: Sequence[Document],
    cosines: Sequence[float],
    *,
    top: int,
    related_threshold: float = RELATED_THRESHOLD,
    same_threshold: float = SAME_CLAIM_THRESHOLD,
    reranker: Reranker | None = None,
) -> list[Match]:
    """Rank documents a dense index found for a text (with their cosines to
    it) as `HybridRanker.search` ranks its candidates: BM25 among these
    documents, the features, the re-ranker, the tiers; best first.

    Claim-to-claim related claims (issue #24): the claims' vector index is
    the candidate generator, this the ranking. On the same documents, when
    they are all of a `HybridRanker`'s candidates, the two give the same
    matches. Documents have no title here: the title features repeat the
    text's, as `dense_field_texts` does for a check without a headline.
    Ties keep the order of documents.
    """
    if not documents:
        return []
    post = parse_post(query_text)
    lexical = LexicalIndex(documents)
    bm25 = {
        name: lexical.scores(post.text, name).astype(np.float64)
        for name in (ALL_FIELDS, "text", "title")
    }
    dense = np.asarray(cosines, dtype=np.float64)
    candidates = Candidates(
        query=post,
        doc_ids=[document.id for document in documents],
        cosines=dict.fromkeys(DENSE_FIELDS, dense),
        bm25=bm25,
        terms=[_DocumentTerms.of(document) for document in documents],
    )
    return [
        _with_tier(match, query_text, related_threshold, same_threshold)
        for match in rank_candidates(candidates, reranker=reranker, top=top)
    ]


def build_ranker(
    documents: Sequence[Document],
    *,
    encode: Callable[[list[str]], np.ndarray] | None = None,
    reranker: Reranker | None = None,
) -> HybridRanker:
    """Return a ranker over documents with in-process exact vector indexes."""
    if encode is None:
        from claims.nlp.embeddings import embed_texts as encode
    ids = [document.id for document in documents]
    vectors = {
        name: ExactVectorIndex(ids, encode(dense_field_texts(documents, name)))
        for name in DENSE_FIELDS
    }
    return HybridRanker(documents, vectors=vectors, reranker=reranker, encode=encode)


def dense_field_texts(documents: Sequence[Document], name: str) -> list[str]:
    """Return the texts embedded for a dense field; a missing title falls back to the text."""
    if name == "title":
        return [document.title or document.text for document in documents]
    return [getattr(document, name) for document in documents]


def _as_query(query: Query | str, position: int) -> Query:
    return query if isinstance(query, Query) else Query(id=str(position), text=query)


def _post_of(query: Query) -> Post:
    post = parse_post(query.text)
    return replace(post, date=query.date) if query.date is not None else post


def _with_tier(match: Match, text: str, related: float, same: float) -> Match:
    tier = tier_for(match.score, text, related_threshold=related, same_threshold=same)
    return replace(match, tier=tier)
