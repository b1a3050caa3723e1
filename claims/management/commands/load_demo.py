from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from claims.demo import demo_load
from claims.models import Claim


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
        by_state = Counter(article.claims.values_list("queue_state", flat=True))
        stages = ", ".join(
            f"{by_state[state]} {label.lower()}" for state, label in Claim.QueueState.choices
            if by_state[state]
        )
        if stages:
            self.stdout.write(f"Demo claims by stage: {stages}")
        self.stdout.write("Demo accounts (development only):")
        for account in accounts:
            self.stdout.write(f"  {account.role:<14} {account.username} / {account.password}")
