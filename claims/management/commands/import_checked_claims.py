"""Import CheckThat! or LIAR files into the checked-claims library (issue #4)."""

from django.core.management.base import BaseCommand

from claims import services

from .import_claimreview import import_each


class Command(BaseCommand):
    help = (
        "Import checked claims: --format checkthat (vclaims.jsonl of 2022, "
        "verified_claims.docs.tsv of 2020) or --format liar (LIAR's TSV files)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["checkthat", "liar"])
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, format, **options):
        if format == "checkthat":
            import_each(self, paths, services.checkthat_read)
        else:
            import_each(self, paths, lambda path: ("liar", services.liar_read(path)))
