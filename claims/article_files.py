"""Read articles from files and folders for the `ingest` and `extract` commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .article_input import BOMS, ArticleInputError, decode_text, decode_upload

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
JSONL_NO_TEXT = "{label}: the line has no \"text\" field"
JSONL_NOT_STRING = "{label}: \"{key}\" must be a JSON string, not {kind}"
JSONL_NOT_OBJECT = "{label}: the line is {kind}, not a JSON object such as {{\"text\": \"...\"}}"
JSONL_INVALID = "{label}: not valid JSON ({error})"
JSONL_TOO_DEEP = "{label}: not valid JSON (nested too deeply)"
JSONL_DUPLICATE_KEY = "{label}: the key \"{key}\" appears twice"
JSONL_NOT_UTF8 = "{label}: not valid UTF-8 (byte 0x{byte:02x} at position {position:,})"
JSONL_EMPTY = "{path}: the file has no articles (no non-blank lines)"
PATH_MISSING = "{path}: no such file or folder"
PATH_UNREADABLE = "{path}: cannot be read ({reason})"
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
            except OSError as exc:
                yield ArticleSource(
                    label=str(path), error=PATH_UNREADABLE.format(path=path, reason=exc.strerror)
                )
            except ArticleInputError as exc:
                yield ArticleSource(label=str(path), error=str(exc))
            else:
                yield ArticleSource(
                    label=str(path), text=decoded.text, metadata={"title": decoded.title}
                )


def read_jsonl(path: Path) -> Iterator[ArticleSource]:
    """Yield one article per non-blank line of a JSONL file.

    A bad line is reported with its number and the rest are still read. Lines
    end at "\n" only: U+2028 and friends are legal inside a JSON string.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        error = PATH_UNREADABLE.format(path=path, reason=exc.strerror)
        yield ArticleSource(label=str(path), error=error)
        return
    lines: list[str | bytes]
    if any(data.startswith(bom) for bom, _, _ in BOMS):
        try:
            lines = decode_text(data, name=str(path)).split("\n")
        except ArticleInputError as exc:
            yield ArticleSource(label=str(path), error=str(exc))
            return
    else:
        lines = data.split(b"\n")
    found = False
    for number, line in enumerate(lines, start=1):
        label = f"{path}:{number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                error = JSONL_NOT_UTF8.format(
                    label=label, byte=line[exc.start], position=exc.start
                )
                found = True
                yield ArticleSource(label=label, error=error)
                continue
        if not line.strip():
            continue
        found = True
        yield read_jsonl_line(line, label=label)
    if not found:
        yield ArticleSource(label=str(path), error=JSONL_EMPTY.format(path=path))


class DuplicateKey(ValueError):
    pass


def unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """json object_pairs_hook: a key given twice is an error, not "last wins"."""
    record: dict = {}
    for key, value in pairs:
        if key in record:
            raise DuplicateKey(key)
        record[key] = value
    return record


def json_kind(value) -> str:
    """Name a JSON value's type for a message: "a number", "a list"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def read_jsonl_line(line: str, *, label: str) -> ArticleSource:
    """Read one JSONL line: {"text": "...", "title": "...", ...}."""
    try:
        record = json.loads(line, object_pairs_hook=unique_keys)
    except RecursionError:
        return ArticleSource(label=label, error=JSONL_TOO_DEEP.format(label=label))
    except DuplicateKey as exc:
        return ArticleSource(label=label, error=JSONL_DUPLICATE_KEY.format(label=label, key=exc))
    except json.JSONDecodeError as exc:
        return ArticleSource(label=label, error=JSONL_INVALID.format(label=label, error=exc))
    except ValueError:  # an integer of more than 4,300 digits
        error = JSONL_INVALID.format(label=label, error="a number has too many digits")
        return ArticleSource(label=label, error=error)
    if not isinstance(record, dict):
        kind = json_kind(record)
        return ArticleSource(label=label, error=JSONL_NOT_OBJECT.format(label=label, kind=kind))
    if "text" not in record:
        return ArticleSource(label=label, error=JSONL_NO_TEXT.format(label=label))
    for key in ("text", *METADATA_FIELDS):
        value = record.get(key)
        if (key == "text" or value is not None) and not isinstance(value, str):
            error = JSONL_NOT_STRING.format(label=label, key=key, kind=json_kind(value))
            return ArticleSource(label=label, error=error)
    metadata = {k: record[k] for k in METADATA_FIELDS if record.get(k)}
    return ArticleSource(label=label, text=record["text"], metadata=metadata)
