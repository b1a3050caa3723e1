"""Read articles from files and folders for the `ingest` and `extract` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .article_input import ArticleInputError, decode_upload

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
JSONL_NO_TEXT = "{label}: the line has no \"text\" field"
JSONL_INVALID = "{label}: not valid JSON ({error})"
PATH_MISSING = "{path}: no such file or folder"
METADATA_FIELDS = ("title", "outlet", "url", "author", "published_on", "language")


@dataclass
class ArticleSource:
    """One article read from disk, or the reason it could not be read."""

    label: str  # the path as given, with ":line" for JSONL articles
    text: str = ""
    metadata: dict = field(default_factory=dict)
    error: str = ""


def expand_paths(paths: list[str]) -> list[Path | str]:
    """Return the article files under paths in a stable order; missing paths
    come back as strings so they can be reported."""
    found: list[Path | str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
            )
        elif path.is_file():
            found.append(path)
        else:
            found.append(raw)
    return found


def read_articles(paths: list[str]) -> Iterator[ArticleSource]:
    """Yield every article in the given files and folders, in order."""
    for path in expand_paths(paths):
        if isinstance(path, str):
            yield ArticleSource(label=path, error=PATH_MISSING.format(path=path))
        elif path.suffix.lower() == ".jsonl":
            yield from read_jsonl(path)
        else:
            try:
                decoded = decode_upload(name=str(path), data=path.read_bytes())
            except ArticleInputError as exc:
                yield ArticleSource(label=str(path), error=str(exc))
            else:
                yield ArticleSource(
                    label=str(path), text=decoded.text, metadata={"title": decoded.title}
                )


def read_jsonl(path: Path) -> Iterator[ArticleSource]:
    """Yield one article per non-blank line of a JSONL file."""
    try:
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        yield ArticleSource(label=str(path), error=f"{path}: not valid UTF-8 ({exc.reason})")
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        label = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleSource(label=label, error=JSONL_INVALID.format(label=label, error=exc))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ArticleSource(label=label, error=JSONL_NO_TEXT.format(label=label))
            continue
        metadata = {k: str(record[k]) for k in METADATA_FIELDS if record.get(k)}
        yield ArticleSource(label=label, text=record["text"], metadata=metadata)
