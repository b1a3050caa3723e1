"""What every view module shares: messages, roles, refusals, form handling."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, gettext_noop

from ..models import Claim
from ..roles import NEWSROOM_PERMISSIONS
from ..services import WorkflowError

# Messages: English here (tests compare them), translated where they are
# shown (gettext at the call, before any .format).
ARTICLE_ALREADY_SUBMITTED = gettext_noop(
    "This text was submitted before; here is the existing article."
)
ROLE_REQUIRED = gettext_noop("Your role does not include this page or action.")
QUEUE_EMPTY = gettext_noop("The queue is empty: there is no claim for you to take.")
CLAIM_TAKEN = gettext_noop("Claim {claim} is yours for {minutes} minutes.")
STATEMENT_TAKEN = gettext_noop(
    "{count} claims of this statement are yours, each under its own lease."
)
CLAIM_SKIPPED = gettext_noop("Claim {claim} skipped: {reason}.")
CLAIM_RELEASED = gettext_noop("Claim {claim} is back in the queue.")
CLAIM_ASSIGNED = gettext_noop("Claim {claim} is assigned to {user}.")
CLAIM_REQUEUED = gettext_noop("Claim {claim} is back in the queue.")
CLAIM_PINNED = gettext_noop("Claim {claim} is pinned to the top of the queue.")
CLAIM_UNPINNED = gettext_noop("Claim {claim} is unpinned.")
ATTRIBUTION_SAVED = gettext_noop("Attribution corrected.")
VERDICT_SAVED = gettext_noop("Verdict draft saved.")
VERDICT_ADOPTED = gettext_noop(
    "Suggested verdict copied into a new draft; review it before submitting."
)
EVIDENCE_ADDED = gettext_noop("Evidence added.")
EVIDENCE_REMOVED = gettext_noop("Evidence removed.")
RELATION_DECIDED = gettext_noop("Related claim marked {decision}.")
VERDICT_CORRECTED = gettext_noop("Verdict corrected; readers see the new revision.")
QUEUE_PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 25

SKIPPABLE = (Claim.QueueState.QUEUED, Claim.QueueState.ASSIGNED)
REQUEUEABLE = (Claim.QueueState.SKIPPED, Claim.QueueState.BELOW_THRESHOLD)
ASSIGNABLE = (*SKIPPABLE, *REQUEUEABLE)

# A role is the permission its group holds; any one of them admits.
DESK_ROLES = NEWSROOM_PERMISSIONS
FACT_CHECKER = ("claims.take_claim",)
EDITOR = ("claims.manage_queue",)


def role_required(*perms: str) -> Callable:
    """Require login, then any one of perms; otherwise answer 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied(gettext(ROLE_REQUIRED))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def refusal(exc: Exception) -> str:
    """Return the readable message of a service's refusal."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


REFUSALS = (PermissionDenied, WorkflowError, ValidationError)


def attempt(request, service: Callable, /, *, success: str = "", **kwargs) -> bool:
    """Call service and say whether it went through; a refusal becomes an
    error message, success the success message."""
    try:
        service(**kwargs)
    except REFUSALS as exc:
        messages.error(request, refusal(exc))
        return False
    if success:
        messages.success(request, gettext(success))
    return True
