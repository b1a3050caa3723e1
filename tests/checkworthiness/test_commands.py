"""The checkworthiness and train_checkworthiness commands, and evaluate."""

import json
import shutil
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.evaluation.checkworthiness import average_precision, f1_report, map_interval
from claims.management.commands.checkworthiness import parse_line
from claims.nlp.checkworthiness_model import DEFAULT_MODEL_PATH, CheckworthinessModel

from .helpers import NO_SHARED, SHARED_DATA, write_tiny_data


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("7\tPlain text.\n", ("7", "Plain text.")),  # the common case
        ('8\t"He said ""no""."\tNo\n', ("8", 'He said "no".')),  # CSV quoting, extra column
        ('9\t"Quoted," he said.\n', ("9", '"Quoted," he said.')),  # quotes that are text
    ],
)
def test_parse_line(line, expected):
    assert parse_line(line) == expected


def test_average_precision_and_f1():
    labels = np.array([1, 0, 1, 0])
    assert average_precision(labels, np.array([0.9, 0.8, 0.7, 0.1])) == pytest.approx(
        (1 + 2 / 3) / 2
    )
    assert f1_report(labels, np.array([0.9, 0.8, 0.7, 0.1]))["f1"] == pytest.approx(0.8)


def test_map_interval_spans_what_redrawing_the_transcripts_gives():
    assert map_interval([0.3, 0.3, 0.3]) == pytest.approx((0.3, 0.3))
    # One easy transcript among hard ones: the mean (0.25) is far from sure.
    low, high = map_interval([1.0, 0.0, 0.0, 0.0])
    assert low == 0.0 and high == 0.75
    assert map_interval([0.9, 0.1, 0.4]) == map_interval([0.9, 0.1, 0.4])  # seeded
    low, high = map_interval([0.1, 0.2, 0.15, 0.3] * 10)  # forty transcripts: narrower
    assert 0.15 < low < 0.1875 < high < 0.23


@pytest.mark.model
def test_checkworthiness_prints_id_tab_score(tmp_path):
    source = tmp_path / "in.tsv"
    source.write_text(
        "Sentence_id\tText\n"
        "a1\tThe deficit doubled to $1.4 trillion last year.\n"
        "\n"
        "a2\tThank you very much.\n",
        encoding="utf-8",
    )
    lines = run("checkworthiness", "--input", str(source)).splitlines()
    assert [line.split("\t")[0] for line in lines] == ["a1", "a2"]
    scores = [float(line.split("\t")[1]) for line in lines]
    assert all(len(line.split("\t")) == 2 for line in lines)
    assert 0 <= scores[1] < 0.5 < scores[0] <= 1


def test_checkworthiness_rejects_lines_without_a_tab(tmp_path):
    source = tmp_path / "bad.tsv"
    source.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: expected id<TAB>text"):
        run("checkworthiness", "--input", str(source))


@pytest.mark.model
def test_train_command_on_a_tiny_data_folder(tmp_path):
    """The command reads the shared layout, leaves dev out and saves a model."""
    data = write_tiny_data(tmp_path / "data")
    output = tmp_path / "model.npz"
    out = run("train_checkworthiness", "--data", str(data), "--output", str(output))
    assert "left out as CheckThat! 2024 dev: {'claimbuster': 1}" in out
    assert output.exists()
    # The recorded command is the one to type again, whatever the paths.
    model = CheckworthinessModel.load(output)
    assert model.metadata["command"] == "python manage.py train_checkworthiness"


@pytest.mark.django_db
@pytest.mark.parametrize("extra_data", ["--with-debates", "--with-feedback"])
def test_a_local_model_never_replaces_the_packaged_one(tmp_path, extra_data):
    """The 2021 transcripts are for research use only (see MODEL_CARD.md), and
    a newsroom's feedback is its own: neither goes into the shipped file."""
    with pytest.raises(CommandError, match="is the packaged model"):
        run(
            "train_checkworthiness", extra_data, "--data", str(tmp_path),
            "--output", str(DEFAULT_MODEL_PATH),
        )  # fmt: skip


