"""Attribution constructions of issue #3, on sentences written for these tests."""

import pytest

from claims.nlp.checkworthiness import QUESTION_REASON
from claims.nlp.extraction import extract_claims
from claims.nlp.types import QuoteType

D, IND, M, R = QuoteType.DIRECT, QuoteType.INDIRECT, QuoteType.MIXED, QuoteType.REPORTED

pytestmark = pytest.mark.model


def summary(text):
    """Return (source as written, cue, content, quote type) of each relation.

    A content of several sentences is several claims (one per checkable
    sentence, tests/nlp/test_statements.py) sharing it; here it is listed
    once, whole.
    """
    seen = set()
    rows = []
    for c in extract_claims(text):
        relation = (c.relation_content.start, c.relation_content.end)
        if relation in seen:
            continue
        seen.add(relation)
        rows.append(
            (
                c.source_phrase.text if c.source_phrase else None,
                c.cue.text if c.cue else None,
                c.relation_content.text,
                c.quote_type,
            )
        )
    return rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # indirect speech: the content runs to the end of the reported clause
        (
            "The mayor argued that the new tram line would pay for itself by 2030.",
            [("The mayor", "argued", "the new tram line would pay for itself by 2030", IND)],
        ),
        # a cue beyond "said": warned
        (
            "Teachers warned that class sizes were growing.",
            [("Teachers", "warned", "class sizes were growing", IND)],
        ),
        # "told reporters": the recipient is neither source nor content
        (
            "The minister told reporters on Friday that the border would stay open.",
            [("The minister", "told", "the border would stay open", IND)],
        ),
        # "in a statement" belongs to the cue; an organisation speaks
        (
            "The union said in a statement that the strike would continue.",
            [("The union", "said in a statement", "the strike would continue", IND)],
        ),
        # "according to" with the source after the cue
        (
            "According to the city’s finance director, the deficit doubled last year.",
            [("the city’s finance director", "According to", "the deficit doubled last year", IND)],
        ),
        # a belief is an attribution
        (
            "Most economists believe that the recession is over.",
            [("Most economists", "believe", "the recession is over", IND)],
        ),
        # a wish: the to-infinitive is the content
        (
            "The council wants to ban cars from the old town.",
            [("The council", "wants", "to ban cars from the old town", IND)],
        ),
        # a stance with a noun-phrase content
        (
            "The governor endorsed Jane Doe for mayor.",
            [("The governor", "endorsed", "Jane Doe for mayor", IND)],
        ),
        # "called for": the cue takes the preposition
        (
            "The mayor called for an independent inquiry into the fire.",
            [("The mayor", "called for", "an independent inquiry into the fire", IND)],
        ),
        # a noun cue owned by its source
        (
            "Jones’s support for the tax cut surprised his party.",
            [("Jones’s", "support for", "the tax cut", IND)],
        ),
        # an adjective cue
        (
            "The chairman was confident that the merger would go ahead.",
            [("The chairman", "confident", "the merger would go ahead", IND)],
        ),
        # mixed quote: a partial quote stays whole, closing mark included
        (
            "The senator called the tax plan “a gift to the wealthy” on Monday.",
            [("The senator", "called", "the tax plan “a gift to the wealthy”", M)],
        ),
        # indirect speech around a quoted phrase is a mixed quote
        (
            "The senator said the tax plan was “a gift to the wealthy.”",
            [("The senator", "said", "the tax plan was “a gift to the wealthy.”", M)],
        ),
        # the source as written keeps its title and apposition
        (
            "Senator Maria Lopez, a Democrat from Ohio, said that wages had stagnated.",
            [("Senator Maria Lopez, a Democrat from Ohio", "said", "wages had stagnated", IND)],
        ),
        # two attributions in one sentence: one claim each
        (
            "Smith said the plan would fail, and Jones said it would succeed.",
            [
                ("Smith", "said", "the plan would fail", IND),
                ("Jones", "said", "it would succeed", IND),
            ],
        ),
        # a participle after the content is the same speaker's second claim
        (
            "The committee rejected the proposal, arguing that it was too expensive.",
            [
                ("The committee", "rejected", "the proposal", IND),
                ("The committee", "arguing", "it was too expensive", IND),
            ],
        ),
        # "said" with a nested "wants": one attribution, the outer one
        ("He said he wants to cut taxes.", [("He", "said", "he wants to cut taxes", IND)]),
        # "I think" inside a quote is part of the quoted claim
        (
            "“I think the plan is dead,” Smith said.",
            [("Smith", "said", "I think the plan is dead", D)],
        ),
        # a quote of several sentences is one claim
        (
            "“The reforms are working. Unemployment has fallen for six months. "
            "We will keep going,” the minister said.",
            [
                (
                    "the minister",
                    "said",
                    "The reforms are working. Unemployment has fallen for six months. "
                    "We will keep going",
                    D,
                )
            ],
        ),
        # a question quoted before a short "X said." sentence keeps its speaker
        (
            "“Why would anyone vote for that?” Smith said.",
            [("Smith", "said", "Why would anyone vote for that?", D)],
        ),
        # a transcript's turn is the speaker's claim
        (
            "SMITH: We will win this state by ten points.",
            [("SMITH", ":", "We will win this state by ten points.", IND)],
        ),
    ],
)
def test_construction(text, expected):
    """Each construction yields the expected source, cue, content and type."""
    assert summary(text) == expected


def test_relative_pronoun_is_the_source_as_written():
    """"Park, who chairs ..., said": speaker Park, written source the phrase."""
    [claim] = extract_claims("Park, who chairs the committee, said the vote would be delayed.")
    assert claim.speaker.text == "Park"
    assert claim.source_phrase.text == "Park, who chairs the committee"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Okafor camp: Mendes’s budget threatens the city’s bond rating.",
            ("Okafor camp", ":", "Mendes’s budget threatens the city’s bond rating."),
        ),
        (
            "EXCLUSIVE – Jane Okafor: Don’t Trust the Transit Audit.",
            ("Jane Okafor", ":", "Don’t Trust the Transit Audit."),
        ),
    ],
)
def test_headline_speaker_before_a_colon(text, expected):
    """A group after a name ("Okafor camp:") and a label before it ("EXCLUSIVE –")."""
    (claim,) = extract_claims(text)
    assert (claim.source_phrase.text, claim.cue.text, claim.text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "That suggests a lack of confidence that the council's auditors can be trusted.",
        "That’s not to suggest that the mayor’s remarks are making people angry.",
    ],
)
def test_a_demonstrative_is_no_speaker(text):
    """"That suggests X" is the writer's sentence, not an attribution to "That"."""
    assert [(claim.cue, claim.text) for claim in extract_claims(text)] == [(None, text)]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # a pronoun source resolves to the person named before
        (
            "Ms. Lopez said on Monday that wages had stagnated. She added that prices had risen.",
            [("Lopez", "Lopez"), ("She", "Lopez")],
        ),
        # an organisation's pronoun resolves to the organisation
        (
            "The Ministry of Health said the vaccine was safe. "
            "It also said supplies would last until June.",
            [("The Ministry of Health", "Ministry of Health"), ("It", "Ministry of Health")],
        ),
    ],
)
def test_pronoun_sources_carry_the_canonical_entity(text, speakers):
    """The mention stays as written; canonical names the entity."""
    claims = extract_claims(text)
    assert [(c.speaker.text, c.speaker.canonical) for c in claims] == speakers


