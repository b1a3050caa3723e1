import json

from claims.retrieval import train_reranker
from claims.retrieval.ranking import FEATURES, build_ranker
from claims.retrieval.thresholds import threshold_figures

QUERIES = [
    ("q-fries", "McDonald's has $1 fries of any size this month!", "vclaim-fries"),
    ("q-snake", "Look at this 10 meter anaconda crossing a river in Brazil", "vclaim-anaconda"),
    ("q-musk", "Starlink is now active in Ukraine, says Elon Musk", "vclaim-starlink"),
    ("q-wombat", "Wombats herd animals into burrows to save them from fires", "vclaim-wombats"),
    ("q-draft", "Got a text saying the Army selected me for the draft??", "vclaim-draft"),
]


def test_fit_reranker_learns_to_put_the_true_match_first(library, fake_encode):
    ranker = build_ranker(library, encode=fake_encode)
    candidates = ranker.candidates([text for _, text, _ in QUERIES])
    relevant = [{doc_id} for _, _, doc_id in QUERIES]

    ranker.reranker = train_reranker.fit_reranker(candidates, relevant)

    assert ranker.reranker.features == FEATURES
    assert [ranker.rank(c, top=1)[0].doc_id for c in candidates] == [d for *_, d in QUERIES]


def test_threshold_figures(library, fake_encode):
    ranker = build_ranker(library, encode=fake_encode)
    texts = [text for _, text, _ in QUERIES]
    candidates = ranker.candidates(texts)
    relevant = [{doc_id} for _, _, doc_id in QUERIES]
    ranker.reranker = train_reranker.fit_reranker(candidates, relevant)

    low, high = threshold_figures(ranker, candidates, texts, relevant, thresholds=(0.0, 1.01))

    assert low["related_recall"] == 1.0
    assert low["same_precision"] == 1.0
    # "Starlink is now active in Ukraine, says Elon Musk" has 8 words, the others more.
    assert low["same_recall"] == 1.0
    assert low["false_same_no_match"] == 1.0  # withheld: the best of the rest is linked
    assert high["same_recall"] == high["related_recall"] == high["shown"] == 0.0


def test_main_writes_a_json_reranker(tmp_path, monkeypatch, library, fake_encode):
    """The script fits one split, reports another, and writes JSON (no pickle)."""
    dataset = tmp_path / "checkthat2022"
    dataset.mkdir()
    with (dataset / "vclaims.jsonl").open("w") as corpus:
        for d in library:
            corpus.write(json.dumps({"vclaim_id": d.id, "vclaim": d.text, "title": d.title}) + "\n")
    prefix = "CT2022-Task2A-EN-"
    (dataset / f"{prefix}Train-Dev_Queries.tsv").write_text(
        "".join(f"{q}\t{text}\n" for q, text, _ in QUERIES)
    )
    (dataset / f"{prefix}Train_QRELs.tsv").write_text(
        "".join(f"{q}\t0\t{d}\t1\n" for q, _, d in QUERIES[:3])
    )
    (dataset / f"{prefix}Dev_QRELs.tsv").write_text(
        "".join(f"{q}\t0\t{d}\t1\n" for q, _, d in QUERIES[3:])
    )
    monkeypatch.setattr(train_reranker, "default_encoder", lambda cache: fake_encode)
    out = tmp_path / "reranker.json"

    assert train_reranker.main(["--dataset", str(dataset), "--out", str(out)]) == 0

    saved = json.loads(out.read_text())
    assert saved["features"] == list(FEATURES)
    assert saved["train_queries"] == 3
    assert set(saved["dev_figures"]) == {"map@1", "map@5", "mrr", "recall@5"}
    assert len(saved["dev_tiers"]) > 1
