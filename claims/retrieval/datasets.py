"""Readers for the CheckThat! claim-retrieval files, exactly as published.

Two corpus formats: the 2022 `vclaims.jsonl` (one JSON object a line:
vclaim_id, vclaim, title, subtitle, date, ...) and the 2020
`verified_claims.docs.tsv` (a CSV-quoted TSV with the header
`<TAB>vclaim<TAB>title`). Queries are `id<TAB>text` with or without a header
line; qrels are TREC qrels (`qid 0 docid 1`).
"""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from claims.retrieval.types import Document, Query

CORPUS_FORMAT_UNKNOWN = "{path}: expected a .jsonl or .tsv corpus of checked claims"
DATASET_LAYOUT_UNKNOWN = (
    "{path}: not a CheckThat! claim-retrieval folder "
    "(expected vclaims.jsonl or verified_claims.docs.tsv)"
)
SPLIT_UNKNOWN = "{path}: no split {split!r}; this folder has {available}"

# Header cells seen in the published query files; a data row never has them.
_QUERY_HEADER_IDS = {"", "id", "qid", "iclaim_id", "tweet_id", "query_id"}

# Tweets quote long texts: lift the csv module's 128 KiB field limit.
csv.field_size_limit(2**24)


def read_corpus(path: str | Path) -> list[Document]:
    """Return the checked claims in a `.jsonl` or `.tsv` CheckThat! corpus file."""
    path = Path(path)
    if path.suffix == ".jsonl":
        return _read_corpus_jsonl(path)
    if path.suffix == ".tsv":
        return _read_corpus_tsv(path)
    raise ValueError(CORPUS_FORMAT_UNKNOWN.format(path=path))


def _read_corpus_jsonl(path: Path) -> list[Document]:
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            documents.append(
                Document(
                    id=str(record["vclaim_id"]),
                    text=record.get("vclaim") or "",
                    title=record.get("title") or "",
                    subtitle=record.get("subtitle") or "",
                    date=parse_date(record.get("date") or ""),
                )
            )
    return documents


def _read_corpus_tsv(path: Path) -> list[Document]:
    # Fields may hold quotes, tabs and newlines inside CSV quoting: never split().
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    text_at, title_at = 1, 2  # without a header: id, vclaim, title
    if "vclaim" in header:
        text_at = header.index("vclaim")
        title_at = header.index("title") if "title" in header else -1
        rows = rows[1:]
    return [
        Document(
            id=row[0].strip(),
            text=row[text_at] if text_at < len(row) else "",
            title=row[title_at] if 0 <= title_at < len(row) else "",
        )
        for row in rows
        if row and row[0].strip()
    ]


def read_queries(path: str | Path) -> list[Query]:
    """Return the `id<TAB>text` rows of a query file, skipping a header line."""
    queries = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t")):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if number == 0 and row[0].strip().lower() in _QUERY_HEADER_IDS:
                continue
            queries.append(Query(id=row[0].strip(), text="\t".join(row[1:])))
    return queries


def read_qrels(path: str | Path) -> dict[str, set[str]]:
    """Return the relevant document ids of each query in a TREC qrels file."""
    qrels: dict[str, set[str]] = {}
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            cells = line.split()
            if len(cells) < 4 or cells[3] == "0":
                continue
            qrels.setdefault(cells[0], set()).add(cells[2])
    return qrels


def parse_date(text: str) -> datetime.date | None:
    """Return the date in `26 May 2015` or `May 26, 2015`, or None."""
    text = " ".join(text.replace(",", " ").split())
    for layout in ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y"):
        try:
            return datetime.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Split:
    """One split of a CheckThat! folder: its corpus, queries and qrels files."""

    dataset: str  # the folder's name
    name: str  # train | dev | dev-test
    corpus: Path
    queries: Path
    qrels: Path

    @property
    def label(self) -> str:
        return f"{self.dataset} {self.name}"

    def load(self) -> tuple[list[Document], list[Query], dict[str, set[str]]]:
        """Return the corpus, the queries that have qrels, and the qrels."""
        qrels = read_qrels(self.qrels)
        queries = [query for query in read_queries(self.queries) if query.id in qrels]
        return read_corpus(self.corpus), queries, qrels


def dataset_splits(dataset_dir: str | Path) -> dict[str, Split]:
    """Return the splits present in a CheckThat! 2020 or 2022 (task 2A) folder."""
    root = Path(dataset_dir)
    name = root.name
    if (root / "vclaims.jsonl").is_file():
        corpus = root / "vclaims.jsonl"
        prefix = "CT2022-Task2A-EN-"
        candidates = {
            "train": (f"{prefix}Train-Dev_Queries.tsv", f"{prefix}Train_QRELs.tsv"),
            "dev": (f"{prefix}Train-Dev_Queries.tsv", f"{prefix}Dev_QRELs.tsv"),
            "dev-test": (f"{prefix}Dev-Test_Queries.tsv", f"{prefix}Dev-Test_QRELs.tsv"),
            "test": (f"{prefix}Test_Queries.tsv", f"{prefix}Test_Qrels_gold.tsv"),
        }
    elif (root / "verified_claims.docs.tsv").is_file():
        corpus = root / "verified_claims.docs.tsv"
        candidates = {
            split: (f"{split}/tweets.queries.tsv", f"{split}/tweet-vclaim-pairs.qrels")
            for split in ("train", "dev", "test")
        }
    else:
        raise FileNotFoundError(DATASET_LAYOUT_UNKNOWN.format(path=root))
    return {
        split: Split(name, split, corpus, root / queries, root / qrels)
        for split, (queries, qrels) in candidates.items()
        if (root / queries).is_file() and (root / qrels).is_file()
    }


def dataset_split(dataset_dir: str | Path, split: str) -> Split:
    """Return one split of a CheckThat! folder, or raise FileNotFoundError."""
    splits = dataset_splits(dataset_dir)
    if split not in splits:
        available = ", ".join(splits) or "none"
        raise FileNotFoundError(
            SPLIT_UNKNOWN.format(path=dataset_dir, split=split, available=available)
        )
    return splits[split]
