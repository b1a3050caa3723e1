"""Write fact-checkers' attribution corrections as JSONL training data.

    python manage.py export_attribution_corrections [--out FILE]

One line per correction, oldest first: the article text, the claim's spans
before and after (offsets into that text, the shape `manage.py extract`
prints), which parts changed, who corrected it and when.
"""

from __future__ import annotations

import contextlib
import json

from django.core.management.base import BaseCommand

from claims.models import Article, Claim, Speaker
from claims.services import ATTRIBUTION_CORRECTED


def span_of(text: str, start: int | None, end: int | None) -> dict | None:
    if start is None or end is None:
        return None
    return {"text": text, "start": start, "end": end}


def attribution_of(record, speakers: dict[int, str]) -> dict:
    """Return a historical claim's attribution: spans into the article text."""
    speaker = span_of(record.speaker_text, record.speaker_start, record.speaker_end)
    if speaker is not None:
        speaker.update(canonical=speakers.get(record.speaker_id, ""), role=record.speaker_role)
    return {
        "sentence": {"start": record.sentence_start, "end": record.sentence_end},
        "content": {"text": record.text, "start": record.content_start, "end": record.content_end},
        "speaker": speaker,
        "role": record.speaker_role,
        "cue": span_of(record.cue_text, record.cue_start, record.cue_end),
        "reported_by": record.reported_by or [],
    }


def correction_rows():
    """Yield one dict per correction, oldest first."""
    corrections = (
        Claim.history.filter(history_change_reason__startswith=ATTRIBUTION_CORRECTED)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    speakers = dict(Speaker.objects.values_list("id", "name"))
    texts: dict[int, str | None] = {}
    for record in corrections.iterator():
        before = record.prev_record
        if record.article_id not in texts:
            texts[record.article_id] = (
                Article.objects.filter(pk=record.article_id).values_list("text", flat=True).first()
            )
        yield {
            "claim": record.id,
            "article": record.article_id,
            "text": texts[record.article_id],
            "before": attribution_of(before, speakers) if before else None,
            "after": attribution_of(record, speakers),
            "changed": record.history_change_reason.partition(":")[2].strip().split(", "),
            "corrected_by": record.history_user.get_username() if record.history_user else None,
            "corrected_at": record.history_date.isoformat(),
        }


class Command(BaseCommand):
    help = "Write attribution corrections as JSONL training data (stdout or --out FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="File to write (default: standard output).")

    def handle(self, *args, out=None, **options):
        count = 0
        target = open(out, "w", encoding="utf-8") if out else contextlib.nullcontext(self.stdout)
        with target as stream:
            for row in correction_rows():
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        if out:
            self.stderr.write(f"Wrote {count} correction{'s' if count != 1 else ''} to {out}.")
