"""Turn what people paste or upload into article text, or say clearly why not.

Every check raises ArticleInputError with a message meant for the person who
submitted the article; the web form, the API and the CLI show it as it is.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .models import Article
from .nlp.language import LanguageGuess, accepted_list, detect_language

ARTICLE_EMPTY = (
    "The article text is empty. Paste the article, upload a .txt or .html file, or give its "
    "URL alone to have the page fetched."
)
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
ARTICLE_LANGUAGE_UNSUPPORTED = (
    "This text looks like {language}, a language claims cannot be extracted from or matched "
    "in. Accepted languages: {accepted}."
)
ARTICLE_NO_WORDS = (
    "The text has no words (only emoji, digits, punctuation or symbols), so there "
    "are no claims to extract from it. Paste the article's text."
)
ARTICLE_MOSTLY_CONTROL = (
    "{count:,} of the text's {length:,} characters are control characters (such as NUL): "
    "this looks like binary data, not an article. Paste or upload the article as plain text."
)
UPLOAD_UTF16_NO_BOM = (
    "{name} looks like UTF-16 text without a byte-order mark. Save it as UTF-8 and upload "
    "it again."
)
UPLOAD_BAD_UNICODE = (
    "{name} starts with a {encoding} byte-order mark but is not valid {encoding} "
    "({reason}). Save it as UTF-8 and upload it again."
)
FIELD_TOO_LONG = "The {label} is {length:,} characters long; the limit is {limit:,}."
DATE_INVALID = (
    "The publication date must be a real day written YYYY-MM-DD, such as 2024-05-31; "
    "{value} is not."
)
URL_INVALID = (
    "Enter a valid URL: the URL must be a web address starting with http:// or https://, "
    "without spaces or invisible characters."
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
    b"\x1f\x8b": "gzip archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"Rar!": "RAR archive",
    b"MZ\x90\x00": "Windows program",
}
# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# A pasted binary file, not an article, when more than this share of its
# characters are control characters (a stray NUL or two is just removed).
MAX_CONTROL_SHARE = 0.1
# Invisible characters removed from text and metadata: zero-width space, word
# joiner, BOM, soft hyphen, and the bidi embeddings, overrides and isolates
# that can make a title or claim display reversed ("Trojan Source"). LRM/RLM,
# ZWJ (emoji) and ZWNJ (Persian) are kept.
INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e"
             "\u2066\u2067\u2068\u2069"),
    None,
)
SURROGATES = re.compile("[\ud800-\udfff]")
# Metadata fields and how a message names them; limits are the model's.
METADATA_LABELS = {
    "title": "title",
    "outlet": "outlet",
    "url": "URL",
    "author": "author",
    "language": "language code",
}

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


class ArticleInputError(ValueError):
    """The submitted article cannot be used; the message says why.

    field names the metadata field at fault ("title", "url"...), if one is.
    """

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


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
    lower = name.lower()
    if not has_bom(data):
        head = data[:8192]
        if b"\x00" in head:
            if looks_utf16(head):
                raise ArticleInputError(UPLOAD_UTF16_NO_BOM.format(name=name))
            raise ArticleInputError(UPLOAD_BINARY.format(name=name, kind="binary"))
    if not lower.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
        raise ArticleInputError(UPLOAD_UNSUPPORTED.format(name=name))
    text = decode_text(data, name=name)
    if lower.endswith(HTML_SUFFIXES):
        return html_to_article(text, name=name)
    return DecodedUpload(text=text)


def has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _, _ in BOMS)


def looks_utf16(head: bytes) -> bool:
    """Whether bytes read like UTF-16 without a BOM: NUL in every other byte."""
    even, odd = head[0::2], head[1::2]
    return len(head) >= 8 and (even.count(0) > 0.8 * len(even) or odd.count(0) > 0.8 * len(odd))


def decode_text(data: bytes, *, name: str) -> str:
    """Decode a text file: UTF-8, or UTF-16 / UTF-32 when it starts with a BOM."""
    for bom, codec, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleInputError(
                    UPLOAD_BAD_UNICODE.format(name=name, encoding=encoding, reason=exc.reason)
                ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleInputError(
            UPLOAD_NOT_UTF8.format(name=name, byte=data[exc.start], position=exc.start)
        ) from exc


def html_to_article(html: str, *, name: str = "the page") -> DecodedUpload:
    """Reduce an HTML page to its main text (scripts, menus, ads removed)."""
    import trafilatura  # slow import; only HTML uploads need it

    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    text = (document.text if document else "") or ""
    if not text.strip():
        raise ArticleInputError(HTML_NO_TEXT.format(name=name))
    title = " ".join(clean_line((document.title or "") if document else "").split())
    # A page title too long to be a headline is dropped (the first line is
    # used instead), not cut and not a reason to refuse the page.
    limit = Article._meta.get_field("title").max_length
    return DecodedUpload(text=text, title=title if len(title) <= limit else "")


def clean_article_text(text: str) -> str:
    """Return the text to store, or raise ArticleInputError.

    Line endings are unified, and stray control characters, lone surrogates
    and invisible formatting characters (INVISIBLE) removed, so that the
    stored text is exactly what every claim span points into and nothing
    reaches PostgreSQL that it refuses (NUL). Text that is mostly control
    characters is refused as binary data; text without a single letter is
    refused as having no words, and text in a language that cannot be
    embedded is refused naming it (article_language).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = SURROGATES.sub("", text).translate(INVISIBLE)
    length = len(text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    controls = length - len(text)
    text = text.strip()
    if not text:
        raise ArticleInputError(ARTICLE_EMPTY)
    if controls > MAX_CONTROL_SHARE * length:
        raise ArticleInputError(ARTICLE_MOSTLY_CONTROL.format(count=controls, length=length))
    limit = settings.CLAIMS_MAX_ARTICLE_CHARS
    if len(text) > limit:
        raise ArticleInputError(ARTICLE_TOO_LONG.format(length=len(text), limit=limit))
    if not WORD_RE.search(text):
        raise ArticleInputError(ARTICLE_NO_WORDS)
    article_language(text)  # raises for a language we cannot embed
    return text


def clean_published_on(value) -> datetime.date | None:
    """Return the publication date, or raise ArticleInputError.

    Accepts a date or the text YYYY-MM-DD (what a date input sends), for a
    day that exists: 2026-02-30, year 0 or year 99999 are refused.
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    shown = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ArticleInputError(DATE_INVALID.format(value=shown[:40]), field="published_on")


def clean_article_metadata(
    *, title: str = "", outlet: str = "", url: str = "", author: str = "", language: str = ""
) -> dict[str, str]:
    """Return the article's metadata as stored, or raise ArticleInputError.

    The web form, the API and the CLI all call this, so they agree. Control
    characters (NUL included), lone surrogates and invisible characters are
    removed and runs of whitespace become one space; a value over its model
    field's max_length is refused, never cut. A URL must be an http(s) web
    address (https:// is assumed when no scheme is given).
    """
    values = {"title": title, "outlet": outlet, "url": url, "author": author,
              "language": language}
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        value = value or ""
        if not isinstance(value, str):
            raise ArticleInputError(
                f"The {METADATA_LABELS[name]} must be text, not {type(value).__name__}.",
                field=name,
            )
        if name == "url":
            value = value.strip()
            if value and any(
                ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in value
            ):
                raise ArticleInputError(URL_INVALID, field=name)
        else:
            value = " ".join(clean_line(value).split())
        limit = Article._meta.get_field(name).max_length
        if len(value) > limit:
            raise ArticleInputError(
                FIELD_TOO_LONG.format(label=METADATA_LABELS[name], length=len(value), limit=limit),
                field=name,
            )
        if name == "url" and value:
            if "://" not in value and ":" not in value.split("/", 1)[0]:
                value = "https://" + value
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError as exc:
                raise ArticleInputError(URL_INVALID, field=name) from exc
            if len(value) > limit:  # "https://" made it too long
                raise ArticleInputError(
                    FIELD_TOO_LONG.format(label="URL", length=len(value), limit=limit),
                    field=name,
                )
        cleaned[name] = value
    return cleaned


def clean_line(value: str) -> str:
    """Remove what must not be stored in a one-line field: control characters,
    lone surrogates and invisible formatting characters."""
    value = SURROGATES.sub("", value).translate(INVISIBLE)
    return "".join(
        " " if ch in "\n\r\t" else ch for ch in value
        if ch in "\n\r\t" or unicodedata.category(ch) != "Cc"
    )


def article_language(text: str) -> LanguageGuess:
    """Return the language text is written in, or raise ArticleInputError
    naming it when it is not one of the accepted languages (issue #26).

    An uncertain guess is returned as the most likely accepted language,
    flagged (LanguageGuess.uncertain).
    """
    guess = detect_language(text)
    if not guess.accepted:
        raise ArticleInputError(
            ARTICLE_LANGUAGE_UNSUPPORTED.format(language=guess.name, accepted=accepted_list())
        )
    return guess
