"""Run the extraction pipeline over files, with no database: JSON lines out."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.article_files import read_articles
from claims.article_input import ARTICLE_EMPTY, ARTICLE_LANGUAGE_UNSUPPORTED


class Command(BaseCommand):
    help = (
        "Extract attributed claims from .txt/.html/.jsonl files and print one JSON "
        "object per claim (a stable contract for evaluation tools)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")

    def handle(self, *args, paths, **options):
        from claims.nlp.extraction import extract_claims
        from claims.nlp.language import accepted_list, detect_language
        from claims.nlp.languages import extract_claims_in
        from claims.nlp.loading import get_nlp

        nlp = get_nlp(settings.CLAIMS_SPACY_MODEL)
        failures = 0
        for source in read_articles(paths):
            # Offsets refer to the file's text exactly as read: no cleaning.
            error = source.error or ("" if source.text.strip() else ARTICLE_EMPTY)
            if error:
                failures += 1
                self.stderr.write(error if source.label in error else f"{source.label}: {error}")
                continue
            # Each file in its own language (issue #26), as ingest reads it.
            language = detect_language(source.text)
            if not language.accepted:
                failures += 1
                self.stderr.write(f"{source.label}: " + ARTICLE_LANGUAGE_UNSUPPORTED.format(
                    language=language.name, accepted=accepted_list()))
                continue
            if language.code == "en":
                claims = extract_claims(source.text, nlp=nlp)
            else:
                claims = extract_claims_in(source.text, language.code)
            for claim in claims:
                record = {"article": source.label, "language": language.code, **claim.as_dict()}
                self.stdout.write(json.dumps(record, ensure_ascii=False))
        if failures:
            raise CommandError(f"{failures} article(s) could not be read; see above.")
