"""Read PolNeAR (brat standoff) into articles with gold attribution relations.

PolNeAR has no licence for redistribution: it is read from ../shared at run
time to measure, and never copied into the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# A span as written: one or more (start, end) parts; empty when absent.
Parts = tuple[tuple[int, int], ...]

SPAN_TYPES = frozenset({"Source", "Cue", "Content"})


@dataclass(frozen=True)
class Relation:
    """One attribution: source, cue and content, each possibly discontinuous."""

    source: Parts
    cue: Parts
    content: Parts


@dataclass(frozen=True)
class Article:
    """One PolNeAR article: its text and its gold relations."""

    name: str
    text: str
    relations: tuple[Relation, ...]


def split_dir(path: str | Path, split: str = "dev") -> Path:
    """Return the folder of one split, given it or the corpus root."""
    path = Path(path)
    if (path / "text").is_dir() and (path / "attributions").is_dir():
        return path
    if (path / split / "text").is_dir():
        return path / split
    raise FileNotFoundError(f"{path}: not a PolNeAR split (no text/ and attributions/)")


def read_split(path: str | Path, split: str = "dev") -> list[Article]:
    """Return the articles of a split, in file-name order.

    Where several annotators annotated an article (agreement study), the
    first .ann file by name is taken, as the corpus README suggests.
    """
    folder = split_dir(path, split)
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(article, ann)
    articles = []
    for name, ann in sorted(chosen.items()):
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        articles.append(Article(name, text, tuple(parse_ann(ann.read_text(encoding="utf-8")))))
    return articles


def parse_ann(content: str) -> list[Relation]:
    """Return the relations (E lines) of one .ann file, in file order."""
    spans: dict[str, tuple[str, Parts]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in content.splitlines():
        if not re.match(r"[TE]\d+\t", line):
            continue  # a span's text that went on over a line break
        if line.startswith("T"):
            ident, info, *_ = line.split("\t")
            kind, offsets = info.split(" ", 1)
            parts = tuple(
                (int(start), int(end))
                for start, end in (piece.split() for piece in offsets.split(";"))
            )
            spans[ident] = (kind, parts)
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            events.append([tuple(arg.split(":", 1)) for arg in args.split() if ":" in arg])
    relations = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Source": [], "Cue": [], "Content": []}
        for role, ident in args[1:]:  # args[0] is the trigger
            role = role.rstrip("0123456789")  # Content2 continues Content
            if role in roles and ident in spans:
                roles[role].extend(spans[ident][1])
        if roles["Cue"] or roles["Content"]:
            relations.append(
                Relation(*(tuple(sorted(roles[r])) for r in ("Source", "Cue", "Content")))
            )
    return relations
