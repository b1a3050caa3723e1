"""Check-worthiness model, part 3: the logistic model over features,
wording, embedding and speaker share; its pushes, reasons and NPZ file."""

from __future__ import annotations

import itertools
import json
import math
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

from .features import (
    FEATURE_NAMES,
    FEATURES,
    SentenceFeatures,
    complete_features,
    sentence_features,
)
from .wording import Wording, WordingBlocks

MAX_REASONS = 4
MIN_REASON_PUSH = 0.3  # logit units; weaker pushes are not worth a line
# ... unless they push the way the score went: what lowers a low score is
# what a reader asks about (a promise, "will", is a modest push).
MIN_AGREEING_PUSH = 0.15
FORMAT_VERSION = 1
NPZ_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold
EMBEDDING_REASON = "resembles check-worthy claims in the training data"
EMBEDDING_REASON_LOWERS = "resembles sentences that are not check-worthy (lowers)"
WORDING_REASON = "wording typical of check-worthy claims ({})"
WORDING_REASON_LOWERS = "wording typical of remarks that are not check-worthy ({}) (lowers)"
SPEAKER_REASON_LOWERS = "said by a minor speaker of the transcript (lowers)"
NO_REASON = "no strong signal either way"


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
        shares: Sequence[float] | None = None,
    ) -> list[tuple[float, list[str]]]:
        """Return (score, reasons) per text, the most check-worthy near 1.

        Pass `embeddings` (rows of `embed_texts(texts)`) and `docs` (spaCy
        Docs or sentence Spans of the texts, tagged and with entities) or
        `features` (each text's SentenceFeatures, None where unknown) when
        the caller has them already; missing ones are computed here, and
        tagging is most of that cost. Pass `speakers` only for one
        transcript's sentences, in order; `shares` (each text's
        speaker_shares, 0 outside a transcript) instead for texts of several
        transcripts, or of transcripts and articles, scored together.
        """
        texts = list(texts)
        if not texts:
            return []
        if embeddings is None:
            from ..embeddings import embed_texts

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
            speaker_shares(speakers) if speakers is not None
            else None if shares is None else np.asarray(shares, dtype=np.float32),
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
