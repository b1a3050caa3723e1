"""The Sources page: editors watch feeds and sitemaps and see their health."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims.views import EDITOR, role_required

from . import selectors, services
from .forms import SourceForm
from .models import Source

SOURCE_ADDED = "Source added; it is checked within a minute."
SOURCE_SWITCHED_ON = "{name} switched on; it is checked within a minute."
SOURCE_SWITCHED_OFF_BY_HAND = "{name} switched off."
SOURCE_POLL_SOON = "{name} is checked within a minute."


@role_required(*EDITOR)
def source_list(request):
    """Every source with its health; the form adds one."""
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.source_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, SOURCE_ADDED)
        return redirect("sources:source_list")
    context = {
        "sources": selectors.source_list_health(),
        "form": form,
        "max_failures": settings.CLAIMS_SOURCES_MAX_FAILURES,
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