@pytest.mark.parametrize(
    ("text", "speaker", "outlets", "content"),
    [
        # an outlet reporting what an official said: the official speaks
        (
            "Reuters reported that the minister said the deal was off.",
            "the minister",
            ["Reuters"],
            "the deal was off",
        ),
        # the outlet as the recipient of "told"
        (
            "The official told Reuters that the talks had collapsed.",
            "The official",
            ["Reuters"],
            "the talks had collapsed",
        ),
    ],
)
def test_nested_attribution_credits_the_outlet(text, speaker, outlets, content):
    """The inner speaker is the source; the outlet goes to reported_by."""
    [claim] = extract_claims(text)
    assert claim.speaker.text == speaker
    assert [span.text for span in claim.reported_by] == outlets
    assert claim.text == content


def test_split_quote_has_two_content_parts():
    """“A,” he said, “B.”: the content's parts leave the reporting clause out."""
    text = "“We will not raise taxes,” the governor said, “and we will cut them.”"
    [claim] = extract_claims(text)
    assert [part.text for part in claim.content_parts] == [
        "We will not raise taxes",
        "we will cut them.",
    ]
    for part in claim.content_parts:
        assert text[part.start : part.end] == part.text
    assert claim.as_dict()["content_parts"][0]["text"] == "We will not raise taxes"


def test_quote_continued_after_the_attribution_shares_the_cue():
    """“A,” X said. “B.”: two claims with one cue, so one relation."""
    text = "“The plan is dead,” Smith said. “Nobody in the party supports it any more.”"
    first, second = extract_claims(text)
    assert first.cue == second.cue
    assert (first.text, second.text) == (
        "The plan is dead",
        "Nobody in the party supports it any more.",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X said:" closing a paragraph: the next paragraph is the content
        (
            "The senator said:\n“We will not give up. The fight goes on.”",
            [("The senator", "said", "We will not give up. The fight goes on.", D)],
        ),
        # a quote reopened in the next paragraph keeps its speaker
        (
            "“We won,” Smith said.\n“And we will win again in May.”\nPrices fell in June.",
            [
                ("Smith", "said", "We won", D),
                ("Smith", "said", "we will win again in May.", D),
                (None, None, "Prices fell in June.", QuoteType.UNATTRIBUTED),
            ],
        ),
        # a phrase before "X declared:" is no content; the quoted paragraph
        # is, questions included
        (
            "In a speech in 1990, the governor declared:\n“Who will pay for this? Not us.”",
            [("the governor", "declared", "Who will pay for this? Not us.", D)],
        ),
        # an outlet's colon credits the outlet
        (
            "Fox News reports:\nThe deal was signed on Monday.",
            [("Fox News", "reports", "The deal was signed on Monday.", R)],
        ),
    ],
)
def test_attribution_across_paragraphs(text, expected):
    """A colon or a reopened quote carries the attribution to the next paragraph."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reader's quote credited after a dash
        (
            "“We will win this county.” ― Jane Ortiz",
            [("Jane Ortiz", "―", "We will win this county.", D)],
        ),
        # ... opened with the closing mark some sites use, and a role after the name
        (
            "”Nobody here trusts the council any more.” ― Tom Baker, a farmer",
            [("Tom Baker", "―", "Nobody here trusts the council any more.", D)],
        ),
        # a transcript quoted whole: the turn still names its speaker
        (
            '"OWENS: We never agreed to that deal.',
            [("OWENS", ":", "We never agreed to that deal.", D)],
        ),
        # a paragraph that opens with a name and a colon
        (
            "Lee: The county will not raise taxes this year.",
            [("Lee", ":", "The county will not raise taxes this year.", IND)],
        ),
        # a headline credited to a poll
        (
            "Poll: Most Voters Back the Stadium Plan.",
            [("Poll", ":", "Most Voters Back the Stadium Plan.", IND)],
        ),
        # the reporting clause closes a main clause: "..., she said."
        (
            "Nobody trusts the new budget, she said.",
            [("she", "said", "Nobody trusts the new budget", IND)],
        ),
        # the speaker after the verb, the content before it, no quotation marks
        (
            "Rents have doubled in a decade, said Alan Fox, an economist at the university.",
            [
                (
                    "Alan Fox, an economist at the university",
                    "said",
                    "Rents have doubled in a decade",
                    IND,
                )
            ],
        ),
        # straight single quotes inside a straight double quote
        (
            "\"It feels like, 'Let us wait a bit,'\" he said.",
            [("he", "said", "It feels like, 'Let us wait a bit,'", D)],
        ),
        # a quote of two sentences, then "said" and a long apposition
        (
            "“The plan is dead. Nobody wants it,” said Maria Lopez, "
            "a spokeswoman for the county council.",
            [
                (
                    "Maria Lopez, a spokeswoman for the county council",
                    "said",
                    "The plan is dead. Nobody wants it",
                    D,
                )
            ],
        ),
        # no comma before the closing mark
        (
            "“The council is a circus” Ms. Park said.",
            [("Ms. Park", "said", "The council is a circus", D)],
        ),
        # "said:" then a quote: the quote is the content, not what came before
        (
            "Prices will rise, Jones said: “We cannot avoid it any longer.”",
            [("Jones", "said", "We cannot avoid it any longer.", D)],
        ),
        # a programme's title in quotation marks is not an utterance
        (
            "On Monday’s episode of “The Morning Show,” the senator said "
            "she wanted to speak to farmers.",
            [("the senator", "said", "she wanted to speak to farmers", IND)],
        ),
        # a clause before the reporting verb is not its content: "A; Y says B"
        (
            "It is an unlikely outcome; the campaign says she will return next week.",
            [("the campaign", "says", "she will return next week", IND)],
        ),
        # two speakers joined by "and": one claim each
        (
            "The mayor argued that taxes were too high, and the unions warned "
            "that wages were too low.",
            [
                ("The mayor", "argued", "taxes were too high", IND),
                ("the unions", "warned", "wages were too low", IND),
            ],
        ),
        # one speaker, two acts: "said X and warned Y"
        (
            "The ministry said it opposed the plan and warned the council to drop it.",
            [
                ("The ministry", "said", "it opposed the plan", IND),
                ("The ministry", "warned", "the council to drop it", IND),
            ],
        ),
        # a contrasting clause with a speaker of its own
        (
            "Lee said the plan was sound, though she noted costs were rising.",
            [
                ("Lee", "said", "the plan was sound", IND),
                ("she", "noted", "costs were rising", IND),
            ],
        ),
        # a relative "which" is the source as written
        (
            "The report, which notes that rents rose by a third, was published on Monday.",
            [("which", "notes", "rents rose by a third", IND)],
        ),
        # a passive with its agent: the subject is what was reported
        (
            "The leak was first reported by the Daily Ledger.",
            [("the Daily Ledger", "was first reported", "The leak", IND)],
        ),
        # "claims" read by the tagger as a plural noun
        (
            "But Smith claims that the audit was rigged.",
            [("Smith", "claims", "the audit was rigged", IND)],
        ),
        # the hearer of "told" is no content, even when parsed as relative
        (
            "She told a meeting of local farmers that few people understood the drought.",
            [("She", "told", "few people understood the drought", IND)],
        ),
        # a stance with a gerund
        (
            "Ortiz has supported raising the minimum wage.",
            [("Ortiz", "has supported", "raising the minimum wage", IND)],
        ),
        # a dateline is not part of the source
        (
            "WASHINGTON -- Senator Ann Lee said the bill would pass.",
            [("Senator Ann Lee", "said", "the bill would pass", IND)],
        ),
        # "it appears that": the writer's perception, no source
        (
            "It appears that the vote was postponed.",
            [(None, "appears", "the vote was postponed", R)],
        ),
        # stock phrases are no attribution
        (
            "An aide, who spoke on condition of anonymity, said the talks had failed.",
            [("An aide, who spoke on condition of anonymity", "said", "the talks had failed", IND)],
        ),
        (
            "The company did not respond to a request for comment.",
            [
                (
                    None,
                    None,
                    "The company did not respond to a request for comment.",
                    QuoteType.UNATTRIBUTED,
                )
            ],
        ),
    ],
)
def test_more_constructions(text, expected):
    """Dash and colon formats, inverted and split clauses, stances, hedges."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # a parenthetical reporting clause splits the content in two
        ("The budget, she said, will balance next year.", ["The budget", "will balance next year"]),
        # "X seemed to Y": the subject and the complement
        (
            "The senator seemed to be losing patience with the committee.",
            ["The senator", "to be losing patience with the committee"],
        ),
    ],
)
def test_discontinuous_content(text, parts):
    """The content's parts leave out the words between them."""
    [claim] = extract_claims(text)
    assert [part.text for part in claim.content_parts] == parts
    for part in claim.content_parts:
        assert text[part.start : part.end] == part.text


