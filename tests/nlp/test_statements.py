"""One claim per checkable sentence, and claims that stand alone (issue #20, part 1).

Every sentence here was written for these tests.
"""

import pytest

from claims.nlp.extraction import extract_claims
from claims.nlp.types import QuoteType

pytestmark = pytest.mark.model

FIVE_SENTENCES = (
    "“We have built 400 new homes this year. Unemployment fell to 4 percent in March. "
    "Why is nobody talking about it? Thank you. Also to pray for the victims,” "
    "Mayor Ann Lee said on Monday."
)


def by_text(claims):
    return {claim.text: claim for claim in claims}


def test_a_five_sentence_quote_is_one_claim_per_checkable_sentence():
    claims = extract_claims(FIVE_SENTENCES)
    assert [c.text for c in claims] == [
        "We have built 400 new homes this year.",
        "Unemployment fell to 4 percent in March.",
        "Why is nobody talking about it?",
    ]  # "Thank you." and "Also to pray for the victims" state nothing
    # one attribution: speaker, cue and relation shared; the relation's whole
    # content (all five sentences) kept on each
    assert {c.attribution for c in claims} == {1}
    assert {(c.speaker.canonical, c.cue.text, c.quote_type) for c in claims} == {
        ("Ann Lee", "said", QuoteType.DIRECT)
    }
    whole = claims[0].relation_content
    assert whole.text.startswith("We have built") and whole.text.endswith("for the victims")
    assert all(c.relation_content == whole for c in claims)
    for claim in claims:  # exact spans: the text is the article's own
        assert FIVE_SENTENCES[claim.content.start : claim.content.end] == claim.text
        assert claim.start <= claim.content.start < claim.content.end <= claim.end


def test_a_question_inside_a_quote_lowers_only_itself():
    claims = by_text(extract_claims(FIVE_SENTENCES))
    question = claims["Why is nobody talking about it?"]
    number = claims["Unemployment fell to 4 percent in March."]
    assert "is a question, not a statement" in question.reasons
    assert "is a question, not a statement" not in number.reasons
    assert "contains a number or quantity" in number.reasons
    assert number.checkworthiness > question.checkworthiness + 0.3


def test_the_json_shape_gives_the_statement_and_the_relation():
    claims = extract_claims(FIVE_SENTENCES)
    second = claims[1].as_dict()
    assert FIVE_SENTENCES[second["start"] : second["end"]] == second["text"]
    content = FIVE_SENTENCES[second["content"]["start"] : second["content"]["end"]]
    assert content.startswith("We have built") and content.endswith("victims")
    assert second["attribution"] == claims[0].as_dict()["attribution"]
    sentence = FIVE_SENTENCES[second["sentence"]["start"] : second["sentence"]["end"]]
    assert "Unemployment fell" in sentence


def test_a_one_sentence_quote_is_one_claim_as_before():
    text = "“The bridge will cost $40 million,” the minister said."
    [claim] = extract_claims(text)
    assert claim.text == "The bridge will cost $40 million"
    assert claim.relation is None and claim.relation_content == claim.content
    assert claim.as_dict()["content"] == {"start": claim.content.start, "end": claim.content.end}


def test_relations_are_numbered_in_the_article():
    text = (
        "“Crime fell by 8 percent. Arrests rose by 3 percent,” the police chief said.\n"
        "The council approved the budget on Tuesday.\n"
        "“The budget is balanced. Taxes stay where they are,” Treasurer Omar Haddad said."
    )
    claims = extract_claims(text)
    numbers = [c.attribution for c in claims]
    assert numbers == [1, 1, 2, 3, 3]
    assert [c.text for c in claims if c.attribution == 3] == [
        "The budget is balanced.",
        "Taxes stay where they are",
    ]


def test_when_people_ask_for_help_is_a_condition_not_a_question_put():
    text = "When veterans ask for help, too many calls are not answered."
    [claim] = extract_claims(text)
    assert claim.quote_type == QuoteType.UNATTRIBUTED and claim.speaker is None
    assert claim.text == text  # the whole statement, not "help"


def test_asked_for_help_by_a_speaker_is_still_reported():
    [claim] = extract_claims("The governor asked for federal help on Friday.")
    assert claim.cue is not None and claim.speaker.canonical == "governor"


