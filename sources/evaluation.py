"""How the check-worthiness of a transcript's claims ranks the lines fact-
checkers chose (issue #23), through the whole ingest path: each CheckThat!
2021 task 1b debate transcript is read as a transcript article would be
(sources.transcripts), its claims extracted and scored as at ingest, with
and without the turn's speaker as context; a line's score is the highest of
the claims in it (lines without a claim rank last). Prints the MAP over the
transcripts of both, and the difference.

`manage.py evaluate_transcripts [--split dev|train] [--limit N]`
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_DEBATES = (
    Path(__file__).resolve().parents[2] / "shared" / "data"
    / "checkthat2021_task1b_en_debates_checkworthiness"
)


@dataclass
class Line:
    start: int  # in the rendered transcript's text
    end: int
    label: int


def debate_lines(text: str, rendered: str) -> list[Line]:
    """Each TSV line's span in the rendered text (turns join a speaker's
    consecutive lines with a space), with its label."""
    lines, cursor = [], 0
    for row in text.splitlines():
        if not row.strip():
            continue
        _, _, words, label = row.split("\t")
        words = words.strip()
        found = rendered.find(words, cursor) if words else -1
        if found < 0:
            lines.append(Line(cursor, cursor, int(label)))
            continue
        lines.append(Line(found, found + len(words), int(label)))
        cursor = found + len(words)
    return lines


def line_scores(lines: list[Line], claims, scores) -> np.ndarray:
    """Each line's score: the highest of the claims whose content overlaps
    it; -1 (last) for a line without a claim."""
    best = np.full(len(lines), -1.0)
    starts = np.array([line.start for line in lines])
    for claim, score in zip(claims, scores, strict=True):
        first = max(int(np.searchsorted(starts, claim.content.start, side="right")) - 1, 0)
        for i in range(first, len(lines)):
            if lines[i].start >= claim.content.end:
                break
            if lines[i].end > claim.content.start:
                best[i] = max(best[i], score)
    return best


def evaluate(folder: Path, *, limit: int | None = None, out=None) -> dict:
    from claims.evaluation.checkworthiness_sets import average_precision, map_interval
    from claims.nlp.checkworthiness import score_claims
    from claims.nlp.embeddings import embed_texts
    from claims.nlp.extraction import extract_claims
    from claims.nlp.types import QuoteType

    from .transcripts import parse_transcript, turn_index

    paths = sorted(Path(folder).glob("*.tsv"))[:limit]
    if not paths:
        raise FileNotFoundError(f"No transcripts (*.tsv) in {folder}")
    results, started = {}, time.monotonic()
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        transcript = parse_transcript(raw, name=path.name)
        text = transcript.render()
        turns = [{"speaker": t.speaker, "start": t.char_start, "end": t.char_end}
                 for t in transcript.turns]
        lines = debate_lines(raw, text)
        labels = np.array([line.label for line in lines])
        claims = extract_claims(text)
        vectors = embed_texts([c.standalone or c.text for c in claims])
        speakers = []
        for claim in claims:
            index = turn_index(turns, claim.content.start)
            speakers.append(turns[index]["speaker"] if index is not None else None)
        figures = {}
        for name, context in (("text_only", None), ("with_speakers", speakers)):
            scored = score_claims(claims, vectors, speakers=context)
            # Ingest's score: questions and held-back claims at 0.
            scores = [c.checkworthiness for c in scored]
            figures[name] = average_precision(labels, line_scores(lines, claims, scores))
        figures.update(
            lines=len(lines), positives=int(labels.sum()), claims=len(claims),
            questions=sum(c.quote_type == QuoteType.QUESTION for c in claims),
        )
        results[path.name] = figures
        if out is not None:
            out.write(
                f"  {path.name}: {len(lines)} lines, {figures['positives']} check-worthy, "
                f"{len(claims)} claims; AP text only {figures['text_only']:.3f}, "
                f"with speakers {figures['with_speakers']:.3f}\n"
            )
    summary = {"transcripts": len(results), "seconds": round(time.monotonic() - started, 1)}
    for name in ("text_only", "with_speakers"):
        aps = [r[name] for r in results.values()]
        summary[f"map_{name}"] = float(np.mean(aps))
        summary[f"map_{name}_interval"] = map_interval(aps)
    summary["per_transcript"] = results
    return summary