def test_quote_goes_on_after_a_second_cue_in_the_reporting_clause():
    """“A,” said X, who endorsed Y. “B.”: B is still X's quote."""
    text = (
        "“We need one or two big ideas,” said Ana Ruiz, who led the union yet "
        "endorsed the mayor. “Small steps will not do.”"
    )
    claims = extract_claims(text)
    assert [(c.speaker.text, c.cue.text, c.text) for c in claims if c.cue.text == "said"] == [
        ("Ana Ruiz", "said", "We need one or two big ideas"),
        ("Ana Ruiz", "said", "Small steps will not do."),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # auxiliaries, a negation and adverbs before the verb belong to the cue
        (
            "The mayor has also said that the tram would pay for itself.",
            [("The mayor", "has also said", "the tram would pay for itself", IND)],
        ),
        # "..., which X said was Y" is X's claim; the outer content ends before it
        (
            "The mayor urged the judge to close the case, which he said was a waste of money.",
            [
                ("The mayor", "urged", "the judge to close the case", IND),
                ("he", "said", "which he said was a waste of money", IND),
            ],
        ),
        # an interview's "A:" marks a turn, not a speaker
        ("A: I think the plan will fail.", [("I", "think", "the plan will fail", IND)]),
        # "Contributing:" credits reporters, it quotes nobody: no claim (layout.py)
        ("Contributing: Jane Doe and Ann Lee.", []),
        # a one-word quote before its reporting clause
        (
            "“Never,” said Lopez, a retired teacher.",
            [("Lopez, a retired teacher", "said", "Never", D)],
        ),
        # an opening mark typed where the closing one belongs
        (
            "“Not yet,“ he said. “The vote is next week.”",
            [("he", "said", "Not yet", D), ("he", "said", "The vote is next week.", D)],
        ),
        # the parser ends the sentence after the quote; "X said of Y, ..." reports it
        (
            "“Who could have guessed it?” Smith said of the result, looking at the crowd.",
            [("Smith", "said", "Who could have guessed it?", D)],
        ),
        # a dash glued to the closing mark still credits the reader
        (
            "“The buses never come on time.”― Jane Doe",
            [("Jane Doe", "”―", "The buses never come on time.", D)],
        ),
    ],
)
def test_constructions_from_polnear_train_errors(text, expected):
    """Error classes found on PolNeAR train, on sentences written for the tests."""
    assert summary(text) == expected


def test_relative_clause_content_leaves_out_source_and_cue():
    """"which he said was Y": the content's parts are "which" and "was Y"."""
    text = "The mayor urged the judge to close the case, which he said was a waste of money."
    claim = next(c for c in extract_claims(text) if c.cue.text == "said")
    assert [part.text for part in claim.content_parts] == ["which", "was a waste of money"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "..., which she called Y": a relative clause with its own cue ends the content
        (
            "The senator said the council should rebuild the pier, which she called a disgrace"
            " to the town.",
            [
                ("The senator", "said", "the council should rebuild the pier", IND),
                ("she", "called", "a disgrace", IND),
            ],
        ),
        # "..., who warned that Y": so does one whose pronoun is the speaker
        (
            "The board said the budget must shrink, a view shared by Ms. Hale, who warned that"
            " schools would suffer.",
            [
                ("The board", "said", "the budget must shrink, a view shared by Ms. Hale", IND),
                ("who", "warned", "schools would suffer", IND),
            ],
        ),
        # "..., which promises Y": a thing as the subject describes, it stays in the content
        (
            "The group said the city needs the new tax, which promises lower fares for students.",
            [
                (
                    "The group",
                    "said",
                    "the city needs the new tax, which promises lower fares for students",
                    IND,
                )
            ],
        ),
    ],
)
def test_appended_relative_clause_is_its_own_attribution(text, expected):
    """Gold never nests attributions: a trailing relative clause with a cue is cut off."""
    assert summary(text) == expected


