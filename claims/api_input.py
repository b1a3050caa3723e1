"""What the API accepts as a request body, refused with a 400 and a sentence.

A JSON parser that never lets a hostile body become a 500 (nesting deep
enough to exhaust Python's recursion, invalid UTF-8, a key given twice, a
number with thousands of digits), and the article serializer's strictness: a
number is not text, and the body must be a JSON object.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.fields import ProhibitSurrogateCharactersValidator
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils.json import strict_constant

from .article_files import DuplicateKey, json_kind, unique_keys
from .article_input import (
    UPLOAD_TOO_LARGE,
    ArticleInputError,
    clean_article_metadata,
    clean_published_on,
)

BODY_TOO_DEEP = (
    "The request body is nested too deeply to read. Send a flat JSON object such as "
    '{"text": "…", "title": "…"}.'
)
BODY_NOT_DECODABLE = (
    "The request body is not valid {encoding} (byte 0x{byte:02x} at position {position:,}). "
    "Send JSON encoded as UTF-8."
)
BODY_NOT_JSON = "The request body is not valid JSON: {reason}."
BODY_DUPLICATE_KEY = 'The request body gives the key "{key}" twice; give it once.'
BODY_TOO_MANY_DIGITS = "a number has more than 4,300 digits"
BODY_NOT_A_NUMBER = "NaN and Infinity are not numbers JSON allows"
BODY_TOO_LARGE = "The request body is {size:,} bytes; the limit is {limit:,} bytes."
BODY_OVER_LIMIT = "The request body is over the limit of {limit:,} bytes."
BODY_NOT_OBJECT = (
    'The request body must be a JSON object such as {{"text": "…"}}; it is {kind}.'
)
NOT_A_STRING = "Give this as a JSON string, not {kind}."


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with every way a body can be malformed a 400.

    DRF's own lets RecursionError through (a 6 KB body of 3,000 nested
    brackets was an HTML 500) and reports decoding errors in Python's words.
    (DRF reads the body through request.body, so DATA_UPLOAD_MAX_MEMORY_SIZE
    applies before this: see api_exception.)
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        data = stream.read()
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(
                BODY_NOT_DECODABLE.format(
                    encoding=encoding.upper(), byte=data[exc.start], position=exc.start
                )
            ) from exc
        except LookupError as exc:
            raise ParseError(BODY_NOT_JSON.format(reason=f"unknown charset {encoding}")) from exc
        try:
            return json.loads(
                text,
                object_pairs_hook=unique_keys,
                parse_constant=strict_constant if api_settings.STRICT_JSON else None,
            )
        except RecursionError as exc:
            raise ParseError(BODY_TOO_DEEP) from exc
        except DuplicateKey as exc:
            raise ParseError(BODY_DUPLICATE_KEY.format(key=exc)) from exc
        except json.JSONDecodeError as exc:
            reason = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
            raise ParseError(BODY_NOT_JSON.format(reason=reason)) from exc
        except ValueError as exc:  # NaN / Infinity, or an integer too long to convert
            reason = BODY_TOO_MANY_DIGITS if "digits" in str(exc) else BODY_NOT_A_NUMBER
            raise ParseError(BODY_NOT_JSON.format(reason=reason)) from exc


def api_exception(exc: Exception, request) -> Exception:
    """Return exc as the API error a client should see, for the two refusals
    that are not DRF exceptions: an article service's ArticleInputError (400)
    and Django's RequestDataTooBig (otherwise an HTML "Bad Request (400)")."""
    if isinstance(exc, ArticleInputError):
        return ValidationError({exc.field or api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]})
    if isinstance(exc, RequestDataTooBig):
        size = request.META.get("CONTENT_LENGTH") if request is not None else None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return PayloadTooLarge(
            BODY_TOO_LARGE.format(size=int(size), limit=limit)
            if size and str(size).isdigit()
            else BODY_OVER_LIMIT.format(limit=limit)
        )
    return exc


class StrictCharField(serializers.CharField):
    """A CharField that refuses a number, true/false, a list or an object
    instead of turning it into text ({"text": 12345} is not an article).

    NUL and lone surrogates are not refused here: claims.article_input
    removes them for the form, the API and the CLI alike.
    """

    default_error_messages = {"not_a_string": NOT_A_STRING}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        stripped_later = (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator)
        self.validators = [v for v in self.validators if not isinstance(v, stripped_later)]

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string", kind=json_kind(data))
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    """A date given as "YYYY-MM-DD", checked by claims.article_input so that
    the API, the form and the CLI say the same thing about 2026-02-30."""

    def to_internal_value(self, value):
        try:
            return clean_published_on(value)
        except ArticleInputError as exc:
            raise ValidationError(str(exc)) from exc


