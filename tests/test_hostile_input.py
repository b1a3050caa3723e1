"""Hostile input through the web form, the API and the CLI (issue 19, part 4).

One table, three ways in. For every case: no 500, the answer is a sentence a
person understands (it names the field or the problem, never a traceback),
and a refusal adds no Article row. Good input in the same table is stored, so
the test fails if everything were simply refused.
"""

from __future__ import annotations

import datetime
import gzip
import html
import json
import re
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Article

pytestmark = pytest.mark.django_db

SUBMIT = reverse("claims:article_submit")
API = "/api/articles/"
FORM_ENCODED = "application/x-www-form-urlencoded"
GOOD = "The health minister said on Tuesday that 300 new cases were reported in the region."
GOOD2 = "Officials said the bridge would reopen in May after repairs costing $4 million."
GOOD3 = "The mayor told reporters that crime had fallen by 12 percent since last year."
LONG_TITLE_MESSAGE = "The title is 10,000 characters long; the limit is 500."
NO_WORDS = "no words"
BAD_DATE = "must be a real day written YYYY-MM-DD"
EMPTY = "The article text is empty"
NOT_A_PERSON = re.compile(
    r"Traceback|Internal Server Error|Exception|object at 0x|<class |RecursionError|"
    r"DataError|IntegrityError|NoneType|\bNone\b|\\x00",
)


@dataclass
class Case:
    """One row: how the input arrives and what must come back."""

    way: str  # "form", "api" or "cli"
    data: object  # form fields / JSON payload or raw body / {filename: bytes}
    stored: int = 0  # Article rows that must be added
    says: tuple[str, ...] = ()  # what the answer must mention
    content_type: str | None = None  # raw API body: its content type
    status: int | None = None  # expected status when it is not 400 / 2xx
    check: dict = field(default_factory=dict)  # fields of the stored article
    fmt: str = "json"  # API client format when data is a dict


def form(data, stored=0, says=(), **kw):
    return Case("form", data, stored, tuple([says] if isinstance(says, str) else says), **kw)


def api(data, stored=0, says=(), **kw):
    return Case("api", data, stored, tuple([says] if isinstance(says, str) else says), **kw)


def cli(files, stored=0, says=(), **kw):
    return Case("cli", files, stored, tuple([says] if isinstance(says, str) else says), **kw)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def jsonl(*records) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


BINARY = bytes(range(256)) * 4
UTF16_NO_BOM = GOOD.encode("utf-16-le")

