"""Speakers in the database (issue #20): unnamed sources get no Speaker,
only full names are shared across articles, editors merge and rename
speakers in the admin and every claim follows; the data migration."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from claims import services
from claims.models import Claim, ModerationLog, Speaker
from claims.nlp.extraction import extract_claims
from claims.services.reconcile import claims_reconcile
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def store(text: str):
    """Extract an article of our own and store its claims; return them."""
    article = ArticleFactory(text=text)
    extracted = extract_claims(text)
    claims_reconcile(article=article, extracted=extracted, vectors=[None] * len(extracted))
    return list(Claim.objects.filter(article=article).select_related("speaker"))


def attributed(claims):
    return [claim for claim in claims if claim.speaker_text]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- Extraction stores speakers --------------------------------------------------


@pytest.mark.model
def test_generic_sources_stay_unnamed_and_are_never_shared():
    """"Experts" in two articles are two unnamed sources, not one speaker."""
    first = attributed(store("Experts said the glacier lost a tenth of its ice in 2023."))
    second = attributed(store("Experts said the new bridge would carry 9,000 cars a day."))
    for claim in first + second:
        assert claim.speaker is None
        assert claim.speaker_unnamed is True
        assert claim.speaker_text == "Experts"
        assert claim.speaker_name == "Experts"  # the desk shows it as written
    assert not Speaker.objects.exists()


@pytest.mark.model
def test_the_mayor_is_stored_as_the_named_mayor():
    claims = attributed(
        store(
            "Mayor Ann Lee cut the ribbon on the new library on Monday. "
            "The mayor said the building had cost 4 million euros."
        )
    )
    [claim] = claims
    assert (claim.speaker.name, claim.speaker_text, claim.speaker_unnamed) == (
        "Ann Lee",
        "The mayor",
        False,
    )


@pytest.mark.model
def test_apostrophe_variants_are_one_speaker_across_articles():
    first = attributed(store("Cargo volumes rose by 6 percent last year, James O’Neill said."))
    second = attributed(store("James O'Neill said the harbour would close for a week in May."))
    assert first[0].speaker == second[0].speaker
    assert Speaker.objects.count() == 1


@pytest.mark.model
def test_only_full_names_merge_across_articles():
    """A surname alone in another article is that article's own speaker."""
    full = attributed(
        store("Ann Lee said taxes would fall next year. Lee added that rents would rise.")
    )
    assert {claim.speaker.name for claim in full} == {"Ann Lee"}
    surname = attributed(store("Lee said the tram line would open in May."))
    again = attributed(store("Ann Lee said the port would double in size by 2030."))
    other_surname = attributed(store("Lee said the ferry would run twice a day."))
    assert again[0].speaker == full[0].speaker
    assert surname[0].speaker != full[0].speaker
    assert surname[0].speaker.article_id == surname[0].article_id
    assert other_surname[0].speaker not in (surname[0].speaker, full[0].speaker)


def test_speaker_lookup_follows_aliases_and_finds_rows_without_a_key():
    ann = Speaker.objects.create(name="Ann Lee")  # made outside the services: no key
    assert services.speaker_get_or_create(name="ann lee", kind="person") == ann
    alias = Speaker.objects.create(name="A. Lee", key="a lee", merged_into=ann)
    assert services.speaker_get_or_create(name="A. Lee", kind="person") == ann
    assert alias.pk != ann.pk


# --- Merge and rename in the admin -------------------------------------------------


def merge_in_admin(client, speakers, survivor, reason="Same person"):
    data = {
        "action": "merge_speakers",
        ACTION_CHECKBOX_NAME: [speaker.pk for speaker in speakers],
        "post": "yes",
        "survivor": survivor.pk,
        "reason": reason,
    }
    return client.post(reverse("admin:claims_speaker_changelist"), data, follow=True)


def test_editor_merges_speakers_and_every_claim_follows(editor_client, editor):
    keep = services.speaker_get_or_create(name="James O'Neill", kind="person")
    jim = services.speaker_get_or_create(name="Jim O'Neill", kind="person")
    harbour = services.speaker_get_or_create(name="J. O'Neill", kind="person")
    claims = [ClaimFactory(speaker=speaker) for speaker in (keep, jim, jim, harbour)]

    response = merge_in_admin(editor_client, [keep, jim, harbour], keep)

    assert "Merged 2 speaker(s) into James O&#x27;Neill." in response.content.decode()
    assert {c.speaker_id for c in Claim.objects.filter(pk__in=[c.pk for c in claims])} == {
        keep.pk
    }
    jim.refresh_from_db()
    assert jim.merged_into == keep  # kept as an alias
    moved = Claim.history.filter(id=claims[1].pk, history_user=editor).latest()
    assert moved.speaker_id == keep.pk and "merged into James O'Neill" in (
        moved.history_change_reason
    )
    log = ModerationLog.objects.get(action=ModerationLog.Action.MERGE_SPEAKERS)
    assert (log.actor, log.reason, log.object_id) == (editor, "Same person", keep.pk)
    assert sorted(log.details["merged"]) == sorted([jim.pk, harbour.pk])
    # A later article naming the merged name credits the survivor.
    assert services.speaker_get_or_create(name="Jim O’Neill", kind="person") == keep


def test_merge_without_a_reason_asks_again(editor_client):
    one = services.speaker_get_or_create(name="Pia Holm", kind="person")
    two = services.speaker_get_or_create(name="Pia Holm-Berg", kind="person")
    ClaimFactory(speaker=two)
    response = merge_in_admin(editor_client, [one, two], one, reason="")
    assert response.status_code == 200
    assert Claim.objects.get().speaker == two
    assert not ModerationLog.objects.exists()


