"""`manage.py embed_multilingual`: give claims and checks that have none their
multilingual vector (issue #26), e.g. after an import or an upgrade."""

from django.core.management.base import BaseCommand

from claims.models import Claim
from claims.services.multilingual import (
    checked_claims_embed_multilingual,
    claims_store_multilingual_vectors,
)


class Command(BaseCommand):
    help = "Store the multilingual vectors (USE multilingual v3) that claims and checks lack."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=256, help="texts per batch (256)")
        parser.add_argument("--limit", type=int, default=None, help="at most N of each")

    def handle(self, *args, batch, limit, **options):
        claims_done, last = 0, 0
        missing = Claim.objects.filter(multilingual_row__isnull=True).order_by("pk")
        while limit is None or claims_done < limit:
            size = batch if limit is None else min(batch, limit - claims_done)
            claims = list(missing.filter(pk__gt=last)[:size])
            if not claims:
                break
            last = claims[-1].pk  # an empty claim is skipped, never asked again
            claims_done += claims_store_multilingual_vectors(claims=claims)
        checks = checked_claims_embed_multilingual(batch=batch, limit=limit)
        self.stdout.write(f"Multilingual vectors stored: {claims_done} claims, {checks} checks.")
