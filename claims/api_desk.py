"""REST API for the desk's work (issue #24): the web pages' services and rules.

Each view is an adapter: it finds the object the way the web page does
(claims on visible articles, verdicts the caller may read: someone else's
draft is a 404), checks the role the page checks, calls one service of
claims/services and answers with the object as it now is. The services
check every rule again; their refusals become JSON errors:

| refusal | status | code |
|---|---|---|
| no newsroom role, or not this action's role | 403 | `permission_denied` |
| not the claim's holder, your own draft to approve (PermissionDenied) | 403 | `permission_denied` |
| the object does not exist, or is someone else's draft | 404 | `not_found` |
| bad input (a field, an unknown rating, a bad URL) | 400 | `invalid` |
| a desk rule: wrong state, no evidence, no note, already a verdict | 409 | `refused` |
| a stale version of a draft | 409 | `version_conflict` |
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .api import ClaimListSerializer, EvidenceSerializer, VerdictSerializer
from .forms import AttributionForm
from .models import Claim, ClaimSkip, Evidence, Verdict
from .permissions import HasNewsroomRole
from .ratings import rating_scale
from .roles import NEWSROOM_PERMISSIONS

ROLE_REQUIRED = "Your role does not include this action."
QUEUE_EMPTY = "The queue is empty: there is no claim for you to take."

# Any one of these permissions admits, as the web page's role_required.
FACT_CHECKER = ("claims.take_claim",)
EDITOR = ("claims.manage_queue",)
DESK_ROLES = NEWSROOM_PERMISSIONS


class Refused(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"
    default_detail = "The desk's rules refused this change."


class VersionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "version_conflict"
    default_detail = "Someone else saved this verdict since you read it."


class HasActionRole(BasePermission):
    """The view's `roles`: any one of these permissions admits."""

    message = ROLE_REQUIRED

    def has_permission(self, request, view) -> bool:
        return any(request.user.has_perm(perm) for perm in view.roles)


def call(service: Callable, /, **kwargs):
    """Call a service; turn its refusal into the API's error."""
    try:
        return service(**kwargs)
    except services.VerdictConflict as exc:
        raise VersionConflict(str(exc)) from exc
    except services.WorkflowError as exc:
        raise Refused(str(exc)) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or ROLE_REQUIRED) from exc
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise ValidationError(detail) from exc


# --- Bodies and errors, for the schema and for validation -------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.JSONField()


class ErrorSerializer(serializers.Serializer):
    """Every API error: {"error": {"code", "message", "detail"}}."""

    error = ErrorDetailSerializer()


def errors(*codes: int) -> dict:
    texts = {
        400: "Invalid input (`invalid`).",
        401: "No token or session.",
        403: "No newsroom role, not this action's role, or the service refused "
        "you (`permission_denied`: not the claim's holder, your own draft).",
        404: "No such object, or a draft you may not read (`not_found`).",
        409: "Refused by the desk's rules (`refused`: the state does not allow it, "
        "evidence or a note is missing), or a stale version (`version_conflict`).",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=texts[code]) for code in codes}


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why; kept in the history."
    )


class RequiredNoteSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="Why (required; a retraction's is public).")


class SkipSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClaimSkip.Reason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AttributionSerializer(serializers.Serializer):
    """One part of the attribution, as the claim page's form corrects it."""

    part = serializers.ChoiceField(choices=list(AttributionForm.PARTS))
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The part as written in the article (outlets separated by ;).",
    )
    speaker_name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    start = serializers.IntegerField(required=False, min_value=0, help_text="Offset in the text.")
    end = serializers.IntegerField(required=False, min_value=0)


class RatingField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[], **kwargs)
        self.choices = [(r.key, r.name) for r in rating_scale()]


class VerdictContentSerializer(serializers.Serializer):
    """Draft fields; a field left out stays as it is."""

    rating = RatingField(required=False, allow_blank=True)
    headline = serializers.CharField(required=False, allow_blank=True, max_length=300)
    rationale = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Markdown."
    )


class DraftEditSerializer(VerdictContentSerializer):
    version = serializers.IntegerField(
        min_value=1,
        help_text="The version you read (VerdictSerializer's `version`); a newer one "
        "answers 409 version_conflict and changes nothing.",
    )


class CorrectionSerializer(VerdictContentSerializer):
    note = serializers.CharField(help_text="What changed, and why (public).")


class EvidenceInputSerializer(EvidenceSerializer):
    class Meta(EvidenceSerializer.Meta):
        extra_kwargs = {"accessed_on": {"required": False}}


