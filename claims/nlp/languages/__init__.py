"""Claims by language (issue #26): which extractor reads which language.

English keeps the full pipeline (claims/nlp/extraction.py, unchanged);
French has its own with spaCy's French pipeline (french.py); every other
accepted language gets sentence-level claims with quote and "according to"
attribution (generic.py). SUPPORT says what each does, for the README and
the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.nlp.language import ACCEPTED_LANGUAGES
from claims.nlp.types import ExtractedClaim

if TYPE_CHECKING:
    from spacy.language import Language

FULL = "full"  # the English pipeline
PARSED = "parsed"  # French: a parser, reporting verbs, quotes, outlets
SENTENCES = "sentences"  # sentence claims, quotes and "according to"

SUPPORT = {code: (FULL if code == "en" else PARSED if code == "fr" else SENTENCES)
           for code in ACCEPTED_LANGUAGES}


def extract_claims_in(
    text: str, language: str, *, nlp: Language | None = None
) -> list[ExtractedClaim]:
    """Return the claims of text written in language (an ISO 639-1 code).

    nlp is the English pipeline, used for English only; a language that is
    not accepted is read sentence by sentence like the others.
    """
    if language == "en":
        from claims.nlp.extraction import extract_claims

        return extract_claims(text, nlp=nlp)
    if language == "fr":
        from claims.nlp.languages.french import extract_french_claims

        return extract_french_claims(text)
    from claims.nlp.languages.generic import extract_sentence_claims

    return extract_sentence_claims(text, language)
