"""Moderation in the admin, per role: each action through admin_client (an
admin) and a signed-in editor, asserting on the page and the database."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse

from claims import selectors, services
from claims.models import Article, Claim, ModerationLog, Verdict
from tests.conftest import make_user
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory
from tests.test_exports import published_verdict

pytestmark = pytest.mark.django_db
Action = ModerationLog.Action
Status = Verdict.Status


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(params=["admin", "editor"])
def moderator(request, admin_client, admin_user, editor_client, editor):
    """Each test runs as an admin and as an editor: (client, user)."""
    return (admin_client, admin_user) if request.param == "admin" else (editor_client, editor)


def changelist(model: str) -> str:
    return reverse(f"admin:claims_{model}_changelist")


def run_action(client, model: str, action: str, objects, **form):
    """Post an admin action; with form data, answer its intermediate page too."""
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}
    if form:
        data.update(post="yes", **form)
    return client.post(changelist(model), data, follow=True)


def submitted(factchecker) -> Verdict:
    verdict = EvidenceFactory(verdict__claim__assigned_to=factchecker).verdict
    services.verdict_submit(verdict=verdict, by=factchecker)
    return verdict


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Who sees the admin --------------------------------------------------------


def test_fact_checkers_are_refused_by_the_admin_site(client, factchecker, django_user_model):
    client.force_login(factchecker)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Even one marked staff by mistake: the site checks the role too.
    staff_checker = make_user(django_user_model, "sam", "Fact-checkers", is_staff=True)
    client.force_login(staff_checker)
    response = client.get(changelist("verdict"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    login = client.get(reverse("admin:login"))
    assert "not authorized to access this page" in login.content.decode()


def test_editors_see_the_moderation_actions_and_admins_see_everything(
    editor_client, admin_client, factchecker
):
    EvidenceFactory(verdict__claim__assigned_to=factchecker)  # a list is needed for actions
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "Moderation logs" in index and "Verdicts" in index
    assert "Users" not in index  # accounts are the admins' business
    assert "Users" in admin_client.get(reverse("admin:index")).content.decode()
    for model, actions in {
        "verdict": ["approve", "send_back", "publish", "retract"],
        "claim": ["reassign", "merge", "hide", "unhide", "pin", "requeue"],
        "article": ["retry_extraction", "hide", "unhide"],
    }.items():
        page = editor_client.get(changelist(model)).content.decode()
        for action in actions:
            assert f'value="{action}"' in page, (model, action)
        assert 'value="delete_selected"' not in page


def test_every_model_is_registered_with_filters_and_search(admin_client):
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "claims":
            continue
        assert model_admin.list_filter, model
        has_foreign_keys = any(field.many_to_one for field in model._meta.fields)
        assert model_admin.list_select_related or not has_foreign_keys, model
        assert admin_client.get(changelist(model._meta.model_name)).status_code == 200


# --- Verdict actions ---------------------------------------------------------------


def test_approve_and_publish(moderator, factchecker, editor2):
    client, user = moderator
    verdict = submitted(factchecker)
    response = run_action(client, "verdict", "approve", [verdict])
    assert "Approved: 1." in messages_of(response)
    response = run_action(client, "verdict", "publish", [verdict])
    assert "Published: 1." in messages_of(response)
    verdict.refresh_from_db()
    assert verdict.status == Status.PUBLISHED and verdict.editor == user
    log = list(ModerationLog.objects.order_by("id").values_list("action", "actor", "object_id"))
    assert log == [(Action.APPROVE, user.pk, verdict.pk), (Action.PUBLISH, user.pk, verdict.pk)]


def test_send_back_asks_for_a_reason_first(moderator, factchecker):
    client, user = moderator
    verdict = submitted(factchecker)
    page = run_action(client, "verdict", "send_back", [verdict])
    assert page.status_code == 200
    assert page.templates[0].name == "admin/claims/moderation_confirm.html"
    assert 'name="reason"' in page.content.decode() and str(verdict) in page.content.decode()
    assert Verdict.objects.get(pk=verdict.pk).status == Status.SUBMITTED  # not yet

    empty = run_action(client, "verdict", "send_back", [verdict], reason="  ")
    assert "This field is required" in empty.content.decode()
    assert Verdict.objects.get(pk=verdict.pk).status == Status.SUBMITTED

    done = run_action(client, "verdict", "send_back", [verdict], reason="Needs a second source")
    assert "Sent back: 1." in messages_of(done)
    verdict.refresh_from_db()
    assert verdict.status == Status.CHANGES_REQUESTED
    assert verdict.status_changes.last().note == "Needs a second source"
    assert Claim.objects.get(pk=verdict.claim_id).assigned_to == factchecker
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.actor, entry.reason) == (
        Action.REQUEST_CHANGES,
        user,
        "Needs a second source",
    )


def test_retract_takes_a_public_note(moderator, factchecker, editor2):
    client, user = moderator
    verdict = published_verdict(factchecker, editor2)
    page = run_action(client, "verdict", "retract", [verdict])
    assert "Public note" in page.content.decode()
    done = run_action(client, "verdict", "retract", [verdict], reason="The figures were revised.")
    assert "Retracted: 1." in messages_of(done)
    verdict.refresh_from_db()
    assert verdict.status == Status.RETRACTED
    public = client.get(reverse("public:verdict", args=[verdict.pk])).content.decode()
    assert "The figures were revised." in public


def test_bulk_actions_report_each_refused_row_and_apply_the_rest(moderator, factchecker):
    client, user = moderator
    ready, draft = (
        submitted(factchecker),
        EvidenceFactory(verdict__claim__assigned_to=factchecker).verdict,
    )
    response = run_action(client, "verdict", "approve", [ready, draft])
    assert response.status_code == 200
    shown = messages_of(response)
    assert "Approved: 1." in shown
    assert any(m.startswith(f"{draft}: Cannot move {draft} from Draft to Approved") for m in shown)
    assert Verdict.objects.get(pk=ready.pk).status == Status.APPROVED
    assert Verdict.objects.get(pk=draft.pk).status == Status.DRAFT
    assert ModerationLog.objects.count() == 1


def test_an_editor_cannot_approve_their_own_verdict(client, django_user_model):
    """Someone both fact-checker and editor: the service's rule shows as a message."""
    both = make_user(django_user_model, "dual", "Editors", is_staff=True)
    both.groups.add(Group.objects.get(name="Fact-checkers"))
    verdict = submitted(both)
    client.force_login(both)
    response = run_action(client, "verdict", "approve", [verdict])
    assert any("another editor must approve it" in m for m in messages_of(response))
    assert Verdict.objects.get(pk=verdict.pk).status == Status.SUBMITTED


