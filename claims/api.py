"""REST API (DRF): articles in; claims, verdicts and exports out; tokens."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from knox import views as knox_views
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.exceptions import (
    APIException,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from . import selectors, services
from .auth_views import lockout_message
from .api_input import ArticleInputMixin, api_exception
from .article_input import ArticleInputError
from .claimreview import claimreview_from_verdict, verdict_public_url
from .exports import VerdictFilterForm, export_response
from .models import Article, CheckedClaim, Claim, ClaimRelation, Evidence, LibraryMatch, Verdict
from .pagination import CappedPaginator
from .permissions import HasNewsroomRole
from .ratings import rating_get, rating_scale
from .throttling import ScopedRateThrottle


def json_exception_handler(exc, context):
    """Give every API error one shape: {"error": {"code", "message", "detail"}}."""
    exc = api_exception(exc, context.get("request"))  # ArticleInputError, body too big
    if isinstance(exc, Http404):  # get_object_or_404: the same code as NotFound
        exc = NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied(str(exc) or None)
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
            "language",
            "standalone",
            "attribution",
            "sentence",
            "content",
            "speaker",
            "cue",
            "reported_by",
            "quote_type",
            "checkworthiness",
            "checkworthiness_reasons",
            "queue_state",
            "time_start",
            "time_end",
        ]
        extra_kwargs = {
            "time_start": {"help_text": "For a transcript's claim: when the turns its sentence "
                           "spans start, in seconds from the start; null when the source "
                           "gives no times (issue #23)."},
            "time_end": {"help_text": "When those turns end, in seconds; null when unknown."},
        }

    def get_sentence(self, claim) -> dict:
        return {"start": claim.sentence_start, "end": claim.sentence_end}

    def get_content(self, claim) -> dict:
        return {"start": claim.content_start, "end": claim.content_end}

    def get_speaker(self, claim) -> dict | None:
        """The named speaker, or an unnamed source ("a senior official":
        canonical as written, kind null, unnamed true)."""
        if not (claim.speaker_id or claim.speaker_unnamed):
            return None
        return {
            "text": claim.speaker_text,
            "start": claim.speaker_start,
            "end": claim.speaker_end,
            "canonical": claim.speaker.name if claim.speaker_id else claim.speaker_text,
            "role": claim.speaker_role or None,
            "kind": claim.speaker.kind if claim.speaker_id else None,
            "unnamed": claim.speaker_unnamed,
        }

    def get_cue(self, claim) -> dict | None:
        if claim.cue_start is None:
            return None
        return {"text": claim.cue_text, "start": claim.cue_start, "end": claim.cue_end}


class ArticleSerializer(ArticleInputMixin, serializers.ModelSerializer):
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
            "language_uncertain",
            "text",
            "status",
            "progress",
            "error",
            "claim_count",
            "created_at",
            "processed_at",
        ]
        read_only_fields = [
            "status", "progress", "error", "created_at", "processed_at", "language_uncertain"
        ]
        extra_kwargs = {
            # Optional when a url is given: the task fetches the page (issue #23).
            "text": {"trim_whitespace": False, "required": False, "allow_blank": True},
            **ArticleInputMixin.unlimited,
        }

    def validate_text(self, value: str) -> str:
        from .article_input import clean_article_text

        if not value.strip():
            return ""  # checked with the url in validate()
        try:
            return clean_article_text(value)
        except ArticleInputError as exc:
            raise ValidationError(str(exc)) from exc

    def validate(self, attrs):
        from .article_input import ARTICLE_EMPTY

        attrs = super().validate(attrs)
        if not attrs.get("text") and not attrs.get("url"):
            raise ValidationError({"text": [ARTICLE_EMPTY]})
        return attrs


API_COUNT_LIMIT = 1000


class Pagination(PageNumberPagination):
    """Pages of PAGE_SIZE items; ?page_size= asks for up to 200.

    The count stops at API_COUNT_LIMIT + 1 (issue #22: counting 100k claims
    cost more than reading a page; counting 10k, 80 ms); `count_is_capped` says there are more.
    Every page stays reachable by its `next` link.
    """

    page_size_query_param = "page_size"
    max_page_size = 200

    def django_paginator_class(self, items, size):  # noqa: D102 (DRF's hook)
        return CappedPaginator(items, size, count_limit=API_COUNT_LIMIT)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_capped"] = self.page.paginator.count_is_capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": f"The list holds more than {API_COUNT_LIMIT:,} items; "
            "count stops there.",
        }
        return schema


class ArticleViewSet(viewsets.ModelViewSet):
    """Articles: POST one to have its claims extracted; GET it to follow progress."""

    serializer_class = ArticleSerializer
    # Submitting needs claims.add_article, as the web form does.
    permission_classes = [HasNewsroomRole, DjangoModelPermissions]
    pagination_class = Pagination
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
        data = self.get_serializer(article).data
        if not result.created:
            code = status.HTTP_200_OK
        elif result.queued:
            code = status.HTTP_201_CREATED
        else:  # stored; the sweeper queues it when the broker is back
            code = status.HTTP_202_ACCEPTED
            data = {**data, "message": services.ARTICLE_STORED_NOT_QUEUED}
        return Response(data, status=code)

    @extend_schema(responses=ClaimSerializer(many=True))
    @action(detail=True, methods=["get"])
    def claims(self, request, pk=None, format=None):
        article = self.get_object()
        page = self.paginate_queryset(selectors.claim_list_for_article(article=article))
        return self.get_paginated_response(ClaimSerializer(page, many=True).data)


# --- Claims, verdicts, exports and tokens (issue #8) ------------------------


class ArticleSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title", "outlet", "url", "published_on"]


class ClaimListSerializer(ClaimSerializer):
    article = ArticleSummarySerializer(read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "article",
            "related_claims_count",
            "priority",
            "library_similarity",
            "nearest_checked_claim",
            "created_at",
        ]
        extra_kwargs = {
            **ClaimSerializer.Meta.extra_kwargs,
            "priority": {
                "help_text": "The queue's order: check-worthiness raised by recurrence and "
                "by resembling a checked claim; +10 when pinned."
            },
            "nearest_checked_claim": {
                "help_text": "Id of the library's checked claim this claim resembles most "
                "(their cosine is library_similarity)."
            },
        }


class ClaimFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/claims/."""

    state = serializers.ChoiceField(choices=Claim.QueueState.choices, required=False)
    outlet = serializers.CharField(required=False, help_text="The article's outlet, exactly.")
    speaker = serializers.CharField(required=False, help_text="Part of the speaker's name.")
    keyword = serializers.CharField(required=False, help_text="Part of the claim's text.")
    language = serializers.CharField(required=False)
    date_from = serializers.DateField(required=False, help_text="Article published on or after.")
    date_to = serializers.DateField(required=False, help_text="Article published on or before.")
    q = serializers.CharField(
        required=False,
        help_text="A search: the claims matching it, best first (instead of queue order).",
    )
    mode = serializers.ChoiceField(
        choices=["keyword", "meaning", "both"],
        default="keyword",
        help_text="How q matches: keyword (full text), meaning (the query embedded, the"
        " nearest claims by MiniLM vector) or both (the two fused by reciprocal rank).",
    )


