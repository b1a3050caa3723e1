"""Web views: thin adapters around services and selectors, by area.

Every view needs login and a role (a permission of the role's group); the
services check the rules again and their refusals become messages or form
errors. Forms that keep the user on the claim workspace are sent by htmx,
which swaps in the workspace from the page the view redirects to; without
JavaScript the same forms post and redirect as usual.

In the order a fact-checker meets them: common (messages, roles, refusals),
desk (the queue and taking claims), workspace (the claim page and every
action on it), articles (submit, progress, retry), overview (search and the
dashboard). urls.py names them as views.<name>.
"""

from .articles import (  # noqa: F401  (re-exported)
    article_detail,
    article_list,
    article_progress,
    article_retry,
    article_status,
    article_submit,
)
from .common import (  # noqa: F401  (re-exported)
    ARTICLE_ALREADY_SUBMITTED,
    ASSIGNABLE,
    ATTRIBUTION_SAVED,
    CLAIM_ASSIGNED,
    CLAIM_PINNED,
    CLAIM_RELEASED,
    CLAIM_REQUEUED,
    CLAIM_SKIPPED,
    CLAIM_TAKEN,
    CLAIM_UNPINNED,
    DESK_ROLES,
    EDITOR,
    EVIDENCE_ADDED,
    EVIDENCE_REMOVED,
    FACT_CHECKER,
    QUEUE_EMPTY,
    QUEUE_PAGE_SIZE,
    REFUSALS,
    RELATION_DECIDED,
    REQUEUEABLE,
    ROLE_REQUIRED,
    SEARCH_PAGE_SIZE,
    SKIPPABLE,
    STATEMENT_TAKEN,
    VERDICT_ADOPTED,
    VERDICT_CORRECTED,
    VERDICT_SAVED,
    attempt,
    refusal,
    role_required,
)
from .desk import (  # noqa: F401  (re-exported)
    claim_take,
    claim_take_next,
    claim_take_statement,
    desk,
    desk_queue,
    id_param,
    queue_context,
    state_counts,
    with_checked_before,
)
from .overview import (  # noqa: F401  (re-exported)
    dashboard,
    search,
)
from .workspace import (  # noqa: F401  (re-exported)
    VERDICT_ACTIONS,
    claim_assign,
    claim_attribution,
    claim_detail,
    claim_pin,
    claim_release,
    claim_requeue,
    claim_skip,
    claim_verdict,
    evidence_add,
    evidence_remove,
    library_match_decide,
    link_decide,
    relation_decide,
    verdict_action,
    verdict_adopt,
    verdict_correct,
    visible_verdict,
    workspace,
    workspace_claim,
    workspace_form,
)
