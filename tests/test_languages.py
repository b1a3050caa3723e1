"""Languages beyond English at submit (issue #26): detected, stored, flagged
when unsure, refused by name when they cannot be embedded; the same through
the service, the form, the API and the CLI."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims.article_input import ArticleInputError
from claims.models import Article
from claims.nlp.language import (
    ACCEPTED_LANGUAGES,
    MIN_WORDS_TO_REFUSE,
    detect_language,
    own_language,
)
from claims.nlp.types import ExtractedClaim, Span
from claims.services import article_submit
from claims.services.articles import claim_fields_from_extracted

FRENCH = ("Le ministre de la Santé a déclaré mercredi que les délais d'attente aux urgences "
          "avaient diminué d'un tiers depuis le printemps dernier, selon le ministère.")
SPANISH = ("El ministro de Sanidad aseguró el miércoles que las listas de espera en las "
           "urgencias se han reducido en un tercio desde la primavera pasada.")
SWEDISH = ("Hälsoministern sade på onsdagen i riksdagen att väntetiderna på sjukhusens "
           "akutmottagningar har minskat med en tredjedel sedan i våras.")


@pytest.mark.parametrize(
    "text, code",
    [
        (FRENCH, "fr"),
        (SPANISH, "es"),
        ("Die Arbeitslosigkeit sank im vergangenen Jahr um zwei Prozent, sagte die Ministerin.",
         "de"),
        ("O desemprego caiu dois por cento no ano passado, disse a ministra.", "pt"),
        ("市长表示，这座桥将于五月重新开放。", "zh"),
    ],
)
def test_accepted_languages_are_detected(text, code):
    guess = detect_language(text)
    assert (guess.code, guess.accepted, guess.uncertain) == (code, True, False)


def test_a_short_text_in_a_refused_language_is_kept_as_the_nearest_accepted_one_flagged():
    """Too few words to refuse an article for its language: kept, flagged."""
    guess = detect_language("Borgmästaren sade att bron öppnar igen i maj.")
    assert len(guess.name) and guess.accepted and guess.uncertain
    assert MIN_WORDS_TO_REFUSE > 9


def test_accepted_languages_are_those_the_multilingual_encoder_embeds():
    assert {"en", "fr", "es", "de", "it", "pt", "nl", "pl", "ru", "tr", "ar", "zh", "ja", "ko",
            "th"} == set(ACCEPTED_LANGUAGES)


@pytest.mark.django_db
def test_submit_stores_the_detected_language():
    article = article_submit(text=FRENCH, submitted_by=None).article
    assert (article.language, article.language_uncertain) == ("fr", False)


@pytest.mark.django_db
def test_an_unsure_detection_keeps_the_given_language_and_is_flagged():
    article = article_submit(text="Short snippet", submitted_by=None, language="en").article
    assert (article.language, article.language_uncertain) == ("en", True)


@pytest.mark.django_db
def test_a_refused_language_stores_nothing():
    with pytest.raises(ArticleInputError, match="looks like Swedish"):
        article_submit(text=SWEDISH, submitted_by=None)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_form_api_and_cli_accept_spanish_and_refuse_swedish(factchecker, factchecker_client,
                                                          tmp_path):
    submit = reverse("claims:article_submit")
    response = factchecker_client.post(submit, {"text": SWEDISH})
    assert "looks like Swedish" in response.content.decode()
    factchecker_client.post(submit, {"text": SPANISH})
    assert Article.objects.get().language == "es"

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=factchecker)[1]}")
    response = api.post("/api/articles/", {"text": SWEDISH}, format="json")
    assert response.status_code == 400
    assert "Swedish" in response.json()["error"]["message"]
    response = api.post("/api/articles/", {"text": FRENCH}, format="json")
    assert response.status_code in (201, 202), response.content
    assert Article.objects.get(pk=response.json()["id"]).language == "fr"
    assert (response.json()["language"], response.json()["language_uncertain"]) == ("fr", False)

    (tmp_path / "sv.txt").write_text(SWEDISH)
    (tmp_path / "pt.txt").write_text("O desemprego caiu dois por cento no ano passado, "
                                     "disse a ministra do Trabalho em Lisboa na terça-feira.")
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out, stderr=StringIO())
    assert "looks like Swedish" in out.getvalue()
    assert Article.objects.filter(language="pt").count() == 1
    assert Article.objects.count() == 3


def test_a_claim_in_another_language_than_its_article_carries_its_own():
    assert own_language(SPANISH, "en") == "es"
    assert own_language(SPANISH, "es") == ""
    assert own_language("Le Monde said so.", "en") == ""  # too short to judge


@pytest.mark.django_db
def test_claim_fields_carry_the_language_of_a_mixed_article():
    text = ("The health minister spoke to reporters on Tuesday in Madrid about the waiting "
            "lists in the emergency departments of the country's public hospitals. He said it "
            "in Spanish, and the ministry later published his words on its website: " + SPANISH)
    article = article_submit(text=text, submitted_by=None).article
    assert article.language == "en"
    start = text.index("El ministro")
    item = ExtractedClaim(text=SPANISH, start=start, end=len(text),
                          content=Span(SPANISH, start, len(text)), speaker=None, cue=None)
    assert claim_fields_from_extracted(item, article=article)["language"] == "es"


@pytest.mark.model
@pytest.mark.django_db
def test_a_french_article_is_extracted_with_the_french_pipeline():
    """English unchanged; French claims stored with their speakers and rule scores."""
    from claims.services import article_extract_claims

    text = ("« Nous n'augmenterons pas les impôts », a déclaré le ministre Bruno Le Maire "
            "mardi. Selon l'Insee, le chômage a baissé de 2 % en un an, une baisse record "
            "depuis 2008.")
    article = article_submit(text=text, submitted_by=None).article
    claims = article_extract_claims(article=article)
    assert [(c.text, c.speaker_name) for c in claims] == [
        ("Nous n'augmenterons pas les impôts", "Bruno Le Maire"),
        ("le chômage a baissé de 2 % en un an, une baisse record depuis 2008", "Insee"),
    ]
    assert all(text[c.content_start : c.content_end] == c.text for c in claims)
    assert "contains a number or quantity" in claims[1].checkworthiness_reasons
    assert {c.language for c in claims} == {""}  # the article's own


@pytest.mark.django_db
def test_claims_in_other_languages_keep_their_rule_scores_when_the_model_rescores():
    """The check-worthiness model learnt English: rescoring leaves a Spanish
    claim (or a Spanish claim of an English article) alone."""
    from claims.services.checkworthiness import claims_score
    from tests.factories import ArticleFactory, ClaimFactory

    spanish = ClaimFactory(article=ArticleFactory(text=SPANISH, language="es"), text=SPANISH)
    mixed = ClaimFactory(text=SPANISH, language="es")
    assert claims_score(claims=[spanish, mixed]) == {}


@pytest.mark.model
def test_extract_reads_each_file_in_its_language(tmp_path):
    """manage.py extract (no database): the JSON contract in French and
    Spanish, exact offsets; a Swedish file is named and skipped."""
    import json

    from django.core.management.base import CommandError

    (tmp_path / "fr.txt").write_text("« Nous n'augmenterons pas les impôts », a déclaré le "
                                     "ministre Bruno Le Maire mardi.")
    (tmp_path / "es.txt").write_text(SPANISH)
    (tmp_path / "sv.txt").write_text(SWEDISH)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("extract", str(tmp_path), stdout=out, stderr=err)
    assert "sv.txt: This text looks like Swedish" in err.getvalue()
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["language"] for r in records} == {"fr", "es"}
    for record in records:
        raw = open(record["article"], encoding="utf-8").read()
        assert raw[record["start"] : record["end"]] == record["text"]
    french = next(r for r in records if r["language"] == "fr")
    assert french["speaker"]["canonical"] == "Bruno Le Maire"