CASES = {
    # --- Web form -----------------------------------------------------------
    "form-good": form({"text": GOOD}, stored=1),
    "form-good-metadata": form(
        {"text": GOOD, "title": "Cases rise", "outlet": "Wire", "author": "A. Writer",
         "url": "https://example.org/story", "published_on": "2024-05-01"},
        stored=1, check={"title": "Cases rise", "url": "https://example.org/story",
                         "published_on": datetime.date(2024, 5, 1)},
    ),
    "form-emoji-only": form({"text": "😀🎉🔥 👍👍"}, says=NO_WORDS),
    "form-punctuation-only": form({"text": "?!... --- ;;; !!!"}, says=NO_WORDS),
    "form-digits-only": form({"text": "12345 67890"}, says=NO_WORDS),
    "form-whitespace": form({"text": " \n\t "}, says=EMPTY),
    "form-zero-width-only": form({"text": "\u200b\u200b\u2060"}, says=EMPTY),
    "form-title-10000": form({"text": GOOD, "title": "x" * 10_000}, says=LONG_TITLE_MESSAGE),
    "form-title-500": form({"text": GOOD, "title": "t" * 500}, stored=1),
    "form-outlet-201": form({"text": GOOD, "outlet": "o" * 201}, says=("outlet", "limit is 200")),
    "form-author-301": form({"text": GOOD, "author": "a" * 301}, says=("author", "limit is 300")),
    "form-url-3000": form(
        {"text": GOOD, "url": "https://example.org/" + "a" * 2980}, says=("URL", "limit is 2,000")
    ),
    "form-url-javascript": form({"text": GOOD, "url": "javascript:alert(1)"}, says="URL"),
    "form-url-spaces": form({"text": GOOD, "url": "https://exa mple.org/a b"}, says="URL"),
    "form-url-bidi": form({"text": GOOD, "url": "https://example.org/\u202egpj.exe"}, says="URL"),
    "form-url-no-scheme": form(
        {"text": GOOD, "url": "example.org/story"}, stored=1,
        check={"url": "https://example.org/story"},
    ),
    "form-nul-in-text": form({"text": "The minister\x00 said the tax\x00 would rise."}, stored=1,
                             check={"text": "The minister said the tax would rise."}),
    "form-nul-in-title": form({"text": GOOD, "title": "Cases\x00 rise"}, stored=1,
                              check={"title": "Cases rise"}),
    "form-controls-in-outlet": form({"text": GOOD, "outlet": "Wire\x07\x1b[31m"}, stored=1,
                                    check={"outlet": "Wire[31m"}),
    "form-rtl-override-title": form({"text": GOOD, "title": "Budget \u202eslaer\u202c cut"},
                                    stored=1, check={"title": "Budget slaer cut"}),
    "form-newline-in-title": form({"text": GOOD, "title": "Cases\r\nrise"}, stored=1,
                                  check={"title": "Cases rise"}),
    "form-mostly-control": form({"text": "\x01\x02\x03\x04" * 30 + GOOD},
                                says="control characters"),
    "form-date-feb-30": form({"text": GOOD, "published_on": "2026-02-30"}, says=BAD_DATE),
    "form-date-year-0": form({"text": GOOD, "published_on": "0000-01-01"}, says=BAD_DATE),
    "form-date-year-99999": form({"text": GOOD, "published_on": "99999-01-01"}, says=BAD_DATE),
    "form-200001": form({"text": "a " * 100_000 + "b"}, says="limit is 200,000"),
    "form-long-word": form({"text": GOOD + " " + "x" * 50_000}, stored=1),
    "form-html-in-text": form({"text": "<script>alert(1)</script> " + GOOD}, stored=1),
    "form-upload-utf16le-bom": form({"upload": ("a.txt", b"\xff\xfe" + GOOD.encode("utf-16-le"))},
                                    stored=1, check={"text": GOOD}),
    "form-upload-utf16be-bom": form({"upload": ("a.txt", b"\xfe\xff" + GOOD.encode("utf-16-be"))},
                                    stored=1, check={"text": GOOD}),
    "form-upload-utf32le-bom": form(
        {"upload": ("a.txt", b"\xff\xfe\x00\x00" + GOOD.encode("utf-32-le"))}, stored=1,
        check={"text": GOOD},
    ),
    "form-upload-utf8-bom": form({"upload": ("a.txt", b"\xef\xbb\xbf" + GOOD.encode())}, stored=1),
    "form-upload-only-bom": form({"upload": ("a.txt", b"\xef\xbb\xbf")}, says=EMPTY),
    "form-upload-only-utf16-bom": form({"upload": ("a.txt", b"\xff\xfe")}, says=EMPTY),
    "form-upload-empty": form({"upload": ("a.txt", b"")}, says="empty"),
    "form-upload-gzip": form({"upload": ("a.txt", gzip.compress(GOOD.encode()))}, says="gzip"),
    "form-upload-binary": form({"upload": ("a.txt", BINARY)}, says="binary"),
    "form-upload-utf16-no-bom": form({"upload": ("a.txt", UTF16_NO_BOM)}, says="UTF-16"),
    "form-upload-utf16-odd-bytes": form({"upload": ("a.txt", b"\xff\xfe" + b"A\x00B")},
                                        says="UTF-16"),
    "form-upload-exe": form({"upload": ("a.exe", b"MZ\x90\x00")}, says=("a.exe",)),
    "form-upload-emoji": form({"upload": ("a.txt", "🎉🎉🎉".encode())}, says=NO_WORDS),
    "form-text-and-upload": form({"text": GOOD, "upload": ("a.txt", GOOD2.encode())},
                                 says="not both"),
    "form-title-only": form({"title": "Only a title"}, says=EMPTY),
    # --- API ----------------------------------------------------------------
    "api-good": api({"text": GOOD}, stored=1),
    "api-good-metadata": api(
        {"text": GOOD, "title": "Cases rise", "outlet": "Wire", "author": "A. Writer",
         "url": "https://example.org/story", "published_on": "2024-05-01", "language": "en"},
        stored=1, check={"outlet": "Wire", "published_on": datetime.date(2024, 5, 1)},
    ),
    "api-text-number": api({"text": 12345}, says=("text", "string")),
    "api-text-float": api({"text": 12.5}, says=("text", "string")),
    "api-text-bool": api({"text": True}, says=("text", "string")),
    "api-text-null": api({"text": None}, says="text"),
    "api-text-list": api({"text": ["a", "b"]}, says=("text", "string")),
    "api-text-object": api({"text": {"a": 1}}, says=("text", "string")),
    "api-title-number": api({"text": GOOD, "title": 2024}, says=("title", "string")),
    "api-url-number": api({"text": GOOD, "url": 7}, says=("url", "string")),
    "api-no-text": api({"title": "Only a title"}, says="text"),
    "api-deep-arrays-3000": api(nested(3000), content_type="application/json", says="nested"),
    "api-deep-objects-3000": api('{"a":' * 3000 + "1" + "}" * 3000,
                                 content_type="application/json", says="nested"),
    "api-deep-in-text": api('{"text": ' + nested(5000) + "}", content_type="application/json",
                            says="nested"),
    "api-deep-arrays-200": api({"text": GOOD, "x": json.loads(nested(200))}, stored=1),
    "api-huge-int": api('{"text": "a", "n": ' + "9" * 5000 + "}",
                        content_type="application/json", says="JSON"),
    "api-huge-float": api('{"text": 1e999999}', content_type="application/json",
                          says=("text", "string")),
    "api-nan": api('{"text": NaN}', content_type="application/json", says="JSON"),
    "api-duplicate-keys": api('{"text": "%s", "text": "%s"}' % (GOOD, GOOD2),
                              content_type="application/json", says=("text", "twice")),
    "api-top-null": api("null", content_type="application/json", says="JSON object"),
    "api-top-list": api('[{"text": "%s"}]' % GOOD, content_type="application/json",
                        says="JSON object"),
    "api-top-string": api('"%s"' % GOOD, content_type="application/json", says="JSON object"),
    "api-top-number": api("42", content_type="application/json", says="JSON object"),
    "api-empty-body": api("", content_type="application/json", says="text"),
    "api-malformed": api(b"{not json", content_type="application/json", says="JSON"),
    "api-truncated": api('{"text": "abc', content_type="application/json", says="JSON"),
    "api-invalid-utf8": api(b'{"text": "caf\xe9 \xff"}', content_type="application/json",
                            says="UTF-8"),
    "api-utf16-body": api(json.dumps({"text": GOOD}).encode("utf-16"),
                          content_type="application/json", says="UTF-8"),
    "api-text-plain": api(GOOD, content_type="text/plain", status=415, says="text/plain"),
    "api-xml": api("<text>hi</text>", content_type="application/xml", status=415,
                   says="application/xml"),
    "api-form-encoded": api({"text": GOOD, "outlet": "Wire"}, stored=1, fmt="form"),
    "api-multipart-no-file": api({"text": GOOD2}, stored=1, fmt="multipart"),
    "api-multipart-file-only": api({"upload": ("a.txt", GOOD.encode())}, fmt="multipart",
                                   says="text"),
    "api-nul-in-text": api({"text": "The minister\x00 said taxes would rise."}, stored=1,
                           check={"text": "The minister said taxes would rise."}),
    "api-nul-in-title": api({"text": GOOD, "title": "Cases\x00 rise"}, stored=1,
                            check={"title": "Cases rise"}),
    "api-nul-in-author": api({"text": GOOD, "author": "\x00\x00Ann"}, stored=1,
                             check={"author": "Ann"}),
    "api-lone-surrogate-text": api('{"text": "The minister said \\ud800 taxes would rise."}',
                                   content_type="application/json", stored=1,
                                   check={"text": "The minister said  taxes would rise."}),
    "api-lone-surrogate-title": api('{"text": "%s", "title": "Cases \\udfff rise"}' % GOOD,
                                    content_type="application/json", stored=1,
                                    check={"title": "Cases rise"}),
    "api-title-10000": api({"text": GOOD, "title": "x" * 10_000}, says=LONG_TITLE_MESSAGE),
    "api-title-500": api({"text": GOOD, "title": "t" * 500}, stored=1),
    "api-outlet-201": api({"text": GOOD, "outlet": "o" * 201}, says=("outlet", "limit is 200")),
    "api-author-301": api({"text": GOOD, "author": "a" * 301}, says=("author", "limit is 300")),
    "api-url-3000": api({"text": GOOD, "url": "https://example.org/" + "a" * 2980},
                        says=("URL", "limit is 2,000")),
    "api-language-long": api({"text": GOOD, "language": "l" * 40}, says=("language", "limit")),
    "api-url-javascript": api({"text": GOOD, "url": "javascript:alert(1)"}, says="URL"),
    "api-url-data": api({"text": GOOD, "url": "data:text/html,<b>x</b>"}, says="URL"),
    "api-url-mailto": api({"text": GOOD, "url": "mailto:desk@example.org"}, says="URL"),
    "api-url-spaces": api({"text": GOOD, "url": "https://example.org/a b"}, says="URL"),
    "api-url-bidi": api({"text": GOOD, "url": "https://example.org/\u202egpj.exe"}, says="URL"),
    "api-url-zero-width": api({"text": GOOD, "url": "https://exa\u200bmple.org/"}, says="URL"),
    "api-emoji-only": api({"text": "🎉🔥😀"}, says=NO_WORDS),
    "api-punctuation-only": api({"text": "... !!! ???"}, says=NO_WORDS),
    "api-zero-width-only": api({"text": "\u200b\ufeff\u200b"}, says=EMPTY),
    "api-control-only": api({"text": "\x00\x01\x02"}, says=EMPTY),
    "api-mostly-control": api({"text": "\x00" * 500 + GOOD}, says="control characters"),
    "api-rtl-override-text": api({"text": "The minister \u202esaid\u202c taxes would rise."},
                                 stored=1, check={"text": "The minister said taxes would rise."}),
    "api-zero-width-in-words": api({"text": "The mini\u200bster said taxes would rise."},
                                   stored=1, check={"text": "The minister said taxes would rise."}),
    "api-200001": api({"text": "a " * 100_000 + "b"}, says="limit is 200,000"),
    "api-200000": api({"text": ("The minister said taxes rose. " * 6667)[:200_000]}, stored=1),
    "api-long-word": api({"text": GOOD + " " + "y" * 100_000}, stored=1),
    "api-date-feb-30": api({"text": GOOD, "published_on": "2026-02-30"}, says=("published_on", BAD_DATE)),
    "api-date-year-0": api({"text": GOOD, "published_on": "0000-01-01"}, says=("published_on", BAD_DATE)),
    "api-date-99999": api({"text": GOOD, "published_on": "99999-01-01"}, says=("published_on", BAD_DATE)),
    "api-date-number": api({"text": GOOD, "published_on": 20240501}, says=("published_on", BAD_DATE)),
    "api-date-words": api({"text": GOOD, "published_on": "yesterday"}, says=("published_on", BAD_DATE)),
    "api-read-only-fields": api({"text": GOOD, "status": "done", "progress": 100, "id": 999999},
                                stored=1, check={"progress": 0}),
    "api-unknown-field": api({"text": GOOD, "bogus": {"deep": [1, 2, 3]}}, stored=1),
    # --- CLI (manage.py ingest) --------------------------------------------
    "cli-good-txt": cli({"a.txt": GOOD.encode()}, stored=1),
    "cli-utf16le-bom": cli({"a.txt": b"\xff\xfe" + GOOD.encode("utf-16-le")}, stored=1,
                           check={"text": GOOD}),
    "cli-utf16be-bom": cli({"a.txt": b"\xfe\xff" + GOOD.encode("utf-16-be")}, stored=1,
                           check={"text": GOOD}),
    "cli-utf32be-bom": cli({"a.txt": b"\x00\x00\xfe\xff" + GOOD.encode("utf-32-be")}, stored=1,
                           check={"text": GOOD}),
    "cli-utf8-bom": cli({"a.txt": b"\xef\xbb\xbf" + GOOD.encode()}, stored=1, check={"text": GOOD}),
    "cli-only-bom": cli({"a.txt": b"\xef\xbb\xbf"}, says=("a.txt", EMPTY)),
    "cli-empty-file": cli({"a.txt": b""}, says=("a.txt", EMPTY)),
    "cli-binary": cli({"a.txt": BINARY}, says=("a.txt", "binary")),
    "cli-gzip": cli({"a.txt.gz": gzip.compress(GOOD.encode())}, says=("a.txt.gz", "gzip")),
    "cli-utf16-no-bom": cli({"a.txt": UTF16_NO_BOM}, says=("a.txt", "UTF-16")),
    "cli-latin1": cli({"a.txt": "Caf\u00e9 owners said prices rose.".encode("latin-1")},
                      says=("a.txt", "UTF-8")),
    "cli-emoji-txt": cli({"a.txt": "🎉 🎉".encode()}, says=("a.txt", NO_WORDS)),
    "cli-html-no-text": cli({"a.html": b"<html><script>x()</script></html>"},
                            says=("a.html", "No article text")),
    "cli-missing-path": cli({}, says="no such file"),
    "cli-jsonl-good": cli({"a.jsonl": jsonl({"text": GOOD, "title": "T"}, {"text": GOOD2})},
                          stored=2),
    "cli-jsonl-nul-in-title": cli({"a.jsonl": jsonl({"text": GOOD, "title": "Cases\u0000 rise"})},
                                  stored=1, check={"title": "Cases rise"}),
    "cli-jsonl-nul-everywhere": cli(
        {"a.jsonl": jsonl({"text": "The mayor\u0000 said crime fell.", "outlet": "W\u0000ire",
                           "author": "\u0000Ann", "url": "https://example.org/\u0000x"})},
        says=("a.jsonl:1", "URL"),
    ),
    "cli-jsonl-nul-then-good": cli(
        {"a.jsonl": jsonl({"text": GOOD, "outlet": "Wire\u0000"}, {"text": GOOD2})}, stored=2,
    ),
    "cli-jsonl-title-10000": cli({"a.jsonl": jsonl({"text": GOOD, "title": "x" * 10_000})},
                                 says=("a.jsonl:1", LONG_TITLE_MESSAGE)),
    "cli-jsonl-url-3000": cli(
        {"a.jsonl": jsonl({"text": GOOD, "url": "https://example.org/" + "a" * 2980})},
        says=("a.jsonl:1", "limit is 2,000"),
    ),
    "cli-jsonl-text-number": cli({"a.jsonl": jsonl({"text": 12345})},
                                 says=("a.jsonl:1", "text", "string")),
    "cli-jsonl-title-number": cli({"a.jsonl": jsonl({"text": GOOD, "title": 2024})},
                                  says=("a.jsonl:1", "title", "string")),
    "cli-jsonl-no-text": cli({"a.jsonl": jsonl({"title": "T"})}, says=("a.jsonl:1", "text")),
    "cli-jsonl-not-objects": cli(
        {"a.jsonl": jsonl("[1, 2]", '"a string"', "null", "42", {"text": GOOD})}, stored=1,
        says=("a.jsonl:1", "a.jsonl:2", "a.jsonl:3", "a.jsonl:4", "JSON object"),
    ),
    "cli-jsonl-mixed": cli(
        {"a.jsonl": jsonl({"text": GOOD}, "{broken", {"text": "🎉"}, {"text": GOOD2}, "",
                          {"text": GOOD3, "published_on": "2026-02-30"}, {"text": GOOD3})},
        stored=3, says=("a.jsonl:2", "a.jsonl:3", "a.jsonl:6", NO_WORDS, BAD_DATE),
    ),
    "cli-jsonl-deep-line": cli({"a.jsonl": jsonl(nested(3000), {"text": GOOD})}, stored=1,
                               says=("a.jsonl:1", "nested")),
    "cli-jsonl-huge-int": cli({"a.jsonl": jsonl('{"text": ' + "9" * 5000 + "}", {"text": GOOD})},
                              stored=1, says=("a.jsonl:1", "JSON", "digits")),
    "cli-jsonl-duplicate-keys": cli(
        {"a.jsonl": jsonl('{"text": "%s", "text": "%s"}' % (GOOD, GOOD2))},
        says=("a.jsonl:1", "twice"),
    ),
    "cli-jsonl-huge-line": cli({"a.jsonl": jsonl({"text": "a " * 150_000}, {"text": GOOD})},
                               stored=1, says=("a.jsonl:1", "limit is 200,000")),
    "cli-jsonl-bad-utf8-line": cli(
        {"a.jsonl": jsonl({"text": GOOD}) + b'\n{"text": "caf\xe9"}\n' + jsonl({"text": GOOD2})},
        stored=2, says=("a.jsonl:2", "UTF-8"),
    ),
    "cli-jsonl-line-separator": cli(
        {"a.jsonl": '{"text": "The mayor said\u2028crime fell by 12 percent."}'.encode()},
        stored=1,
    ),
    "cli-jsonl-crlf": cli({"a.jsonl": jsonl({"text": GOOD}, {"text": GOOD2}).replace(b"\n",
                                                                                    b"\r\n")},
                          stored=2),
    "cli-jsonl-utf16-bom": cli({"a.jsonl": b"\xff\xfe" + json.dumps({"text": GOOD}).encode(
        "utf-16-le")}, stored=1),
    "cli-jsonl-lone-surrogate": cli(
        {"a.jsonl": b'{"text": "The minister said \\ud83d taxes would rise."}'}, stored=1,
        check={"text": "The minister said  taxes would rise."},
    ),
    "cli-jsonl-good-date": cli({"a.jsonl": jsonl({"text": GOOD, "published_on": "2024-02-29"})},
                               stored=1, check={"published_on": datetime.date(2024, 2, 29)}),
    "cli-jsonl-bad-date": cli({"a.jsonl": jsonl({"text": GOOD, "published_on": "0000-01-01"})},
                              says=("a.jsonl:1", BAD_DATE)),
    "cli-jsonl-javascript-url": cli({"a.jsonl": jsonl({"text": GOOD, "url": "javascript:x()"})},
                                    says=("a.jsonl:1", "URL")),
    "cli-jsonl-mostly-control": cli({"a.jsonl": jsonl({"text": "\u0001" * 400 + GOOD})},
                                    says=("a.jsonl:1", "control characters")),
    "cli-jsonl-emoji": cli({"a.jsonl": jsonl({"text": "👍👍👍"})}, says=("a.jsonl:1", NO_WORDS)),
    "cli-jsonl-only-bom": cli({"a.jsonl": b"\xef\xbb\xbf"}, says=("a.jsonl", "no articles")),
    "cli-jsonl-blank-lines": cli({"a.jsonl": b"\n\n  \n"}, says=("a.jsonl", "no articles")),
}


