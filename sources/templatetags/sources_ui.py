"""Template helpers of the sources app: an evidence item's archive state."""

from django import template

from ..selectors import evidence_snapshot_status

register = template.Library()


@register.inclusion_tag("sources/_evidence_archive.html")
def evidence_archive(evidence) -> dict:
    """'archived <date>' with a link to the stored copy, and a flag when the
    latest re-check found the page gone or changed."""
    return {"evidence": evidence, **evidence_snapshot_status(evidence=evidence)}


@register.simple_tag(takes_context=True)
def claim_transcript(context, claim):
    """The claim's transcript for the claim page (claims/_transcript.html),
    or None; all of it with ?transcript=all, else a window around the claim
    when it is long."""
    from claims.selectors.transcripts import claim_transcript as transcript_of

    request = context.get("request")
    show_all = request is not None and request.GET.get("transcript") == "all"
    return transcript_of(claim=claim, show_all=show_all)