# --- Claim actions -------------------------------------------------------------------


def test_merge_duplicates_choosing_the_survivor(moderator, factchecker, editor2):
    client, user = moderator
    checked = published_verdict(factchecker, editor2).claim
    duplicate = ClaimFactory()
    page = run_action(client, "claim", "merge", [checked, duplicate])
    assert 'type="radio"' in page.content.decode()
    assert page.context["form"]["survivor"].value() == checked.pk  # the one with the verdict
    assert not Claim.objects.filter(is_hidden=True).exists()

    done = run_action(
        client,
        "claim",
        "merge",
        [checked, duplicate],
        survivor=checked.pk,
        reason="Same quote in two outlets",
    )
    assert f"Merged 1 claim(s) into {checked}." in messages_of(done)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == checked and duplicate.is_hidden
    assert ModerationLog.objects.get().action == Action.MERGE


def test_merge_refusal_is_a_message_not_an_error(moderator, factchecker, editor2):
    client, user = moderator
    checked = published_verdict(factchecker, editor2).claim
    other = ClaimFactory()
    done = run_action(client, "claim", "merge", [checked, other], survivor=other.pk, reason="Same")
    assert done.status_code == 200
    assert any("keep it as the surviving claim" in m for m in messages_of(done))
    assert not Claim.objects.filter(is_hidden=True).exists()
    one = run_action(client, "claim", "merge", [other])
    assert services.CLAIM_MERGE_NOTHING in messages_of(one)


def test_hide_and_unhide_claims(moderator):
    client, user = moderator
    claims = [ClaimFactory(), ClaimFactory()]
    assert 'name="reason"' in run_action(client, "claim", "hide", claims).content.decode()
    done = run_action(client, "claim", "hide", claims, reason="Off-topic spam")
    assert "Hidden: 2." in messages_of(done)
    assert not selectors.claim_list_queue().exists()
    again = run_action(client, "claim", "unhide", claims[:1])
    assert "Unhidden: 1." in messages_of(again)
    assert list(selectors.claim_list_queue()) == claims[:1]
    assert ModerationLog.objects.filter(action=Action.HIDE, actor=user).count() == 2


