import datetime
import json

import pytest

from claims.retrieval.datasets import (
    dataset_split,
    dataset_splits,
    parse_date,
    read_corpus,
    read_qrels,
    read_queries,
)


def test_read_corpus_jsonl(tmp_path):
    """vclaims.jsonl: id from vclaim_id, text from vclaim, plus title, subtitle, date."""
    path = tmp_path / "vclaims.jsonl"
    records = [
        {
            "title": "$1 Fries",
            "subtitle": "Rumor: fries cost $1.",
            "author": "D. M.",
            "date": "26 May 2015",
            "vclaim_id": "vclaim-sno-fries",
            "vclaim": "Fries cost $1 this week.",
        },
        {"title": "Undated", "date": "", "vclaim_id": "vclaim-sno-2", "vclaim": "No subtitle."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")

    first, second = read_corpus(path)

    assert first.id == "vclaim-sno-fries"
    assert first.text == "Fries cost $1 this week."
    assert (first.title, first.subtitle) == ("$1 Fries", "Rumor: fries cost $1.")
    assert first.date == datetime.date(2015, 5, 26)
    assert (second.subtitle, second.date) == ("", None)


def test_read_corpus_tsv_with_quoted_fields(tmp_path):
    """verified_claims.docs.tsv: a CSV-quoted TSV whose fields may hold tabs and newlines."""
    path = tmp_path / "verified_claims.docs.tsv"
    path.write_text(
        "\tvclaim\ttitle\n"
        "0\tObama released 122 detainees.\tDid 122 Prisoners Return?\n"
        '1\t"She said ""no"" twice,\nthen\tleft."\t"A ""quoted"" title"\n',
        encoding="utf-8",
    )

    documents = read_corpus(path)

    assert [d.id for d in documents] == ["0", "1"]
    assert documents[0].title == "Did 122 Prisoners Return?"
    assert documents[1].text == 'She said "no" twice,\nthen\tleft.'
    assert documents[1].title == 'A "quoted" title'


def test_read_corpus_tsv_without_header(tmp_path):
    """Columns are then id, vclaim, title, as in the published file."""
    path = tmp_path / "claims.tsv"
    path.write_text("7\tA claim.\tA title\n8\tAnother claim.\n", encoding="utf-8")

    assert [(d.id, d.text, d.title) for d in read_corpus(path)] == [
        ("7", "A claim.", "A title"),
        ("8", "Another claim.", ""),
    ]


def test_read_corpus_rejects_other_formats(tmp_path):
    with pytest.raises(ValueError, match="jsonl or .tsv"):
        read_corpus(tmp_path / "claims.csv")


@pytest.mark.parametrize(
    "content",
    [
        # 2022 train/dev: no header.
        "tweet-1\tFirst tweet.\ntweet-2\tSecond tweet.\n",
        # 2022 dev-test: a named header.
        "iclaim_id\ticlaim\ntweet-1\tFirst tweet.\ntweet-2\tSecond tweet.\n",
        # 2020: a header whose id cell is empty.
        "\ttweet_content\ntweet-1\tFirst tweet.\ntweet-2\tSecond tweet.\n",
    ],
)
def test_read_queries_with_or_without_header(tmp_path, content):
    path = tmp_path / "queries.tsv"
    path.write_text(content, encoding="utf-8")

    assert [(q.id, q.text) for q in read_queries(path)] == [
        ("tweet-1", "First tweet."),
        ("tweet-2", "Second tweet."),
    ]


def test_read_queries_unquotes_csv_quoting(tmp_path):
    """Tweets that contain quotes are CSV-quoted in the published files."""
    path = tmp_path / "queries.tsv"
    path.write_text('tweet-1\t"Sen. X: ""Never."" pic.twitter.com/a"\n', encoding="utf-8")

    assert read_queries(path)[0].text == 'Sen. X: "Never." pic.twitter.com/a'


def test_read_qrels(tmp_path):
    path = tmp_path / "qrels.tsv"
    path.write_text("q1\t0\td1\t1\nq1\t0\td2\t1\nq2 0 d3 1\nq3\t0\td4\t0\n", encoding="utf-8")

    assert read_qrels(path) == {"q1": {"d1", "d2"}, "q2": {"d3"}}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("26 May 2015", datetime.date(2015, 5, 26)),  # vclaims.jsonl
        ("January 6, 2020", datetime.date(2020, 1, 6)),  # a tweet's signature
        ("Sept 2019", None),  # not a full date
        ("", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_dataset_splits_2020_layout(tmp_path):
    (tmp_path / "verified_claims.docs.tsv").write_text("\tvclaim\ttitle\n", encoding="utf-8")
    for split in ("train", "dev"):
        (tmp_path / split).mkdir()
        (tmp_path / split / "tweets.queries.tsv").write_text("", encoding="utf-8")
        (tmp_path / split / "tweet-vclaim-pairs.qrels").write_text("", encoding="utf-8")

    assert list(dataset_splits(tmp_path)) == ["train", "dev"]
    with pytest.raises(FileNotFoundError, match="no split 'test'"):
        dataset_split(tmp_path, "test")


def test_dataset_splits_rejects_other_folders(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a CheckThat!"):
        dataset_splits(tmp_path)