Q = QuoteType.QUESTION


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Asked if ..., X said no": the question is a relation of its own,
        # and the answer is what the speaker said
        (
            "Asked if she was ever afraid, the firefighter said no.",
            [
                (None, "Asked", "if she was ever afraid", Q),
                ("the firefighter", "said", "no", IND),
            ],
        ),
        # "When asked whether ...": the question leaves the reply's content
        (
            "When asked whether the ferry would run in winter, Mr. Olsen said it would not.",
            [
                (None, "asked", "whether the ferry would run in winter", Q),
                ("Mr. Olsen", "said", "it would not", IND),
            ],
        ),
        # "Asked about X": the cue takes "about", the content is its object
        (
            "Asked about the flooded tunnel, the engineer said repairs would take a month.",
            [
                (None, "Asked about", "the flooded tunnel", Q),
                ("the engineer", "said", "repairs would take a month", IND),
            ],
        ),
        # a question word opens the question; the reply is quoted
        (
            "Asked what the club needed most, the coach replied: “Patience.”",
            [
                (None, "Asked", "what the club needed most", Q),
                ("the coach", "replied", "Patience", D),
            ],
        ),
        # the asker named by "by" is the question's source
        (
            "Asked by a student to explain the rule, Ms. Park said, “It keeps everyone safe.”",
            [
                ("a student", "Asked", "to explain the rule", Q),
                ("Ms. Park", "said", "It keeps everyone safe.", D),
            ],
        ),
        # a question set off inside the reporting clause is cut out of the content
        (
            "The pilot said, when asked about the delay, that the weather was to blame.",
            [
                (None, "asked about", "the delay", Q),
                ("The pilot", "said", "the weather was to blame", IND),
            ],
        ),
        # a passive "was asked" without its asker
        (
            "The treasurer was asked whether the fund had lost money.",
            [(None, "was asked", "whether the fund had lost money", Q)],
        ),
        # "X asked whether ...": the asker is the source, still a question
        (
            "The auditor asked whether the invoices had been paid.",
            [("The auditor", "asked", "whether the invoices had been paid", Q)],
        ),
        # "X, when asked ...": the question stays out of the source
        (
            "Garcia, when asked about the strike, said the talks had failed.",
            [
                (None, "asked about", "the strike", Q),
                ("Garcia", "said", "the talks had failed", IND),
            ],
        ),
        # "asked for": the cue takes "for"
        (
            "When asked for her view, the judge said, “The law is clear.”",
            [
                (None, "asked for", "her view", Q),
                ("the judge", "said", "The law is clear.", D),
            ],
        ),
        # a quote before "X told <outlet> ... when asked ...": the told clause
        # reports the quote, the question is its own
        (
            "“It was never about money, who cares?” Brandt told the BBC in an interview"
            " aired on Sunday when asked why he quit.",
            [
                ("Brandt", "told", "It was never about money, who cares?", D),
                (None, "asked", "why he quit", Q),
            ],
        ),
    ],
)
def test_questions_put_to_a_speaker(text, expected):
    """PolNeAR makes a question its own relation; it is flagged, never a claim."""
    assert summary(text) == expected


def test_questions_score_zero_so_they_are_never_queued():
    """The question scores 0 with a reason; the answer is scored as usual."""
    question, answer = extract_claims("Asked if she was ever afraid, the firefighter said no.")
    assert (question.quote_type, question.checkworthiness) == (Q, 0.0)
    assert question.reasons == [QUESTION_REASON]
    assert answer.quote_type == IND


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "according to press reports" names no speaker, but the reports are
        # the source as written
        (
            "The dam failed in 1998 after heavy rain, according to press reports.",
            [("press reports", "according to", "The dam failed in 1998 after heavy rain", R)],
        ),
        (
            "Turnout fell sharply, according to a report from the election board.",
            [("a report from the election board", "according to", "Turnout fell sharply", R)],
        ),
        # the parser may read "X called Y Z" as a noun phrase; X still speaks
        (
            "One councillor called the mayor “the king of potholes.”",
            [("One councillor", "called", "the king of potholes.", D)],
        ),
        # "“A,” adding, “B”": a participle reports the quote after it only
        (
            "The coach told the paper that the season “was a disaster,” adding, “We lost"
            " every game that mattered.”",
            [
                ("The coach", "told", "the season “was a disaster,”", M),
                ("The coach", "adding", "We lost every game that mattered.", D),
            ],
        ),
        # a relative clause inside the reported clause describes its subject
        (
            "Officials say that the driver, who warned of the danger, was not to blame.",
            [
                (
                    "Officials",
                    "say",
                    "the driver, who warned of the danger, was not to blame",
                    IND,
                )
            ],
        ),
        # when and where something was said are no content
        (
            "The governor spoke on Tuesday about the drought.",
            [("The governor", "spoke", "the drought", IND)],
        ),
        (
            "The minister spoke on the radio on Monday.",
            [(None, None, "The minister spoke on the radio on Monday.", QuoteType.UNATTRIBUTED)],
        ),
        # "released a statement" says nothing yet
        (
            "The senator released a statement.",
            [(None, None, "The senator released a statement.", QuoteType.UNATTRIBUTED)],
        ),
        # after an object, a clause opening after a comma is the main clause
        (
            "At the moment Jones announced his candidacy last spring, the mayor was holding"
            " a meeting in his office.",
            [("Jones", "announced", "his candidacy", IND)],
        ),
        # a headline "X to Y: ..." is X's claim, the addressee aside
        (
            "Garcia to Farmers: The Subsidies Will Stay.",
            [("Garcia", ":", "The Subsidies Will Stay.", IND)],
        ),
    ],
)
def test_more_polnear_train_error_classes(text, expected):
    """Error classes of the speech-only table on PolNeAR train, on our own sentences."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a tail "..., Reuters reported." ends the content; the outlet is credited
        (
            "The minister said the border would stay open, Reuters reported.",
            [("The minister", "said", "the border would stay open", IND, ["Reuters"])],
        ),
        # a speaker the report covers is the claim's source, credited to the outlet
        (
            "The Valley Gazette reported that the mayor said taxes would rise.",
            [("the mayor", "said", "taxes would rise", IND, ["The Valley Gazette"])],
        ),
        # a speaker deep inside the report does not make the report his
        (
            "The Valley Gazette reported the letter came hours after the mayor proposed a"
            " new tax.",
            [
                (
                    "The Valley Gazette",
                    "reported",
                    "the letter came hours after the mayor proposed a new tax",
                    R,
                    ["The Valley Gazette"],
                ),
                ("the mayor", "proposed", "a new tax", IND, []),
            ],
        ),
    ],
)
def test_outlet_reports_and_the_speakers_inside(text, expected):
    """An outlet's report is credited to the speaker it quotes, else stands alone."""
    assert [
        (
            c.source_phrase.text if c.source_phrase else None,
            c.cue.text,
            c.text,
            c.quote_type,
            [span.text for span in c.reported_by],
        )
        for c in extract_claims(text)
    ] == expected


