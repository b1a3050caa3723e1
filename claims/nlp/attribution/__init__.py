"""Attribution: who said what, marked on a spaCy Doc.

The rules are lexical plus dependency-based so that they carry over from
the demo to news in general (PolNeAR-style attribution): a few dozen
reporting verbs by lemma, "according to", hedges such as "reportedly",
quotation marks, headline conventions and outlet credits.

``pipeline.py`` holds the component and its rules, ``lexicon.py`` the word
lists and ``records.py`` what the rules find.
"""

from claims.nlp.attribution.pipeline import (
    ATTRIBUTION_FACTORY,
    SENTENCE_GUARD,
    ClaimAttribution,
    find_quotes,
    keep_clauses_whole,
    make_claim_attribution,
)
from claims.nlp.attribution.records import Attribution, Quote

__all__ = [
    "ATTRIBUTION_FACTORY",
    "SENTENCE_GUARD",
    "Attribution",
    "ClaimAttribution",
    "Quote",
    "find_quotes",
    "keep_clauses_whole",
    "make_claim_attribution",
]
