"""Reads, by area; everything is re-exported here (`from claims import selectors`)."""

from .articles import article_list, claim_list_for_article  # noqa: F401  (re-exported)
from .audit import FieldChange, HistoryEntry, claim_history  # noqa: F401
from .queue import (  # noqa: F401
    QUEUE_ORDER,
    claim_list_assigned,
    claim_list_queue,
    claim_list_takeable,
    claim_skip_list,
)
from .verdicts import (  # noqa: F401
    VerdictSuggestion,
    verdict_list_for_review,
    verdict_list_suggested,
)
