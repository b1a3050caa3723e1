"""Train the check-worthiness model (issue #6); no Django imports.

The packaged model learns from ClaimBuster crowdsourced sentences alone
(check-worthy factual, CFS, against the rest): one head over wording and
embedding on top of the interpretable features. Every sentence of the
CheckThat! 2024 dev file (ClaimBuster's expert set, where the model is
measured) is left out, matched on normalised text.

Optionally (`debates`, never shipped: that data is "free for general
research use" only), CheckThat! 2021 task 1b training transcripts train an
embedding-and-wording head added to the first, and fit the speaker-share
weight; without them the weight is SPEAKER_WEIGHT, chosen on those
transcripts as an evaluation set.

Extra (text, label) pairs, such as newsroom feedback, join ClaimBuster
with a higher weight. The combined logit is then Platt-scaled on held-out
folds of the claims, so a score is a probability and 0.5 the decision
threshold. Training is deterministic: the same data and code give the same
file, byte for byte."""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from claims.nlp.checkworthiness_model import (
    FEATURE_NAMES,
    CheckworthinessModel,
    Wording,
    WordingBlocks,
    feature_docs,
    sentence_features,
    speaker_shares,
)
from claims.training.checkworthiness_cv import Parts, cross_validation, debate_folds

CLAIMBUSTER_FILE = Path("claimbuster") / "crowdsourced.csv"
CHECKTHAT2024_DIR = Path("checkthat2024_task1_en_checkworthiness")
CHECKTHAT2024_DEV_FILE = CHECKTHAT2024_DIR / "CT24_checkworthy_english_dev.tsv"
DEBATES_DIR = Path("checkthat2021_task1b_en_debates_checkworthiness")
LICENCES = {
    "claimbuster": "ClaimBuster (Arslan et al., ICWSM 2020), Zenodo 10.5281/zenodo.3609356: "
    "open access, commonly reported as CC BY 4.0 (the record's licence field could not be "
    "read from here); credit Arslan, Hassan, Li and Tremayne 2020.",
    "checkthat2021_task1b": "CLEF-2021 CheckThat! task 1b: 'free for general research use'.",
}

# Chosen by cross-validation on the training data; FEATURES_SHARE and
# SPEAKER_WEIGHT by MAP on 2021 transcripts (10 training, 9 dev), which the
# packaged model never learns from; see claims/nlp/models/MODEL_CARD.md.
CLAIMS_C = 4.0  # inverse L2 strength of the main head (wording, embedding)
DEBATES_C = 4.0  # ... and of the fact-checked (debates) head
FEATURES_C = 1.0  # ... and of the interpretable features, fitted first
FEATURES_SHARE = 0.5  # the part of the features' own logit the model keeps
DEBATES_HEAD_WEIGHT = 1.0  # how much the fact-checked head adds to the logit
# How much a line by a minor speaker of a transcript (share 1/e of the main
# speaker's) is lowered, in logits of the score. Fitting it needs transcripts
# the packaged model may not learn from, so it was chosen by MAP on the 2021
# training transcripts (used there as an evaluation set, never trained on).
SPEAKER_WEIGHT = 2.0
FEEDBACK_WEIGHT = 3.0  # one newsroom decision counts as three crowd labels
MIN_DF = 2
# The views the packaged model learns from, chosen by grouped
# cross-validation on ClaimBuster (bench/checkworthiness_variants.py).
PARTS = Parts(features=True, wording=True, embedding=True)


def hyperparameters() -> dict:
    """Return the settings a model records, to tell which code trained it."""
    return {
        "claims_c": CLAIMS_C,
        "debates_c": DEBATES_C,
        "features_c": FEATURES_C,
        "features_share": FEATURES_SHARE,
        "debates_head_weight": DEBATES_HEAD_WEIGHT,
        "speaker_weight": SPEAKER_WEIGHT,
        "feedback_weight": FEEDBACK_WEIGHT,
        "min_df": MIN_DF,
    }


def data_digest(texts: Sequence[str]) -> str:
    """Return a short fingerprint of the training sentences, in order."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence with a 0/1 check-worthiness label and where it came from."""

    text: str
    label: int
    group: str = ""  # debate or transcript file
    speaker: str = ""


@dataclass
class TrainingData:
    """Sentences to train on, and what was left out of them."""

    claims: list[LabelledSentence]
    transcripts: dict[str, list[LabelledSentence]]
    excluded: dict[str, int] = field(default_factory=dict)


def normalise_text(text: str) -> str:
    """Return text lower-cased with runs of whitespace collapsed."""
    return " ".join(text.lower().split())


