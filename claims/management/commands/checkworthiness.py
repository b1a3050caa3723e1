"""`manage.py checkworthiness --input FILE`: print id<TAB>score per sentence."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

BATCH_SIZE = 256


def parse_line(line: str) -> tuple[str, str]:
    """Split `id<TAB>text[<TAB>...]`, undoing CSV quoting of the text."""
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) < 2:
        raise ValueError("expected id<TAB>text")
    sentence_id, text = parts[0].strip(), parts[1]
    # CheckThat! files quote some texts CSV-style: "He said ""no""."
    if len(text) > 1 and text[0] == text[-1] == '"' and '"' not in text[1:-1].replace('""', ""):
        text = text[1:-1].replace('""', '"')
    return sentence_id, text


class Command(BaseCommand):
    help = (
        "Score the check-worthiness of sentences: read id<TAB>text lines (a header whose "
        "first column ends in 'id' is skipped) and print id<TAB>score, one per line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, metavar="FILE", help="a TSV file, or -")
        parser.add_argument(
            "--model",
            metavar="FILE",
            help="a model NPZ (default: the one ingest uses, CLAIMS_CHECKWORTHINESS_MODEL "
            "when that file exists, else the packaged model)",
        )
        parser.add_argument(
            "--reasons", action="store_true", help="add a third column: the reasons, '; '-joined"
        )

    def handle(self, *args, input, model=None, reasons=False, **options):
        from django.conf import settings

        from claims.nlp.checkworthiness_model import score_sentences
        from claims.nlp.embeddings import embed_texts

        if model and not Path(model).is_file():
            raise CommandError(f"No model file at {model}")
        model_path = model or settings.CLAIMS_CHECKWORTHINESS_MODEL
        try:
            handle = sys.stdin if input == "-" else open(input, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        rows = []
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    sentence_id, text = parse_line(line)
                except ValueError as exc:
                    raise CommandError(f"{input}, line {number}: {exc}") from exc
                if number == 1 and sentence_id.lower().endswith("id"):
                    continue  # a header
                rows.append((sentence_id, text))
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            texts = [text for _, text in batch]
            # The ingest path: embeddings computed once, passed to the scorer.
            scored = score_sentences(texts, embed_texts(texts), model_path=model_path)
            for (sentence_id, _), (score, why) in zip(batch, scored, strict=True):
                line = f"{sentence_id}\t{score:.6f}"
                self.stdout.write(line + (f"\t{'; '.join(why)}" if reasons else ""))