ARTICLE_METADATA = ("title", "outlet", "url", "author", "language")
TRANSCRIPT_TEXT_OR_FILE = "Give the transcript as text or as a file, not both."


@extend_schema_field({"type": "string", "format": "binary"})
class UploadField(serializers.FileField):
    """A file uploaded with the request (multipart/form-data), documented as
    such: the schema's request and response share one component."""


class ArticleInputMixin:
    """For the article serializer: text fields are strict strings; the body
    must be an object; metadata is cleaned and its lengths checked by
    claims.article_input, so the API says what the form and the CLI say."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.URLField: StrictCharField,  # checked by clean_article_metadata
        models.DateField: StrictDateField,
    }
    # No max_length in the fields: clean_article_metadata refuses with the
    # same message as the form and the CLI.
    unlimited = {name: {"max_length": None} for name in ARTICLE_METADATA}

    def get_fields(self):
        """The model's fields, and the two that make an article a transcript
        (issue #23): `format`, and the transcript as `file` or as `text`."""
        from sources.models import Transcript

        fields = super().get_fields()
        fields["format"] = serializers.ChoiceField(
            choices=Transcript.Format.choices, required=False, write_only=True,
            help_text="The article is a transcript: SubRip (srt), WebVTT (vtt), the "
            "CheckThat! debate TSV (tsv: line, speaker, text) or speaker-labelled text "
            "(labelled: 'NAME: words' turns, optionally [hh:mm:ss] stamped). Its turns are "
            "kept with their speakers and times; without speaker labels it is stored as an "
            "ordinary article.",
        )
        fields["file"] = UploadField(
            required=False, write_only=True, allow_empty_file=False,
            help_text="The transcript as an uploaded file (multipart/form-data), instead of "
            "text; its suffix (.srt, .vtt, .tsv) gives the format when none is given.",
        )
        return fields

    def run_validation(self, data=serializers.empty):
        if data is not serializers.empty and not isinstance(data, Mapping):
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [
                BODY_NOT_OBJECT.format(kind=json_kind(data))
            ]})
        return super().run_validation(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        given = {name: attrs[name] for name in ARTICLE_METADATA if name in attrs}
        try:
            cleaned = clean_article_metadata(**given)
        except ArticleInputError as exc:
            raise ValidationError(
                {exc.field or api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]}
            ) from exc
        attrs = {**attrs, **{name: cleaned[name] for name in given}}
        if "format" in attrs or "file" in attrs:
            attrs = transcript_attrs(attrs)
        return attrs


def transcript_attrs(attrs: dict) -> dict:
    """Read the transcript given as `file` or `text` in `format` (or the
    format the file's suffix says); return attrs with its rendered text
    ("SPEAKER: words" a turn) and the parsed `transcript` for
    services.article_submit. A transcript naming no speaker becomes an
    ordinary article; one that cannot be read is a 400 naming the place."""
    from sources.transcripts import (
        NoSpeakers,
        TranscriptError,
        parse_transcript,
        transcript_format,
    )

    from .article_input import clean_article_text, decode_text

    attrs = dict(attrs)
    upload, format = attrs.pop("file", None), attrs.pop("format", None)
    text = attrs.get("text") or ""
    field = "file" if upload is not None else "text"
    try:
        if upload is not None:
            if text.strip():
                raise ArticleInputError(TRANSCRIPT_TEXT_OR_FILE, field="file")
            data = upload.read()
            limit = settings.CLAIMS_MAX_UPLOAD_BYTES
            if len(data) > limit:
                raise ArticleInputError(
                    UPLOAD_TOO_LARGE.format(size=len(data), limit=limit), field="file"
                )
            text = decode_text(data, name=upload.name)
            if not attrs.get("title"):
                attrs["title"] = Path(upload.name).stem.replace("_", " ")[:200]
        name = upload.name if upload is not None else "The transcript"
        try:
            transcript = parse_transcript(text, name=name, format=format)
        except NoSpeakers as exc:  # an ordinary article
            labelled = (format or transcript_format(name, text)) == "labelled"
            attrs["text"] = clean_article_text(text if labelled else exc.transcript.render())
            return attrs
        attrs["text"] = clean_article_text(transcript.render())
    except (ArticleInputError, TranscriptError) as exc:
        raise ValidationError({getattr(exc, "field", "") or field: [str(exc)]}) from exc
    attrs["transcript"] = transcript
    return attrs
