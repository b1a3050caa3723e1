"""Claims in French, Spanish, Italian and German (issue #26), on sentences
of our own: what is extracted, who is credited, exact offsets."""

import pytest

from claims.nlp.languages import SUPPORT, extract_claims_in
from claims.nlp.languages.generic import extract_sentence_claims, split_sentences
from claims.nlp.types import QuoteType

FRENCH = (
    "« Nous n'augmenterons pas les impôts », a déclaré le ministre Bruno Le Maire mardi. "
    "« C'est faux », a-t-il dit.\n"
    "Le maire de Lyon, Grégory Doucet, a affirmé que la ville avait planté 10 000 arbres. "
    "Selon l'Insee, le chômage a baissé de 2 % en un an.\n"
    "La Commission européenne estime que la croissance atteindra 1,2 % en 2025, rapporte "
    "Le Monde. Selon l'AFP, trois personnes ont été blessées.\n"
    "Le Premier ministre a déclaré : « La dette publique a reculé de 3 % en 2024. » "
    "Le gouvernement a présenté son budget mercredi."
)
SPANISH = (
    "El paro bajó un 2 % en un año, según el Instituto Nacional de Estadística. "
    "«No subiremos los impuestos», dijo la ministra María Jesús Montero el martes.\n"
    "Según Eurostat, la inflación fue más alta que en Francia. ¿Quién paga? "
    "Juan Pérez afirmó: «Es falso que el 40 % de los jóvenes no trabaje». Hola."
)
ITALIAN = ("«Non aumenteremo le tasse», ha detto il ministro Giancarlo Giorgetti. "
           "Secondo l'Istat, la disoccupazione è scesa al 7,8 per cento.")
GERMAN = ("„Wir werden die Steuern nicht erhöhen“, sagte Finanzminister Christian Lindner am "
          "Dienstag. Laut Eurostat stieg die Inflation auf 6,1 Prozent.")


def assert_exact(text, claims):
    """Every span points into the text exactly."""
    for claim in claims:
        spans = [claim.content, *claim.reported_by]
        spans += [s for s in (claim.speaker, claim.cue) if s is not None]
        for span in spans:
            assert text[span.start : span.end] == span.text
        assert claim.start <= claim.content.start <= claim.content.end <= claim.end


def by_text(claims):
    return {c.text: c for c in claims}


@pytest.fixture(scope="module")
def french_claims():
    return extract_claims_in(FRENCH, "fr")


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, canonical, cue, quote_type, reported_by",
    [
        # a quote, the speaker after the cue, the day left out of the name
        ("Nous n'augmenterons pas les impôts", "le ministre Bruno Le Maire", "Bruno Le Maire",
         "déclaré", QuoteType.DIRECT, []),
        # "a-t-il dit": the last person named
        ("C'est faux", "il", "Bruno Le Maire", "dit", QuoteType.DIRECT, []),
        # reported speech with an apposition
        ("la ville avait planté 10 000 arbres", "Le maire de Lyon, Grégory Doucet",
         "Grégory Doucet", "affirmé", QuoteType.INDIRECT, []),
        # "selon X, ..."
        ("le chômage a baissé de 2 % en un an", "l'Insee", "Insee", "Selon",
         QuoteType.INDIRECT, []),
        # an outlet's credit is not the speaker
        ("la croissance atteindra 1,2 % en 2025", "La Commission européenne",
         "Commission européenne", "estime", QuoteType.INDIRECT, ["Le Monde"]),
        ("trois personnes ont été blessées", None, None, "Selon", QuoteType.REPORTED,
         ["l'AFP"]),
        # the speaker before the quote, a full stop inside it
        ("La dette publique a reculé de 3 % en 2024.", "Le Premier ministre",
         "Le Premier ministre", "déclaré", QuoteType.DIRECT, []),
        ("Le gouvernement a présenté son budget mercredi", None, None, None,
         QuoteType.UNATTRIBUTED, []),
    ],
)
def test_french_constructions(french_claims, text, speaker, canonical, cue, quote_type,
                              reported_by):
    claim = by_text(french_claims)[text]
    assert (claim.speaker.text if claim.speaker else None) == speaker
    assert (claim.speaker.canonical if claim.speaker else None) == canonical
    assert (claim.cue.text if claim.cue else None) == cue
    assert claim.quote_type == quote_type
    assert [r.text for r in claim.reported_by] == reported_by


