from django.core.management.base import BaseCommand, CommandError

from claims.demo import demo_load


class Command(BaseCommand):
    help = "Create demo accounts and load the demo article (development only)."

    def handle(self, *args, **options):
        try:
            accounts, article = demo_load()
        except PermissionError as exc:
            raise CommandError(str(exc)) from exc
        article.refresh_from_db()
        self.stdout.write(
            f"Demo article #{article.pk}: {article.status}, {article.claims.count()} claims"
        )
        self.stdout.write("Demo accounts (development only):")
        for account in accounts:
            self.stdout.write(f"  {account.role:<14} {account.username} / {account.password}")