class DeskVerdictSerializer(VerdictSerializer):
    """A verdict with its version, for the next edit."""

    class Meta(VerdictSerializer.Meta):
        fields = [*VerdictSerializer.Meta.fields, "version"]


def found(objects: QuerySet, pk: int):
    """Return the object, or answer 404 not_found (someone else's draft too)."""
    obj = objects.filter(pk=pk).first()
    if obj is None:
        raise NotFound(f"No {objects.model._meta.verbose_name} {pk} here.")
    return obj


def valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Views ------------------------------------------------------------------


class DeskView(APIView):
    """A desk action: POST only, its role, the refusals as JSON errors."""

    permission_classes = [HasNewsroomRole, HasActionRole]
    roles: tuple[str, ...] = DESK_ROLES

    def claim(self, pk: int) -> Claim:
        return found(selectors.claim_list_for_workspace(), pk)

    def verdict(self, pk: int) -> Verdict:
        visible = selectors.verdict_list_visible(user=self.request.user)
        return found(visible.select_related("claim"), pk)

    def claim_answer(self, claim: Claim, code: int = status.HTTP_200_OK) -> Response:
        claim = found(selectors.claim_list_for_workspace(), claim.pk)
        return Response(ClaimListSerializer(claim).data, status=code)

    def verdict_answer(self, verdict: Verdict, code: int = status.HTTP_200_OK) -> Response:
        verdict = self.verdict(verdict.pk)
        data = DeskVerdictSerializer(verdict, context={"request": self.request}).data
        return Response(data, status=code)


class TakeNextView(DeskView):
    """Take the best queued claim under a lease, as "Take next" does."""

    roles = FACT_CHECKER

    @extend_schema(
        request=None,
        responses={
            200: ClaimListSerializer,
            204: OpenApiResponse(description=QUEUE_EMPTY),
            **errors(401, 403),
        },
    )
    def post(self, request):
        claim = call(services.claim_take_next, by=request.user)
        if claim is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.claim_answer(claim)


class ClaimReleaseView(DeskView):
    """Give a claim you hold (an editor: any) back to the queue."""

    roles = (*FACT_CHECKER, *EDITOR)

    @extend_schema(request=None, responses={200: ClaimListSerializer, **errors(401, 403, 404, 409)})
    def post(self, request, pk: int):
        claim = self.claim(pk)
        return self.claim_answer(call(services.claim_release, claim=claim, by=request.user))


