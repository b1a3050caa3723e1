"""Submit transcripts (.srt, .vtt, CheckThat! .tsv, "NAME: ..." text) as
articles with their speaker turns, with a progress bar and a summary."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.article_input import ArticleInputError, decode_text
from claims.models import Article
from sources.services import article_submit_transcript
from sources.transcripts import TranscriptError, parse_transcript


class Command(BaseCommand):
    help = "Ingest transcripts: SubRip, WebVTT, debate TSV or speaker-labelled text files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--outlet", default="", help="who broadcast or published it")

    def handle(self, *args, paths, outlet="", **options):
        counts, failures = {"created": 0, "duplicates": 0, "turns": 0}, []
        for raw in tqdm(paths, desc="Transcripts", unit="file", disable=None):
            path = Path(raw)
            try:
                text = decode_text(path.read_bytes(), name=raw)
                transcript = parse_transcript(text, name=raw)
                result = article_submit_transcript(
                    transcript=transcript, submitted_by=None, source=Article.Source.CLI,
                    title=path.stem.replace("_", " "), outlet=outlet,
                )
            except OSError as exc:
                failures.append(f"{raw}: cannot be read ({exc.strerror})")
                continue
            except (TranscriptError, ArticleInputError) as exc:
                failures.append(str(exc) if str(exc).startswith(raw) else f"{raw}: {exc}")
                continue
            counts["created" if result.created else "duplicates"] += 1
            counts["turns"] += len(transcript.turns)
        self.stdout.write(
            f"Transcripts: {counts['created']} new, {counts['duplicates']} duplicate(s), "
            f"{len(failures)} failed; {counts['turns']} turns"
        )
        for failure in failures:
            self.stdout.write(f"  failed: {failure}")
        if failures and not counts["created"] and not counts["duplicates"]:
            raise CommandError("Nothing was ingested.")
