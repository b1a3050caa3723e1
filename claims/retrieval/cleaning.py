"""Query cleaning for social-media text: links, handles, hashtags, signatures.

A tweet as CheckThat! (and most embed codes) give it ends with a signature,
`— Display Name (@handle) January 6, 2020`. The display name often names the
person the checked claim is about ("Trump tweeted ..."), so it is kept as a
field; the handle and the date are metadata. Links carry no words a checked
claim shares, and `#CamelCase` tags and `@handles` are split into words.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

from claims.retrieval.datasets import parse_date

# `— Name (@handle) January 6, 2020` at the very end. The date may be cut
# short in the source data ("December 14, 201"), and the dash may be a hyphen.
_SIGNATURE = re.compile(
    r"\s*[—–-]\s*(?P<author>[^—–\n]{0,80}?)\s*\(@(?P<handle>\w{1,30})\)"
    r"\s*(?P<date>[A-Z][a-z]+\.? \d{1,2}, ?\d{0,4})?\s*$"
)
# Links, including `pic.twitter.com/...` glued to the preceding word. A link
# stops at "#": tweets glue hashtags to links far more often than fragments.
_LINK = re.compile(r"(?:https?://|www\.)[^\s#]+|pic\.twitter\.com/\w+", re.IGNORECASE)
_VIA_HANDLE = re.compile(r"\bvia @\w+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})")
_HASHTAG = re.compile(r"#(\w+)")
# Camel case: "AustralianFires" -> "Australian Fires", "Tokyo2020" -> "Tokyo 2020";
# "COVID19" stays whole (a year has 3+ digits).
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-zA-Z])(?=\d{3,})")
_REAL = re.compile(r"^real(?=[A-Z])")  # @realDonaldTrump
# Emoji and other pictographs: the encoder maps them to [UNK].
_SYMBOLS = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\ufe0f\u200d]+"
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Post:
    """A social-media text split into its body and its signature."""

    body: str  # the text without the signature, links, emoji; tags split into words
    author: str = ""  # the display name in the signature, e.g. "Ilhan Omar"
    handle: str = ""  # without the @
    date: datetime.date | None = None

    @property
    def text(self) -> str:
        """Return the body followed by the author's name, the form retrieval uses."""
        return f"{self.body} {self.author}".strip() if self.author else self.body


def parse_post(text: str) -> Post:
    """Return the cleaned body and the signature fields of a social-media text."""
    author = handle = ""
    date = None
    signature = _SIGNATURE.search(text)
    if signature:
        text = text[: signature.start()]
        author = clean_words(signature["author"])
        handle = signature["handle"]
        date = parse_date(signature["date"] or "")
    return Post(body=clean_words(text), author=author, handle=handle, date=date)


def clean_words(text: str) -> str:
    """Return text without links and emoji, with tags and handles split into words."""
    text = _LINK.sub(" ", html.unescape(text))
    text = _VIA_HANDLE.sub(" ", text)
    text = _HASHTAG.sub(lambda tag: " " + split_camel_case(tag[1]) + " ", text)
    text = _HANDLE.sub(lambda handle: split_camel_case(_REAL.sub("", handle[1])), text)
    text = _SYMBOLS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def split_camel_case(word: str) -> str:
    """Return `AustralianFires` as `Australian Fires`, `real_name` as `real name`."""
    return _CAMEL.sub(" ", word).replace("_", " ")


def clean_query(text: str, *, keep_author: bool = True) -> str:
    """Return the text retrieval should use for a query (see `parse_post`)."""
    post = parse_post(text)
    return post.text if keep_author else post.body
