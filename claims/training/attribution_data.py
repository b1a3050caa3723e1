"""Our own annotated attribution sentences (issue #20, part 4).

The sentences are written in data/attribution_sentences.txt, one a line,
with inline marks: ``{S1 source}``, ``{C1 cue}``, ``{T1 content}``; the
digit names the relation, a content (or cue) in pieces repeats its tag, and
``{C1:belief ...}`` or ``{C1:other ...}`` gives a relation that is no act of
speech. Marks nest ("The paper reported that {S2 X} {C2 said} ..."). This
module turns them into data/attribution_sentences.jsonl (character spans)
and checks them: every span inside its sentence, trimmed and non-empty,
every relation with a cue and a content. The guide is ATTRIBUTION_GUIDE.md.

`python -m claims.training.attribution_data` rewrites the JSONL and exits
non-zero when a sentence breaks a rule. No Django imports.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_FILE = DATA_DIR / "attribution_sentences.txt"
JSONL_FILE = DATA_DIR / "attribution_sentences.jsonl"
ROLES = {"S": "source", "C": "cue", "T": "content"}
KINDS = ("speech", "belief", "other")
OPEN_MARK = re.compile(r"\{([SCT])(\d+)(?::(\w+))? ")


@dataclass
class Relation:
    """One annotated relation: character spans into its sentence."""

    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "speech"


@dataclass
class Sentence:
    """One sentence of ours with its relations (none: a plain sentence)."""

    id: str
    domain: str
    text: str
    relations: list[Relation]

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "domain": self.domain,
            "text": self.text,
            "relations": [
                {
                    "kind": r.kind,
                    "source": [list(span) for span in r.source],
                    "cue": [list(span) for span in r.cue],
                    "content": [list(span) for span in r.content],
                }
                for r in self.relations
            ],
        }


def parse_line(line: str) -> tuple[str, list[Relation]]:
    """Return a marked line's plain text and its relations, in id order."""
    text: list[str] = []
    stack: list[tuple[str, str, str | None, int]] = []
    relations: dict[str, Relation] = {}
    i = 0
    while i < len(line):
        match = OPEN_MARK.match(line, i)
        if match:
            role, number, kind = match.groups()
            stack.append((role, number, kind, len(text)))
            i = match.end()
        elif line[i] == "}":
            if not stack:
                raise ValueError(f"unmatched '}}' at {i}")
            role, number, kind, start = stack.pop()
            relation = relations.setdefault(number, Relation())
            if kind is not None:
                if kind not in KINDS:
                    raise ValueError(f"unknown kind {kind!r}")
                relation.kind = kind
            getattr(relation, ROLES[role]).append((start, len(text)))
            i += 1
        elif line[i] == "{":
            raise ValueError(f"malformed mark at {i}")
        else:
            text.append(line[i])
            i += 1
    if stack:
        raise ValueError("unclosed mark")
    return "".join(text), [relations[key] for key in sorted(relations, key=int)]


def read_sentences(path: Path = SOURCE_FILE) -> list[Sentence]:
    """Return the marked sentences of path, numbered per domain."""
    sentences = []
    domain = ""
    counts: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("## "):
            domain = line[3:].strip()
            continue
        if not line or line.startswith("#"):
            continue
        try:
            text, relations = parse_line(line)
        except ValueError as exc:
            raise ValueError(f"{path.name}:{number}: {exc}") from exc
        counts[domain] = counts.get(domain, 0) + 1
        sentences.append(Sentence(f"{domain}-{counts[domain]:03d}", domain, text, relations))
    return sentences


def problems(sentence: Sentence) -> list[str]:
    """Return what is wrong with a sentence's annotation (nothing: [])."""
    found = []
    text = sentence.text
    if text != text.strip():
        found.append("space at the sentence's ends")
    for index, relation in enumerate(sentence.relations, 1):
        if not relation.cue:
            found.append(f"relation {index} has no cue")
        if not relation.content:
            found.append(f"relation {index} has no content")
        for role in ROLES.values():
            for start, end in getattr(relation, role):
                if not 0 <= start < end <= len(text):
                    found.append(f"relation {index} {role} {start}-{end} outside the text")
                elif text[start:end] != text[start:end].strip():
                    found.append(f"relation {index} {role} {text[start:end]!r} not trimmed")
    return found


def as_jsonl(sentences: list[Sentence]) -> str:
    """Return the sentences as JSONL with stable key order and formatting."""
    return "".join(
        json.dumps(s.as_json(), ensure_ascii=False, sort_keys=True) + "\n" for s in sentences
    )


def read_jsonl(path: Path = JSONL_FILE) -> list[dict]:
    """Return the annotated sentences as stored (dicts, as in the JSONL)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> int:
    sentences = read_sentences()
    bad = [(s.id, p) for s in sentences for p in problems(s)]
    for sentence_id, problem in bad:
        print(f"{sentence_id}: {problem}", file=sys.stderr)
    if bad:
        return 1
    JSONL_FILE.write_text(as_jsonl(sentences), encoding="utf-8")
    relations = sum(len(s.relations) for s in sentences)
    print(f"{len(sentences)} sentences, {relations} relations -> {JSONL_FILE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
