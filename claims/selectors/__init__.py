"""Reads, by area; everything is re-exported here (`from claims import selectors`)."""

from .access import user_has_newsroom_role  # noqa: F401  (re-exported)
from .articles import article_list, claim_list_for_article, claim_list_statement  # noqa: F401
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
    verdict_is_visible,
    verdict_list_for_review,
    verdict_list_recently_published,
    verdict_list_suggested,
    verdict_list_visible,
)
from .dashboard import (  # noqa: F401
    FactCheckerLoad,
    LinkDecisions,
    RelatedClaim,
    TimeToVerdict,
    claim_count_by_state,
    claim_count_by_state_for_desk,
    claim_list_for_workspace,
    claim_list_marked,
    claim_relation_list,
    dashboard_figures,
    factchecker_load,
    link_decision_counts,
    user_list_factcheckers,
    verdict_count_by_rating,
    verdict_get_standing,
    verdict_time_to_publish,
)
from .search import (  # noqa: F401
    Facet,
    FacetValue,
    article_search,
    claim_search,
    claim_search_facets,
)
from .exports import (  # noqa: F401
    claim_relation_list_visible,
    verdict_get_public_page,
    verdict_list_for_user,
    verdict_list_published,
)
from .related import RelatedMatch, claim_list_related, related_thresholds  # noqa: F401
from .library import (  # noqa: F401
    LibraryHit,
    library_checks_for,
    library_match_list,
    library_search,
    library_thresholds,
)
