"""Import CheckThat! or LIAR files into the checked-claims library (issue #4)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from claims import services

from .import_claimreview import write_summary


class Command(BaseCommand):
    help = (
        "Import checked claims: --format checkthat (vclaims.jsonl of 2022, "
        "verified_claims.docs.tsv of 2020) or --format liar (LIAR's TSV files)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["checkthat", "liar"])
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, format, **options):
        created, updated, failures = 0, 0, []
        for path in tqdm(paths, desc="Importing", unit="file", disable=None):
            try:
                if format == "checkthat":
                    source, records = services.checkthat_read(path)
                else:
                    source, records = "liar", services.liar_read(path)
                result = services.checked_claims_import(records=records, source=source)
            except ValueError as exc:
                reason = str(exc)
                failures.append(reason if str(path) in reason else f"{path}: {reason}")
                continue
            created += result.created
            updated += result.updated
        write_summary(self, created=created, updated=updated, failures=failures)