@pytest.mark.model
@pytest.mark.skipif(not SHARED_DATA.exists(), reason=NO_SHARED)
def test_evaluate_checkworthiness_on_a_slice_of_the_shared_data(tmp_path):
    """The real files, cut short so that the smoke test stays quick."""
    checkthat = tmp_path / "ct24"
    checkthat.mkdir()
    source = (
        SHARED_DATA / "checkthat2024_task1_en_checkworthiness" / "CT24_checkworthy_english_dev.tsv"
    )
    (checkthat / source.name).write_text(
        "".join(source.read_text(encoding="utf-8").splitlines(keepends=True)[:151]),
        encoding="utf-8",
    )
    debates = tmp_path / "debates" / "dev"
    debates.mkdir(parents=True)
    transcripts = SHARED_DATA / "checkthat2021_task1b_en_debates_checkworthiness" / "dev"
    for path in sorted(transcripts.glob("*.tsv"))[:2]:
        shutil.copy(path, debates / path.name)
    tweets = tmp_path / "tweets.tsv"
    source = (
        SHARED_DATA
        / "checkthat2021_task1a_en_tweets_checkworthiness"
        / "dataset_dev_v1_english.tsv"
    )
    tweets.write_text(
        "".join(source.read_text(encoding="utf-8").splitlines(keepends=True)[:41]),
        encoding="utf-8",
    )
    library = tmp_path / "liar"
    library.mkdir()
    statements = (SHARED_DATA / "liar" / "train.tsv").read_text(encoding="utf-8")
    (library / "train.tsv").write_text(
        "".join(statements.splitlines(keepends=True)[:300]), encoding="utf-8"
    )
    out = run(
        "evaluate", "checkworthiness", "--json",
        "--checkthat2024", str(checkthat), "--debates", str(tmp_path / "debates"),
        "--debates-split", "dev", "--tweets", str(tweets),
        "--compare", str(DEFAULT_MODEL_PATH), "--library", str(library),
    )  # fmt: skip
    figures = json.loads(out)
    # The same model as "before": the same figures, side by side.
    assert figures["before"]["checkthat2024_dev"] == figures["checkthat2024_dev"]
    assert figures["checkthat2024_dev"]["sentences"] == 150
    assert 0.5 < figures["checkthat2024_dev"]["f1"] <= 1
    assert figures["tweets_dev"]["sentences"] == 40
    assert 0 < figures["tweets_dev"]["f1"] <= 1
    assert figures["model"]["cross_validation"]["folds"] == 5
    assert figures["debates"]["transcripts"] == 2
    assert 0 < figures["debates"]["map_with_speakers"] <= 1
    # The queue's order: the same scores, raised by the nearest checked claim.
    assert figures["debates"]["library"]["statements"] == 300
    assert 0 < figures["debates"]["map_queue_order"] <= 1
    low, high = figures["debates"]["map_queue_order_interval"]
    assert low <= figures["debates"]["map_queue_order"] <= high
    assert figures["before"]["debates"]["map_queue_order"] > 0
    assert figures["throughput"]["sentences_per_second_precomputed_embeddings"] > 0


def test_evaluate_reports_a_missing_model(tmp_path):
    with pytest.raises(CommandError, match="No model file"):
        run("evaluate", "checkworthiness", "--model", str(tmp_path / "none.npz"))


def test_evaluate_reports_a_library_folder_without_liar_files(tmp_path):
    with pytest.raises(CommandError, match="No LIAR files"):
        run("evaluate", "checkworthiness", "--library", str(tmp_path))


def test_evaluate_reports_missing_data(tmp_path):
    with pytest.raises(CommandError):
        run("evaluate", "checkworthiness", "--checkthat2024", str(tmp_path), "--debates", "x")