def read_claimbuster(path: str | Path) -> list[LabelledSentence]:
    """Read a ClaimBuster CSV: CFS (Verdict 1) is check-worthy, NFS/UFS not."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            LabelledSentence(
                text=row["Text"],
                label=int(row["Verdict"] == "1"),
                group=row["File_id"],
                speaker=row["Speaker"],
            )
            for row in csv.DictReader(fh)
        ]


def read_checkthat2024(path: str | Path) -> list[tuple[str, str, int | None]]:
    """Read a CheckThat! 2024 task 1 TSV as (id, text, label or None)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            (
                row["Sentence_id"],
                row["Text"],
                None if row.get("class_label") is None else int(row["class_label"] == "Yes"),
            )
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
        ]


def read_transcripts(folder: str | Path) -> dict[str, list[LabelledSentence]]:
    """Read CheckThat! 2021 task 1b transcripts: line, speaker, text, label."""
    transcripts = {}
    for path in sorted(Path(folder).glob("*.tsv")):
        sentences = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            _, speaker, text, label = line.split("\t")
            sentences.append(LabelledSentence(text, int(label), path.name, speaker))
        transcripts[path.name] = sentences
    if not transcripts:
        raise FileNotFoundError(f"No transcripts (*.tsv) in {folder}")
    return transcripts


def load_training_data(data_dir: str | Path, *, debates: bool = False) -> TrainingData:
    """Load ClaimBuster (and, with debates, the 2021 training transcripts)
    minus the 2024 dev file.

    The transcripts are "free for general research use" only, so the
    packaged model does not learn from them (see MODEL_CARD.md).
    """
    data_dir = Path(data_dir)
    held_out = {
        normalise_text(text) for _, text, _ in read_checkthat2024(data_dir / CHECKTHAT2024_DEV_FILE)
    }
    claims = read_claimbuster(data_dir / CLAIMBUSTER_FILE)
    kept = [s for s in claims if normalise_text(s.text) not in held_out]
    excluded = {"claimbuster": len(claims) - len(kept)}
    transcripts = {}
    if debates:
        excluded["debates"] = 0
        for name, sentences in read_transcripts(data_dir / DEBATES_DIR / "train").items():
            # Lines stay in place (they give the speaker shares) but lose
            # their weight when they are in the dev file: see _debate_rows.
            transcripts[name] = [
                LabelledSentence(s.text, -1, s.group, s.speaker)
                if normalise_text(s.text) in held_out
                else s
                for s in sentences
            ]
            excluded["debates"] += sum(s.label == -1 for s in transcripts[name])
    return TrainingData(claims=kept, transcripts=transcripts, excluded=excluded)


def cached_embeddings(
    texts: Sequence[str], embed: Callable[[list[str]], np.ndarray], cache_dir: str | Path | None
) -> np.ndarray:
    """Embed texts, reusing and extending an NPZ cache in cache_dir if given."""
    if cache_dir is None:
        return embed(list(texts))
    return _memoised(
        texts, embed, Path(cache_dir) / "checkworthiness-embeddings.npz", version=None
    )


def cached_features(texts: Sequence[str], nlp, cache_dir: str | Path | None) -> np.ndarray:
    """Return feature values per text, reusing an NPZ cache in cache_dir if given.

    The cache is dropped when the feature list changed since it was written.
    """

    def compute(batch: Sequence[str]) -> list[np.ndarray]:
        return [sentence_features(doc).values for doc in feature_docs(batch, nlp)]

    if cache_dir is None or nlp is not None:  # a test's pipeline: never cache
        return np.stack(compute(texts)) if texts else np.zeros((0, len(FEATURE_NAMES)))
    return _memoised(
        texts,
        compute,
        Path(cache_dir) / "checkworthiness-features.npz",
        version=list(FEATURE_NAMES),
    )


def _memoised(texts: Sequence[str], compute, path: Path, *, version) -> np.ndarray:
    """Return one float32 row per text, computing only those not in the NPZ
    at path (kept there for the next run); a cache of another version is dropped."""
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            stored = data["header"].tobytes() if "header" in data.files else b"{}"
            header = json.loads(stored.decode("utf-8"))
            if header and header.get("version") == version:
                known = dict(zip(header["texts"], data["values"], strict=True))
    missing = sorted({t for t in texts if t not in known})
    if missing:
        known.update(zip(missing, compute(missing), strict=True))
        order = sorted(known)
        header = {"version": version, "texts": order}
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez(
                fh,
                header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
                values=np.stack([known[t] for t in order]).astype(np.float32),
            )
    return np.stack([known[t] for t in texts]).astype(np.float32)


