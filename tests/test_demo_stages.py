"""The demo teaches (issue #25): after `load_demo`, one demo claim is at each
stage of the desk, and the sample library is about the demo's topic."""

import json

import pytest

from claims import demo
from claims.models import Article, CheckedClaim, Claim, Verdict
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
State = Claim.QueueState


@pytest.fixture
def demo_article(django_user_model):
    from django.contrib.auth.models import Group

    for account in demo.DEMO_ACCOUNTS:
        user = django_user_model.objects.create_user(account.username, password=account.password,
                                                     is_staff=account.is_staff)
        user.groups.add(Group.objects.get(name=account.role))
    article = ArticleFactory(source=Article.Source.DEMO, status=Article.Status.DONE)
    for n, score in enumerate([0.9, 0.8, 0.7, 0.6, 0.55]):
        ClaimFactory(article=article, position=n, checkworthiness=score, text=f"Claim {n} said.")
    return article


def test_one_demo_claim_is_at_each_stage(demo_article, client, django_user_model):
    stages = demo.demo_stages_set(article=demo_article)
    states = {name: Claim.objects.get(pk=claim.pk).queue_state for name, claim in stages.items()}
    assert states == {"published": State.DONE, "in_review": State.IN_REVIEW,
                      "assigned": State.ASSIGNED}
    assert demo_article.claims.filter(queue_state=State.QUEUED).count() == 2
    published = Verdict.objects.get(claim=stages["published"])
    assert published.is_public and published.headline == demo.DEMO_HEADLINE
    # A demo verdict checks nothing: no real claim may find it in the library.
    assert not CheckedClaim.objects.filter(desk_verdict=published, withdrawn_at=None).exists()
    assert Verdict.objects.get(claim=stages["in_review"]).status == Verdict.Status.SUBMITTED
    assert Claim.objects.get(pk=stages["assigned"].pk).assigned_to.username == "factchecker"
    # The editor sees the one in review on the desk; readers see the published one.
    client.force_login(django_user_model.objects.get(username="editor"))
    desk = client.get("/").content.decode()
    assert stages["in_review"].get_absolute_url() in desk
    assert client.get(f"/verdicts/{published.pk}/").status_code == 200


def test_loading_the_demo_again_changes_nothing_people_did(demo_article):
    first = demo.demo_stages_set(article=demo_article)
    assert first and demo.demo_stages_set(article=demo_article) == {}
    assert Verdict.objects.count() == 2


def test_an_unprocessed_demo_article_is_left_alone(demo_article):
    demo_article.status = Article.Status.PENDING
    assert demo.demo_stages_set(article=demo_article) == {}


def test_the_sample_library_is_about_the_demo_article():
    records = json.loads(demo.DEMO_LIBRARY_PATH.read_text(encoding="utf-8"))
    topic = ("Syria", "Russia", "Moscow", "Assad")
    assert all(any(word in r["text"] for word in topic) for r in records), records
    assert all(r["verdict"].startswith("Sample:") for r in records)
