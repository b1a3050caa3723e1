"""The learned relation filter and the annotated sentences it learns from."""

import pytest

from claims.nlp.attribution import ATTRIBUTION_FACTORY
from claims.nlp.attribution.relation_filter import MODEL_FILE, RelationFilter
from claims.nlp.types import QuoteType
from claims.training.attribution_data import (
    JSONL_FILE,
    SOURCE_FILE,
    as_jsonl,
    parse_line,
    problems,
    read_sentences,
)


def test_annotated_sentences_are_valid():
    """Every span lies inside its sentence, trimmed; every relation has a cue
    and a content; the JSONL is the marked file, rebuilt."""
    sentences = read_sentences()
    assert 400 <= len(sentences) <= 1000
    assert [(s.id, p) for s in sentences for p in problems(s)] == []
    assert all(r.cue and r.content for s in sentences for r in s.relations)
    assert JSONL_FILE.read_text(encoding="utf-8") == as_jsonl(sentences)
    assert len({s.domain for s in sentences}) >= 7
    assert sum(1 for s in sentences if not s.relations) >= 100  # hard negatives


@pytest.mark.parametrize(
    ("line", "text", "spans"),
    [
        # a plain relation
        ("{S1 He} {C1 said} {T1 it rained}.", "He said it rained.", ("He", "said", "it rained")),
        # a quote split by its reporting clause: the content in two pieces
        ("“{T1 A},” {S1 she} {C1 said}, “{T1 B}.”", "“A,” she said, “B.”", ("she", "said", "A B")),
        # a headline's colon is the cue
        (
            "{S1 Mayor}{C1 :} {T1 Pool stays open}",
            "Mayor: Pool stays open",
            ("Mayor", ":", "Pool stays open"),
        ),
    ],
)
def test_marks_become_spans(line, text, spans):
    """Marks are removed and each role's pieces point into the plain text."""
    plain, relations = parse_line(line)
    assert plain == text
    relation = relations[0]
    got = tuple(
        " ".join(plain[s:e] for s, e in getattr(relation, role))
        for role in ("source", "cue", "content")
    )
    assert got == spans


def test_bad_marks_are_reported():
    """A relation without a cue, or an unclosed mark, is caught."""
    from claims.training.attribution_data import Sentence

    text, relations = parse_line("{S1 The mayor} wants {T1 a stadium}.")
    assert problems(Sentence("x-001", "x", text, relations)) == ["relation 1 has no cue"]
    with pytest.raises(ValueError):
        parse_line("{S1 The mayor said")


def test_filter_is_off_in_a_default_pipeline():
    """Without the setting the rules alone decide (ENABLED_BY_DEFAULT)."""
    import spacy

    nlp = spacy.blank("en")
    assert nlp.add_pipe(ATTRIBUTION_FACTORY).relation_filter is None
    nlp = spacy.blank("en")
    component = nlp.add_pipe(ATTRIBUTION_FACTORY, config={"relation_filter": True})
    assert isinstance(component.relation_filter, RelationFilter)


@pytest.fixture
def filtered_nlp():
    """The real pipeline with the packaged filter switched on."""
    from claims.nlp.loading import get_nlp

    nlp = get_nlp()
    component = nlp.get_pipe(ATTRIBUTION_FACTORY)
    saved = component.relation_filter
    component.relation_filter = RelationFilter.load(MODEL_FILE)
    yield nlp
    component.relation_filter = saved


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # the thing supported is taken for a source: "won the support of"
        "The bridge won the support of every councillor on Tuesday.",
        # a generic subject wants nothing anyone said
        "Everyone wants the ferry to run later.",
        # "released" a timetable: no one's words
        "The council released the ferry timetable on Monday.",
    ],
)
def test_filter_drops_a_relation_but_keeps_its_claim(filtered_nlp, text):
    """A relation the filter rejects becomes an unattributed claim, text kept."""
    from claims.nlp.extraction import extract_claims

    claims = extract_claims(text, filtered_nlp)
    assert claims, "the text is never lost"
    assert all(c.cue is None and c.speaker is None for c in claims)
    assert {c.quote_type for c in claims} == {QuoteType.UNATTRIBUTED}
    assert any(c.text in text and len(c.text) > len(text) / 2 for c in claims)


@pytest.mark.model
def test_filter_keeps_a_plain_said_relation(filtered_nlp):
    """"X said that ..." keeps its speaker and cue."""
    from claims.nlp.extraction import extract_claims

    text = "The ferry service said fares would rise in April."
    (claim,) = extract_claims(text, filtered_nlp)
    assert claim.speaker.text == "The ferry service"
    assert claim.cue.text == "said"
    assert claim.text == "fares would rise in April"


@pytest.mark.model
def test_training_is_deterministic(tmp_path):
    """The training command writes the same bytes twice (on a subset)."""
    from claims.training.attribution_filter import main

    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["--limit", "90", "--output", str(first)]) == 0
    assert main(["--limit", "90", "--output", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert b'"threshold"' in first.read_bytes()