class RelatedClaimSerializer(serializers.Serializer):
    """A relation seen from the claim asked about: the other claim and how close."""

    claim = serializers.SerializerMethodField()
    similarity = serializers.FloatField()
    tier = serializers.CharField()
    decision = serializers.CharField()

    @extend_schema_field(ClaimListSerializer)
    def get_claim(self, relation: ClaimRelation) -> dict:
        asked = self.context["claim"]
        other = relation.other if relation.claim_id == asked.pk else relation.claim
        return ClaimListSerializer(other).data


class CheckedClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckedClaim
        fields = [
            "id",
            "text",
            "title",
            "speaker",
            "verdict",
            "rating_value",
            "reviewer",
            "url",
            "published_on",
            "source",
        ]


class LibraryMatchSerializer(serializers.ModelSerializer):
    """A checked claim of the library that the claim may repeat."""

    checked_claim = CheckedClaimSerializer()

    class Meta:
        model = LibraryMatch
        fields = ["checked_claim", "score", "similarity", "tier", "decision"]


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Claims on visible articles, in queue order, filtered; and their relations."""

    serializer_class = ClaimListSerializer
    pagination_class = Pagination

    def get_queryset(self):
        filters = {}
        if self.action == "list":
            params = ClaimFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            filters = dict(params.validated_data)
        query, mode = filters.pop("q", ""), filters.pop("mode", "keyword")
        claims = selectors.claim_list_queue(**{"state": None, **filters})
        if query.strip():
            from .selectors.search import claims_by_query

            claims = claims_by_query(claims, query, mode=mode)
        return claims

    @extend_schema(parameters=[ClaimFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=RelatedClaimSerializer(many=True))
    @action(detail=True, methods=["get"])
    def related(self, request, pk=None, format=None):
        """Claims found related to this one (either way), unless rejected."""
        claim = self.get_object()
        page = self.paginate_queryset(selectors.claim_relation_list_visible(claim=claim))
        data = RelatedClaimSerializer(page, many=True, context={"claim": claim}).data
        return self.get_paginated_response(data)

    @extend_schema(responses=LibraryMatchSerializer(many=True))
    @action(detail=True, methods=["get"])
    def checked(self, request, pk=None, format=None):
        """Fact-checks in the library this claim may repeat, best first, unless rejected."""
        claim = self.get_object()
        matches = selectors.library_match_list(claim=claim).exclude(
            decision=ClaimRelation.Decision.REJECTED
        )
        page = self.paginate_queryset(matches)
        return self.get_paginated_response(LibraryMatchSerializer(page, many=True).data)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["url", "title", "excerpt", "stance", "accessed_on"]


class ClaimSummarySerializer(serializers.ModelSerializer):
    speaker = serializers.SerializerMethodField()
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "speaker", "article"]

    def get_speaker(self, claim) -> str:
        return claim.speaker.name if claim.speaker_id else claim.speaker_text


class VerdictSerializer(serializers.ModelSerializer):
    rating_name = serializers.SerializerMethodField()
    rating_value = serializers.SerializerMethodField()
    claim = ClaimSummarySerializer(read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    editor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "id",
            "status",
            "rating",
            "rating_name",
            "rating_value",
            "headline",
            "rationale",
            "rationale_html",
            "claim",
            "author",
            "editor",
            "evidence",
            "created_at",
            "submitted_at",
            "published_at",
            "updated_at",
            "public_url",
        ]

    def get_rating_name(self, verdict) -> str:
        return rating_get(verdict.rating).name if verdict.rating else ""

    def get_rating_value(self, verdict) -> int | None:
        return rating_get(verdict.rating).value if verdict.rating else None

    def get_public_url(self, verdict) -> str | None:
        return (
            verdict_public_url(verdict.pk, request=self.context.get("request"))
            if verdict.is_public
            else None
        )


class VerdictFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/verdicts/."""

    status = serializers.ChoiceField(choices=Verdict.Status.choices, required=False)
    rating = serializers.ChoiceField(choices=[], required=False)
    claim = serializers.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [(r.key, r.name) for r in rating_scale()]


