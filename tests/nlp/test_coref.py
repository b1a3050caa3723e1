"""The speaker coreference resolver: surnames, pronouns, "the ministry"."""

import pytest

from claims.nlp.coref import ORGANIZATION, OTHER, PERSON, CorefResolver, canonical_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("General Andrei Kartapolov", "Andrei Kartapolov"),  # title dropped
        ("the Russian Defense Ministry", "Russian Defense Ministry"),  # article dropped
        ("Russia’s", "Russia"),  # possessive dropped
        ("President", "President"),  # a lone title stays a name
    ],
)
def test_canonical_name(text, expected):
    """Canonical names drop titles, articles and possessives."""
    assert canonical_name(text) == expected


def test_surname_resolves_to_full_name():
    """A later surname points back to the full name, whatever its NER label."""
    resolver = CorefResolver()
    resolver.observe("Andrei Kartapolov", 10, "PERSON")
    entity = resolver.resolve("Kartapolov", 200, "ORG")
    assert entity.canonical == "Andrei Kartapolov"
    assert entity.kind == PERSON


def test_hyphenated_surname_and_later_full_name():
    """"Assad" seen first is upgraded once "Bashar al-Assad" appears."""
    resolver = CorefResolver()
    resolver.observe("Assad", 0, "PERSON")
    resolver.observe("Bashar al-Assad", 50, "PERSON")
    assert resolver.resolve("Assad", 100, "PERSON").canonical == "Bashar al-Assad"


def test_different_first_names_stay_apart():
    """Two people sharing a surname are not merged."""
    resolver = CorefResolver()
    resolver.observe("Bill Clinton", 0, "PERSON")
    assert resolver.resolve("Hillary Clinton", 40, "PERSON").canonical == "Hillary Clinton"


@pytest.mark.parametrize(
    ("mentions", "pronoun", "expected"),
    [
        # "he" takes the nearest preceding person, skipping organisations
        (
            [
                ("Maria Zakharova", 0, "PERSON"),
                ("Andrei Kartapolov", 50, "PERSON"),
                ("Reuters", 80, "ORG"),
            ],
            "he",
            "Andrei Kartapolov",
        ),
        # "it" takes the nearest preceding organisation
        ([("Reuters", 0, "ORG"), ("Andrei Kartapolov", 50, "PERSON")], "it", "Reuters"),
        # "they" takes the nearest person or organisation
        ([("Andrei Kartapolov", 0, "PERSON"), ("Moscow", 50, "GPE")], "They", "Moscow"),
        # mentions after the pronoun do not count
        (
            [("Maria Zakharova", 0, "PERSON"), ("Andrei Kartapolov", 500, "PERSON")],
            "she",
            "Maria Zakharova",
        ),
    ],
)
def test_pronouns(mentions, pronoun, expected):
    """Pronouns resolve to the nearest fitting entity before them."""
    resolver = CorefResolver()
    for text, start, label in mentions:
        resolver.observe(text, start, label)
    assert resolver.resolve(pronoun, 100).canonical == expected


def test_unresolvable_pronoun_keeps_its_text():
    """With nothing before it, a pronoun stays itself."""
    entity = CorefResolver().resolve("he", 0)
    assert (entity.canonical, entity.kind) == ("he", PERSON)


def test_the_ministry_resolves_to_a_ministry():
    """"the ministry" is the nearest organisation named with that noun."""
    resolver = CorefResolver()
    resolver.observe("Russia’s foreign ministry", 0, "")
    resolver.observe("Reuters", 30, "ORG")
    entity = resolver.resolve("the ministry", 100)
    assert (entity.canonical, entity.kind) == ("Russia’s foreign ministry", ORGANIZATION)


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("the Russian Defense Ministry", "ORG", ORGANIZATION),  # a name, not an anaphor
        ("Russia", "GPE", ORGANIZATION),  # countries speak as organisations
        ("officials", "", OTHER),  # unnamed sources
        ("", "", OTHER),  # nothing to resolve
    ],
)
def test_kinds(text, label, kind):
    """Kinds follow NER labels, then organisation nouns."""
    assert CorefResolver().resolve(text, 0, label).kind == kind


def test_pronoun_gender_agrees_with_title():
    """"she" skips a nearer "Mr." and takes the person named "Ms."."""
    resolver = CorefResolver()
    resolver.observe("Ann Lee", 0, "PERSON", title="Ms.")
    resolver.observe("Bo Chan", 50, "PERSON", title="Mr.")
    assert resolver.resolve("she", 100).canonical == "Ann Lee"
    assert resolver.resolve("he", 120).canonical == "Bo Chan"


def test_pronoun_gender_is_remembered():
    """Once "she" is resolved to a person, "he" no longer picks her."""
    resolver = CorefResolver()
    resolver.observe("Sam Roe", 0, "PERSON")
    resolver.observe("Kim Park", 50, "PERSON")
    assert resolver.resolve("she", 100).canonical == "Kim Park"
    assert resolver.resolve("he", 150).canonical == "Sam Roe"
