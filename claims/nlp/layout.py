"""An article's layout: which paragraphs may hold claims, and which are page furniture.

Text only, before any parsing. ``claim_paragraphs`` cuts an article into
paragraphs (one a line) and leaves out the lines that are about the article
rather than part of it; a dateline opening a paragraph is cut off the
paragraph, so no claim's sentence or content starts with it. Each kind of
line is described below with an example of our own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A reading list: a heading ("Related coverage", "Read more:") and the list
# items under it ("- Harbour Tolls Rise Again") are other articles' headlines.
READING_LIST_HEADING = re.compile(
    r"^(?:(?:recommended|related|suggested|further|more|popular|top|most read|also)"
    r"\b.{0,30}\b(?:reads?|reading|stories|articles|links|coverage|news)"
    r"|read more|see also|also read|you may also like|more on this story)\s*:?$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·▪]|\d{1,2}[.)])\s+")
# A photo caption: "Photo: Ferry passengers wait at the pier." (the picture's
# words, not the article's).
CAPTION = re.compile(
    r"^(?:(?:top|main|lead|featured|header|feature|cover)\s+)?"
    r"(?:image|photo|picture|photograph|caption|pictured|video)s?(?:\s+credit)?\s*:",
    re.IGNORECASE,
)
# A photo credit closing a line: "... at the pier. (Harbour Photo/Lena Berg)",
# or a credit alone: "Lena Berg/Getty Images", "AP Photo/Lena Berg".
PHOTO_CREDIT = re.compile(
    r"\((?:[^()]*/)?\s*[^()]*(?:photo|image|getty|file)[^()]*\)\s*$", re.IGNORECASE
)
PHOTO_CREDIT_LINE = re.compile(
    r"^(?:[\w.'’ -]{1,40}(?:/|\bvia\b)\s*)?"
    r"(?:getty images|ap photo|afp photo|reuters photo|shutterstock)\b[\w.'’/ -]{0,40}$"
    r"|^[\w.'’ -]{1,40}/\s*(?:ap|afp|reuters|epa|ap images)\.?$",
    re.IGNORECASE,
)
# A credit line: "Reporting by Tom Ash; Editing by Ida Moss", "Copyright
# 2026 The Harbour Herald", "Follow Lena Berg on Twitter @lenaberg".
CREDIT_LINE = re.compile(
    r"^(?:written by|reporting by|reported by|edited by|additional reporting by"
    r"|photos? by|co-?authored by|translated by|(?:©|\(c\))|copyright|all rights reserved"
    r"|follow [\w .'’-]{1,40} on (?:twitter|x|facebook|instagram)"
    r"|contact (?:the )?(?:author|reporter|writer)|write to \S+ at)\b",
    re.IGNORECASE,
)
# "By" opens many sentences ("By noon, the fare had doubled"): a byline is
# "By" and a few capitalised names, maybe a title after a comma or a bar.
BYLINE = re.compile(
    r"^(?:By|BY)\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|der)){0,5}"
    r"(?:\s*[,|]\s*[^.!?]{0,60})?$"
)
# The same credits in brackets at a line's end or alone: "(Reporting by Tom
# Ash; Additional reporting by Ida Moss; Editing by Ben Ott)".
CREDIT_BRACKETS = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\b.*$",
    re.IGNORECASE,
)
# A contributor line: "--additional reporting from Ida Moss",
# "Tom Ash and Ida Moss contributed reporting.", "Ida Moss contributed to
# this report."
CONTRIBUTOR_LINE = re.compile(
    r"^(?:[-–—―]+\s*)?(?:with\s+)?additional\s+reporting\b|^contributing:"
    r"|\bcontributed\s+(?:reporting|to\s+(?:this|the)\s+(?:report|story|article))\b"
    r"|^[\w.'’ ,-]{0,80}\b(?:is|are)\s+(?:a|an|the)\s+(?:staff\s+)?"
    r"(?:reporter|correspondent|writer|editor)s?\s+(?:for|at|with)\b.{0,60}$",
    re.IGNORECASE,
)
MAX_CREDIT_LINE_CHARS = 120
# A dateline opening a paragraph: "OSLO ― ...", "HARBOUR CITY, Maine (Herald) - ...",
# "LONDON, Dec 5 (Reuters) - ...": a place in capitals, maybe a region and a
# date, maybe the agency in brackets, then a dash (or a colon).
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2})"  # OSLO, NEW YORK, ST. PAUL
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}\.?)?"  # , Maine / , N.Y.
    r"(?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?))?"  # Dec 5
    r"(?:\s*\([^()]{2,40}\))?"  # (Reuters)
    r"\s*[-–—―]+\s+"
)
# The same credits closing the last paragraph: "... he said. (Reporting by
# Tom Ash; Editing by Ben Ott)" is cut off the paragraph.
TRAILING_CREDIT = re.compile(
    r"\s*\((?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()]*\)\s*$",
    re.IGNORECASE,
)
# A headline or a section heading: a short line without a full stop ("The
# Fare Gap Widens"); the first paragraph's is the article's headline.
MAX_HEADING_WORDS = 14
HEADING_END = frozenset(".!?:;,\"”’'…)")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph that may hold claims."""

    start: int  # offset in the article text
    text: str  # == article[start : start + len(text)]
    heading: bool = False  # a headline or section heading
    first: bool = False  # the article's first paragraph