class ClaimSkipView(DeskView):
    """Skip a claim you hold (an editor: any queued one), saying why."""

    roles = (*FACT_CHECKER, *EDITOR)

    @extend_schema(
        request=SkipSerializer,
        responses={200: ClaimListSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk: int):
        claim = self.claim(pk)
        data = valid(SkipSerializer, request)
        call(services.claim_skip, claim=claim, by=request.user, **data)
        return self.claim_answer(claim)


class ClaimAttributionView(DeskView):
    """Correct one part of the claim's attribution (its holder or an editor)."""

    @extend_schema(
        request=AttributionSerializer,
        responses={200: ClaimListSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk: int):
        claim = self.claim(pk)
        form = AttributionForm(valid(AttributionSerializer, request))
        if not form.is_valid():
            raise ValidationError(form.errors)
        correction = form.correction()
        call(services.claim_correct_attribution, claim=claim, user=request.user, **correction)
        return self.claim_answer(claim)


class VerdictCreateView(DeskView):
    """Start the verdict of a claim you hold: a draft, one per claim."""

    roles = FACT_CHECKER

    @extend_schema(
        request=VerdictContentSerializer,
        responses={201: DeskVerdictSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk: int):
        claim = self.claim(pk)
        content = valid(VerdictContentSerializer, request)
        verdict = call(services.verdict_create, claim=claim, by=request.user, **content)
        return self.verdict_answer(verdict, status.HTTP_201_CREATED)


class LibraryMatchAdoptView(DeskView):
    """Start the verdict of a claim you hold from a checked claim of the
    library it matches: its rating (where the scale has it), headline, a
    rationale quoting it, its page as evidence; the match is confirmed."""

    roles = FACT_CHECKER

    @extend_schema(
        request=None, responses={201: DeskVerdictSerializer, **errors(401, 403, 404, 409)}
    )
    def post(self, request, pk: int, match_id: int):
        from .models import LibraryMatch
        from .services.library_adopt import library_match_adopt

        claim = self.claim(pk)
        matches = LibraryMatch.objects.filter(claim=claim).select_related("checked_claim")
        match = found(matches, match_id)
        match.claim = claim
        verdict = call(library_match_adopt, match=match, by=request.user)
        return self.verdict_answer(verdict, status.HTTP_201_CREATED)


class VerdictDraftView(DeskView):
    """Edit your draft; `version` must be the one you read."""

    roles = FACT_CHECKER

    @extend_schema(
        request=DraftEditSerializer,
        responses={200: DeskVerdictSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def patch(self, request, pk: int):
        verdict = self.verdict(pk)
        content = valid(DraftEditSerializer, request)
        call(services.verdict_update, verdict=verdict, by=request.user, **content)
        return self.verdict_answer(verdict)


class EvidenceAddView(DeskView):
    """Add an evidence item to your draft."""

    roles = FACT_CHECKER

    @extend_schema(
        request=EvidenceInputSerializer,
        responses={201: DeskVerdictSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk: int):
        verdict = self.verdict(pk)
        item = valid(EvidenceInputSerializer, request)
        call(services.evidence_add, verdict=verdict, by=request.user, **item)
        return self.verdict_answer(verdict, status.HTTP_201_CREATED)


class EvidenceRemoveView(DeskView):
    """Remove an evidence item from your draft."""

    roles = FACT_CHECKER

    @extend_schema(request=None, responses={204: None, **errors(401, 403, 404, 409)})
    def delete(self, request, pk: int, evidence_id: int):
        verdict = self.verdict(pk)
        evidence = found(Evidence.objects.filter(verdict=verdict), evidence_id)
        call(services.evidence_remove, evidence=evidence, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerdictActionView(DeskView):
    """Move a verdict through its workflow; the subclasses name the service."""

    service: Callable
    body = NoteSerializer

    def post(self, request, pk: int):
        verdict = self.verdict(pk)
        kwargs = valid(self.body, request) if self.body else {}
        call(type(self).service, verdict=verdict, by=request.user, **kwargs)
        return self.verdict_answer(verdict)


def verdict_action(name: str, service: Callable, roles: tuple, body, doc: str):
    """Return the view of one workflow action, documented."""

    # A function of its own per view: extend_schema marks the function.
    @extend_schema(
        request=body,
        responses={200: DeskVerdictSerializer, **errors(400, 401, 403, 404, 409)},
        description=doc,
    )
    def post(self, request, pk: int):
        return VerdictActionView.post(self, request, pk)

    attributes = {"service": service, "roles": roles, "body": body, "post": post}
    return type(name, (VerdictActionView,), {**attributes, "__doc__": doc})


REVIEW = ("claims.review_verdict",)
VerdictSubmitView = verdict_action(
    "VerdictSubmitView",
    services.verdict_submit,
    FACT_CHECKER,
    NoteSerializer,
    "Send your complete draft (rating, headline, evidence) to the editors.",
)
VerdictReopenView = verdict_action(
    "VerdictReopenView",
    services.verdict_reopen,
    FACT_CHECKER,
    None,
    "Turn your verdict, sent back by an editor, into a draft again.",
)
VerdictApproveView = verdict_action(
    "VerdictApproveView",
    services.verdict_approve,
    REVIEW,
    NoteSerializer,
    "Approve a submitted verdict (an editor; never your own draft).",
)
VerdictSendBackView = verdict_action(
    "VerdictSendBackView",
    services.verdict_request_changes,
    REVIEW,
    RequiredNoteSerializer,
    "Send a submitted or approved verdict back to its fact-checker, saying why.",
)
VerdictPublishView = verdict_action(
    "VerdictPublishView",
    services.verdict_publish,
    ("claims.publish_verdict",),
    None,
    "Publish an approved verdict; it joins the library of checked claims.",
)
VerdictRetractView = verdict_action(
    "VerdictRetractView",
    services.verdict_retract,
    ("claims.correct_verdict",),
    RequiredNoteSerializer,
    "Retract a published verdict with a public note; the claim returns to the queue.",
)


class VerdictCorrectView(DeskView):
    """Correct a published verdict, saying what changed and why (a new revision)."""

    roles = ("claims.correct_verdict",)

    @extend_schema(
        request=CorrectionSerializer,
        responses={200: DeskVerdictSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk: int):
        verdict = self.verdict(pk)
        data = valid(CorrectionSerializer, request)
        call(services.verdict_correct, verdict=verdict, by=request.user, **data)
        return self.verdict_answer(verdict)
