"""The PolNeAR reader and the attribution scorer, on texts made up here."""

import pytest

from claims.evaluation.attribution import (
    Predicted,
    is_speech,
    normalize,
    overlap,
    pair,
    relations_from_claims,
    score,
)
from claims.evaluation.polnear import Article, Relation, parse_ann, read_split
from claims.nlp.types import ExtractedClaim, OutletReport, Span, SpeakerMention

TEXT = "Smith said that taxes rose. “We won,” Jones said, “and we will win again.”"
#       0         1         2         3         4         5         6         7
#       0123456789012345678901234567890123456789012345678901234567890123456789012345

ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 26\tthat taxes rose
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3
T5\tContent 29 35;51 73\tWe won and we will win again.
T6\tSource 38 43\tJones
T7\tCue 44 48\tsaid
T8\tAttribution 44 48\tsaid
E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6
T9\tDiscard 0 5\ta span's text that
goes on over a line break
T10\tCue 0 5\tSmith
T11\tAttribution-no-source 0 5\tSmith
T12\tContent 11 16\tthat
E3\tAttribution-no-source:T11 Cue:T10 Content:T12
"""


def test_parse_ann_reads_parts_and_sourceless_relations():
    """Discontinuous spans keep their parts; a relation may lack a source."""
    relations = parse_ann(ANN)
    assert relations[0] == Relation(((0, 5),), ((6, 10),), ((11, 26),))
    assert relations[1].content == ((29, 35), (51, 73))
    assert relations[2].source == ()
    assert len(relations) == 3


def test_parse_ann_joins_content2():
    """A second content span (Content2) continues the first."""
    ann = "T1\tCue 6 10\tsaid\nT2\tContent 0 3\tabc\nT3\tContent 20 25\tdefgh\n"
    ann += "E1\tAttribution:T1 Cue:T1 Content:T2 Content2:T3\n"
    assert parse_ann(ann)[0].content == ((0, 3), (20, 25))


def test_read_split_takes_the_first_annotator(tmp_path):
    """Where two annotators annotated an article, the first file by name wins."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc_a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc_a_1111.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "doc_a_2222.ann").write_text("", encoding="utf-8")
    [article] = read_split(tmp_path)
    assert (article.name, article.text, len(article.relations)) == ("doc_a", TEXT, 3)


def test_read_split_rejects_a_folder_without_polnear(tmp_path):
    """A folder without text/ and attributions/ is an error, not zero articles."""
    with pytest.raises(FileNotFoundError):
        read_split(tmp_path)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # quotation marks and punctuation at the ends go
        (((28, 37),), ((29, 35),)),
        # parts separated only by punctuation and spaces merge
        (((0, 5), (5, 6), (6, 10)), ((0, 10),)),
        # a part of trim only disappears beside one with words
        (((0, 5), (26, 28)), ((0, 5),)),
    ],
)
def test_normalize(parts, expected):
    """Spans are compared after trimming their ends."""
    assert normalize(TEXT, parts) == expected


def test_overlap_counts_shared_characters():
    """Overlap is the number of characters two spans share."""
    assert overlap(((0, 10),), ((5, 20),)) == 5
    assert overlap(((0, 10),), ((10, 20),)) == 0


def test_pair_is_one_to_one_by_largest_overlap():
    """Each gold relation pairs with at most one prediction, the best first."""
    gold = [Relation((), (), ((0, 20),)), Relation((), (), ((30, 40),))]
    predicted = [Predicted((), (), ((0, 5),)), Predicted((), (), ((0, 35),))]
    assert pair(TEXT + " " * 10, gold, predicted) == {1: 0}


@pytest.mark.parametrize(
    ("cue", "speech"),
    [
        ("said", True),  # the common case
        ("told", True),  # an irregular form
        ("according to", True),  # a prepositional cue
        ("—", True),  # a punctuation cue: "“...” ― Name"
        ("wants", False),  # a wish is no speech act
        ("endorsed", False),  # a stance neither
    ],
)
def test_is_speech(cue, speech):
    """Speech cues are acts of speech or writing, or punctuation."""
    assert is_speech(cue, ((0, len(cue)),)) is speech


