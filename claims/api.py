"""REST API (DRF): submit articles, follow their status, read their claims."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from . import selectors, services
from .article_input import ArticleInputError
from .models import Article, Claim


def json_exception_handler(exc, context):
    """Give every API error one shape: {"error": {"code", "message", "detail"}}."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, ValidationError):
        code, message = "invalid", first_message(detail)
    else:
        codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        code = codes if isinstance(codes, str) else "error"
        message = first_message(detail)
    response.data = {"error": {"code": code, "message": message, "detail": detail}}
    return response


def first_message(detail) -> str:
    """Return the first human-readable message inside DRF's error detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            text = first_message(value)
            return text if key in ("detail", "non_field_errors") else f"{key}: {text}"
        return ""
    if isinstance(detail, list):
        return first_message(detail[0]) if detail else ""
    return str(detail)


class ClaimSerializer(serializers.ModelSerializer):
    speaker = serializers.SerializerMethodField()
    cue = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "position",
            "text",
            "sentence",
            "content",
            "speaker",
            "cue",
            "reported_by",
            "quote_type",
            "checkworthiness",
            "checkworthiness_reasons",
            "queue_state",
        ]

    def get_sentence(self, claim) -> dict:
        return {"start": claim.sentence_start, "end": claim.sentence_end}

    def get_content(self, claim) -> dict:
        return {"start": claim.content_start, "end": claim.content_end}

    def get_speaker(self, claim) -> dict | None:
        if not claim.speaker_id:
            return None
        return {
            "text": claim.speaker_text,
            "start": claim.speaker_start,
            "end": claim.speaker_end,
            "canonical": claim.speaker.name,
            "role": claim.speaker_role or None,
            "kind": claim.speaker.kind,
        }

    def get_cue(self, claim) -> dict | None:
        if claim.cue_start is None:
            return None
        return {"text": claim.cue_text, "start": claim.cue_start, "end": claim.cue_end}


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "outlet",
            "url",
            "author",
            "published_on",
            "language",
            "text",
            "status",
            "progress",
            "error",
            "claim_count",
            "created_at",
            "processed_at",
        ]
        read_only_fields = ["status", "progress", "error", "created_at", "processed_at"]
        extra_kwargs = {"text": {"trim_whitespace": False}}

    def validate_text(self, value: str) -> str:
        from .article_input import clean_article_text

        try:
            return clean_article_text(value)
        except ArticleInputError as exc:
            raise ValidationError(str(exc)) from exc


class ArticleViewSet(viewsets.ModelViewSet):
    """Articles: POST one to have its claims extracted; GET it to follow progress."""

    serializer_class = ArticleSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.article_list()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.article_submit(
            submitted_by=request.user, source=Article.Source.API, **serializer.validated_data
        )
        article = get_object_or_404(self.get_queryset(), pk=result.article.pk)
        return Response(
            self.get_serializer(article).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    @extend_schema(responses=ClaimSerializer(many=True))
    @action(detail=True, methods=["get"])
    def claims(self, request, pk=None):
        article = self.get_object()
        page = self.paginate_queryset(selectors.claim_list_for_article(article=article))
        return self.get_paginated_response(ClaimSerializer(page, many=True).data)