def test_the_claim_list_shows_each_score_with_its_reasons(moderator):
    """Wherever the score is shown its reasons are too; reasons are text."""
    client, _ = moderator
    ClaimFactory(
        checkworthiness=0.93,
        checkworthiness_reasons=["states a number (24 targets)", "<b>bold</b> wording", "third"],
    )
    ClaimFactory(checkworthiness=0.12, checkworthiness_reasons=[])
    page = client.get(changelist("claim"), {"o": "5"}).content.decode()
    assert "0.93<br><small>states a number (24 targets); &lt;b&gt;bold&lt;/b&gt; wording" in page
    assert "third" not in page  # the two strongest, as in the queue
    assert ">0.12<" in page


def test_hide_an_article(moderator):
    client, user = moderator
    article = ArticleFactory()
    done = run_action(client, "article", "hide", [article], reason="Duplicate upload")
    assert "Hidden: 1." in messages_of(done)
    assert Article.objects.get(pk=article.pk).is_hidden
    assert article not in selectors.article_list()


def test_reassign_claims_to_a_fact_checker(moderator, factchecker, factchecker2):
    client, user = moderator
    claims = [ClaimFactory(assigned_to=factchecker), ClaimFactory()]
    page = run_action(client, "claim", "reassign", claims).content.decode()
    assert factchecker2.username in page and "eddie" not in page.split('name="to"')[1][:2000]
    done = run_action(client, "claim", "reassign", claims, to=factchecker2.pk, reason="Expert")
    assert f"Assigned to {factchecker2}: 2." in messages_of(done)
    assert {c.assigned_to for c in Claim.objects.all()} == {factchecker2}
    assert (
        ModerationLog.objects.filter(action=Action.ASSIGN, details__to=factchecker2.pk).count() == 2
    )


# --- Article actions -----------------------------------------------------------------


def test_re_run_extraction_only_for_failed_articles(moderator):
    client, user = moderator
    failed = ArticleFactory(status=Article.Status.FAILED, error="Timeout")
    done_article = ArticleFactory(status=Article.Status.DONE)
    response = run_action(client, "article", "retry_extraction", [failed, done_article])
    shown = messages_of(response)
    assert "Queued for extraction again: 1." in shown
    assert any("Only a failed article, or one whose processing stopped" in m for m in shown)
    assert Article.objects.get(pk=failed.pk).status == Article.Status.PENDING
    assert Article.objects.get(pk=done_article.pk).status == Article.Status.DONE
    assert ModerationLog.objects.get().action == Action.RETRY_EXTRACTION


def test_articles_are_not_added_or_rewritten_in_the_admin(moderator):
    client, user = moderator
    article = ArticleFactory()
    assert client.get(reverse("admin:claims_article_add")).status_code == 403
    page = client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()
    assert 'name="text"' not in page and 'name="is_hidden"' not in page


# --- The moderation log ----------------------------------------------------------------


def test_the_moderation_log_is_read_only_and_filterable(moderator, factchecker):
    client, user = moderator
    claim = ClaimFactory()
    services.claim_hide(claim=claim, by=user, reason="Spam")
    services.moderation_apply(action=Action.ASSIGN, target=ClaimFactory(), by=user, to=factchecker)
    entry = ModerationLog.objects.get(action=Action.HIDE)

    listing = client.get(changelist("moderationlog"), {"action__exact": "hide"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [entry]
    assert "Spam" in listing.content.decode()
    found = client.get(changelist("moderationlog"), {"q": "Spam"})
    assert list(found.context["cl"].result_list) == [entry]

    detail = client.get(reverse("admin:claims_moderationlog_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="reason"' not in detail.content.decode()
    assert client.get(reverse("admin:claims_moderationlog_add")).status_code == 403
    delete = reverse("admin:claims_moderationlog_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    edit = client.post(
        reverse("admin:claims_moderationlog_change", args=[entry.pk]), {"reason": "x"}
    )
    assert edit.status_code == 403
    assert ModerationLog.objects.get(pk=entry.pk).reason == "Spam"
