"""Golden test: the demo article, sentence by sentence (the acceptance spec)."""

from pathlib import Path

import pytest

from claims.nlp.extraction import extract_claims
from claims.nlp.types import QuoteType

DEMO_PATH = Path(__file__).resolve().parents[2] / "claims/fixtures/demo_article.txt"

D, I, M, R, U = (
    QuoteType.DIRECT,
    QuoteType.INDIRECT,
    QuoteType.MIXED,
    QuoteType.REPORTED,
    QuoteType.UNATTRIBUTED,
)

# (sentence starts with, speaker, canonical, role, kind, cue, reported_by,
#  quote_type, content or None when the content is the whole sentence)
EXPECTED = [
    ("Russia Says Assad", "Russia", "Russia", None, "organization", "Says", [], I,
     "Assad Not Essential"),
    ("As global powers", "Russia’s foreign ministry", "Russia’s foreign ministry", None,
     "organization", "said", [], I,
     "the Kremlin does not consider Bashar al-Assad a vital part of the political pathway "
     "forward"),
    # the question put to her is a relation of its own, flagged (issue #3)
    ("When asked whether", None, None, None, None, "asked", [], QuoteType.QUESTION,
     "whether Moscow believed it necessary to keep Assad in power"),
    ("When asked whether", "Maria Zakharova", "Maria Zakharova",
     "a Russian foreign ministry spokeswoman", "person", "told", ["the Associated Press"], D,
     "Absolutely not, we’ve never said that"),
    ("Russia’s strong-handed", None, None, None, None, "is generally believed", [], R, None),
    ("According to Russia’s", "Mikhail Bogdanov", "Mikhail Bogdanov",
     "Russia’s deputy foreign minister", "person", "According to", [], I,
     "Moscow is planning to host a round of initial talks between Syrian officials and "
     "opposition leaders next week"),
    ("While the Syrian", None, None, None, None, "reportedly", [], R, None),
    ("Russia and U.S. Coordinate", None, None, None, None, None, [], U, None),
    ("In an attempt", None, None, None, None, "reports", ["Reuters"], R,
     "In an attempt to avoid close encounters and possible collisions, U.S. and Russian air "
     "forces held a joint training exercise in Syria on Tuesday"),
    ("“There was a joint", "Andrei Kartapolov", "Andrei Kartapolov",
     "a senior Russian military official", "person", "said in a statement", [], D,
     "There was a joint exercise with air crews and ground troops from the Russian and U.S. "
     "air forces"),
    ("Kartapolov said", "Kartapolov", "Andrei Kartapolov", None, "person", "said", [], I,
     "Russian and coalition air force crews spent the day practicing close encounters at a "
     "minimum distance of three aeronautical miles, using both English and Russian to "
     "communicate"),
    ("Russia: Syrian", "Russia", "Russia", None, "organization", ":", [], I,
     "Syrian ‘Opposition’ Helped Guide Warplanes to Targets"),
    ("Russian warplanes struck", None, None, None, None, None, [], U, None),
    ("For the first time", None, None, None, None, "reports", ["the AFP"], M,
     "For the first time since Russia began its aerial campaign more than a month ago, "
     "“opposition representatives” helped to supply the Russian air force with coordinates"),
    ("“The coordinates", "Andrei Kartapolov", "Andrei Kartapolov", "Russian general", "person",
     "said", [], D,
     "The coordinates of all of these targets were given to us by opposition representatives"),
    ("“The coordinates", "he", "Andrei Kartapolov", None, "person", "declined", [], I,
     "to specify the particular groups"),
    ("Russia has reportedly", None, None, None, None, "reportedly", [], R, None),
    ("“Such close cooperation", "the Russian Defense Ministry", "Russian Defense Ministry",
     None, "organization", "said in a statement", [], D,
     "Such close cooperation will allow us to unite the efforts of the government troops with "
     "other patriotic forces in Syria that used to be in the opposition and act as a united "
     "front against the common enemy – international terrorism"),
    ("With the help", None, None, None, None, "reportedly", [], R, None),
]  # fmt: skip


@pytest.fixture(scope="module")
def demo():
    text = DEMO_PATH.read_text(encoding="utf-8")
    return text, extract_claims(text)


pytestmark = pytest.mark.model


def test_one_claim_per_expected_attribution(demo):
    """The article yields exactly the expected claims, in text order."""
    text, claims = demo
    assert [text[c.start : c.end][:25] for c in claims] == [
        text[text.index(row[0]) :][:25] for row in EXPECTED
    ]


@pytest.mark.parametrize("index", range(len(EXPECTED)), ids=[row[0] for row in EXPECTED])
def test_claim(demo, index):
    """Speaker, role, cue, credits, quote type and content of each claim."""
    text, claims = demo
    start, speaker, canonical, role, kind, cue, reported_by, quote_type, content = EXPECTED[
        index
    ]
    claim = claims[index]
    sentence = text[claim.start : claim.end]
    assert sentence.startswith(start)
    assert "\n" not in sentence
    if speaker is None:
        assert claim.speaker is None
    else:
        assert (claim.speaker.text, claim.speaker.canonical) == (speaker, canonical)
        assert (claim.speaker.role, claim.speaker.kind) == (role, kind)
    assert (claim.cue.text if claim.cue else None) == cue
    assert [span.text for span in claim.reported_by] == reported_by
    assert claim.quote_type == quote_type
    assert claim.text == (sentence if content is None else content)


def test_every_span_matches_the_text(demo):
    """Each span of each claim is exactly the article text at its offsets."""
    text, claims = demo
    for claim in claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text == claim.text
        assert claim.start <= claim.content.start < claim.content.end <= claim.end
        for span in filter(None, [claim.cue, claim.speaker, *claim.reported_by]):
            assert text[span.start : span.end] == span.text


def test_reading_list_and_caption_yield_nothing(demo):
    """Nothing from "Recommended Reads" on (reading list, photo caption)."""
    text, claims = demo
    cutoff = text.index("Recommended Reads")
    assert all(claim.end <= cutoff for claim in claims)


def test_claims_are_scored(demo):
    """Every claim carries a check-worthiness score with reasons."""
    _, claims = demo
    for claim in claims:
        assert 0.0 <= claim.checkworthiness <= 1.0
        assert claim.reasons
    struck = next(c for c in claims if c.text.startswith("Russian warplanes struck 24"))
    assert "contains a number or quantity" in struck.reasons
