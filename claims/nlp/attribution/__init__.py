"""Attribution: who said what, marked on a spaCy Doc.

The rules are lexical plus dependency-based so that they carry over from
the demo to news in general (PolNeAR-style attribution): a few dozen
reporting verbs by lemma, "according to", hedges such as "reportedly",
quotation marks, headline conventions and outlet credits.

The pipeline order is in ``pipeline.py``; each family of constructions has
a module of its own, and every word list is in ``lexicon.py``:

    pipeline    the spaCy component; units, then per unit the order of the rules
    lexicon     word lists and constants
    records     Attribution (the output), Quote, Cue
    spans       token-range helpers shared by every rule
    units       claim units: lines and sentences, merged over quotations
    headlines   headlines, "Name: ...", "Said X:", dash credits
    casing      Title Case headlines parsed as a sentence-cased copy (a component of its own)
    quotes      quotations, and which cue a quotation belongs to
    reporting   reporting verbs, passives, refusals, light verbs
    nouns       cues that are nouns or adjectives ("his claim that", "confident that")
    hedges      "seemed to", "it appears that", "was charged with"
    according   "according to X"
    outlets     news outlets credited rather than quoted
    questions   questions put to a speaker ("Asked whether ...")
    speakers    which token speaks, where the parser put it elsewhere
    sources     the source's mention, role and phrase as written
    contents    the content of a cue without a quotation
    nesting     one attribution per token: cues inside another's content
"""

from claims.nlp.attribution.casing import HEADLINE_CASE, HeadlineCase
from claims.nlp.attribution.pipeline import (
    ATTRIBUTION_FACTORY,
    SENTENCE_GUARD,
    ClaimAttribution,
    keep_clauses_whole,
    make_claim_attribution,
)
from claims.nlp.attribution.quotes import find_quotes
from claims.nlp.attribution.records import Attribution, Quote

__all__ = [
    "ATTRIBUTION_FACTORY",
    "HEADLINE_CASE",
    "HeadlineCase",
    "SENTENCE_GUARD",
    "Attribution",
    "ClaimAttribution",
    "Quote",
    "find_quotes",
    "keep_clauses_whole",
    "make_claim_attribution",
]
