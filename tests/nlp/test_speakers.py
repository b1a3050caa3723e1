"""Speakers are people and organisations (issue #20): names, unnamed sources,
canonical keys and coreference, on sentences written for these tests."""

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claims.nlp.coref import ORGANIZATION, PERSON, CorefResolver
from claims.nlp.extraction import extract_claims
from claims.nlp.speakers import (
    DESCRIPTION,
    NAME,
    PRONOUN,
    mention_form,
    name_is_generic,
    speaker_is_shared,
    speaker_key,
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("O'Neill", "O’Neill"),  # straight and curly apostrophes
        ("James O’Neill", "JAMES O'NEILL"),  # case
        ("Mr. James O'Neill", "James O’Neill"),  # an honorific
        ("Dr Pia Holm", "Pia Holm"),  # an honorific without its dot
        ("U.S. Coast Guard", "US Coast Guard"),  # dots
        ("Lena Kovač-Ries", "Lena Kovač–Ries"),  # a hyphen typed as a dash
    ],
)
def test_name_variants_share_a_key(one, other):
    """Case, apostrophe, dot and honorific variants are one speaker."""
    assert speaker_key(one) == speaker_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ann Lee", "Lee"),  # a surname is not the full name
        ("Ann Lee", "Anna Lee"),
        ("Mrs. Brown", "Brown Holdings"),
    ],
)
def test_different_names_keep_different_keys(one, other):
    assert speaker_key(one) != speaker_key(other)


@pytest.mark.parametrize(
    ("name", "kind", "shared"),
    [
        ("Ann Lee", "person", True),  # a full name joins other articles' Ann Lee
        ("Lee", "person", False),  # a surname stays with its article
        ("Mr. Lee", "person", False),  # an honorific adds no first name
        ("Reuters", "organization", True),  # a one-word organisation is its full name
    ],
)
def test_only_full_names_are_shared(name, kind, shared):
    assert speaker_is_shared(name=name, kind=kind) is shared


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("mayor", True),
        ("senior official", True),
        ("Experts", True),  # capitalised only because it opened the sentence
        ("Veterans", True),
        ("One", True),
        ("Fund officials", True),
        ("Port authority officials", True),
        ("policy", True),
        ("Fund", True),  # "the Fund": a description of a fund named elsewhere
        ("Ann Lee", False),
        ("James O’Neill", False),
        ("Tallis campaign", False),  # an organisation a name anchors
        ("Reuters", False),
        ("Nordic Investment Fund", False),
        ("“Harbour Watch", False),  # a stray quotation mark
        ("12 percent", True),
        ("Union of Harbour Workers", False),  # a generic word closing a name
        ("U.S.", False),  # not the pronoun "us"
        ("It", True),
    ],
)
def test_generic_names(name, generic):
    """Stored names that are descriptions, not names (the data migration)."""
    assert name_is_generic(name) is generic


# --- Coreference, without a model ---------------------------------------------


def test_the_mayor_resolves_to_the_person_titled_mayor():
    resolver = CorefResolver()
    resolver.observe("Ann Lee", 6, "PERSON", title="Mayor")
    resolver.observe("Bo Dahl", 60, "PERSON", title="Senator")
    entity = resolver.resolve("The mayor", 100, form=DESCRIPTION)
    assert (entity.canonical, entity.kind, entity.named) == ("Ann Lee", PERSON, True)
    assert resolver.resolve("the senator", 120, form=DESCRIPTION).canonical == "Bo Dahl"


def test_an_apposition_is_a_title_too():
    """"Ann Lee, the port's director, ..." then "the director"."""
    resolver = CorefResolver()
    resolver.observe("Ann Lee", 0, "PERSON", roles=("director",))
    assert resolver.resolve("the director", 90, form=DESCRIPTION).canonical == "Ann Lee"


@pytest.mark.parametrize(
    "text",
    [
        "a mayor",  # indefinite: someone else
        "the governor",  # nobody titled so before
        "experts",
        "A senior official",
    ],
)
def test_descriptions_without_a_name_are_unnamed(text):
    resolver = CorefResolver()
    resolver.observe("Ann Lee", 0, "PERSON", title="Mayor")
    entity = resolver.resolve(text, 100, form=DESCRIPTION)
    assert entity.named is False
    assert entity.canonical != "Ann Lee"