def _fit_logistic(x, y, weights, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=weights)


@dataclass
class LinearHead:
    """Weights and intercept of a logistic model fitted on top of an offset."""

    coef: np.ndarray
    intercept: float

    def logits(self, x, offset: np.ndarray) -> np.ndarray:
        return np.asarray(x @ self.coef).ravel() + self.intercept + offset


def fit_offset_logistic(x, y, weights, c: float, offset: np.ndarray) -> LinearHead:
    """Fit L2 logistic regression whose logit adds a fixed offset per row.

    Minimises sum_i w_i log(1 + exp(-s_i z_i)) + |coef|^2 / (2c), the
    objective scikit-learn uses, with z = x . coef + intercept + offset.
    """
    weights = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    signs = 2.0 * np.asarray(y) - 1.0
    x = sparse.csr_matrix(x, dtype=np.float64)

    def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        coef, intercept = params[:-1], params[-1]
        z = x @ coef + intercept + offset
        loss = float(np.sum(weights * np.logaddexp(0.0, -signs * z)) + coef @ coef / (2 * c))
        residual = weights * (expit(z) - y)
        return loss, np.append(x.T @ residual + coef / c, residual.sum())

    result = minimize(
        loss_and_gradient,
        np.zeros(x.shape[1] + 1),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 5000},
    )
    return LinearHead(coef=result.x[:-1], intercept=float(result.x[-1]))


