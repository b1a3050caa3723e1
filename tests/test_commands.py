"""The ingest, extract and load_demo commands."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.demo import DEMO_NOT_ALLOWED
from claims.models import Article

TEXT = "Police said on Sunday that 14 people were arrested after the match in Leeds."
OTHER = "The company reported a 12% rise in profit, its chief executive Ann Lee said."


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_ingest_files_folders_and_jsonl_with_a_summary(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT)
    (folder / "copy.txt").write_text(TEXT)  # the same text: a duplicate
    (folder / "bad.txt").write_bytes(b"%PDF-1.5 ...")
    (folder / "lines.jsonl").write_text(
        json.dumps({"text": OTHER, "title": "Profits", "outlet": "Wire"}) + "\n\n{broken\n"
    )
    out, _ = run("ingest", str(folder), str(tmp_path / "missing.txt"))
    assert "Articles: 2 new, 1 duplicate(s) skipped, 3 failed" in out
    assert "bad.txt looks like a PDF file" in out
    assert "lines.jsonl:3: not valid JSON" in out
    assert "missing.txt: no such file or folder" in out
    assert Article.objects.count() == 2
    assert Article.objects.get(title="Profits").outlet == "Wire"


@pytest.mark.django_db
def test_ingest_with_nothing_usable_fails(tmp_path):
    (tmp_path / "empty.txt").write_text("   ")
    with pytest.raises(CommandError, match="Nothing was ingested"):
        run("ingest", str(tmp_path / "empty.txt"))


@pytest.mark.model
def test_extract_prints_the_jsonl_contract_without_a_database(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\n" + OTHER)  # a leading newline: offsets stay into the raw file
    out, _ = run("extract", str(path), "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    for record in records:
        assert set(record) >= {
            "article", "text", "start", "end", "content", "speaker", "cue",
            "reported_by", "quote_type", "checkworthiness", "reasons",
        }
        assert record["article"] == str(path)
        raw = path.read_text()
        # text/start/end: the claim's own statement; content: its relation's
        # whole content, which the claims of one attribution share
        assert raw[record["start"] : record["end"]] == record["text"]
        content, sentence = record["content"], record["sentence"]
        assert content["start"] <= record["start"] < record["end"] <= content["end"]
        assert sentence["start"] <= record["start"] < record["end"] <= sentence["end"]
        assert record["attribution"] >= 1 and isinstance(record["standalone"], str)
        if record["speaker"]:
            speaker = record["speaker"]
            assert raw[speaker["start"] : speaker["end"]] == speaker["text"]
            assert set(speaker) == {"text", "start", "end", "canonical", "role", "unnamed"}
    assert any(r["speaker"] and r["speaker"]["canonical"] == "Ann Lee" for r in records)


@pytest.mark.model
def test_extract_names_the_file_it_cannot_read(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4")
    err = StringIO()
    with pytest.raises(CommandError, match="1 article"):
        call_command("extract", str(bad), stdout=StringIO(), stderr=err)
    assert f"{bad} looks like a PDF file" in err.getvalue()


@pytest.mark.django_db
def test_load_demo_is_refused_when_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match=DEMO_NOT_ALLOWED.split("(")[0].strip()):
        run("load_demo")
    assert Article.objects.count() == 0


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_load_demo_creates_accounts_per_role_and_the_demo_article(client):
    out, _ = run("load_demo")
    assert "factchecker / factchecker-demo" in out
    article = Article.objects.get(source=Article.Source.DEMO)
    assert article.status == Article.Status.DONE and article.claims.count() >= 15
    login = {"username": "factchecker", "password": "factchecker-demo"}
    assert client.post(reverse("login"), login)["Location"] == reverse("claims:desk")
    assert client.get(article.get_absolute_url()).status_code == 200
    run("load_demo")  # idempotent
    assert Article.objects.count() == 1
