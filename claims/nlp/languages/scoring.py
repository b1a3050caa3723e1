"""Rule check-worthiness for languages without the trained English model.

Features that need no parser (issue #26): numbers and quantities, words of
comparison, a named source, and, where a pipeline tags them, named
entities; questions and very short sentences score lower. The same scale
as the English rules (claims/nlp/checkworthiness.py): base 0.35, 0-1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claims.nlp.languages.lexicon import COMPARISON

BASE_SCORE = 0.35
NUMBER_RE = re.compile(r"\d|%|€|\$|£|¥")
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
SPACELESS_SCRIPTS = frozenset({"zh", "ja", "th"})


def rule_score(
    text: str,
    language: str,
    *,
    named_source: str | None = None,
    entities: Sequence[str] = (),
) -> tuple[float, list[str]]:
    """Return a 0-1 check-worthiness score for a claim's text, and why."""
    score = BASE_SCORE
    reasons: list[str] = []
    words = [w.lower() for w in WORD_RE.findall(text)]
    if NUMBER_RE.search(text):
        score += 0.2
        reasons.append("contains a number or quantity")
    for rank, name in enumerate(list(dict.fromkeys(entities))[:3]):
        score += 0.1 if rank == 0 else 0.05
        reasons.append(f"names an entity: {name}")
    comparison = COMPARISON.get(language, frozenset())
    if any(w in comparison for w in words):
        score += 0.1
        reasons.append("makes a comparison")
    if named_source:
        score += 0.05
        reasons.append("attributed to a named source")
    if text.rstrip().rstrip("»”\"'").endswith(("?", "？", "؟")):
        score -= 0.3
        reasons.append("is a question, not a statement")
    short = len(text) < 15 if language in SPACELESS_SCRIPTS else len(words) < 5
    if short:
        score -= 0.1
        reasons.append("is very short")
    if not reasons:
        reasons.append("no specific, checkable details found")
    return round(min(1.0, max(0.0, score)), 3), reasons