@dataclass(frozen=True)
class LeftOut:
    """A line that holds no claim of the article's, and why."""

    start: int
    text: str
    kind: str  # "reading list", "caption", "photo credit", "byline", "contributor line"


def claim_paragraphs(text: str) -> Iterator[Paragraph]:
    """Yield the article's paragraphs that may hold claims, datelines cut off."""
    for item in read_layout(text):
        if isinstance(item, Paragraph):
            yield item


def read_layout(text: str) -> Iterator[Paragraph | LeftOut]:
    """Yield every non-empty line as a Paragraph or as a LeftOut line.

    A left-out dateline is yielded before the rest of its paragraph.
    """
    offset = 0
    in_reading_list = False
    first = True
    for line in text.split("\n"):
        start = offset + len(line) - len(line.lstrip())
        paragraph = line.strip()
        offset += len(line) + 1
        if not paragraph:
            continue
        if READING_LIST_HEADING.match(paragraph):
            in_reading_list = True
            yield LeftOut(start, paragraph, "reading list")
            continue
        if in_reading_list and LIST_ITEM.match(paragraph):
            yield LeftOut(start, paragraph, "reading list")
            continue
        in_reading_list = False
        kind = furniture(paragraph)
        if kind is not None:
            yield LeftOut(start, paragraph, kind)
            continue
        dateline = DATELINE.match(paragraph)
        if dateline is not None and dateline.end() < len(paragraph):
            yield LeftOut(start, paragraph[: dateline.end()], "dateline")
            start += dateline.end()
            paragraph = paragraph[dateline.end() :]
        credit = TRAILING_CREDIT.search(paragraph)
        if credit is not None and credit.start() > 0:
            paragraph, cut = paragraph[: credit.start()], paragraph[credit.start() :]
            yield Paragraph(start, paragraph, heading=is_heading(paragraph), first=first)
            yield LeftOut(start + len(paragraph), cut, "byline")
        else:
            yield Paragraph(start, paragraph, heading=is_heading(paragraph), first=first)
        first = False


def furniture(paragraph: str) -> str | None:
    """Return what kind of non-claim line paragraph is, or None for a paragraph."""
    if CAPTION.match(paragraph):
        return "caption"
    if PHOTO_CREDIT.search(paragraph) or PHOTO_CREDIT_LINE.match(paragraph):
        return "photo credit"
    if len(paragraph) > MAX_CREDIT_LINE_CHARS:
        return None
    if BYLINE.match(paragraph) or CREDIT_LINE.match(paragraph):
        return "byline"
    if CREDIT_BRACKETS.match(paragraph):
        return "byline"  # "(Reporting by Tom Ash; Editing by Ben Ott)"
    if CONTRIBUTOR_LINE.search(paragraph):
        return "contributor line"
    return None


def is_heading(paragraph: str) -> bool:
    """Return whether a paragraph reads as a headline.

    Short, and either without a closing stop ("The Fare Gap Widens") or in
    Title Case ("Ferry Fares Rise Again."): some feeds end headlines with a
    full stop.
    """
    words = paragraph.split()
    if not 0 < len(words) <= MAX_HEADING_WORDS:
        return False
    if paragraph[-1] not in HEADING_END:
        return True
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)
