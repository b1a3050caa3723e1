"""Score our attribution beside textacy's direct_quotations on PolNeAR.

Run: `.venv/bin/python bench/attribution_baseline.py [--polnear DIR] [--split dev]`

Both read the same texts, parsed by the same spaCy model, and are scored by
`claims.evaluation.attribution` (pairing by content overlap). textacy lives
in its own virtual environment, bench/.venv-textacy (git-ignored), which
this script creates from PyPI on first use with pinned versions; the main
environment is left alone. textacy gives up on a Doc whose quotation marks
do not pair up, so it is run paragraph by paragraph (our own chunks), which
only helps it.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds queue.py, which would shadow the standard library's queue.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse
import io
import json
import subprocess
import tempfile
import venv

TEXTACY_VENV = ROOT / "bench" / ".venv-textacy"
# spaCy is pinned to the main environment's version so that a DocBin written
# here reads back there; textacy 0.13.0 is the last release (2023).
TEXTACY_PINS = ["textacy==0.13.0", "spacy==3.8.18"]

# Runs inside the textacy environment: DocBin in, JSON triples out.
TEXTACY_WORKER = r"""
import json, sys
import spacy
from spacy.tokens import DocBin
from textacy.extract.triples import direct_quotations

vocab = spacy.blank("en").vocab
results, failed = [], 0
for doc in DocBin().from_disk(sys.argv[1]).get_docs(vocab):
    triples = []
    try:
        for speaker, cue, content in direct_quotations(doc):
            triples.append([
                [speaker[0].idx, speaker[-1].idx + len(speaker[-1])],
                [cue[0].idx, cue[-1].idx + len(cue[-1])],
                [content.start_char, content.end_char],
            ])
    except ValueError:  # unpaired quotation marks
        failed += 1
    results.append(triples)
json.dump({"triples": results, "failed": failed}, sys.stdout)
"""


def textacy_python() -> Path:
    """Return the textacy environment's python, creating it if needed."""
    python = TEXTACY_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {TEXTACY_VENV.relative_to(ROOT)} from PyPI: {' '.join(TEXTACY_PINS)}")
        venv.create(TEXTACY_VENV, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *TEXTACY_PINS,
             "-c", str(ROOT / "requirements.txt")],
            check=True,
        )  # fmt: skip
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", default=str(ROOT.parent / "shared/data/polnear"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()

    import spacy
    from spacy.tokens import DocBin

    from claims.evaluation import attribution
    from claims.evaluation.attribution import Predicted
    from claims.evaluation.polnear import read_split
    from claims.nlp.extraction import _chunks, extract_claims_batch
    from claims.nlp.loading import DEFAULT_MODEL, get_nlp

    articles = read_split(args.polnear, args.split)
    if args.limit:
        articles = articles[: args.limit]
    texts = [a.text for a in articles]
    python = textacy_python()

    claims = extract_claims_batch(texts, get_nlp(DEFAULT_MODEL))
    ours = attribution.score(articles, [attribution.relations_from_claims(c) for c in claims])

    chunks = [chunk for i, text in enumerate(texts) for chunk in _chunks(i, text)]
    bare = spacy.load(DEFAULT_MODEL)
    docs = DocBin(attrs=["ORTH", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD",
                         "SENT_START", "ENT_IOB", "ENT_TYPE"])  # fmt: skip
    for doc in bare.pipe(chunk.text for chunk in chunks):
        docs.add(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.spacy"
        docs.to_disk(path)
        done = subprocess.run(
            [str(python), "-c", TEXTACY_WORKER, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
    output = json.loads(done.stdout)
    predictions: list[list[Predicted]] = [[] for _ in texts]
    for chunk, triples in zip(chunks, output["triples"], strict=True):
        for source, cue, content in triples:
            predictions[chunk.article].append(
                Predicted(
                    *(((chunk.start + s, chunk.start + e),) for s, e in (source, cue, content))
                )
            )
    theirs = attribution.score(articles, predictions)

    words = sum(len(t.split()) for t in texts)
    print(f"PolNeAR {args.split}: {len(articles)} articles, {words:,} words; "
          f"textacy skipped {output['failed']} of {len(chunks)} paragraphs "
          "(unpaired quotation marks)")  # fmt: skip
    for name, label in (("all", "all relations"), ("speech", "speech only")):
        for system, figures in (("ours", ours), ("textacy 0.13.0", theirs)):
            out = io.StringIO()
            attribution.print_table(figures[name], out, f"{system}: {label}")
            print(out.getvalue(), end="")
    print("\noverlap F1 side by side (source / cue / content / relation)")
    for name in ("all", "speech"):
        for system, figures in (("ours", ours), ("textacy", theirs)):
            table = figures[name]
            row = [table["overlap"][role]["f1"] for role in attribution.ROLES]
            row.append(table["relation"]["f1"])
            print(f"  {name:<7}{system:<9}" + "  ".join(f"{v:.3f}" for v in row))


if __name__ == "__main__":
    main()