class VerdictViewSet(viewsets.ReadOnlyModelViewSet):
    """Published verdicts for every token; drafts for their author and editors."""

    serializer_class = VerdictSerializer
    pagination_class = Pagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular, no user
            return Verdict.objects.none()
        verdicts = selectors.verdict_list_for_user(user=self.request.user)
        if self.action != "list":
            return verdicts
        params = VerdictFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        if "claim" in filters:
            filters["claim_id"] = filters.pop("claim")
        return verdicts.filter(**filters)

    @extend_schema(parameters=[VerdictFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def claimreview(self, request, pk=None, format=None):
        """The verdict as ClaimReview JSON-LD (published verdicts only)."""
        self.get_object()  # 404 unless the caller may read the verdict
        verdict = selectors.verdict_list_published().filter(pk=pk).first()
        if verdict is None:
            raise NotFound("Only a published verdict has a ClaimReview.")
        return Response(claimreview_from_verdict(verdict, request=request))


def form_parameters(form_class) -> list[OpenApiParameter]:
    """Describe a Django form's fields as OpenAPI query parameters."""
    types = {
        forms.DateField: OpenApiTypes.DATE,
        forms.IntegerField: OpenApiTypes.INT,
    }
    return [
        OpenApiParameter(
            name,
            types.get(type(field), OpenApiTypes.STR),
            description=str(field.help_text),
            enum=[key for key, _ in field.choices if key] if hasattr(field, "choices") else None,
        )
        for name, field in form_class().fields.items()
    ]


class VerdictExportView(APIView):
    """Published verdicts as CSV, JSON Lines or ClaimReview JSON-LD, streamed."""

    throttle_scope = "exports"

    def perform_content_negotiation(self, request, force=False):
        # The body is a file; errors are JSON whatever Accept says.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=form_parameters(VerdictFilterForm),
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/x-ndjson"): OpenApiTypes.STR,
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
        },
    )
    def get(self, request, fmt: str):
        form = VerdictFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.first_error())
        return export_response(
            selectors.verdict_list_published(**form.selector_kwargs()), fmt, request=request
        )


verdict_export_view = VerdictExportView.as_view()


class LoginLockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown once.")
    expiry = serializers.DateTimeField(help_text="When the token stops working.")


class TokenObtainView(knox_views.LoginView):
    """POST a username and password, get a new API token and its expiry.

    Each call issues another token (rotation: get a new one before the old
    expires); a password change revokes them all. Throttled per client
    address, and locked per username and address after repeated failures
    (django-axes, as the web login).
    """

    authentication_classes = []
    permission_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=AuthTokenSerializer, responses=TokenSerializer, auth=[])
    def post(self, request, format=None):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # Set by django-axes on this (DRF) request when it refused the login.
            if getattr(request, "axes_locked_out", False):
                raise LoginLockedOut(lockout_message())
            raise ValidationError(serializer.errors)
        request.user = serializer.validated_data["user"]
        return super().post(request, format=format)

    def create_token(self):
        return services.api_token_create(user=self.request.user)


class TokenLogoutView(knox_views.LogoutView):
    """Revoke the token this request is signed with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)


class TokenLogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the signed-in user."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)


token_obtain_view = TokenObtainView.as_view()
token_logout_view = TokenLogoutView.as_view()
token_logout_all_view = TokenLogoutAllView.as_view()
