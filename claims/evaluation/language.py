"""Language identification on sentences of our own (issue #26): accuracy by length and language.

The set (claims/evaluation/data/language_sentences.tsv) was written for this
project: news-like sentences in every accepted language, short and long
(20 words or more), and a few in refused languages, which must be refused
by name. The target is accuracy >= 0.98 on texts of 20 words or more.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import TextIO

DEFAULT_SET = Path(__file__).with_name("data") / "language_sentences.tsv"
LONG_WORDS = 20


def add_arguments(parser) -> None:
    """Add the evaluation's options to its subcommand parser."""
    parser.add_argument("--set", default=str(DEFAULT_SET), metavar="TSV",
                        help="code<TAB>text lines ('#' starts a comment)")
    parser.add_argument("--errors", action="store_true", help="list every wrong guess")


def read_set(path: str | Path) -> list[tuple[str, str]]:
    """Return (code, text) pairs of the set."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise ValueError(f"{path}:{number}: expected code<TAB>text")
        rows.append((code.strip(), text.strip()))
    return rows


def word_count(text: str) -> int:
    """Count words; a text without spaces (Chinese, Japanese, Thai) counts
    one word per two characters, about what a translation would have."""
    words = len(text.split())
    return words if words > 3 else max(words, len(text) // 2)


def run(options: dict, out: TextIO) -> dict:
    """Detect every sentence's language; print accuracy tables, return figures."""
    from claims.nlp.language import ACCEPTED_LANGUAGES, detect_language

    rows = read_set(options.get("set") or DEFAULT_SET)
    started = time.perf_counter()
    detect_language("warm up: lingua loads its models on first use")
    load_seconds = time.perf_counter() - started
    right: Counter = Counter()
    total: Counter = Counter()
    by_language: dict[str, Counter] = defaultdict(Counter)
    uncertain = 0
    errors = []
    started = time.perf_counter()
    for code, text in rows:
        guess = detect_language(text)
        length = "long" if word_count(text) >= LONG_WORDS else "short"
        group = length if code in ACCEPTED_LANGUAGES else "refused"
        ok = guess.code == code
        total[group] += 1
        right[group] += ok
        by_language[code]["n"] += 1
        by_language[code]["right"] += ok
        uncertain += guess.uncertain
        if not ok:
            errors.append((code, guess.code, round(guess.confidence, 3), text))
    seconds = time.perf_counter() - started
    figures = {
        "sentences": len(rows),
        "accuracy": {g: round(right[g] / total[g], 4) for g in total},
        "counts": dict(total),
        "uncertain": uncertain,
        "by_language": {c: round(v["right"] / v["n"], 4) for c, v in sorted(by_language.items())},
        "load_seconds": round(load_seconds, 2),
        "ms_per_text": round(1000 * seconds / max(len(rows), 1), 2),
        "errors": [{"expected": e, "got": g, "confidence": c, "text": t}
                   for e, g, c, t in errors],
    }
    out.write(f"Language identification on {len(rows)} sentences of our own "
              f"(lingua, low-accuracy mode)\n\n")
    out.write("| texts | n | accuracy |\n|---|---|---|\n")
    labels = {"long": f"accepted, {LONG_WORDS}+ words", "short": f"accepted, < {LONG_WORDS} words",
              "refused": "refused languages (named)"}
    for group in ("long", "short", "refused"):
        if total[group]:
            out.write(f"| {labels[group]} | {total[group]} | {right[group] / total[group]:.3f} |\n")
    out.write("\nBy language: " + ", ".join(
        f"{c} {v}" for c, v in figures["by_language"].items()) + "\n")
    out.write(f"Flagged uncertain: {uncertain}; detector load {load_seconds:.2f} s, "
              f"{figures['ms_per_text']} ms a text\n")
    if options.get("errors"):
        for expected, got, confidence, text in errors:
            out.write(f"  {expected} -> {got} ({confidence}): {text[:90]}\n")
    return figures
