"""A small newsroom for the UI tests: articles with attributed claims, a
related claim that already has a published verdict, and an article whose
text carries a <script>.

Built through the services where they exist, so history and workflow rows
are the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims import services
from claims.models import Article, Claim, ClaimRelation, Verdict
from tests.factories import ArticleFactory

SCHOOLS_TEXT = (
    "Schools reopen after the strike\n\n"
    "Schools will reopen on Monday, Education Minister Jane Doe, a former teacher, "
    "told reporters on Tuesday, according to the Daily Planet.\n\n"
    '"Only 12 schools are ready," said union leader Tom Roe.\n\n'
    "The weather in the capital was mild."
)
EARLIER_TEXT = (
    "Minister repeats reopening pledge\n\n"
    "Jane Doe said last week that schools will reopen on Monday across the country."
)
SCRIPT_TEXT = (
    "<script>alert('pwned')</script> The mayor said the bridge was safe. "
    "<img src=x onerror=\"alert('img')\"> Council officials said repairs cost 3 million."
)


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def claim_in(article: Article, *, position: int, sentence: str, content: str, **parts) -> Claim:
    """Create a claim whose spans are found in the article text."""
    text = article.text
    s_start, s_end = span(text, sentence)
    c_start, c_end = span(text, content, s_start)
    fields = dict(
        article=article,
        position=position,
        text=content,
        sentence_start=s_start,
        sentence_end=s_end,
        content_start=c_start,
        content_end=c_end,
        quote_type=parts.pop("quote_type", "indirect"),
        checkworthiness=parts.pop("checkworthiness", 0.8),
        checkworthiness_reasons=parts.pop("reasons", []),
        queue_state=parts.pop("queue_state", Claim.QueueState.QUEUED),
    )
    if speaker := parts.pop("speaker", None):
        fields["speaker"] = services.speaker_get_or_create(name=speaker, kind="person")
        start, end = span(text, speaker, s_start)
        fields.update(speaker_text=speaker, speaker_start=start, speaker_end=end)
    if cue := parts.pop("cue", None):
        start, end = span(text, cue, s_start)
        fields.update(cue_text=cue, cue_start=start, cue_end=end)
    if outlet := parts.pop("outlet", None):
        start, end = span(text, outlet, s_start)
        fields["reported_by"] = [{"text": outlet, "start": start, "end": end}]
    fields["speaker_role"] = parts.pop("role", "")
    assert not parts, parts
    return Claim.objects.create(**fields)


@dataclass
class Newsroom:
    schools: Article
    earlier: Article
    scripted: Article
    reopen: Claim  # the best claim in the queue: fact-checkers take it first
    ready: Claim
    earlier_claim: Claim  # the same claim, checked before
    published: Verdict
    relation: ClaimRelation


def newsroom(*, factchecker2, editor2) -> Newsroom:
    """Build the newsroom; factchecker2 and editor2 checked the earlier claim."""
    schools = ArticleFactory(
        text=SCHOOLS_TEXT, title="Schools reopen after the strike", outlet="Daily Planet"
    )
    earlier = ArticleFactory(
        text=EARLIER_TEXT, title="Minister repeats reopening pledge", outlet="Morning Post"
    )
    scripted = ArticleFactory(text=SCRIPT_TEXT, title="<b>Bridge</b> <script>x()</script>")
    reopen = claim_in(
        schools,
        position=0,
        sentence=SCHOOLS_TEXT.split("\n\n")[1],
        content="Schools will reopen on Monday",
        speaker="Jane Doe",
        role="a former teacher",
        cue="told",
        outlet="the Daily Planet",
        checkworthiness=0.92,
        reasons=["states a date", "named official"],
    )
    ready = claim_in(
        schools,
        position=1,
        sentence=SCHOOLS_TEXT.split("\n\n")[2],
        content="Only 12 schools are ready",
        speaker="Tom Roe",
        role="union leader",
        cue="said",
        quote_type="direct",
        checkworthiness=0.85,
        reasons=["contains a number"],
    )
    earlier_claim = claim_in(
        earlier,
        position=0,
        sentence=EARLIER_TEXT.split("\n\n")[1],
        content="schools will reopen on Monday across the country",
        speaker="Jane Doe",
        cue="said",
        checkworthiness=0.7,
    )
    claim_in(
        scripted,
        position=0,
        sentence="The mayor said the bridge was safe.",
        content="the bridge was safe",
        speaker="mayor",
        cue="said",
        checkworthiness=0.55,
    )
    published = verdict_published(claim=earlier_claim, by=factchecker2, editor=editor2)
    relation = ClaimRelation.objects.create(
        claim=reopen, other=earlier_claim, similarity=0.93, tier=ClaimRelation.Tier.SAME
    )
    return Newsroom(schools, earlier, scripted, reopen, ready, earlier_claim, published, relation)


def verdict_published(*, claim: Claim, by, editor) -> Verdict:
    """Take claim through the whole workflow: drafted by `by`, published by editor."""
    services.claim_assign(claim=claim, to=by, by=editor)
    verdict = services.verdict_create(
        claim=claim,
        by=by,
        rating="false",
        headline="No, schools will not all reopen on Monday",
        rationale="The ministry's **own** list names 12 schools.",
    )
    services.evidence_add(
        verdict=verdict,
        by=by,
        url="https://example.org/ministry-list",
        title="Ministry reopening list",
        excerpt="12 schools are cleared to reopen.",
        stance="refutes",
    )
    services.verdict_submit(verdict=verdict, by=by)
    services.verdict_approve(verdict=verdict, by=editor)
    return services.verdict_publish(verdict=verdict, by=editor)