def test_score_counts_exact_and_overlap_matches():
    """A perfect prediction scores 1; a shorter content overlaps, not exact."""
    [article] = [Article("a", TEXT, tuple(parse_ann(ANN)[:2]))]
    perfect = [Predicted(r.source, r.cue, r.content) for r in article.relations]
    figures = score([article], [perfect])
    assert figures["all"]["exact"]["content"]["f1"] == 1.0
    assert figures["all"]["relation"]["f1"] == 1.0
    short = [Predicted(((0, 5),), ((6, 10),), ((16, 26),))]
    figures = score([article], [short])
    assert figures["all"]["exact"]["content"]["p"] == 0.0
    assert figures["all"]["overlap"]["content"]["p"] == 1.0
    assert figures["all"]["overlap"]["content"]["r"] == 0.5


def test_speech_table_leaves_out_other_relations():
    """Pairs with non-speech gold and unpaired non-speech predictions are left out."""
    text = "Smith wants lower taxes. Jones said prices rose. Lee backs the plan."
    gold = (
        Relation(((0, 5),), ((6, 11),), ((12, 23),)),  # wants: not speech
        Relation(((25, 30),), ((31, 35),), ((36, 47),)),  # said
    )
    predicted = [
        Predicted(((0, 5),), ((6, 11),), ((12, 23),)),
        Predicted(((25, 30),), ((31, 35),), ((36, 47),)),
        Predicted(((49, 52),), ((53, 58),), ((59, 67),)),  # unpaired "backs"
    ]
    speech = score([Article("b", text, gold)], [predicted])["speech"]
    assert speech["relation"]["predicted"] == speech["relation"]["gold"] == 1
    assert speech["relation"]["f1"] == 1.0


def test_claims_sharing_a_cue_are_one_relation():
    """A quote continued after "X said." joins its first part; outlets source credits."""
    cue = Span("said", 38, 42)
    speaker = SpeakerMention("Jones", 32, 37, "Jones")
    claims = [
        ExtractedClaim("A", 0, 50, Span("A", 1, 2), speaker, cue),
        ExtractedClaim("B", 51, 60, Span("B", 52, 53), speaker, cue),
        ExtractedClaim(
            "C", 61, 80, Span("C", 61, 62), None, Span("reports", 70, 77),
            reported_by=[Span("Reuters", 62, 69)],
        ),
    ]  # fmt: skip
    relations = relations_from_claims(claims)
    assert relations[0] == Predicted(((32, 37),), ((38, 42),), ((1, 2), (52, 53)))
    assert relations[1].source == ((62, 69),)


def test_speaker_inside_an_outlet_report_is_scored_as_the_report():
    """PolNeAR annotates "The Times wrote that [X had claimed Y]" as the Times'."""
    text = "The Times wrote that Okafor had claimed a loss."
    claim = ExtractedClaim(
        "a loss", 0, len(text), Span("a loss", 40, 46),
        SpeakerMention("Okafor", 21, 27, "Okafor"), Span("had claimed", 28, 39),
        reported_by=[Span("The Times", 0, 9)],
        report=OutletReport(
            Span("The Times", 0, 9), Span("wrote", 10, 15), Span("Okafor had claimed a loss", 21, 46)
        ),
    )  # fmt: skip
    assert relations_from_claims([claim]) == [Predicted(((0, 9),), ((10, 15),), ((21, 46),))]


def test_punctuation_cue_survives_normalizing():
    """A cue of punctuation only (":" in "SMITH: We won") is not trimmed away."""
    text = "SMITH: We won."
    assert normalize(text, ((5, 6),)) == ((5, 6),)
    assert normalize(text, ((5, 7),)) == ((5, 6),)
