"""extract_claims: article layout, offsets, robustness and batching."""

import pytest
import spacy

from claims.nlp.attribution import ATTRIBUTION_FACTORY
from claims.nlp.extraction import extract_claims, extract_claims_batch
from claims.nlp.types import QuoteType


@pytest.fixture(scope="module")
def blank_nlp():
    """A model-free pipeline: sentences and the attribution component."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(ATTRIBUTION_FACTORY)
    return nlp


def assert_offsets(text, claims):
    """Every span of every claim is exactly the text at its offsets."""
    for claim in claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text == claim.text
        assert claim.start <= claim.content.start <= claim.content.end <= claim.end
        spans = [claim.cue, claim.speaker, *claim.reported_by]
        for span in filter(None, spans):
            assert text[span.start : span.end] == span.text
        assert 0.0 <= claim.checkworthiness <= 1.0 and claim.reasons


@pytest.mark.parametrize("text", ["", " ", "\n\n\t\n", "\u200b"])
def test_empty_text_has_no_claims(blank_nlp, text):
    """Blank text yields no claims."""
    assert extract_claims(text, blank_nlp) == []


@pytest.mark.parametrize(
    "text",
    [
        # markup is plain text
        "<p>Prices fell by three percent in May.</p>\n<script>alert(1)</script>",
        # another language
        "Die Preise sind im Mai um drei Prozent gefallen.",
        # stray and unbalanced quotation marks
        '“ ” " ‘ ’ ” He said “ nothing',
        # one very long paragraph, cut into chunks for the parser
        "Prices fell by three percent in May. " * 4000,
        # many short lines
        "Prices fell.\n" * 2000,
    ],
)
def test_odd_input_does_not_crash(blank_nlp, text):
    """Any text is processed and its offsets stay exact."""
    assert_offsets(text, extract_claims(text, blank_nlp))


def test_script_tags_keep_offsets(blank_nlp):
    """Claims after markup point at the original characters."""
    text = "<script>alert(1)</script>\n  Prices reportedly fell by three percent in May."
    [claim] = extract_claims(text, blank_nlp)
    assert claim.text == "Prices reportedly fell by three percent in May."
    assert claim.quote_type == QuoteType.REPORTED
    assert_offsets(text, [claim])


def test_reading_list_caption_and_byline_are_skipped(blank_nlp):
    """Only the article's own sentences become claims."""
    text = "\n".join(
        [
            "By Jane Doe",
            "Prices fell by three percent in May.",
            "Related Coverage",
            "- The Daily: Prices Fall Again in Three Cities",
            "- Herald: Mayor Says Prices Will Keep Falling",
            "Photo: A shopper looks at prices in a market. (AP Photo/John Roe)",
            "Wages rose by two percent in June.",
        ]
    )
    claims = extract_claims(text, blank_nlp)
    assert [c.text for c in claims] == [
        "Prices fell by three percent in May.",
        "Wages rose by two percent in June.",
    ]


def test_multi_sentence_quote_is_one_claim(blank_nlp):
    """A quote over several sentences stays one claim covering them all."""
    text = "“Prices fell in May. Wages rose in June. Rents stayed flat.” That is the news."
    claims = extract_claims(text, blank_nlp)
    assert claims[0].text == "Prices fell in May. Wages rose in June. Rents stayed flat."
    assert text[claims[0].start : claims[0].end].endswith("Rents stayed flat.”")
    assert_offsets(text, claims)


def test_batch_matches_single_calls(blank_nlp):
    """Batching changes nothing but speed."""
    texts = ["Prices fell by three percent in May.", "", "Wages rose by two percent.\nRents rose."]
    assert extract_claims_batch(texts, blank_nlp) == [extract_claims(t, blank_nlp) for t in texts]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quote split around the reporting clause: one claim from A through B
        (
            "“We will not raise taxes,” the governor said, “and we will cut them.”",
            [("the governor", "governor", QuoteType.DIRECT)],
        ),
        # a quote continuing after the attribution keeps the speaker
        (
            "“We won,” said Jane Doe, the campaign manager. “And we will win again in May.”",
            [
                ("Jane Doe", "Jane Doe", QuoteType.DIRECT),
                ("Jane Doe", "Jane Doe", QuoteType.DIRECT),
            ],
        ),
        # a later surname and a pronoun resolve to the full name; announcing
        # the budget is Park's attribution (issue #3: "announced X" counts)
        (
            "Mayor Lisa Park announced the budget on Monday.\n"
            "Park said that the city would hire 300 teachers.\n"
            "She added that class sizes had grown by a fifth since 2019.",
            [
                ("Lisa Park", "Lisa Park", QuoteType.INDIRECT),
                ("Park", "Lisa Park", QuoteType.INDIRECT),
                ("She", "Lisa Park", QuoteType.INDIRECT),
            ],
        ),
        # outlet credit in front: "according to Reuters"
        (
            "According to Reuters, the company cut 2,000 jobs in March.",
            [(None, None, QuoteType.REPORTED)],
        ),
        # headline convention "X Says ..."
        ("Mayor Says Budget Will Grow", [("Mayor", "Mayor", QuoteType.INDIRECT)]),
    ],
)
def test_attribution_patterns(text, expected):
    """Speakers and quote types of common news patterns."""
    claims = extract_claims(text)
    assert [
        (
            c.speaker.text if c.speaker else None,
            c.speaker.canonical if c.speaker else None,
            c.quote_type,
        )
        for c in claims
    ] == expected
    assert_offsets(text, claims)


@pytest.mark.model
def test_split_quote_content_runs_from_first_to_last_part():
    """The content of a split quote spans both parts (one span per claim)."""
    text = "“We will not raise taxes,” the governor said, “and we will cut them.”"
    [claim] = extract_claims(text)
    assert claim.text == "We will not raise taxes,” the governor said, “and we will cut them."
    assert claim.cue.text == "said"
