"""`manage.py evaluate_transcripts`: the debate MAP of transcript claims,
scored with and without the turn's speaker (issue #23; sources/evaluation.py)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.evaluation import DEFAULT_DEBATES, evaluate


class Command(BaseCommand):
    help = (
        "Ingest the CheckThat! 2021 debate transcripts as transcripts (no database) and print "
        "the MAP of their claims' check-worthiness, text only and with the speaker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--debates", default=str(DEFAULT_DEBATES),
                            help="CheckThat! 2021 task 1b English folder")
        parser.add_argument("--split", choices=("dev", "train"), default="dev")
        parser.add_argument("--limit", type=int, help="the first N transcripts only")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, debates, split, limit=None, json=False, **options):
        folder = Path(debates) / split
        try:
            figures = evaluate(folder, limit=limit, out=None if json else self.stdout)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(figures))
            return
        low, high = figures["map_text_only_interval"]
        low2, high2 = figures["map_with_speakers_interval"]
        self.stdout.write(
            f"CheckThat! 2021 task 1b debates, {split} ({figures['transcripts']} transcripts, "
            f"read as transcripts, claims extracted and scored as at ingest; "
            f"{figures['seconds']} s)\n"
            f"  MAP text only {figures['map_text_only']:.3f} ({low:.3f}-{high:.3f}); "
            f"with the turn's speaker {figures['map_with_speakers']:.3f} "
            f"({low2:.3f}-{high2:.3f}); 95% bootstrap intervals over transcripts\n"
        )


def _dumps(figures) -> str:
    return json.dumps(figures, indent=2, default=str)
