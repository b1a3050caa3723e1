"""Writes of the sources app (HackSoft's layout: one module per entity)."""

from .evidence import (  # noqa: F401
    evidence_archive,
    evidence_archive_soon,
    evidence_archived_copy,
    evidence_recheck,
    evidence_recheck_due,
    text_similarity,
)
from .fetches import (  # noqa: F401
    PAGE_DUPLICATE,
    PAGE_FAILED,
    URL_REQUIRED,
    article_awaits_page,
    article_fetch_page,
    article_find_by_url,
    article_submit_url,
    url_normalize,
)
from .polls import (  # noqa: F401
    SOURCE_SWITCHED_OFF,
    PollResult,
    source_create,
    source_poll,
    source_poll_soon,
    source_switch,
    sources_due,
    sources_poll_due,
)
from .transcripts import (  # noqa: F401
    article_submit_transcript,
    article_transcript,
    claims_set_times,
    transcript_speakers,
)