def train_checkworthiness(
    claims: Sequence[LabelledSentence],
    transcripts: dict[str, list[LabelledSentence]] | None = None,
    extra: Iterable[tuple[str, int]] = (),
    *,
    parts: Parts | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    nlp=None,
    cache_dir: str | Path | None = None,
    command: str = "",
    log: Callable[[str], None] = lambda message: None,
) -> CheckworthinessModel:
    """Train a model on labelled sentences, transcripts and extra pairs.

    `extra` holds further (text, label) pairs, e.g. fact-checkers'
    decisions; they join `claims` with FEEDBACK_WEIGHT each. `parts`
    (default PARTS) says which views the model learns from. The heads are
    also fitted CV_FOLDS times without a fold of debates: those
    out-of-fold logits give the Platt scaling, the threshold (moved to a
    score of 0.5) and the cross-validated F1 the model records. `embed`
    defaults to the packaged MiniLM encoder and `nlp` to the feature
    pipeline; tests pass lighter ones.
    """
    parts = parts or PARTS
    if embed is None:
        from claims.nlp.embeddings import embed_texts as embed
    extra = [(text, int(label)) for text, label in extra]
    claim_texts = [s.text for s in claims] + [text for text, _ in extra]
    y = np.array([s.label for s in claims] + [label for _, label in extra], dtype=np.int64)
    weights = np.array([1.0] * len(claims) + [FEEDBACK_WEIGHT] * len(extra))
    # A feedback pair is its own group: no debate of the newsroom's to keep whole.
    groups = [s.group or "claims" for s in claims] + [f"feedback:{i}" for i in range(len(extra))]
    if len(set(y.tolist())) < 2:
        raise ValueError("Training needs check-worthy and other sentences.")
    debates = _debate_rows(transcripts or {})
    has_debates = len(set(debates.labels.tolist())) == 2

    started = time.monotonic()
    texts = sorted(set(claim_texts) | set(debates.texts))
    log(f"Embedding {len(texts)} distinct sentences ...")
    vectors = dict(zip(texts, cached_embeddings(texts, embed, cache_dir), strict=True))
    log(f"Extracting features ({time.monotonic() - started:.0f}s so far) ...")
    values = dict(zip(texts, cached_features(texts, nlp, cache_dir), strict=True))
    log(f"Fitting ({time.monotonic() - started:.0f}s so far) ...")
    min_df = MIN_DF if len(claim_texts) > 100 else 1
    data = _ClaimData(claim_texts, y, weights, values, vectors, parts, min_df)

    # Out of fold: each fold of debates scored by heads fitted without it.
    folds = debate_folds(groups)
    if any(len(set(y[train].tolist())) < 2 for train, _ in folds):
        folds = []  # too little data to hold any out: no calibration, no CV
    held_out = np.zeros(len(y))
    for number, (train, test) in enumerate(folds, start=1):
        log(f"  fold {number}/{len(folds)}: {len(test)} sentences held out")
        held_out[test] = data.fit(train).logits(test)
    heads = data.fit(np.arange(len(y)))
    blocks = [heads.wording]
    if has_debates:
        blocks.append(Wording.fit(debates.texts, min_df=MIN_DF))
    wording = WordingBlocks(blocks)
    n_claim_terms, n_terms = len(blocks[0].idf), wording.size
    n_dims = len(next(iter(vectors.values())))

    # Fact-checked head (research variant only): debates vocabulary and
    # embedding, added to the main one. Its columns follow the main head's.
    debates_coef = np.zeros(n_terms - n_claim_terms + n_dims)
    if has_debates:
        debates_coef = DEBATES_HEAD_WEIGHT * _fit_logistic(
            _debates_design(debates.texts, blocks[1:], vectors), debates.labels, None, DEBATES_C
        ).coef_[0]
    held_out += _debates_design(claim_texts, blocks[1:], vectors) @ debates_coef

    slope, shift, cv = 1.0, 0.0, None
    if folds:
        platt = LogisticRegression(C=1e4).fit(held_out.reshape(-1, 1), y, sample_weight=weights)
        slope, shift = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    if slope <= 0:  # held-out logits carry no signal (tiny data): keep the scale
        slope, shift = 1.0, 0.0
    threshold = 0.5
    if folds:
        calibrated = expit(slope * held_out + shift)
        cv = cross_validation(
            y, calibrated, folds, groups=len(set(groups)), rows=weights == 1.0
        )
        threshold = cv.threshold
    # The threshold chosen out of fold becomes a score of 0.5.
    shift -= float(np.log(threshold / (1 - threshold)))

    speaker_weight = 0.0
    if has_debates:
        speaker_weight = _speaker_weight(
            heads.logits_of(debates.texts),
            _debates_design(debates.texts, blocks[1:], vectors),
            debates,
        )

    # Both heads are linear: add them column by column, then Platt-scale.
    main_terms, main_embedding = np.split(heads.main.coef, [n_claim_terms])
    if not parts.embedding:
        main_embedding = np.zeros(n_dims)
    debates_terms, debates_embedding = np.split(debates_coef, [n_terms - n_claim_terms])
    model = CheckworthinessModel(
        feature_mean=data.mean.astype(np.float32),
        feature_scale=data.scale.astype(np.float32),
        feature_coef=(slope * heads.feature_coef).astype(np.float32),
        wording=wording,
        wording_coef=(slope * np.concatenate([main_terms, debates_terms])).astype(np.float32),
        wording_centre=0.0,
        embedding_coef=(slope * (main_embedding + debates_embedding)).astype(np.float32),
        embedding_centre=0.0,
        intercept=slope * (heads.main.intercept + heads.feature_intercept) + shift,
        # Without transcripts to fit it on, the chosen weight, in score logits.
        speaker_weight=slope * speaker_weight if has_debates else SPEAKER_WEIGHT,
    )
    # Centre the wording and embedding pushes on the typical training
    # sentence, so a reason means "more than usual"; the intercept absorbs it.
    pushes = model.pushes(
        data.features, wording.transform(claim_texts), data.stack(claim_texts, vectors)
    )
    model.wording_centre = float(pushes.wording.mean())
    model.embedding_centre = float(pushes.embedding.mean())
    model.intercept += model.wording_centre + model.embedding_centre
    model.metadata = {
        # Nothing that changes from run to run (no date, no timing, no
        # paths): retraining with the same command and data gives the same
        # file, byte for byte.
        "command": command,
        "parts": str(parts),
        "claims": len(claims),
        "claims_checkworthy": int(sum(s.label for s in claims)),
        "extra_pairs": len(extra),
        "transcripts": len(transcripts or {}),
        "transcript_sentences": int(len(debates.labels)),
        "transcript_checkworthy": int(debates.labels.sum()),
        "wording_terms": [len(block.idf) for block in blocks],
        "features": list(FEATURE_NAMES),
        "hyperparameters": hyperparameters(),
        "platt": [slope, shift],
        "threshold": threshold,
        "cross_validation": cv.summary() if cv else None,
        "data_digest": data_digest(claim_texts),
    }
    log(f"Trained in {time.monotonic() - started:.0f}s.")
    return model


@dataclass
class _Heads:
    """The heads fitted on some rows: features first, then wording and embedding."""

    data: _ClaimData
    wording: Wording
    feature_coef: np.ndarray  # in logits per standardised unit, share applied
    feature_intercept: float
    main: LinearHead

    def logits_of(self, texts: Sequence[str]) -> np.ndarray:
        data = self.data
        standardised = (data.stack(texts, data.values) - data.mean) / data.scale
        offset = standardised @ self.feature_coef + self.feature_intercept
        return self.main.logits(data.design(texts, self.wording), offset)

    def logits(self, rows: np.ndarray) -> np.ndarray:
        return self.logits_of([self.data.texts[i] for i in rows])


