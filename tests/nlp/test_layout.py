"""Only the article's own sentences become claims (issue #20, part 3).

Bylines, credits, captions and datelines are left out by layout.py; headlines
are parsed sentence-cased and held back when they repeat a body claim
(casing.py, headings.py). Sentences of our own.
"""

import pytest

from claims.nlp.extraction import extract_claims
from claims.nlp.headings import HEADING_REASON, REPEATS_REASON, content_words
from claims.nlp.layout import LeftOut, Paragraph, furniture, is_heading, read_layout


def kinds(text):
    return [(item.kind, item.text) for item in read_layout(text) if isinstance(item, LeftOut)]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("By Lena Berg", "byline"),
        ("By Lena Berg and Tom Ash, Harbour Herald staff", "byline"),
        ("Reporting by Tom Ash; Editing by Ida Moss", "byline"),
        ("(Reporting by Tom Ash in Oslo; Additional reporting by Ida Moss; Editing by Ben Ott)",
         "byline"),
        ("Follow Lena Berg on Twitter @lenaberg.", "byline"),
        ("--additional reporting from Ida Moss.", "contributor line"),
        ("Tom Ash and Ida Moss contributed reporting.", "contributor line"),
        ("Ida Moss contributed to this report.", "contributor line"),
        ("Contributing: Ben Ott, Harbour Herald.", "contributor line"),
        ("Lena Berg/Getty Images", "photo credit"),
        ("Ferry passengers wait at the pier. (Harbour Photo/Lena Berg)", "photo credit"),
        ("Tom Ash via Getty Images.", "photo credit"),
        ("Photo: Ferry passengers wait at the pier.", "caption"),
    ],
)  # fmt: skip
def test_furniture_lines(line, kind):
    assert furniture(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "By noon, the ferry fare had doubled to 12 euros.",
        "By a wide margin, voters said the harbour should stay public.",
        "Reporters for the Herald counted 40 empty berths.",
        "Reuters reported that the harbour board would meet on Monday.",
    ],
)
def test_sentences_are_not_furniture(line):
    assert furniture(line) is None


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("OSLO ― The harbour board raised fares by a third.", "OSLO ― "),
        ("HARBOUR CITY, Maine (Herald) - Fares rose by a third.", "HARBOUR CITY, Maine (Herald) - "),
        ("BERGEN, Dec. 5 (Reuters) - Fares rose by a third.", "BERGEN, Dec. 5 (Reuters) - "),
        ("NEW YORK -- Fares rose by a third.", "NEW YORK -- "),
    ],
)  # fmt: skip
def test_dateline_is_cut_off_its_paragraph(text, dateline):
    items = list(read_layout(text))
    assert items[0] == LeftOut(0, dateline, "dateline")
    assert items[1] == Paragraph(len(dateline), text[len(dateline) :], first=True)


def test_trailing_credit_is_cut_off_the_last_paragraph():
    text = "Fares rose by a third, the board said. (Reporting by Tom Ash; Editing by Ida Moss)"
    paragraph, credit = read_layout(text)
    assert paragraph.text == "Fares rose by a third, the board said."
    assert credit.kind == "byline" and text[credit.start :] == credit.text


def test_transcript_turn_is_no_dateline():
    assert kinds("SMITH: We won the vote by ten seats.") == []


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("The Fare Gap Widens", True),
        ("Harbour Board Doubles Ferry Fares.", True),
        ("The harbour board doubled ferry fares.", False),
        ("Fares rose by a third, and the board said more rises would follow this year", False),
    ],
)
def test_headings(line, heading):
    assert is_heading(line) is heading


def test_content_words_meet_across_inflections():
    assert content_words("Russia Coordinates the Fares") == content_words("russian coordinated fare")


def test_credit_lines_leave_no_claims(blank_nlp):
    text = "\n".join(
        [
            "By Lena Berg",
            "OSLO ― The harbour board raised ferry fares by a third on Monday.",
            "Lena Berg/Getty Images",
            "Tom Ash and Ida Moss contributed reporting.",
            "--additional reporting from Ben Ott.",
            "(Reporting by Tom Ash; Editing by Ida Moss)",
        ]
    )
    [claim] = extract_claims(text, blank_nlp)
    assert claim.text == "The harbour board raised ferry fares by a third on Monday."
    assert text[claim.start : claim.end] == claim.text