@pytest.mark.model
def test_french_offsets_and_scores(french_claims):
    assert_exact(FRENCH, french_claims)
    assert len(french_claims) == 8
    numbers = by_text(french_claims)["le chômage a baissé de 2 % en un an"]
    assert "contains a number or quantity" in numbers.reasons
    assert "makes a comparison" in numbers.reasons
    plain = by_text(french_claims)["Le gouvernement a présenté son budget mercredi"]
    assert numbers.checkworthiness > plain.checkworthiness


@pytest.mark.parametrize(
    "text, speaker, cue, quote_type",
    [
        # "..., según X." at the end of the sentence
        ("El paro bajó un 2 % en un año", "Instituto Nacional de Estadística", "según",
         QuoteType.INDIRECT),
        # «...», dijo la ministra X: the name after the cue
        ("No subiremos los impuestos", "María Jesús Montero", "dijo", QuoteType.DIRECT),
        ("la inflación fue más alta que en Francia", "Eurostat", "Según", QuoteType.INDIRECT),
        # X afirmó: «...»: the name before the cue, never inside the quote
        ("Es falso que el 40 % de los jóvenes no trabaje", "Juan Pérez", "afirmó",
         QuoteType.DIRECT),
    ],
)
def test_spanish_constructions(text, speaker, cue, quote_type):
    claims = extract_sentence_claims(SPANISH, "es")
    claim = by_text(claims)[text]
    assert (claim.speaker.text, claim.cue.text, claim.quote_type) == (speaker, cue, quote_type)


def test_spanish_sentences_offsets_and_scores():
    claims = extract_sentence_claims(SPANISH, "es")
    assert_exact(SPANISH, claims)
    # "¿Quién paga?" and "Hola." are under 4 words: not claims
    assert len(claims) == 4
    assert by_text(claims)["El paro bajó un 2 % en un año"].checkworthiness >= 0.6


@pytest.mark.parametrize(
    "text, language, expected",
    [
        (ITALIAN, "it", {"Non aumenteremo le tasse": ("Giancarlo Giorgetti", "detto"),
                         "la disoccupazione è scesa al 7,8 per cento": ("Istat", "Secondo")}),
        (GERMAN, "de", {"Wir werden die Steuern nicht erhöhen":
                        ("Finanzminister Christian Lindner", "sagte"),
                        # "Laut X" with no comma: the clause after the source
                        "stieg die Inflation auf 6,1 Prozent": ("Eurostat", "Laut")}),
    ],
)
def test_italian_and_german_quotes_and_according_to(text, language, expected):
    claims = extract_sentence_claims(text, language)
    assert_exact(text, claims)
    assert {c.text: (c.speaker.text, c.cue.text) for c in claims} == expected


@pytest.mark.parametrize(
    "text, count",
    [
        ("J. Pérez llegó ayer. El PIB creció un 3.5 % en 2023.", 2),  # initials, decimals
        ("« Oui. » Il est parti.", 2),  # a full stop inside a closing French quote
        ("市长表示，这座桥将于五月重新开放。失业率下降了百分之二。", 2),
    ],
)
def test_sentence_splitter(text, count):
    sentences = list(split_sentences(text))
    assert len(sentences) == count
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_every_accepted_language_has_an_extractor():
    assert SUPPORT["en"] == "full" and SUPPORT["fr"] == "parsed"
    assert SUPPORT["es"] == SUPPORT["zh"] == "sentences"
    claims = extract_claims_in("据国家统计局称，失业率下降了百分之二。", "zh")
    assert len(claims) == 1 and claims[0].cue.text == "据"
