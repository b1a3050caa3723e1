"""Template helpers of the sources app: an evidence item's archive state."""

from django import template

from ..selectors import evidence_snapshot_status

register = template.Library()


@register.inclusion_tag("sources/_evidence_archive.html")
def evidence_archive(evidence) -> dict:
    """'archived <date>' with a link to the stored copy, and a flag when the
    latest re-check found the page gone or changed."""
    return {"evidence": evidence, **evidence_snapshot_status(evidence=evidence)}
