"""sources/evaluation.py (issue #23): debate lines found in the rendered
transcript, and a line scored by the best claim in it."""

from types import SimpleNamespace

from sources.evaluation import debate_lines, line_scores
from sources.transcripts import parse_transcript

TSV = "1\tAnn\tTaxes rose.\t1\n2\tAnn\tThank you.\t0\n3\tBob\tJobs fell 4 percent.\t0\n"


def test_lines_are_found_in_the_rendered_transcript_and_scored_by_their_best_claim():
    text = parse_transcript(TSV, name="d.tsv").render()
    lines = debate_lines(TSV, text)
    assert [text[line.start:line.end] for line in lines] == [
        "Taxes rose.", "Thank you.", "Jobs fell 4 percent."
    ]
    assert [line.label for line in lines] == [1, 0, 0]

    def claim(words):
        start = text.index(words)
        return SimpleNamespace(content=SimpleNamespace(start=start, end=start + len(words)))

    claims = [claim("Taxes rose."), claim("Taxes rose. Thank you."), claim("Jobs fell")]
    assert line_scores(lines, claims, [0.2, 0.7, 0.4]).tolist() == [0.7, 0.7, 0.4]
    assert line_scores(lines, claims[:1], [0.2]).tolist() == [0.2, -1.0, -1.0]