def test_surname_with_a_curly_apostrophe_finds_the_full_name():
    resolver = CorefResolver()
    resolver.observe("James O’Neill", 0, "PERSON")
    entity = resolver.resolve("O'Neill", 80, "ORG")
    assert (entity.canonical, entity.kind, entity.named) == ("James O’Neill", PERSON, True)


def test_it_is_the_treaty_not_the_country():
    """A thing that was the clause's subject beats a country named after it,
    unless "it" speaks: a treaty does not say things."""
    resolver = CorefResolver()
    resolver.observe_subject("The accord", 0)
    resolver.observe("Norway", 28, "GPE")
    showed = resolver.resolve("It", 60, form=PRONOUN, speech=False)
    assert (showed.named, showed.canonical) == (False, "accord")
    said = resolver.resolve("It", 60, form=PRONOUN, speech=True)
    assert (said.canonical, said.kind) == ("Norway", ORGANIZATION)


def test_an_unresolved_pronoun_is_unnamed():
    assert CorefResolver().resolve("She", 0, form=PRONOUN).named is False


# --- The whole pipeline, with the model -----------------------------------------


def speakers(text):
    """Return (as written, canonical, unnamed) of each attributed claim."""
    return [
        (c.speaker.text, c.speaker.canonical, c.speaker.unnamed)
        for c in extract_claims(text)
        if c.speaker is not None
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare plural: an unnamed source, kept as written
        (
            "Experts said the lake would freeze over by the end of January.",
            [("Experts", "Experts", True)],
        ),
        # an indefinite description
        (
            "A senior diplomat said the talks had stalled over fishing quotas.",
            [("A senior diplomat", "senior diplomat", True)],
        ),
        # a quantifier standing for people
        ("One said the ferry had been cancelled twice.", [("One", "One", True)]),
        # "the mayor" one sentence after "Mayor Ann Lee"
        (
            "Mayor Ann Lee cut the ribbon on the new library on Monday. "
            "The mayor said the building had cost 4 million euros.",
            [("The mayor", "Ann Lee", False)],
        ),
        # a surname with a straight apostrophe after the name with a curly one
        (
            "James O’Neill runs the harbour board. "
            "O'Neill said cargo volumes rose by 6 percent last year.",
            [("O'Neill", "James O’Neill", False)],
        ),
        # "It showed": the treaty, not the country named after it
        (
            "The fisheries treaty was signed by Iceland in 2015. "
            "It showed that cod stocks recovered within five years.",
            [("It", "fisheries treaty", True)],
        ),
        # "it said" stays with the organisation
        (
            "The Baltic Energy Agency cut its forecast on Tuesday. "
            "It said demand would fall by 2 percent.",
            [("It", "Baltic Energy Agency", False)],
        ),
    ],
)
def test_speakers_in_articles(text, expected):
    assert speakers(text) == expected


@pytest.mark.model
def test_the_extract_json_marks_unnamed_sources():
    [claim] = extract_claims("Residents said the water tasted of iron for a week.")
    assert claim.as_dict()["speaker"]["unnamed"] is True


@pytest.mark.parametrize(
    ("words", "pos", "form"),
    [
        (["Ann", "Lee"], ["PROPN", "PROPN"], NAME),
        (["the", "Fund"], ["DET", "PROPN"], DESCRIPTION),  # a description of a fund
        (["the", "mayor"], ["DET", "NOUN"], DESCRIPTION),
        (["Experts"], ["NOUN"], DESCRIPTION),  # capitalised at the sentence start
        (["she"], ["PRON"], PRONOUN),
        # misparses: a lower-case "proper noun", a verb read as the subject
        (["rampant", "xenophobe"], ["ADJ", "PROPN"], DESCRIPTION),
        (["note"], ["VERB"], DESCRIPTION),
        (["al-Assad"], ["PROPN"], NAME),  # a capital inside the word
    ],
)
def test_mention_form_from_the_parse(words, pos, form):
    """The parser's part of speech decides, and a name is capitalised."""
    heads = [len(words) - 1] * len(words)
    deps = ["dep"] * (len(words) - 1) + ["ROOT"]
    doc = Doc(Vocab(), words=words, pos=pos, heads=heads, deps=deps)
    assert mention_form(doc[:]) == form
