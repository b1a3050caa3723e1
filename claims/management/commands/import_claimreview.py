"""Import ClaimReview JSON-LD into the checked-claims library (issue #4)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims import services


class Command(BaseCommand):
    help = (
        "Import ClaimReview JSON-LD files (an object, an array, or an @graph), "
        "or folders of them, into the checked-claims library."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, **options):
        files = list(services.claimreview_files(paths))
        if not files:
            raise CommandError("No ClaimReview files found.")
        import_each(
            self, files, lambda path: ("claimreview", services.claimreview_read(path))
        )


def import_each(command: BaseCommand, paths, read) -> None:
    """Import each file, read(path) -> (source, records), all or nothing per
    file; then write the counts and the files that failed."""
    created, updated, failures, checked_ids = 0, 0, [], []
    for path in tqdm(paths, desc="Importing", unit="file", disable=None):
        try:
            source, records = read(path)
            result = services.checked_claims_import(records=records, source=source)
        except ValueError as exc:
            reason = str(exc)
            failures.append(reason if str(path) in reason else f"{path}: {reason}")
            continue
        created += result.created
        updated += result.updated
        checked_ids.extend(result.ids)
    write_summary(
        command, created=created, updated=updated, failures=failures, checked_ids=checked_ids
    )


def write_summary(
    command: BaseCommand,
    *,
    created: int,
    updated: int,
    failures: list[str],
    checked_ids: list[int] | None = None,
):
    """Write the counts and each failed file with its reason, then bring the
    waiting claims up to date with the library: with the ids of the checks
    the run stored, the claims below the threshold are compared with those
    checks alone."""
    command.stdout.write(
        f"Checked claims: {created} new, {updated} updated, {len(failures)} file(s) failed"
    )
    for failure in failures:
        command.stdout.write(f"  failed: {failure}")
    if failures and not created and not updated:
        raise CommandError("Nothing was imported.")
    if created or updated:
        refresh = services.library_matches_refresh_open(checked_ids=checked_ids)
        command.stdout.write(
            f"Searched the library again for {refresh.searched} claim(s) on the desk; "
            f"{refresh.lifted} of {refresh.ranked} claim(s) below the threshold "
            "joined the queue."
        )
