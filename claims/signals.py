"""Signal receivers: only what every write path must do, whoever writes.

Deleting a checked claim (admin, queryset, shell) sets the nearest check of
the claims that resembled it to NULL but keeps their cosine, a raise in the
queue with no reason shown; once the delete commits, those claims are ranked
again against the remaining library (`claims_rank_orphaned_by_library`).
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import CheckedClaim

# Set by a delete, cleared by the first re-rank after it: deleting a source's
# thousands of checks ranks the claims once, not once per check.
_rank_pending = threading.local()


@receiver(post_delete, sender=CheckedClaim, dispatch_uid="claims.checked_claim_deleted")
def checked_claim_deleted(sender, instance, using, **kwargs) -> None:
    """Rank the claims that resembled the deleted check once it commits."""
    _rank_pending.value = True
    # robust: the delete has committed; a failed re-rank is logged, and the
    # next delete ranks the claims again.
    transaction.on_commit(_rank_orphaned, using=using, robust=True)


def _rank_orphaned() -> None:
    if not getattr(_rank_pending, "value", False):
        return
    _rank_pending.value = False
    from .services import claims_rank_orphaned_by_library

    claims_rank_orphaned_by_library()