def test_ingest_scoring_keeps_questions_out_of_the_queue():
    """score_claims (what ingest uses) gives a question 0, below any threshold."""
    from claims.nlp.checkworthiness import score_claims
    from claims.nlp.embeddings import embed_texts

    claims = extract_claims(
        "When asked whether the 2019 budget had a deficit of $4 million, the treasurer"
        " said it had a surplus."
    )
    scored = score_claims(claims, embed_texts([c.text for c in claims]))
    question = next(c for c in scored if c.quote_type == Q)
    assert (question.checkworthiness, question.reasons) == (0.0, [QUESTION_REASON])
    assert all(c.checkworthiness > 0 for c in scored if c.quote_type != Q)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle hung on the audience speaks for the clause's subject
        (
            "Senator Jane Roe is making a pitch to Ohio farmers saying a new tax is hurting"
            " their harvests.",
            [("Senator Jane Roe", "saying", "a new tax is hurting their harvests", IND)],
        ),
        # "says A, but conceded B": the second act is the speaker's own claim
        (
            "The mayor says the main goal is to cut waste, but conceded that the timing was"
            " poor.",
            [
                ("The mayor", "says", "the main goal is to cut waste", IND),
                ("The mayor", "conceded", "the timing was poor", IND),
            ],
        ),
        # "which X described as Y": the relative pronoun and "as Y" are the content
        (
            "He praised the port, which he described as the heart of the city.",
            [
                ("He", "praised", "the port", IND),
                ("he", "described", "which he described as the heart of the city", IND),
            ],
        ),
        # "asked Y if Z" / "asked Y about Z": the question is the content, not the person asked
        (
            "The senator shook hands and asked farmers if they planned to vote.",
            [("The senator", "asked", "if they planned to vote", Q)],
        ),
        (
            "A radio host asked the mayor about the closed bridge.",
            [("A radio host", "asked", "the closed bridge", Q)],
        ),
        (
            "A student asked the governor why tuition keeps rising.",
            [("A student", "asked", "why tuition keeps rising", Q)],
        ),
        # a coordinated clause with a subject of its own but no cue stays in the
        # content: PolNeAR train's contents run on through it about three times
        # in four, so cutting there costs more than it gains
        (
            "The treasurer said the city had paid off its debts, and its reserves were the"
            " largest in a decade.",
            [
                (
                    "The treasurer",
                    "said",
                    "the city had paid off its debts, and its reserves were the largest in a"
                    " decade",
                    IND,
                )
            ],
        ),
        (
            "The treasurer said the city had paid off its debts and that its reserves were"
            " the largest in a decade.",
            [
                (
                    "The treasurer",
                    "said",
                    "the city had paid off its debts and that its reserves were the largest in"
                    " a decade",
                    IND,
                )
            ],
        ),
    ],
)
def test_speech_table_error_classes(text, expected):
    """Speech-only error classes on PolNeAR train (issue #3), on our own sentences."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a gerund clause right after a reporting verb is what was said
        (
            "Jane Porter, the head of the tenants group, said having a landlord on the board"
            " puts every renter at risk.",
            [
                (
                    "Jane Porter, the head of the tenants group",
                    "said",
                    "having a landlord on the board puts every renter at risk",
                    IND,
                )
            ],
        ),
        (
            "The mayor reported receiving three threatening letters in a single week.",
            [
                (
                    "The mayor",
                    "reported",
                    "receiving three threatening letters in a single week",
                    IND,
                )
            ],
        ),
        # after a long opening phrase the parser loses the subject: the name before the verb speaks
        (
            "At the Oregon Democratic party’s annual dinner Sen. Ann Reyes (D-Ore.) said the"
            " bridge repairs were finally funded.",
            [("Sen. Ann Reyes (D-Ore.)", "said", "the bridge repairs were finally funded", IND)],
        ),
        # an official act in the passive, its speaker unnamed
        (
            "On Monday, the closure of the plant was announced.",
            [(None, "was announced", "the closure of the plant", R)],
        ),
        # a digest's credit: a name after a dash, a colon, a quotation
        (
            "Budget hearings ended early - Karen Holt: “The numbers simply do not add up this"
            " year.”",
            [("Karen Holt", ":", "The numbers simply do not add up this year.", D)],
        ),
        (
            "The council met twice. More from the audit: “Several invoices were paid without any"
            " approval.”",
            [
                (None, None, "The council met twice.", QuoteType.UNATTRIBUTED),
                ("the audit", ":", "Several invoices were paid without any approval.", D),
            ],
        ),
        # light verbs: the act of speech is the object ("gave a speech on", "made no mention of")
        (
            "The professor gave a long speech on the history of the canal.",
            [("The professor", "gave a long speech on", "the history of the canal", IND)],
        ),
        (
            "The senator made no mention of the pipeline during her speech.",
            [("The senator", "made no mention of", "the pipeline", IND)],
        ),
        # a headline's name and verb in -s read as a noun phrase by the tagger
        (
            "Trump demands Pelosi apologize for the remark.\n\nThe letter went out on Friday.",
            [
                ("Trump", "demands", "Pelosi apologize for the remark", IND),
                (None, None, "The letter went out on Friday.", QuoteType.UNATTRIBUTED),
            ],
        ),
        # "That said, ..." concedes; nobody speaks
        (
            "That said, the committee will meet again in March.",
            [
                (
                    None,
                    None,
                    "That said, the committee will meet again in March.",
                    QuoteType.UNATTRIBUTED,
                )
            ],
        ),
    ],
)
def test_speech_recall_error_classes(text, expected):
    """Classes of speech relations missed on PolNeAR train, on sentences of our own."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "cue", "parts"),
    [
        (
            "Ms. Alvarez was declared the winner of the school board race.",
            "was declared",
            ["Ms. Alvarez", "the winner of the school board race"],
        ),
        (
            "The treasurer was charged with embezzling funds from the club.",
            "was charged with",
            ["The treasurer", "embezzling funds from the club"],
        ),
    ],
)
def test_passive_acts_without_a_named_source(text, cue, parts):
    """"X was declared Y" / "X was charged with Y": no source, the content in two parts."""
    [claim] = extract_claims(text)
    assert claim.source_phrase is None and claim.speaker is None
    assert claim.cue.text == cue
    assert [part.text for part in claim.content_parts] == parts
    for part in claim.content_parts:
        assert text[part.start : part.end] == part.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the comma before the participle sits inside the closing quotation mark
        (
            "Our coach said the team was “ready for anything,” suggesting that the injured"
            " captain would play.",
            [
                ("Our coach", "said", "the team was “ready for anything,”", M),
                ("Our coach", "suggesting", "the injured captain would play", IND),
            ],
        ),
        (
            'The principal said the trip was "too expensive," suggesting that parents would'
            " rather pay for books.",
            [
                ("The principal", "said", 'the trip was "too expensive,"', M),
                ("The principal", "suggesting", "parents would rather pay for books", IND),
            ],
        ),
        # a time clause with a speaker of its own ends the reported clause
        (
            "The governor said the bridge would reopen in May after engineers reported that"
            " the cracks were minor.",
            [
                ("The governor", "said", "the bridge would reopen in May", IND),
                ("engineers", "reported", "the cracks were minor", IND),
            ],
        ),
        (
            "The coach said the team was ready before the owner announced that the stadium"
            " would close.",
            [
                ("The coach", "said", "the team was ready", IND),
                ("the owner", "announced", "the stadium would close", IND),
            ],
        ),
        # a reason stays part of what was said (PolNeAR keeps it in the content)
        (
            "The senator said the vote was delayed because the clerk reported that ballots"
            " were missing.",
            [
                (
                    "The senator",
                    "said",
                    "the vote was delayed because the clerk reported that ballots were missing",
                    IND,
                ),
            ],
        ),
    ],
)
def test_second_attribution_after_the_reported_clause(text, expected):
    """PolNeAR never nests attributions: a trailing participle or time clause is its own."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the parser takes "about the same share" for a preposition's object of the first verb
        (
            "Nearly half of the voters said the economy was improving, and about the same share"
            " said prices were too high.",
            [
                ("Nearly half of the voters", "said", "the economy was improving", IND),
                ("the same share", "said", "prices were too high", IND),
            ],
        ),
        (
            "Most teachers said the plan was fair, and a smaller group said it would fail.",
            [
                ("Most teachers", "said", "the plan was fair", IND),
                ("a smaller group", "said", "it would fail", IND),
            ],
        ),
    ],
)
def test_second_speaker_after_and_keeps_its_own_claim(text, expected):
    """"X said A, and Y said B": B is Y's claim, never X's."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the writer's closing aside about the last noun is not the speaker's
        (
            "The minister said the plan would cost $5 billion, which is more than the city"
            " spends on schools.",
            [("The minister", "said", "the plan would cost $5 billion", IND)],
        ),
        (
            "Officials said the fire was started by a worker, who has since been suspended.",
            [("Officials", "said", "the fire was started by a worker", IND)],
        ),
        # a relative clause inside the reported clause stays
        (
            "The mayor said the bridge, which opened in 1990, needs urgent repairs.",
            [("The mayor", "said", "the bridge, which opened in 1990, needs urgent repairs", IND)],
        ),
        # and so does one inside the speaker's own quotation
        (
            "“The plan will cost $5 billion, which is more than we spend on schools,” the"
            " minister said.",
            [
                (
                    "the minister",
                    "said",
                    "The plan will cost $5 billion, which is more than we spend on schools",
                    D,
                )
            ],
        ),
    ],
)
def test_closing_relative_clause_is_the_writers(text, expected):
    """"X said A, which is B": B is the writer's aside, not part of X's claim."""
    assert summary(text) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the parser hangs the participle on the reported clause's last verb
        (
            "She said her brother has been a loyal worker and would do the same job again,"
            " saying that he loves the company.",
            "She",
        ),
        # or on a time clause inside the sentence
        (
            "The director praised the film after the critics panned it, remarking that"
            " audiences loved it.",
            "The director",
        ),
        # a conjoined clause with a subject of its own keeps its speaker
        (
            "Police arrested the driver and the mayor closed the road, acknowledging that the"
            " crossing was unsafe.",
            "the mayor",
        ),
    ],
)
def test_closing_participle_speaks_for_the_main_clause(text, speaker):
    """"X said A would B, saying C": C is X's, not A's."""
    claims = extract_claims(text)
    participle = next(c for c in claims if c.cue is not None and c.cue.text.endswith("ing"))
    assert participle.source_phrase.text == speaker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "adding" with a plain object reports nothing; the quote stays the speaker's
        (
            "“It could be a long winter,” the mayor said, adding a plug for the new shelter.",
            [("the mayor", "said", "It could be a long winter")],
        ),
        # a sentence that ends in "..., continuing X" reports nobody's words
        (
            "Turnout rose in all three counties on Tuesday, continuing a trend of strong"
            " interest in local races.",
            [
                (
                    None,
                    None,
                    "Turnout rose in all three counties on Tuesday, continuing a trend of"
                    " strong interest in local races.",
                )
            ],
        ),
    ],
)
def test_participle_takes_no_content_before_it(text, expected):
    """"X said A, adding B": the words before a participle are not its content."""
    assert [found[:3] for found in summary(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a curly quote nested in a curly quote does not end the quotation
        (
            "“They told us the plant was “temporary” and it has been here ten years.”"
            " ― Maria Lopez",
            [
                (
                    "Maria Lopez",
                    "―",
                    "They told us the plant was “temporary” and it has been here ten years.",
                )
            ],
        ),
        # a no-break space between the quote and the dash of the credit
        (
            "“We waited four hours to vote. Nobody explained why.”\u00a0― Ana Ruiz",
            [("Ana Ruiz", "―", "We waited four hours to vote. Nobody explained why.")],
        ),
        # the speaker after the quote, with an age, and the reporting verb
        # hung by the parser on the quote's own verb
        (
            "“We were wrong not to build the seawall years ago,” Okafor, 58, told AFP in an"
            " interview in Lagos on Monday.",
            [("Okafor, 58", "told", "We were wrong not to build the seawall years ago")],
        ),
        # a role that is itself a name: "Democrat of Ohio"
        (
            "''That was a fair hearing, Madam Chair,'' Representative Dan Ortiz, Democrat of"
            " Ohio, told the committee as it adjourned.",
            [
                (
                    "Representative Dan Ortiz, Democrat of Ohio",
                    "told",
                    "That was a fair hearing, Madam Chair",
                )
            ],
        ),
        # curly quotes typed without a space around them
        (
            "“The levee will hold through the spring,”Okafor said.",
            [("Okafor", "said", "The levee will hold through the spring")],
        ),
        (
            "Okafor said,“The levee will hold through the spring.”",
            [("Okafor", "said", "The levee will hold through the spring.")],
        ),
        # a verb that reports only the quotation before it: "demanded"
        (
            "“Why should taxpayers cover the losses of a private club?” the senator demanded.",
            [
                (
                    "the senator",
                    "demanded",
                    "Why should taxpayers cover the losses of a private club?",
                )
            ],
        ),
        # the speaker with a role after the quote; the time and the show's
        # quoted title after the verb are neither speaker nor content
        (
            "“The river has never been this low in August,” Ortiz, a county hydrologist,"
            " said Monday morning on the station’s “Morning Report.” “We are rationing now.”",
            [
                ("Ortiz, a county hydrologist", "said", "The river has never been this low in"
                 " August"),
                ("Ortiz, a county hydrologist", "said", "We are rationing now."),
            ],
        ),
    ],
)
def test_quotes_with_their_speaker_after_them(text, expected):
    """"“...” Name, role, said on “Show”", "“...?” X demanded", nested quotes."""
    assert [found[:3] for found in summary(text)] == expected