def test_editor_renames_a_speaker_with_a_reason(editor_client, editor):
    speaker = services.speaker_get_or_create(name="Slam Tom Roe", kind="person")
    claim = ClaimFactory(speaker=speaker)
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = editor_client.post(
        url, {"name": "Tom Roe", "kind": "person", "reason": "Headline verb in the name"}
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    claim.refresh_from_db()
    assert claim.speaker.name == speaker.name == "Tom Roe"
    log = ModerationLog.objects.get(action=ModerationLog.Action.RENAME_SPEAKER)
    assert (log.actor, log.reason) == (editor, "Headline verb in the name")
    assert log.details["old_name"] == "Slam Tom Roe"
    row = speaker.history.latest()
    assert (row.name, row.history_user) == ("Tom Roe", editor)
    assert row.history_change_reason.startswith("Renamed from Slam Tom Roe")
    # The old name is an alias: extraction meeting it again credits Tom Roe.
    assert services.speaker_get_or_create(name="Slam Tom Roe", kind="person") == speaker


def test_rename_to_another_speakers_name_is_refused_on_the_form(editor_client):
    services.speaker_get_or_create(name="Tom Roe", kind="person")
    speaker = services.speaker_get_or_create(name="Thomas Roe", kind="person")
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = editor_client.post(url, {"name": "tom roe", "kind": "person", "reason": "Same"})
    assert response.status_code == 200
    assert "merge the two instead" in response.content.decode()
    speaker.refresh_from_db()
    assert speaker.name == "Thomas Roe"


def test_fact_checkers_cannot_merge_or_rename(factchecker):
    one = services.speaker_get_or_create(name="Pia Holm", kind="person")
    two = services.speaker_get_or_create(name="Pia Holm-Berg", kind="person")
    with pytest.raises(PermissionDenied):
        services.speakers_merge(survivor=one, others=[two], by=factchecker, reason="Same")
    with pytest.raises(PermissionDenied):
        services.speaker_rename(speaker=one, name="P. Holm", by=factchecker, reason="Typo")


def test_a_corrected_speaker_is_no_longer_unnamed(editor):
    article = ArticleFactory(text="Officials said the port would close. Tom Roe agreed.")
    claim = ClaimFactory(
        article=article,
        text=article.text,
        speaker_text="Officials",
        speaker_start=0,
        speaker_end=9,
        speaker_unnamed=True,
    )
    services.claim_correct_attribution(claim=claim, user=editor, speaker_name="Port authority")
    claim.refresh_from_db()
    assert (claim.speaker.name, claim.speaker_unnamed) == ("Port authority", False)


# --- The data migration ------------------------------------------------------------

BEFORE, AFTER = ("claims", "0012_reliability"), ("claims", "0013_speakers")


def migrate_to(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_migration_detaches_generic_speakers_and_unifies_names():
    """Existing databases: "mayor" leaves, its claims keep the words as
    written; "O'Neill" variants become one; a lone surname stays with each
    article; migrating back gives one speaker per name again."""
    try:
        apps = migrate_to(BEFORE)
        Article = apps.get_model("claims", "Article")
        OldClaim = apps.get_model("claims", "Claim")
        OldSpeaker = apps.get_model("claims", "Speaker")
        names = ["mayor", "James O'Neill", "James O’Neill", "Lee", "Ann Lee"]
        old = {name: OldSpeaker.objects.create(name=name, kind="person") for name in names}
        articles = [
            Article.objects.create(text=f"Text {n}.", text_hash=str(n) * 64) for n in range(2)
        ]

        def claim(article, position, speaker, written):
            spans = dict(sentence_start=0, sentence_end=5, content_start=0, content_end=5)
            return OldClaim.objects.create(
                article=article, position=position, text="x", quote_type="indirect",
                speaker=old[speaker], speaker_text=written, **spans,
            )  # fmt: skip

        mayor = claim(articles[0], 0, "mayor", "the mayor")
        straight = claim(articles[0], 1, "James O'Neill", "James O'Neill")
        curly = claim(articles[1], 0, "James O’Neill", "James O’Neill")
        lee_one = claim(articles[0], 2, "Lee", "Lee")
        lee_two = claim(articles[1], 1, "Lee", "Lee")
        ann = claim(articles[1], 2, "Ann Lee", "Ann Lee")

        apps = migrate_to(AFTER)
        NewClaim = apps.get_model("claims", "Claim")
        get = {c.pk: c for c in NewClaim.objects.all()}.get
        assert (get(mayor.pk).speaker_id, get(mayor.pk).speaker_unnamed) == (None, True)
        assert get(mayor.pk).speaker_text == "the mayor"
        assert get(straight.pk).speaker_id == get(curly.pk).speaker_id
        assert get(lee_one.pk).speaker_id != get(lee_two.pk).speaker_id
        assert get(ann.pk).speaker_id == old["Ann Lee"].pk
        NewSpeaker = apps.get_model("claims", "Speaker")
        assert not NewSpeaker.objects.filter(name="mayor").exists()
        assert set(NewSpeaker.objects.filter(name="Lee").values_list("article_id", flat=True)) == {
            a.pk for a in articles
        }

        apps = migrate_to(BEFORE)
        OldSpeaker = apps.get_model("claims", "Speaker")
        OldClaim = apps.get_model("claims", "Claim")
        assert OldClaim.objects.get(pk=mayor.pk).speaker.name == "mayor"
        lees = OldClaim.objects.filter(pk__in=[lee_one.pk, lee_two.pk])
        assert {c.speaker.name for c in lees} == {"Lee"}
        assert len({c.speaker_id for c in lees}) == 1
    finally:
        call_command("migrate", verbosity=0)
