"""Check sources once by hand: every due one, or one by id, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.models import Source
from sources.services import sources_due, sources_poll_due


class Command(BaseCommand):
    help = (
        "Check the sources that are due (or --source ID, due or not) and queue their new "
        "entries as articles by URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, metavar="ID", help="check this source only")

    def handle(self, *args, source=None, **options):
        if source is not None and not Source.objects.filter(pk=source).exists():
            raise CommandError(f"No source with id {source}.")
        total = 1 if source is not None else sources_due().count()
        with tqdm(total=total, desc="Checking", unit="source", disable=None) as bar:
            results = sources_poll_due(only=source, progress=lambda result: bar.update())
        new = sum(r.poll.new_items for r in results)
        failed = [r for r in results if not r.ok]
        self.stdout.write(
            f"Sources: {len(results)} checked, {new} new article(s), {len(failed)} failed"
        )
        for result in results:
            poll, checked = result.poll, result.source
            state = (
                "not modified" if poll.not_modified
                else f"{poll.items} entries, {poll.new_items} new"
            )
            line = f"  #{checked.pk} {checked.name}: {poll.error or state}"
            if not checked.active and checked.disabled_reason:
                line += f" (switched off: {checked.disabled_reason})"
            self.stdout.write(line)
