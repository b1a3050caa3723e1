"""The Sources page: editors watch feeds and sitemaps and see their health."""

import gzip

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.models import Evidence, Verdict
from claims.roles import READ_ALL_VERDICTS
from claims.views import DESK_ROLES, EDITOR, role_required

from . import selectors, services
from .forms import SourceForm
from .models import Source

SOURCE_ADDED = "Source added; it is checked within a minute."
SOURCE_SWITCHED_ON = "{name} switched on; it is checked within a minute."
SOURCE_SWITCHED_OFF_BY_HAND = "{name} switched off."
SOURCE_POLL_SOON = "{name} is checked within a minute."
FLAGGED_SHOWN = 100


@role_required(*EDITOR)
def source_list(request):
    """Every source with its health, and the evidence of published verdicts
    whose page is gone or changed; the form adds a source."""
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.source_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, SOURCE_ADDED)
        return redirect("sources:source_list")
    context = {
        "sources": selectors.source_list_health(),
        "form": form,
        "max_failures": settings.CLAIMS_SOURCES_MAX_FAILURES,
        "flagged": selectors.evidence_list_flagged()[:FLAGGED_SHOWN],
        "recheck_days": settings.CLAIMS_EVIDENCE_RECHECK_DAYS,
    }
    return render(request, "sources/source_list.html", context)


@require_POST
@role_required(*EDITOR)
def source_switch(request, source_id: int):
    source = get_object_or_404(Source, pk=source_id)
    active = request.POST.get("active") == "1"
    services.source_switch(source=source, active=active)
    if active:
        services.source_poll_soon(source=source)
    message = SOURCE_SWITCHED_ON if active else SOURCE_SWITCHED_OFF_BY_HAND
    messages.success(request, message.format(name=source.name))
    return redirect(source)


@require_POST
@role_required(*EDITOR)
def source_poll(request, source_id: int):
    source = get_object_or_404(Source, pk=source_id, active=True)
    services.source_poll_soon(source=source)
    messages.success(request, SOURCE_POLL_SOON.format(name=source.name))
    return redirect(source)


# The stored copy of a page is someone else's HTML: served from a sandbox
# (a unique origin, no scripts, forms or plugins) that may load nothing but
# its own inline styles and data: images.
ARCHIVE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@require_GET
@role_required(*DESK_ROLES)
def evidence_copy(request, evidence_id: int):
    """The archived copy of an evidence page, as fetched."""
    evidence = get_object_or_404(Evidence.objects.select_related("verdict"), pk=evidence_id)
    verdict = evidence.verdict
    if not (
        verdict.status in Verdict.PUBLIC_STATUSES
        or verdict.author_id == request.user.pk
        or request.user.has_perm(READ_ALL_VERDICTS)
    ):
        raise Http404("No archived copy.")
    snapshot = services.evidence_archived_copy(evidence=evidence)
    if snapshot is None:
        raise Http404("No archived copy.")
    response = HttpResponse(gzip.decompress(snapshot.html_gz), content_type="text/html")
    response["Content-Security-Policy"] = ARCHIVE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
