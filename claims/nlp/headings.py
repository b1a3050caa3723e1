"""What becomes of the claims of headlines and section headings.

A heading stays a claim in the article (the article view shows it), but two
kinds never join the queue, whatever their score:

- A headline that repeats a claim of the body ("Ferry Fares Rise by a
  Third" over "The harbour board said ferry fares would rise by a third"):
  it is linked to that claim (``repeats``, the body claim's index) and the
  body claim, with its speaker and context, is the one checked.
- A section heading inside the article that names no speaker ("The Fare
  Gap Widens"): a title for the paragraphs under it, whose claims are
  their own.

"Repeats" is decided by word overlap, not by embedding: extraction has no
vectors, and overlap is easy to explain to a desk. Most of the heading's
content words (stop words left out, a plural's "s" dropped, words cut to
their first five letters so that "Russia" meets "Russian") must be in the
body claim's sentence, and the two speakers, when both have one, must
share a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS

from claims.nlp.layout import Paragraph
from claims.nlp.types import ExtractedClaim

REPEATS_REASON = "repeats a claim in the article's body, which is checked instead"
HEADING_REASON = "a section heading naming no speaker; the claims are in the section"
HELD_BACK_REASONS = (REPEATS_REASON, HEADING_REASON)
MIN_SHARE = 0.6  # of the heading's content words found in the body claim
MIN_SHARED = 3  # words in common: "Prayers" alone repeats nothing
STEM = 5
WORD = re.compile(r"\w[\w.'’-]*\w|\w")


def content_words(text: str) -> set[str]:
    """Return the stems of text's content words: lower case, stop words out."""
    words = set()
    for word in WORD.findall(text.lower()):
        word = re.sub(r"['’]s$", "", word).strip(".")
        if word and word not in STOP_WORDS:
            if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
                word = word[:-1]  # "fares", "fare"
            words.add(word[:STEM])
    return words


def mark_headings(
    claims: Sequence[ExtractedClaim], paragraphs: Sequence[Paragraph], text: str
) -> list[ExtractedClaim]:
    """Return claims with headings' repeats linked and section headings held back."""
    headings = [p for p in paragraphs if p.heading]
    if not headings:
        return list(claims)
    in_heading = [_paragraph(claim, headings) for claim in claims]
    body = [i for i, paragraph in enumerate(in_heading) if paragraph is None]
    marked = list(claims)
    for index, paragraph in enumerate(in_heading):
        if paragraph is None:
            continue
        claim = claims[index]
        repeated = _repeated(claim, [claims[i] for i in body], text)
        if repeated is not None:
            marked[index] = replace(
                claim,
                repeats=body[repeated],
                held_back=REPEATS_REASON,
                checkworthiness=0.0,
                reasons=[REPEATS_REASON],
            )
        elif not paragraph.first and claim.speaker is None and claim.cue is None:
            marked[index] = replace(
                claim, held_back=HEADING_REASON, checkworthiness=0.0, reasons=[HEADING_REASON]
            )
    return marked


def _paragraph(claim: ExtractedClaim, headings: Sequence[Paragraph]) -> Paragraph | None:
    return next(
        (p for p in headings if p.start <= claim.start < p.start + len(p.text)), None
    )


def _repeated(heading: ExtractedClaim, body: Sequence[ExtractedClaim], text: str) -> int | None:
    """Return the index in body of the claim heading repeats, if one does.

    The heading's words are looked for in the body claim's whole sentence
    (its speaker and verb too: "Russia Says ..." and "Russia's ministry
    said ..."); of two claims in one sentence, the closer content wins.
    """
    words = content_words(heading.text)
    if not words:
        return None
    best, best_key = None, (0.0, 0.0)
    for index, claim in enumerate(body):
        if not _same_speaker(heading, claim):
            continue
        shared = len(words & content_words(text[claim.start : claim.end]))
        key = (shared / len(words), len(words & content_words(claim.text)) / len(words))
        if shared >= MIN_SHARED and key[0] >= MIN_SHARE and key > best_key:
            best, best_key = index, key
    return best


def _same_speaker(heading: ExtractedClaim, claim: ExtractedClaim) -> bool:
    """Return whether two claims may have one speaker ("Russia", "Russia's ministry")."""
    if heading.speaker is None or claim.speaker is None:
        return True
    return bool(
        content_words(heading.speaker.canonical) & content_words(claim.speaker.canonical)
    )