def test_a_pronoun_subject_gets_a_standalone_text():
    text = (
        "The International Monetary Fund raised its outlook on Tuesday. It edged up its "
        "forecast for emerging economies by 0.1 percentage points to 4.2 percent."
    )
    claims = extract_claims(text)
    assert claims[1].text.startswith("It edged up its forecast")
    assert claims[1].standalone == (
        "[International Monetary Fund] edged up its forecast for emerging economies by 0.1 "
        "percentage points to 4.2 percent."
    )
    assert claims[0].standalone == ""  # nothing to resolve


def test_he_after_a_named_person_and_a_description_after_an_agency():
    text = (
        "Barack Obama visited Alaska in 2015. He went to see the melting ice.\n"
        "The Federal Emergency Management Agency opened shelters in 12 counties. "
        "The agency isn't offering enough beds, local officials said."
    )
    claims = by_text(extract_claims(text))
    assert claims["He went to see the melting ice."].standalone == (
        "[Barack Obama] went to see the melting ice."
    )
    assert claims["The agency isn't offering enough beds"].standalone == (
        "[Federal Emergency Management Agency] isn't offering enough beds"
    )


def test_i_in_a_quote_is_its_speaker_and_an_unresolved_it_stays():
    text = (
        "“I cut taxes by 10 percent,” Governor Jane Smith said. "
        "“Nobody believed it could be done.”"
    )
    claims = extract_claims(text)
    assert claims[0].standalone == "[Jane Smith] cut taxes by 10 percent"
    assert claims[1].standalone == ""  # "it" names nothing before it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Unemployment fell to 4 percent, and inflation rose to 3 percent, the ministry said.",
            ["Unemployment fell to 4 percent", "inflation rose to 3 percent"],
        ),
        (
            "Sales rose 5 percent last year, but profits fell to $2 billion.",
            ["Sales rose 5 percent last year", "profits fell to $2 billion."],
        ),
        # the second verb has no subject of its own: one claim
        ("He visited Paris and met the president.", ["He visited Paris and met the president."]),
        # no number or name in the second clause: one claim
        ("Prices rose by 9 percent and people were angry.",
         ["Prices rose by 9 percent and people were angry."]),
    ],
)
def test_coordinated_clauses_with_their_own_facts_are_split(text, expected):
    claims = extract_claims(text)
    assert [c.text for c in claims] == expected
    assert len({c.attribution for c in claims}) == 1  # one statement
    assert all(text[c.content.start : c.content.end] == c.text for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        # "it" stands in for a clause, or is an object: nothing to resolve
        "The Syrian government agreed to talks. It is unclear which leaders will attend.",
        "The ministry met on Monday. Officials asked whether Moscow believed it necessary "
        "to act.",
        # "they" is never one person
        "Ann Lee won the vote in May. They cut taxes by 5 percent in June.",
    ],
)
def test_references_to_nothing_named_stay_as_written(text):
    claims = extract_claims(text)
    assert claims and [c.standalone for c in claims] == [""] * len(claims)


def test_every_sentence_of_a_speaker_turn_is_the_speakers():
    """A transcript's "NAME: ..." turn (issue #23): every bare sentence of the
    turn is the speaker's, on the label's cue; a quote inside it is still
    whoever the speaker quotes."""
    text = (
        "MODERATOR: Good evening and welcome.\n"
        "SMITH: Unemployment fell to 4 percent last year. We built 300 schools.\n"
        "JONES: That is false. Governor Ann Lee said “taxes will never rise” in 2019."
    )
    claims = by_text(extract_claims(text))
    for sentence in ("Unemployment fell to 4 percent last year.", "We built 300 schools."):
        claim = claims[sentence]
        assert (claim.speaker.text, claim.cue.text) == ("SMITH", ":")
    assert claims["Unemployment fell to 4 percent last year."].attribution == (
        claims["We built 300 schools."].attribution
    )
    assert claims["That is false."].speaker.text == "JONES"
    quoted = next(c for c in claims.values() if "taxes will never rise" in c.text)
    assert quoted.speaker.canonical == "Ann Lee"
