"""Articles, the attributable claims extracted from them, and their verdicts.

In the order a claim lives:
- articles: Article (as submitted) and Speaker (who claims are attributed to);
- claims: Claim (queue state, priority), its vectors (ClaimEmbedding,
  ClaimMultilingualEmbedding), ClaimSkip and ClaimRelation (related claims);
- verdicts: Verdict, its Evidence, VerdictStatusChange and VerdictRevision;
- moderation: ModerationLog;
- library: CheckedClaim (the library of checked claims) and LibraryMatch.
"""

from .articles import Article, Speaker
from .claims import (
    LIBRARY_FLOOR,
    LIBRARY_PUSH,
    Claim,
    ClaimEmbedding,
    ClaimMultilingualEmbedding,
    ClaimRelation,
    ClaimSkip,
    library_push,
)
from .library import CheckedClaim, LibraryMatch
from .moderation import ModerationLog
from .verdicts import Evidence, Verdict, VerdictRevision, VerdictStatusChange

__all__ = [
    "LIBRARY_FLOOR",
    "LIBRARY_PUSH",
    "Article",
    "CheckedClaim",
    "Claim",
    "ClaimEmbedding",
    "ClaimMultilingualEmbedding",
    "ClaimRelation",
    "ClaimSkip",
    "Evidence",
    "LibraryMatch",
    "ModerationLog",
    "Speaker",
    "Verdict",
    "VerdictRevision",
    "VerdictStatusChange",
    "library_push",
]