def test_split_quote_goes_on_past_a_participle_pointing_elsewhere():
    """“A,” X said, referring to Y, “B.”: B is the rest of X's quote, not what
    "referring" reports, which keeps its own object."""
    text = (
        "“Every time the council delays,” Ramirez said, referring to the bridge repairs,"
        " “the cost goes up for everyone.”"
    )
    said, referring = extract_claims(text)
    assert said.cue.text == "said"
    assert [part.text for part in said.content_parts] == [
        "Every time the council delays",
        "the cost goes up for everyone.",
    ]
    assert (referring.cue.text, referring.text) == ("referring to", "the bridge repairs")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the parser may cut a clause after a word ("the 13th | Amendment")
        (
            "Mendes said he felt the 13th Amendment deserved a film of its own.",
            [("Mendes", "said", "he felt the 13th Amendment deserved a film of its own")],
        ),
        # "..., she told reporters." joined by the parser to the clause before it
        (
            "Officials should provide records for their decisions and not hide behind vague"
            " words like “possibly” and “arguably”, she told reporters.",
            [
                (
                    "she",
                    "told",
                    "Officials should provide records for their decisions and not hide behind"
                    " vague words like “possibly” and “arguably”",
                )
            ],
        ),
        # what is told: a tale, a story
        (
            "Exit surveys told a tale of two cities, with renters far angrier than owners.",
            [("Exit surveys", "told", "a tale of two cities")],
        ),
        (
            "The mayor told a story about her first campaign.",
            [("The mayor", "told", "a story about her first campaign")],
        ),
        # the clause before a colon is not what the speaker after it called it
        (
            "Former Rep. Jane Okafor sounded equivocal: she called it “the least bad option"
            " under the circumstances.”",
            [
                (
                    "she",
                    "called",
                    "the least bad option under the circumstances.",
                )
            ],
        ),
        # "X seemed to urge Y": X's relation, the hedge kept in the cue
        (
            "In late November, Okafor seemed to urge the opposite approach in a speech to"
            " the city’s pastors.",
            [("Okafor", "seemed to urge", "the opposite approach")],
        ),
        # the clause right after "telling reporters on Thursday", hung elsewhere
        (
            "The outage drew new scrutiny, with Councillor Jane Okafor telling reporters on"
            " Monday she viewed the utility as “fully responsible” for the blackout.",
            [
                (
                    "Councillor Jane Okafor",
                    "telling",
                    "she viewed the utility as “fully responsible” for the blackout",
                )
            ],
        ),
        # a speaker the parser hung as an apposition on the statement's recipient
        (
            "In an email to the Courier, his chief of staff, Dan Ortiz, said: “The governor"
            " thinks that the port deal is sound.”",
            [("Dan Ortiz", "said", "The governor thinks that the port deal is sound.")],
        ),
        # "went so far as to say": the speaker of the infinitive is the subject's
        (
            "The columnist Dan Ortiz went so far as to say: “The league as we know it is"
            " finished.”",
            [("The columnist Dan Ortiz", "to say", "The league as we know it is finished.")],
        ),
        # a surname the tagger read as an adverb
        (
            "Jolly said he has worked with both unions on a plan that would keep the night"
            " shift running.",
            [
                (
                    "Jolly",
                    "said",
                    "he has worked with both unions on a plan that would keep the night shift"
                    " running",
                )
            ],
        ),
        # a reporting verb in -s that the tagger read as a noun
        (
            "But Trump claims that he is exempt.",
            [("Trump", "claims", "he is exempt")],
        ),
        (
            "Waste is not a new problem when it comes to the city’s transit budget, the"
            " mayor’s former adviser maintains.",
            [
                (
                    "the mayor’s former adviser",
                    "maintains",
                    "Waste is not a new problem when it comes to the city’s transit budget",
                )
            ],
        ),
        # the reporting verb before its speaker
        (
            "The figures are disputed. Said Okafor: “Nobody has checked the ledger in years.”",
            [
                (None, None, "The figures are disputed."),
                ("Okafor", "Said", "Nobody has checked the ledger in years."),
            ],
        ),
        (
            "Added Mendes, “We will appeal the ruling.”",
            [("Mendes", "Added", "We will appeal the ruling.")],
        ),
        # the sentence's first name, set off by a participle clause, which the
        # parser did not make the subject
        (
            "Trump, appearing after Okafor at the ABC/CBS town hall, cited delays at the harbor,"
            " the airport and elsewhere that he blamed on the policies of the council.",
            [
                (
                    "Trump",
                    "cited",
                    "delays at the harbor, the airport and elsewhere that he blamed on the"
                    " policies of the council",
                )
            ],
        ),
        # the audience after "to" and the parser's relative "that" clause
        (
            "A neighbour can be heard yelling to the officers that the man was unarmed.",
            [("A neighbour", "yelling", "the man was unarmed")],
        ),
        # a participle modifying the subject made the root: "Marchers crossing"
        (
            "Students marching through the square chanted “What fees?” and kept going until"
            " dawn.",
            [("Students", "chanted", "What fees?")],
        ),
        # the reporting verb hung on its own content: "While she acknowledged X, ..."
        (
            "While she acknowledged costs were rising faster than planned, Mendes also noted"
            " several delays left the project short of staff.",
            [
                ("she", "acknowledged", "costs were rising faster than planned"),
                ("Mendes", "also noted", "several delays left the project short of staff"),
            ],
        ),
        # a quote right before "the association wrote" beats a clause before it
        (
            "The letter also described the effect it said the cuts would have on rural"
            " clinics: “Our nurses already work double shifts, and our waiting lists have"
            " doubled,” the association wrote.",
            [
                (
                    "The letter",
                    "also described",
                    "the effect it said the cuts would have on rural clinics",
                ),
                (
                    "the association",
                    "wrote",
                    "Our nurses already work double shifts, and our waiting lists have doubled",
                ),
            ],
        ),
        # a quoted title after "book," is no content
        (
            "In her 2019 book, “Raise Your Own Savings,” Ms. Okafor suggested keeping a"
            " ledger of every purchase.",
            [("Ms. Okafor", "suggested", "keeping a ledger of every purchase")],
        ),
        # "according to" between two verbs of one subject: the second is the
        # subject's, not the lawyers'
        (
            "Okafor's neighbours, including her sister, watched the footage on Tuesday,"
            " according to their lawyers, and said they came away with \"more doubts than"
            " answers.\"",
            [
                (
                    "their lawyers",
                    "according to",
                    "Okafor's neighbours, including her sister, watched the footage on"
                    " Tuesday, according to their lawyers",
                ),
                (
                    "Okafor's neighbours, including her sister",
                    "said",
                    'they came away with "more doubts than answers."',
                ),
            ],
        ),
        # a clause of time before "X said" is not what X said
        (
            "But when the council cut the grant two years later, the museum said enough.",
            [
                (
                    None,
                    None,
                    "But when the council cut the grant two years later, the museum said"
                    " enough.",
                )
            ],
        ),
        # the speaker of a participle after "aside from", and of "went on to explain"
        (
            "She refuses to name potential donors, aside from saying she wants a broad"
            " coalition.",
            [
                ("She", "refuses", "to name potential donors"),
                ("She", "saying", "she wants a broad coalition"),
            ],
        ),
        (
            "Mendes went on to explain how she believes cuts to the transit budget left the"
            " city without night buses.",
            [
                (
                    "Mendes",
                    "to explain",
                    "how she believes cuts to the transit budget left the city without night"
                    " buses",
                )
            ],
        ),
        # a light verb whose noun introduces a quote or a clause after a colon
        (
            "On May 2, 2019, Okafor made the following comment: “For families who rent, the"
            " tax rate is 12 percent. For owners, it is 9 percent.”",
            [
                (
                    "Okafor",
                    "made the following comment:",
                    "For families who rent, the tax rate is 12 percent. For owners, it is 9"
                    " percent.",
                )
            ],
        ),
        (
            "The mayor made one promise: the library will reopen in May.",
            [("The mayor", "made one promise:", "the library will reopen in May")],
        ),
        # the writer's concession about the speaker is not the speaker's
        (
            "She claimed that skipping the audit was prudent, although she again refused to"
            " publish the accounts before the vote.",
            [("She", "claimed", "skipping the audit was prudent")],
        ),
        # "According to X, Y" where the parser hung Y on X
        (
            "According to local radio host Dan Ortiz, the move reeks of “panic” and"
            " desperation.",
            [
                (
                    "local radio host Dan Ortiz",
                    "According to",
                    "the move reeks of “panic” and desperation",
                )
            ],
        ),
        # polls: a share as the speaker, "said" read as an adjective, "said so"
        (
            "In the survey, 38% say they're moderate and 51% say the city should build more"
            " housing.",
            [
                ("38%", "say", "they're moderate"),
                ("51%", "say", "the city should build more housing"),
            ],
        ),
        (
            "More than 3 in 10 said billionaire Tom Mendes would be best at handling the"
            " economy.",
            [
                (
                    "More than 3 in 10",
                    "said",
                    "billionaire Tom Mendes would be best at handling the economy",
                )
            ],
        ),
        (
            "Asked whether the council should resign, 61 percent said so.",
            [(None, "Asked", "whether the council should resign"), ("61 percent", "said", "so")],
        ),
        # the writer's idiom
        (
            "It goes without saying that the bridge must be repaired.",
            [(None, None, "It goes without saying that the bridge must be repaired.")],
        ),
    ],
)
def test_constructions_the_parser_misreads(text, expected):
    """Speakers and contents recovered where the tagger or parser goes wrong."""
    assert [found[:3] for found in summary(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“The levy will pass this time, but it will not survive a recount,” said a Lagos"
            " councillor, who, like the others we polled, answered anonymously.",
            [
                (
                    "a Lagos councillor, who, like the others we polled, answered anonymously",
                    "said",
                    "The levy will pass this time, but it will not survive a recount",
                )
            ],
        ),
        (
            "Ms. Okafor, who helped found GREENWAY, a cycling charity in Lagos, said the strike"
            " was a mistake and hoped the drivers would settle soon.",
            [
                (
                    "Ms. Okafor, who helped found GREENWAY, a cycling charity in Lagos",
                    "said",
                    "the strike was a mistake and hoped the drivers would settle soon",
                )
            ],
        ),
        (
            "“You want me to say I back the levy, full stop,” Mendes, who has proposed repealing"
            " the levy over five years, said at the time.",
            [
                (
                    "Mendes, who has proposed repealing the levy over five years",
                    "said",
                    "You want me to say I back the levy, full stop",
                ),
                ("who", "has proposed", "repealing the levy over five years"),
            ],
        ),
    ],
)
def test_a_relative_clause_in_the_speaker_reports_only_its_own_words(text, expected):
    """"X, who has proposed Y, said Z": the relative clause takes neither Z nor the
    quote before it, and "helped found" is no "find"."""
    assert [found[:3] for found in summary(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected", "report"),
    [
        (
            "The Guardian reported on Sunday that the minister had claimed the talks were over.",
            ("the minister", "had claimed", "the talks were over"),
            ("The Guardian", "reported", "the minister had claimed the talks were over"),
        ),
        # the report ends in a closing quote the speaker's content leaves out
        (
            "According to Reuters, a council spokesman said Monday that if the levy passed in"
            " May, “the library would reopen by summer.”",
            (
                "a council spokesman",
                "said",
                "if the levy passed in May, “the library would reopen by summer.”",
            ),
            (
                "Reuters",
                "According to",
                "a council spokesman said Monday that if the levy passed in May, “the library"
                " would reopen by summer.”",
            ),
        ),
    ],
)
def test_outlet_report_around_a_speaker_is_kept_as_the_outer_relation(text, expected, report):
    """"The Guardian reported that the minister had claimed X": the claim is
    the minister's, credited to the Guardian, whose own report is kept."""
    (claim,) = extract_claims(text)
    assert (claim.source_phrase.text, claim.cue.text, claim.text) == expected
    assert [outlet.text for outlet in claim.reported_by] == [report[0]]
    assert (claim.report.source.text, claim.report.cue.text, claim.report.content.text) == report
