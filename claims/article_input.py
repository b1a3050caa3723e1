"""Turn what people paste or upload into article text, or say clearly why not.

Every check raises ArticleInputError with a message meant for the person who
submitted the article; the web form, the API and the CLI show it as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings

ARTICLE_EMPTY = "The article text is empty. Paste the article or upload a .txt or .html file."
ARTICLE_TOO_LONG = (
    "The article is {length:,} characters long; the limit is {limit:,}. "
    "Split it into several articles."
)
UPLOAD_TOO_LARGE = "The file is {size:,} bytes; the limit is {limit:,} bytes."
UPLOAD_BINARY = (
    "{name} looks like a {kind} file, not text. Upload a .txt or .html file "
    "(for a PDF, copy its text and paste it)."
)
UPLOAD_NOT_UTF8 = (
    "{name} is not valid UTF-8 text (byte 0x{byte:02x} at position {position:,}). "
    "Save it as UTF-8 and upload it again."
)
UPLOAD_UNSUPPORTED = "{name}: only .txt, .html and .htm files can be uploaded."
HTML_NO_TEXT = "No article text could be found in the HTML of {name}."
ARTICLE_NOT_ENGLISH = (
    "This text does not look like English. Claim extraction supports English "
    "articles only for now."
)

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")

# Magic numbers of formats people upload by mistake.
BINARY_SIGNATURES = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP or Office document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "Word or Excel document",
    b"\x7fELF": "program",
}

ENGLISH_STOPWORDS = frozenset(
    "the of and to a in is that for on was with as it by at from said be has have "
    "are were his her their not but this an or which who will would its they he she "
    "had been after about more than also we i you".split()
)
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


class ArticleInputError(ValueError):
    """The submitted article cannot be used; the message says why."""


@dataclass(frozen=True)
class DecodedUpload:
    text: str
    title: str = ""


def decode_upload(*, name: str, data: bytes) -> DecodedUpload:
    """Return the article text inside an uploaded .txt or .html file."""
    limit = settings.CLAIMS_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ArticleInputError(UPLOAD_TOO_LARGE.format(size=len(data), limit=limit))
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ArticleInputError(UPLOAD_BINARY.format(name=name, kind=kind))
    if b"\x00" in data[:8192]:
        raise ArticleInputError(UPLOAD_BINARY.format(name=name, kind="binary"))
    lower = name.lower()
    if not lower.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
        raise ArticleInputError(UPLOAD_UNSUPPORTED.format(name=name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleInputError(
            UPLOAD_NOT_UTF8.format(name=name, byte=data[exc.start], position=exc.start)
        ) from exc
    if lower.endswith(HTML_SUFFIXES):
        return html_to_article(text, name=name)
    return DecodedUpload(text=text)


def html_to_article(html: str, *, name: str = "the page") -> DecodedUpload:
    """Reduce an HTML page to its main text (scripts, menus, ads removed)."""
    import trafilatura  # slow import; only HTML uploads need it

    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    text = (document.text if document else "") or ""
    if not text.strip():
        raise ArticleInputError(HTML_NO_TEXT.format(name=name))
    return DecodedUpload(text=text, title=(document.title or "") if document else "")


def clean_article_text(text: str) -> str:
    """Return the text to store, or raise ArticleInputError.

    Line endings are unified and stray control characters removed so that the
    stored text is exactly what every claim span points into.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    ).strip()
    if not text:
        raise ArticleInputError(ARTICLE_EMPTY)
    limit = settings.CLAIMS_MAX_ARTICLE_CHARS
    if len(text) > limit:
        raise ArticleInputError(ARTICLE_TOO_LONG.format(length=len(text), limit=limit))
    if not looks_english(text):
        raise ArticleInputError(ARTICLE_NOT_ENGLISH)
    return text


def looks_english(text: str) -> bool:
    """Guess whether text is English from its share of common English words.

    Running prose in English has 30-50% stopwords; other languages in Latin
    script stay well under 10%, and other scripts near 0%. Short snippets are
    given the benefit of the doubt.
    """
    words = [w.lower() for w in WORD_RE.findall(text[:20_000])]
    if len(words) < 12:
        return True
    share = sum(w in ENGLISH_STOPWORDS for w in words) / len(words)
    return share >= 0.12