@pytest.fixture(scope="module")
def blank_nlp():
    import spacy

    from claims.nlp.attribution import ATTRIBUTION_FACTORY

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(ATTRIBUTION_FACTORY)
    return nlp


@pytest.mark.model
def test_title_case_verb_is_no_part_of_a_name():
    """'Blast' is the verb again; the body's 'Ash' is not 'Blast Tom Ash'."""
    text = (
        "Senators Blast Tom Ash Over Missing Harbour Funds\n"
        "Tom Ash, the harbour chief, said the missing 2 million euros were spent on repairs."
    )
    claims = extract_claims(text)
    speakers = {c.speaker.canonical for c in claims if c.speaker is not None}
    assert "Blast Tom Ash" not in speakers
    body = claims[-1]
    assert body.speaker.canonical == "Tom Ash"


@pytest.mark.model
def test_section_heading_names_no_one_and_is_held_back():
    text = (
        "Harbour Board Raises Ferry Fares\n"
        "The harbour board raised ferry fares by a third on Monday.\n"
        "Veto Power Stalls Harbour Talks\n"
        "It said the city council had blocked the sale of the old pier twice this year."
    )
    claims = extract_claims(text)
    heading = next(c for c in claims if c.text.startswith("Veto Power"))
    assert heading.speaker is None
    assert heading.held_back == HEADING_REASON and heading.checkworthiness == 0.0
    last = claims[-1]
    assert last.speaker is None or "Veto" not in last.speaker.canonical


@pytest.mark.model
def test_headline_repeating_a_body_claim_is_linked_not_queued():
    text = (
        "Harbour Board Raises Ferry Fares by a Third\n"
        "The harbour board raised ferry fares by a third on Monday, citing fuel costs.\n"
        "Passengers said the crossing was already the dearest in the region."
    )
    claims = extract_claims(text)
    headline, body = claims[0], claims[1]
    assert headline.repeats == 1 and body.repeats is None
    assert headline.held_back == REPEATS_REASON
    assert headline.checkworthiness == 0.0 and headline.reasons == [REPEATS_REASON]
    assert not body.held_back


@pytest.mark.model
def test_dateline_is_outside_the_claim():
    text = "OSLO ― The harbour board raised ferry fares by a third, its chairwoman Ida Moss said."
    [claim] = extract_claims(text)
    assert text[claim.start : claim.end].startswith("The harbour board")
    assert claim.text == "The harbour board raised ferry fares by a third"
    assert claim.speaker.canonical == "Ida Moss"


@pytest.mark.model
@pytest.mark.parametrize(
    ("headline", "cased"),
    [
        ("Senators Blast Tom Ash Over Missing Harbour Funds",
         "Senators blast Tom Ash over missing harbour funds"),
        ("Veto Power Stalls Harbour Talks", "Veto power stalls harbour talks"),
        ("Harbour Board Says Fares Will Rise", "Harbour Board says fares will rise"),  # a name
    ],
)  # fmt: skip
def test_title_case_is_parsed_sentence_cased(headline, cased):
    from claims.nlp.attribution.casing import HEADLINE_CASE, sentence_case
    from claims.nlp.loading import get_nlp

    nlp = get_nlp()
    with nlp.select_pipes(disable=[HEADLINE_CASE, "claim_attribution"]):
        doc = nlp(headline)
        lowered = nlp(headline.lower())
    assert sentence_case(doc, lowered) == cased
    assert nlp(headline).text == headline  # the Doc keeps the text as written


@pytest.mark.model
def test_ingest_scoring_keeps_held_back_headlines_out_of_the_queue():
    from claims.nlp.checkworthiness import score_claims
    from claims.nlp.embeddings import embed_texts

    claims = extract_claims(
        "Harbour Board Doubles Ferry Fares to 12 Euros\n"
        "The harbour board doubled ferry fares to 12 euros on Monday, its chairwoman said."
    )
    scored = score_claims(claims, embed_texts([c.text for c in claims]))
    assert (scored[0].checkworthiness, scored[0].reasons) == (0.0, [REPEATS_REASON])
    assert scored[1].checkworthiness > 0
