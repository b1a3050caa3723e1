"""The admin's rough edges (issue #25): the merge form shows cut claim text
with an ellipsis; the moderation log filters by the types it holds."""

import pytest
from django.contrib.contenttypes.models import ContentType

from claims import services
from claims.models import Article, Claim, ModerationLog
from tests.factories import ClaimFactory
from tests.test_admin_moderation import changelist, run_action

pytestmark = pytest.mark.django_db


def test_the_merge_form_shows_cut_claim_text_with_an_ellipsis(admin_client):
    long = "The minister said that " + "every school in the region " * 6 + "reopens."
    claims = [ClaimFactory(text=long), ClaimFactory(text=long)]
    page = run_action(admin_client, "claim", "merge", claims).content.decode()
    shown = long[:79] + "…"
    assert page.count(shown) >= 4  # listed, and a radio label each
    assert str(claims[0]) == shown and len(shown) == 80
    assert str(ClaimFactory(text="Short.")) == "Short."


def test_the_moderation_logs_type_filter_lists_only_logged_types(admin_client, admin_user):
    claim = ClaimFactory()
    services.claim_hide(claim=claim, by=admin_user, reason="Spam")
    services.article_hide(article=ClaimFactory().article, by=admin_user, reason="Spam")
    page = admin_client.get(changelist("moderationlog"))
    choices = [c["display"] for spec in page.context["cl"].filter_specs
               if spec.title == "content type" for c in spec.choices(page.context["cl"])]
    logged = sorted(str(ContentType.objects.get_for_model(m)) for m in (Claim, Article))
    assert sorted(choices) == sorted(["All", *logged])  # not the project's other 20-odd types
    assert ModerationLog.objects.count() == 2