@pytest.fixture
def api_client(factchecker):
    client = APIClient()
    client.force_authenticate(user=factchecker)
    return client


def assert_readable(message: str, says: tuple[str, ...]) -> None:
    assert message.strip(), "no message at all"
    assert not NOT_A_PERSON.search(message), message[:2000]
    for part in says:
        assert part.lower() in message.lower(), (part, message[:2000])


def submit_form(client, data):
    data = dict(data)
    if "upload" in data:
        data["upload"] = upload(*data["upload"])
    response = client.post(SUBMIT, data)
    assert response.status_code != 500
    page = html.unescape(response.content.decode())
    if response.status_code == 302:
        return True, ""
    assert response.status_code == 200, response.status_code
    errors = " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S))
    return False, re.sub(r"<[^>]+>", " ", errors)


def submit_api(client, case: Case):
    if isinstance(case.data, dict):
        data = dict(case.data)
        if "upload" in data:
            data["upload"] = upload(*data["upload"])
        if case.fmt == "form":
            response = client.post(API, urlencode(data), content_type=FORM_ENCODED)
        else:
            response = client.post(API, data, format=case.fmt)
    else:
        body = case.data.encode() if isinstance(case.data, str) else case.data
        response = client.generic("POST", API, body, content_type=case.content_type)
    assert response.status_code != 500, response.content[:2000]
    assert response["Content-Type"].startswith("application/json"), response.content[:500]
    if response.status_code in (200, 201, 202):
        return True, ""
    assert response.status_code == (case.status or 400), response.content[:2000]
    error = response.json()["error"]
    assert set(error) == {"code", "message", "detail"}
    return False, error["message"]


