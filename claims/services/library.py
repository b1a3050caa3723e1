"""The library of checked claims (issue #4): importers from published sources.

Each reader turns one file into plain records (dicts with the CheckedClaim
fields); `checked_claims_import` stores one file's records all or nothing.
A malformed file raises ValueError naming the file and the line or item.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from ..models import CheckedClaim, Claim, ClaimRelation, LibraryMatch, library_push

LIBRARY_FILE_INVALID = "{path}: {problem}"
LIBRARY_RECORD_INVALID = "{where}: {problem}"
LIBRARY_SOURCE_UNKNOWN = "Unknown source {source!r}; choose one of: {choices}."

SOURCES = ("claimreview", "checkthat2022", "checkthat2020", "liar")
EMBED_BATCH = 256

# LIAR's six labels (Wang 2017), as PolitiFact's Truth-O-Meter, false to true.
LIAR_LABELS = {
    "pants-fire": 0.0,
    "false": 1.0,
    "barely-true": 2.0,
    "half-true": 3.0,
    "mostly-true": 4.0,
    "true": 5.0,
}
LIAR_COLUMNS = 14
LIAR_SPLITS = ("train.tsv", "valid.tsv", "test.tsv")
_RECORD_FIELDS = (
    "text",
    "title",
    "speaker",
    "verdict",
    "rating_value",
    "url",
    "published_on",
    "reviewer",
)


@dataclass
class ImportResult:
    """What one import stored: counts of new and updated rows."""

    created: int = 0
    updated: int = 0
    ids: list[int] = field(default_factory=list)


def checked_claims_import(*, records: Iterable[dict], source: str) -> ImportResult:
    """Store records as checked claims of source, all or nothing.

    Idempotent: a record whose (source, external_id) is stored already
    updates that row. Texts are embedded in batches before the transaction.
    """
    if source not in SOURCES:
        raise ValueError(
            LIBRARY_SOURCE_UNKNOWN.format(source=source, choices=", ".join(SOURCES))
        )
    from ..nlp.embeddings import embed_texts

    records = list(records)
    for number, record in enumerate(records, start=1):
        if not str(record.get("external_id") or "").strip():
            raise ValueError(f"record {number}: external_id is missing.")
        if not str(record.get("text") or "").strip():
            raise ValueError(f"record {number} ({record['external_id']}): text is missing.")
    vectors = []
    for start in range(0, len(records), EMBED_BATCH):
        batch = records[start : start + EMBED_BATCH]
        vectors.extend(embed_texts([r["text"] for r in batch]))
    titled = [i for i, r in enumerate(records) if str(r.get("title") or "").strip()]
    title_vectors = dict.fromkeys(range(len(records)))
    for start in range(0, len(titled), EMBED_BATCH):
        batch = titled[start : start + EMBED_BATCH]
        found = embed_texts([str(records[i]["title"]).strip() for i in batch])
        title_vectors.update(zip(batch, found, strict=True))
    result = ImportResult()
    with transaction.atomic():
        for number, (record, vector) in enumerate(zip(records, vectors, strict=True)):
            defaults = {name: record[name] for name in _RECORD_FIELDS if name in record}
            for name in ("title", "speaker", "verdict", "url", "reviewer"):
                defaults[name] = (defaults.get(name) or "").strip()
            defaults["embedding"] = vector
            defaults["title_embedding"] = title_vectors[number]
            defaults["language"] = check_language(record)
            row, created = CheckedClaim.objects.update_or_create(
                source=source, external_id=str(record["external_id"]).strip(), defaults=defaults
            )
            result.ids.append(row.pk)
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


# --- Matches: claims that repeat a checked claim ----------------------------


def check_language(record: dict) -> str:
    """Return a check's language: as the record gives it ("language"), else
    detected on its text; English when unsure (issue #26)."""
    from ..nlp.language import detect_language

    given = str(record.get("language") or "").strip().lower()[:12]
    if given:
        return given.split("-")[0]
    guess = detect_language(str(record["text"]))
    return "en" if guess.uncertain else guess.code


def claims_match_library(*, claims: Sequence[Claim]) -> list[LibraryMatch]:
    """Store the checked claims each claim may repeat, found by the hybrid search.

    Pending matches are replaced by what the search finds now; a confirmed or
    rejected match keeps its decision (its score and tier are updated).
    """
    from ..selectors.library import library_search
    from ..selectors.multilingual import library_hits_in_every_language

    claims = [claim for claim in claims if claim.text]
    hits = library_search(
        [claim.display_text for claim in claims], vectors=[claim.embedding for claim in claims]
    )
    # Checks in another language, and claims not in English, by the
    # multilingual vectors (issue #26).
    hits = library_hits_in_every_language(claims=claims, hits=hits)
    stored, created, changed = [], [], []
    with transaction.atomic():
        # One read, one delete and one write of each kind for all the claims
        # (an article's at ingest; issue #22), not a few queries per claim.
        existing: dict[int, dict[int, LibraryMatch]] = {}
        for match in LibraryMatch.objects.select_for_update().filter(claim__in=claims):
            existing.setdefault(match.claim_id, {})[match.checked_claim_id] = match
        gone = Q()
        for claim, claim_hits in zip(claims, hits, strict=True):
            found = {hit.checked_claim_id: hit for hit in claim_hits}
            gone |= Q(claim=claim) & ~Q(checked_claim_id__in=found)
            for checked_id, hit in found.items():
                values = {"score": hit.score, "similarity": hit.similarity, "tier": hit.tier}
                match = existing.get(claim.pk, {}).get(checked_id)
                if match is None:
                    match = LibraryMatch(claim=claim, checked_claim_id=checked_id, **values)
                    created.append(match)
                elif any(getattr(match, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(match, name, value)
                    changed.append(match)
                stored.append(match)
        if claims:
            LibraryMatch.objects.filter(gone, decision=ClaimRelation.Decision.PENDING).delete()
        LibraryMatch.objects.bulk_create(created)
        if changed:
            LibraryMatch.objects.bulk_update(changed, ["score", "similarity", "tier"])
    claims_rank_by_library(claims=claims)
    return stored


def claims_rank_by_library(*, claims: Sequence[Claim]) -> int:
    """Store each claim's nearest checked claim, which raises its priority;
    return how many claims joined the queue.

    A claim waiting below the check-worthiness threshold joins the queue
    when that raise lifts it over the threshold: fact-checkers return to
    claims like those they checked before. The nearest checks are found in
    one search of the whole library.
    """
    from ..selectors.library import library_nearest

    nearest = library_nearest([claim.embedding for claim in claims])
    return _claims_store_nearest(claims=claims, nearest=nearest)


def _claims_store_nearest(
    *, claims: Sequence[Claim], nearest: Sequence[tuple[int, float] | None]
) -> int:
    """Store each claim's nearest check and cosine, and lift the claims it
    raises over the threshold; return how many joined the queue.

    Only the claims whose nearest check changed are written, in bulk (no
    history rows); the state changes only where it still is below the
    threshold.
    """
    changed = []
    for claim, found in zip(claims, nearest, strict=True):
        found = found or (None, None)
        deferred = claim.get_deferred_fields()  # reading one would cost a query
        if (
            {"nearest_checked_claim_id", "library_similarity"} & deferred
            or (claim.nearest_checked_claim_id, claim.library_similarity) != found
        ):
            claim.nearest_checked_claim_id, claim.library_similarity = found
            changed.append(claim)
    Claim.objects.bulk_update(
        changed, ["nearest_checked_claim", "library_similarity"], batch_size=500
    )
    from ..nlp.headings import HELD_BACK_REASONS  # deferred: it imports spaCy

    min_score = settings.CLAIMS_QUEUE_MIN_SCORE
    # A headline repeating a body claim, or a section heading, is checked in
    # its body, whatever it resembles.
    lifted = [
        claim.pk
        for claim in claims
        if claim.checkworthiness + library_push(claim.library_similarity) >= min_score
        and not set(claim.checkworthiness_reasons or ()) & set(HELD_BACK_REASONS)
    ]
    if not lifted:
        return 0
    # A question put to someone is never a claim to check, whatever it resembles.
    return (
        Claim.objects.filter(pk__in=lifted, queue_state=Claim.QueueState.BELOW_THRESHOLD)
        .exclude(quote_type=Claim.QuoteType.QUESTION)
        .update(queue_state=Claim.QueueState.QUEUED)
    )


@dataclass
class LibraryRefresh:
    """What a refresh after an import did."""

    searched: int = 0  # claims on the desk, searched again (the hybrid search)
    ranked: int = 0  # claims below the threshold, their nearest check found again
    lifted: int = 0  # of those, how many joined the queue


def library_matches_refresh_open(
    *, batch: int = 200, checked_ids: Collection[int] | None = None
) -> LibraryRefresh:
    """Bring the claims still waiting up to date with the library; run after
    an import, so that new checks reach them.

    Claims on the desk (queued or taken) are searched again, matches and
    all; claims below the threshold, far more of them, only get their
    nearest check again, so that one resembling a new check joins the
    queue. checked_ids, the checks the import created or updated, narrow
    that to a comparison with those checks (see `_ChecksImported`);
    without them each claim is searched against the whole library. Skipped
    and hidden claims are left alone, and no claim is taken back from its
    fact-checker.
    """
    # display_text reads standalone; the ranking writes the reasons.
    fields = (
        "id",
        "text",
        "standalone",
        "checkworthiness",
        "checkworthiness_reasons",
        "library_similarity",
        "nearest_checked_claim",
    )
    waiting = (
        Claim.objects.filter(is_hidden=False)
        .select_related("vector_row")  # claim.embedding without a query each
        .only(*fields, "vector_row__embedding")
    )
    refresh = LibraryRefresh()
    on_desk = waiting.filter(queue_state__in=[Claim.QueueState.QUEUED, Claim.QueueState.ASSIGNED])
    for chunk in _in_batches(on_desk, batch=batch):
        claims_match_library(claims=chunk)
        refresh.searched += len(chunk)
    imported = None if checked_ids is None else _ChecksImported.load(checked_ids)
    below = waiting.filter(queue_state=Claim.QueueState.BELOW_THRESHOLD)
    for chunk in _in_batches(below, batch=batch):
        with transaction.atomic():
            if imported is None:
                refresh.lifted += claims_rank_by_library(claims=chunk)
            else:
                refresh.lifted += imported.rank(claims=chunk)
        refresh.ranked += len(chunk)
    return refresh


# A stored nearest check updated by an import still is the claim's nearest
# unless its cosine dropped; float32 sums in numpy and pgvector differ by
# about 1e-7, so a drop smaller than this is none.
COSINE_TOLERANCE = 1e-5
_IDS_PER_QUERY = 500


@dataclass(frozen=True)
class _ChecksImported:
    """The checks an import created or updated, their text vectors
    normalised, to rank claims against them alone.

    The rest of the library did not change, so a claim's stored nearest
    check stays nearest unless an imported check beats its cosine (one
    matrix product per batch instead of one search per claim). A claim is
    searched against the whole library when that cannot hold: its stored
    nearest check was updated and its cosine dropped, it has no nearest
    check while the library holds others (never ranked), or its nearest
    check was deleted (the cosine is kept until claims/signals.py ranks it).
    """

    ids: list[int]
    matrix: np.ndarray  # one normalised row per id
    whole_library: bool  # the import holds every check of the library
    row_of: dict[int, int] = field(default_factory=dict)  # id -> its row

    @classmethod
    def load(cls, checked_ids: Collection[int]) -> _ChecksImported:
        unique = sorted(set(checked_ids))
        ids, rows = [], []
        for start in range(0, len(unique), _IDS_PER_QUERY):
            found = (
                CheckedClaim.objects.filter(pk__in=unique[start : start + _IDS_PER_QUERY])
                .exclude(embedding=None)
                .values_list("id", "embedding")
            )
            for pk, vector in found:
                ids.append(pk)
                rows.append(np.asarray(vector, dtype=np.float32))
        matrix = _normalised(np.vstack(rows)) if rows else np.zeros((0, 0), np.float32)
        library = CheckedClaim.objects.exclude(embedding=None).count()
        return cls(
            ids=ids,
            matrix=matrix,
            whole_library=library <= len(ids),
            row_of={pk: row for row, pk in enumerate(ids)},
        )

    def rank(self, *, claims: Sequence[Claim]) -> int:
        """Store each claim's nearest check, now that these checks are in the
        library, and lift the claims it raises; return how many joined."""
        claims = [claim for claim in claims if claim.embedding is not None]
        if not self.ids or not claims:
            return 0
        cosines = _normalised(np.vstack([claim.embedding for claim in claims])) @ self.matrix.T
        best = cosines.argmax(axis=1)
        compared, nearest, whole = [], [], []
        for claim, row, column in zip(claims, cosines, best, strict=True):
            found = (self.ids[column], float(row[column]))
            stored, similarity = claim.nearest_checked_claim_id, claim.library_similarity
            if stored is None or similarity is None:
                if similarity is not None or not self.whole_library:
                    whole.append(claim)
                    continue
            elif stored in self.row_of:
                if row[self.row_of[stored]] < similarity - COSINE_TOLERANCE:
                    whole.append(claim)
                    continue
            elif found[1] <= similarity:
                found = (stored, similarity)
            compared.append(claim)
            nearest.append(found)
        lifted = _claims_store_nearest(claims=compared, nearest=nearest)
        if whole:
            lifted += claims_rank_by_library(claims=whole)
        return lifted


def _normalised(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)


def claims_rank_orphaned_by_library(*, batch: int = 200) -> int:
    """Rank again the claims whose nearest checked claim was deleted; return
    how many. The database set their nearest check to NULL but kept the
    cosine, a raise with no reason shown (claims/signals.py runs this once
    a delete commits).

    A claim that the deleted check lifted into the queue stays queued (the
    library only ever lifts claims); its priority drops to what the
    remaining library gives.
    """
    orphaned = (
        Claim.objects.filter(nearest_checked_claim=None, library_similarity__isnull=False)
        .select_related("vector_row")
        .only(
            "id",
            "checkworthiness",
            "library_similarity",
            "nearest_checked_claim",
            "vector_row__embedding",
        )
    )
    ranked = 0
    for chunk in _in_batches(orphaned, batch=batch):
        with transaction.atomic():
            claims_rank_by_library(claims=chunk)
        ranked += len(chunk)
    return ranked


def _in_batches(claims: QuerySet[Claim], *, batch: int) -> Iterator[list[Claim]]:
    """Yield claims by id, batch at a time. Pages by the last id, not an
    offset, as ranking moves claims out of the filter."""
    last = 0
    while chunk := list(claims.filter(pk__gt=last).order_by("pk")[:batch]):
        yield chunk
        last = chunk[-1].pk


# --- Readers: one file -> records --------------------------------------------


def claimreview_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the JSON files at paths: files as given, folders searched for *.json."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonld"))
        else:
            yield path


def claimreview_read(path: str | Path) -> list[dict]:
    """Return the checked-claim records of a ClaimReview JSON-LD file."""
    from ..claimreview import claimreview_to_records

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        reviews = claimreview_to_records(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(LIBRARY_FILE_INVALID.format(path=path, problem=exc)) from exc
    return [
        {
            "external_id": review["url"],
            "text": review["claim_reviewed"],
            "title": review["headline"],
            "speaker": review["claim_author"],
            "verdict": review["rating_name"] or str(review["rating_value"]),
            "rating_value": review["rating_value"],
            "url": review["url"] if review["url"].startswith(("http://", "https://")) else "",
            "published_on": review["date_published"] or None,
            "reviewer": review["review_author"],
        }
        for review in reviews
    ]


def checkthat_read(path: str | Path) -> tuple[str, list[dict]]:
    """Return the source (checkthat2022 or checkthat2020) and records of a
    CheckThat! corpus file (`vclaims.jsonl` or `verified_claims.docs.tsv`)."""
    from ..retrieval.datasets import read_corpus

    path = Path(path)
    source = "checkthat2022" if path.suffix == ".jsonl" else "checkthat2020"
    if path.suffix == ".jsonl":
        _check_jsonl(path)
    try:
        documents = read_corpus(path)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise ValueError(LIBRARY_FILE_INVALID.format(path=path, problem=exc)) from exc
    records = []
    for number, document in enumerate(documents, start=1):
        if not document.text.strip():
            raise ValueError(
                LIBRARY_FILE_INVALID.format(
                    path=path, problem=f"claim {number} ({document.id}): no claim text"
                )
            )
        records.append(
            {
                "external_id": document.id,
                "text": document.text,
                "title": document.title,
                "published_on": document.date,
            }
        )
    return source, records


def _check_jsonl(path: Path) -> None:
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(
                        LIBRARY_FILE_INVALID.format(path=path, problem=f"line {number}: {exc}")
                    ) from exc
                if not isinstance(record, dict) or "vclaim_id" not in record:
                    raise ValueError(
                        LIBRARY_FILE_INVALID.format(
                            path=path, problem=f"line {number}: no vclaim_id"
                        )
                    )
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(LIBRARY_FILE_INVALID.format(path=path, problem=exc)) from exc


def liar_read_folder(folder: str | Path) -> list[dict]:
    """Return the records of every LIAR split in folder, train first."""
    folder = Path(folder)
    paths = [folder / name for name in LIAR_SPLITS if (folder / name).is_file()]
    if not paths:
        raise FileNotFoundError(f"No LIAR files ({', '.join(LIAR_SPLITS)}) in {folder}")
    return [record for path in paths for record in liar_read(path)]


def liar_read(path: str | Path) -> list[dict]:
    """Return the records of a LIAR TSV file (14 columns, no header)."""
    path = Path(path)
    records = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for number, row in enumerate(rows, start=1):
                if not row or not "".join(row).strip():
                    continue
                if len(row) != LIAR_COLUMNS:
                    raise ValueError(
                        f"line {number}: expected {LIAR_COLUMNS} columns, got {len(row)}"
                    )
                label = row[1].strip()
                if label not in LIAR_LABELS:
                    raise ValueError(f"line {number}: unknown label {label!r}")
                records.append(
                    {
                        "external_id": row[0].strip().removesuffix(".json"),
                        "text": row[2].strip(),
                        "title": row[13].strip(),  # the context: where it was said
                        "speaker": row[4].strip().replace("-", " "),
                        "verdict": label,
                        "rating_value": LIAR_LABELS[label],
                        "reviewer": "PolitiFact",
                    }
                )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(LIBRARY_FILE_INVALID.format(path=path, problem=exc)) from exc
    return records
