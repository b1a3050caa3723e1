import json

import pytest
from django.core.management import CommandError, call_command

from claims.retrieval.datasets import read_corpus

pytestmark = pytest.mark.model

QUERIES = [
    ("tweet-1", "McDonald’s is selling any size fries for $1 until the end of May"),
    (
        "tweet-2",
        "Starlink service is now active in Ukraine. — Elon Musk (@elonmusk) February 26, 2022",
    ),
    ("tweet-3", "Got a text saying the Army selected me for the military draft. Is this real?"),
]


def write_jsonl_corpus(path, library):
    with path.open("w", encoding="utf-8") as corpus:
        for d in library:
            record = {"vclaim_id": d.id, "vclaim": d.text, "title": d.title, "subtitle": d.subtitle}
            corpus.write(json.dumps(record) + "\n")


def write_tsv_corpus(path, library):
    with path.open("w", encoding="utf-8") as corpus:
        corpus.write("\tvclaim\ttitle\n")
        for number, d in enumerate(library):
            corpus.write(f'{number}\t"{d.text}"\t{d.title}\n')


def run_match(tmp_path, corpus, *, header: bool, top: int = 3):
    queries = tmp_path / "queries.tsv"
    lines = ["iclaim_id\ticlaim"] if header else []
    queries.write_text("\n".join(lines + [f"{q}\t{t}" for q, t in QUERIES]) + "\n")
    run = tmp_path / "run.txt"
    call_command(
        "match",
        corpus=str(corpus),
        queries=str(queries),
        top=top,
        out=str(run),
        embedding_cache=str(tmp_path / "embeddings"),
    )
    return [line.split("\t") for line in run.read_text().splitlines()]


def assert_valid_trec_run(rows, doc_ids, top):
    """qid Q0 docid rank score tag; ranks 1..top per query, scores not increasing."""
    by_query = {}
    for row in rows:
        assert len(row) == 6
        qid, q0, doc_id, rank, score, tag = row
        assert q0 == "Q0" and tag == "hybrid" and doc_id in doc_ids
        by_query.setdefault(qid, []).append((int(rank), float(score), doc_id))
    assert list(by_query) == [q for q, _ in QUERIES]
    for ranked in by_query.values():
        assert [rank for rank, _, _ in ranked] == list(range(1, top + 1))
        scores = [score for _, score, _ in ranked]
        assert scores == sorted(scores, reverse=True)
        assert len({doc_id for *_, doc_id in ranked}) == top
    return {qid: ranked[0][2] for qid, ranked in by_query.items()}


def test_match_writes_a_trec_run_from_vclaims_jsonl(tmp_path, library):
    corpus = tmp_path / "vclaims.jsonl"
    write_jsonl_corpus(corpus, library)

    rows = run_match(tmp_path, corpus, header=False)

    best = assert_valid_trec_run(rows, {d.id for d in library}, top=3)
    assert best == {
        "tweet-1": "vclaim-fries",
        "tweet-2": "vclaim-starlink",
        "tweet-3": "vclaim-draft",
    }


def test_match_reads_the_2020_tsv_corpus_and_a_query_header(tmp_path, library):
    corpus = tmp_path / "verified_claims.docs.tsv"
    write_tsv_corpus(corpus, library)
    ids = [d.id for d in read_corpus(corpus)]

    rows = run_match(tmp_path, corpus, header=True, top=2)

    best = assert_valid_trec_run(rows, set(ids), top=2)
    assert best == {"tweet-1": "0", "tweet-2": "2", "tweet-3": "4"}


def test_match_rejects_an_unknown_corpus_format(tmp_path):
    corpus = tmp_path / "claims.csv"
    corpus.write_text("id,text\n")

    with pytest.raises(CommandError, match="jsonl or .tsv"):
        run_match(tmp_path, corpus, header=False)


@pytest.mark.django_db
def test_match_on_the_stored_library_ranks_as_on_the_corpus_file(tmp_path, library):
    """--library searches the database the way the claim view does, and ranks
    the same checks as the file path does (subtitles aside, which the
    library does not keep)."""
    from claims import services

    library = [d.__class__(id=d.id, text=d.text, title=d.title) for d in library]
    corpus = tmp_path / "vclaims.jsonl"
    write_jsonl_corpus(corpus, library)
    from_file = run_match(tmp_path, corpus, header=False)
    records = [{"external_id": d.id, "text": d.text, "title": d.title} for d in library]
    services.checked_claims_import(records=records, source="checkthat2022")
    queries = tmp_path / "queries.tsv"
    run = tmp_path / "library-run.txt"
    call_command("match", library=True, queries=str(queries), top=3, out=str(run))
    from_library = [line.split("\t") for line in run.read_text().splitlines()]

    assert_valid_trec_run(from_library, {d.id for d in library}, top=3)
    assert [row[:4] for row in from_library] == [row[:4] for row in from_file]
    assert [float(row[4]) for row in from_library] == pytest.approx(
        [float(row[4]) for row in from_file], abs=1e-4
    )


@pytest.mark.django_db
def test_match_on_an_empty_library_says_so(tmp_path):
    queries = tmp_path / "queries.tsv"
    queries.write_text("q1\tSome text to look for in the library.\n")
    with pytest.raises(CommandError, match="library is empty"):
        call_command("match", library=True, queries=str(queries), out=str(tmp_path / "run"))