def submit_cli(tmp_path, case: Case):
    paths = []
    for name, data in case.data.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    if not paths:
        paths = [str(tmp_path / "missing.txt")]
    out = StringIO()
    try:
        call_command("ingest", *paths, stdout=out, stderr=StringIO())
    except CommandError as exc:
        assert str(exc) == "Nothing was ingested."
    printed = out.getvalue()
    assert re.search(r"Articles: \d+ new, \d+ duplicate\(s\) skipped, \d+ failed", printed), printed
    return "failed:" not in printed, printed


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_hostile_input(case, factchecker_client, api_client, tmp_path):
    before = Article.objects.count()
    if case.way == "form":
        ok, message = submit_form(factchecker_client, case.data)
    elif case.way == "api":
        ok, message = submit_api(api_client, case)
    else:
        ok, message = submit_cli(tmp_path, case)
    added = Article.objects.count() - before
    assert added == case.stored, message  # refusals store nothing, good input is stored
    if case.says:
        assert_readable(message or "", case.says)
    else:
        assert ok, message
    if case.check:
        article = Article.objects.latest("id")
        for name, value in case.check.items():
            assert getattr(article, name) == value, (name, getattr(article, name))
    for article in Article.objects.all():  # nothing PostgreSQL would refuse slipped through
        for name in ("text", "title", "outlet", "url", "author"):
            value = getattr(article, name)
            assert "\x00" not in value and not re.search("[\ud800-\udfff]", value), name


def test_the_table_is_big_enough():
    assert len(CASES) >= 100
    assert {c.way for c in CASES.values()} == {"form", "api", "cli"}
    assert sum(1 for c in CASES.values() if c.stored) >= 20


def test_api_body_over_the_upload_limit_is_a_413(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": GOOD * 20}).encode()
    response = api_client.generic("POST", API, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["message"] == (
        f"The request body is {len(body):,} bytes; the limit is 1,000 bytes."
    )
    assert not Article.objects.exists()


def test_form_post_over_the_upload_limit_is_a_page_that_says_why(factchecker_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = factchecker_client.post(SUBMIT, {"text": GOOD * 20})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "larger than the limit" in page and "Traceback" not in page
    assert not Article.objects.exists()