@dataclass
class _ClaimData:
    """The claims' inputs, and how to fit the heads on some of them."""

    texts: list[str]
    y: np.ndarray
    weights: np.ndarray
    values: dict
    vectors: dict
    parts: Parts
    min_df: int

    def __post_init__(self):
        self.features = self.stack(self.texts, self.values)
        self.mean, self.scale = self.features.mean(axis=0), self.features.std(axis=0)
        self.scale[self.scale == 0] = 1.0

    @staticmethod
    def stack(batch: Sequence[str], table: dict) -> np.ndarray:
        return np.stack([table[t] for t in batch])

    def design(self, texts: Sequence[str], wording: Wording) -> sparse.csr_matrix:
        """Return the main head's inputs: claims vocabulary and embedding."""
        columns = [wording.transform(texts)]
        if self.parts.embedding:
            columns.append(sparse.csr_matrix(self.stack(texts, self.vectors)))
        return sparse.hstack(columns, format="csr")

    def fit(self, rows: np.ndarray) -> _Heads:
        """Fit the heads on rows. The features are fitted first and alone, so
        each keeps its own effect (and its reason); the rest learn what they miss."""
        texts = [self.texts[i] for i in rows]
        y, weights = self.y[rows], self.weights[rows]
        n_features = self.features.shape[1]
        coef, intercept = np.zeros(n_features), 0.0
        if self.parts.features:
            standardised = (self.features[rows] - self.mean) / self.scale
            head = _fit_logistic(standardised, y, weights, FEATURES_C)
            share = FEATURES_SHARE if (self.parts.wording or self.parts.embedding) else 1.0
            coef, intercept = share * head.coef_[0], share * float(head.intercept_[0])
        wording = (
            Wording.fit(texts, min_df=self.min_df)
            if self.parts.wording
            else Wording({}, np.zeros(0, dtype=np.float32))
        )
        heads = _Heads(self, wording, coef, intercept, LinearHead(np.zeros(0), 0.0))
        offset = (self.features[rows] - self.mean) / self.scale @ coef + intercept
        x = self.design(texts, wording)
        if x.shape[1]:
            heads.main = fit_offset_logistic(x, y, weights, CLAIMS_C, offset)
        return heads


@dataclass
class DebateRows:
    """Transcript lines flattened for training."""

    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray  # transcript of each line
    shares: np.ndarray  # speaker share of each line (see speaker_shares)


def _debate_rows(transcripts: dict[str, list[LabelledSentence]]) -> DebateRows:
    """Flatten transcripts; shares count every line, held-out (-1) lines drop."""
    texts, labels, groups, shares = [], [], [], []
    for name, sentences in transcripts.items():
        share = speaker_shares([s.speaker for s in sentences])
        for sentence, value in zip(sentences, share, strict=True):
            if sentence.label < 0:
                continue
            texts.append(sentence.text)
            labels.append(sentence.label)
            groups.append(name)
            shares.append(value)
    return DebateRows(
        texts, np.array(labels, dtype=np.int64), np.array(groups), np.array(shares)
    )


def _debates_design(texts: Sequence[str], blocks: Sequence[Wording], vectors: dict):
    """Return the fact-checked head's inputs: debates vocabulary, embedding."""
    embedding = sparse.csr_matrix(np.stack([vectors[t] for t in texts]))
    return sparse.hstack([*(b.transform(texts) for b in blocks), embedding], format="csr")


def _speaker_weight(main_logits: np.ndarray, x_debates, debates: DebateRows) -> float:
    """Fit how much a minor speaker's share lowers the logit (>= 0).

    The fact-checked head is refitted without each transcript, so the
    weight is not learnt against in-sample logits.
    """
    groups = debates.groups
    folds = min(3, len(set(groups.tolist())))
    if folds < 2:
        return 0.0
    debates_logits = np.zeros(len(groups))
    for train, test in GroupKFold(folds).split(x_debates, debates.labels, groups):
        if len(set(debates.labels[train].tolist())) < 2:
            continue
        head = _fit_logistic(x_debates[train], debates.labels[train], None, DEBATES_C)
        debates_logits[test] = DEBATES_HEAD_WEIGHT * (x_debates[test] @ head.coef_[0])
    inputs = np.column_stack([main_logits + debates_logits, debates.shares])
    logit_coef, share_coef = LogisticRegression(C=1e4).fit(inputs, debates.labels).coef_[0]
    return max(0.0, float(share_coef / logit_coef)) if logit_coef > 0 else 0.0
