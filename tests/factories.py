import datetime

import factory
from django.utils import timezone

from claims.models import Article
from claims.rendering import render_markdown
from claims.services import sha256_hex


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"The minister said that {n} schools would reopen on Monday.")
    text_hash = factory.LazyAttribute(lambda a: sha256_hex(a.text))
    status = Article.Status.DONE


class ClaimFactory(factory.django.DjangoModelFactory):
    """A queued claim whose text is the whole of its own article."""

    class Meta:
        model = "claims.Claim"
        skip_postgeneration_save = True  # the embedding hook saves its own row

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.LazyAttribute(lambda c: c.article.text)
    sentence_start = 0
    sentence_end = factory.LazyAttribute(lambda c: len(c.text))
    content_start = 0
    content_end = factory.LazyAttribute(lambda c: len(c.text))
    quote_type = "unattributed"
    checkworthiness = 0.8
    queue_state = factory.LazyAttribute(lambda c: "assigned" if c.assigned_to else "queued")
    assigned_to = None
    assigned_at = factory.LazyAttribute(lambda c: timezone.now() if c.assigned_to else None)
    lease_expires_at = factory.LazyAttribute(
        lambda c: timezone.now() + datetime.timedelta(minutes=30) if c.assigned_to else None
    )

    @factory.post_generation
    def embedding(claim, create, vector, **kwargs):
        """embedding=vector stores the claim's vector in its own table."""
        if create and vector is not None:
            from claims.models import ClaimEmbedding

            claim.vector_row = ClaimEmbedding.objects.create(claim=claim, embedding=vector)


class VerdictFactory(factory.django.DjangoModelFactory):
    """A draft verdict by the claim's assignee: pass claim__assigned_to=user."""

    class Meta:
        model = "claims.Verdict"

    claim = factory.SubFactory(ClaimFactory)
    author = factory.LazyAttribute(lambda v: v.claim.assigned_to)
    rating = "false"
    headline = factory.Sequence(lambda n: f"No, {n} schools will not reopen")
    rationale = "The ministry's **own** figures say otherwise."
    rationale_html = factory.LazyAttribute(lambda v: render_markdown(v.rationale))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.Evidence"

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    excerpt = "Only 12 schools are ready to reopen."
    stance = "refutes"
    added_by = factory.LazyAttribute(lambda e: e.verdict.author)
