"""The checked-claims library: importers and their commands (issue #4)."""

import hashlib
import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import services
from claims.models import CheckedClaim


def hashed_vectors(texts):
    """Return a distinct unit vector per text (no model needed)."""
    rows = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
        row = np.random.default_rng(seed).normal(size=384).astype(np.float32)
        rows.append(row / np.linalg.norm(row))
    return np.array(rows, dtype=np.float32).reshape(len(rows), 384)


@pytest.fixture
def fake_embeddings(monkeypatch):
    monkeypatch.setattr("claims.nlp.embeddings.embed_texts", hashed_vectors)


def review(number: int, **changes) -> dict:
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example.org/checks/{number}",
        "headline": f"No, turnout did not fall by {number} percent",
        "datePublished": "2024-03-0%d" % (number % 9 + 1),
        "claimReviewed": f"Turnout in the regional election fell by {number} percent.",
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Doe"},
        },
    }
    node.update(changes)
    return node


pytestmark = pytest.mark.django_db


def test_claimreview_import_twice_keeps_the_same_rows(tmp_path, fake_embeddings):
    """Importing a file twice updates its rows instead of adding new ones."""
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([review(1), review(2)]))
    first = services.checked_claims_import(
        records=services.claimreview_read(path), source="claimreview"
    )
    second = services.checked_claims_import(
        records=services.claimreview_read(path), source="claimreview"
    )
    assert (first.created, first.updated) == (2, 0)
    assert (second.created, second.updated) == (0, 2)
    assert CheckedClaim.objects.count() == 2
    row = CheckedClaim.objects.get(external_id="https://factcheck.example.org/checks/1")
    assert row.verdict == "False"
    assert row.rating_value == 1
    assert row.speaker == "Jane Doe"
    assert row.reviewer == "Example Fact Check"
    assert row.published_on.isoformat() == "2024-03-02"
    assert row.embedding is not None and len(row.embedding) == 384


def test_malformed_claimreview_file_stores_nothing(tmp_path, fake_embeddings):
    """A file with one bad item is refused whole, naming the file and the item."""
    path = tmp_path / "broken.json"
    bad = review(2)
    del bad["claimReviewed"]
    path.write_text(json.dumps([review(1), bad]))
    with pytest.raises(ValueError) as error:
        services.checked_claims_import(
            records=services.claimreview_read(path), source="claimreview"
        )
    assert str(path) in str(error.value)
    assert "item 1: claimReviewed is missing" in str(error.value)
    assert not CheckedClaim.objects.exists()


def test_not_json_names_the_file(tmp_path):
    path = tmp_path / "notjson.json"
    path.write_text("{ this is not json")
    with pytest.raises(ValueError, match="notjson.json: Not JSON"):
        services.claimreview_read(path)


def test_import_claimreview_command_reports_new_updated_failed(tmp_path, fake_embeddings):
    """The command imports a folder, skips a bad file, and sums up."""
    (tmp_path / "a.json").write_text(json.dumps(review(1)))
    (tmp_path / "b.json").write_text(json.dumps({"@graph": [review(2), {"@type": "WebPage"}]}))
    (tmp_path / "c.json").write_text(json.dumps([review(3, reviewRating={})]))
    out = io.StringIO()
    call_command("import_claimreview", str(tmp_path), stdout=out)
    assert "2 new, 0 updated, 1 file(s) failed" in out.getvalue()
    assert "c.json" in out.getvalue()
    out = io.StringIO()
    call_command("import_claimreview", str(tmp_path / "a.json"), stdout=out)
    assert "0 new, 1 updated, 0 file(s) failed" in out.getvalue()
    assert CheckedClaim.objects.count() == 2


def test_import_claimreview_command_fails_when_nothing_imported(tmp_path, fake_embeddings):
    (tmp_path / "bad.json").write_text("[1]")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_claimreview", str(tmp_path / "bad.json"), stdout=io.StringIO())


def test_checkthat_2022_and_2020_corpora(tmp_path, fake_embeddings):
    jsonl = tmp_path / "vclaims.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps(
                {
                    "vclaim_id": f"vclaim-sno-{n}",
                    "vclaim": f"A statue of a bear was unveiled in town {n}.",
                    "title": f"Bear statue {n}",
                    "date": "26 May 2015",
                }
            )
            for n in range(3)
        )
        + "\n"
    )
    tsv = tmp_path / "verified_claims.docs.tsv"
    tsv.write_text("\tvclaim\ttitle\n0\tThe moon landing was filmed in a studio.\tMoon\n")
    out = io.StringIO()
    call_command("import_checked_claims", "--format", "checkthat", str(jsonl), str(tsv), stdout=out)
    assert "4 new, 0 updated, 0 file(s) failed" in out.getvalue()
    assert CheckedClaim.objects.filter(source="checkthat2022").count() == 3
    row = CheckedClaim.objects.get(source="checkthat2020")
    assert (row.external_id, row.title) == ("0", "Moon")
    assert CheckedClaim.objects.filter(source="checkthat2022").first().published_on.year == 2015


def test_malformed_jsonl_names_the_line(tmp_path, fake_embeddings):
    path = tmp_path / "vclaims.jsonl"
    path.write_text('{"vclaim_id": "a", "vclaim": "Text"}\n{"vclaim": "no id"}\n')
    with pytest.raises(ValueError, match="vclaims.jsonl: line 2: no vclaim_id"):
        services.checkthat_read(path)


LIAR_ROWS = [
    "2635.json\tfalse\tSays the Annies List political group supports third-trimester "
    "abortions on demand.\tabortion\tdwayne-bohac\tState representative\tTexas\trepublican"
    "\t0\t1\t0\t0\t0\ta mailer",
    "10540.json\thalf-true\tWhen did the decline of coal start? It started when natural gas "
    "took off.\tenergy\tscott-surovell\tState delegate\tVirginia\tdemocrat\t0\t0\t1\t1\t0"
    "\ta floor speech.",
]


def test_liar_import(tmp_path, fake_embeddings):
    path = tmp_path / "valid.tsv"
    path.write_text("\n".join(LIAR_ROWS) + "\n")
    call_command(
        "import_checked_claims", "--format", "liar", str(path), stdout=io.StringIO()
    )
    row = CheckedClaim.objects.get(source="liar", external_id="2635")
    assert row.verdict == "false"
    assert row.rating_value == 1.0
    assert row.speaker == "dwayne bohac"
    assert row.title == "a mailer"
    assert CheckedClaim.objects.count() == 2


def test_liar_bad_label_names_the_line(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text(LIAR_ROWS[0] + "\n" + LIAR_ROWS[1].replace("half-true", "meh") + "\n")
    with pytest.raises(ValueError, match="bad.tsv: line 2: unknown label 'meh'"):
        services.liar_read(path)


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match="Unknown source"):
        services.checked_claims_import(records=[], source="rumours")


def test_admin_lists_and_searches_checked_claims(admin_client, fake_embeddings):
    services.checked_claims_import(
        records=[{"external_id": "x1", "text": "Bananas are blue.", "verdict": "False"}],
        source="claimreview",
    )
    response = admin_client.get("/admin/claims/checkedclaim/", {"q": "bananas"})
    assert response.status_code == 200
    assert b"Bananas are blue." in response.content
