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

A package by area, in the order a sentence goes through it: `features`
(interpretable features and the tagging they need), `wording` (TF-IDF),
`model` (the logistic model, its pushes and reasons, the NPZ file),
`loading` (which file scores, cached, and `score_sentences`). Everything
is importable from here, as when this was one module.
"""

# In the order a sentence goes through them (not sorted); all re-exported.
# ruff: noqa: F401, I001
from .features import (
    FEATURE_INDEX,
    FEATURE_NAMES,
    FEATURES,
    NEEDS_ENTITIES,
    SPACY_BATCH_SIZE,
    SPACY_EXCLUDE,
    SPACY_MODEL,
    Feature,
    SentenceFeatures,
    complete_features,
    feature_docs,
    get_feature_nlp,
    sentence_features,
    span_features,
)
from .wording import TOKEN_PATTERN, Wording, WordingBlocks, ngrams
from .model import (
    EMBEDDING_REASON,
    EMBEDDING_REASON_LOWERS,
    FORMAT_VERSION,
    MAX_REASONS,
    MIN_AGREEING_PUSH,
    MIN_REASON_PUSH,
    NO_REASON,
    NPZ_TIMESTAMP,
    SPEAKER_REASON_LOWERS,
    WORDING_REASON,
    WORDING_REASON_LOWERS,
    CheckworthinessModel,
    Pushes,
    speaker_shares,
    write_npz,
)
from .loading import (
    DEFAULT_MODEL_PATH,
    get_checkworthiness_model,
    resolve_model_path,
    score_sentences,
)
