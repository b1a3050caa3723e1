"""Training: tiny synthetic data, feedback pairs, and the real data's split."""

import numpy as np
import pytest

from claims.management.commands.train_checkworthiness import training_command
from claims.nlp.checkworthiness_model import DEFAULT_MODEL_PATH, CheckworthinessModel
from claims.training.checkworthiness import (
    LabelledSentence,
    data_digest,
    hyperparameters,
    load_training_data,
    normalise_text,
    read_checkthat2024,
    train_checkworthiness,
)

from .helpers import (
    CHECKWORTHY,
    NO_SHARED,
    OTHER,
    SHARED_DATA,
    blank_nlp,
    hashed_embed,
    tiny_claims,
)


def score(model: CheckworthinessModel, texts: list[str]) -> np.ndarray:
    nlp = blank_nlp()
    return np.array([s for s, _ in model.score(texts, hashed_embed(texts), list(nlp.pipe(texts)))])


def test_training_on_a_tiny_set_separates_it(tmp_path):
    model = train_checkworthiness(tiny_claims(), embed=hashed_embed, nlp=blank_nlp())
    scores = score(model, CHECKWORTHY + OTHER)
    assert scores[: len(CHECKWORTHY)].min() > scores[len(CHECKWORTHY) :].max()
    model.save(tmp_path / "tiny.npz")
    assert CheckworthinessModel.load(tmp_path / "tiny.npz").metadata["claims"] == 16


def test_feedback_pairs_change_the_model():
    """Fact-checkers' skips of a sentence pull its score down."""
    skipped = "Exports fell 12 percent in March, officials said."
    before = train_checkworthiness(tiny_claims(), embed=hashed_embed, nlp=blank_nlp())
    after = train_checkworthiness(
        tiny_claims(), extra=[(skipped, 0)] * 3, embed=hashed_embed, nlp=blank_nlp()
    )
    assert after.metadata["extra_pairs"] == 3
    assert score(after, [skipped])[0] < score(before, [skipped])[0]


def test_transcripts_add_a_fact_checked_head_and_a_speaker_weight():
    transcripts = {}
    for n in range(3):
        lines = [LabelledSentence(t, 1, f"t{n}", "Candidate") for t in CHECKWORTHY]
        lines += [LabelledSentence(t, 0, f"t{n}", "Candidate") for t in OTHER[:4]]
        lines += [LabelledSentence(f"{t} ({n})", 0, f"t{n}", "Host") for t in CHECKWORTHY[:2]]
        transcripts[f"t{n}"] = lines
    model = train_checkworthiness(
        tiny_claims(), transcripts, embed=hashed_embed, nlp=blank_nlp()
    )
    assert len(model.wording.blocks) == 2
    assert model.metadata["transcripts"] == 3
    assert model.speaker_weight >= 0


def test_training_needs_both_labels():
    with pytest.raises(ValueError, match="check-worthy and other"):
        train_checkworthiness([LabelledSentence("One.", 1)], embed=hashed_embed, nlp=blank_nlp())


def test_embedding_cache_is_reused(tmp_path):
    calls = []

    def counting_embed(texts):
        calls.append(len(texts))
        return hashed_embed(texts)

    for _ in range(2):
        train_checkworthiness(
            tiny_claims(), embed=counting_embed, nlp=blank_nlp(), cache_dir=tmp_path
        )
    assert calls == [16]


@pytest.mark.skipif(not SHARED_DATA.exists(), reason=NO_SHARED)
def test_the_checkthat2024_dev_file_is_left_out_of_training():
    data = load_training_data(SHARED_DATA, debates=True)
    dev = read_checkthat2024(
        SHARED_DATA
        / "checkthat2024_task1_en_checkworthiness"
        / "CT24_checkworthy_english_dev.tsv"
    )
    held_out = {normalise_text(text) for _, text, _ in dev}
    assert len(dev) == 1032
    assert not any(normalise_text(s.text) in held_out for s in data.claims)
    lines = [s for t in data.transcripts.values() for s in t if s.label >= 0]
    assert not any(normalise_text(s.text) in held_out for s in lines)
    assert data.excluded["claimbuster"] > 0 and len(data.transcripts) == 40


def test_offset_logistic_matches_scikit_learn_and_honours_the_offset():
    from sklearn.linear_model import LogisticRegression

    from claims.training.checkworthiness import fit_offset_logistic

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    y = (x[:, 0] + rng.normal(size=200) > 0).astype(int)
    ours = fit_offset_logistic(x, y, None, 2.0, np.zeros(200))
    theirs = LogisticRegression(C=2.0).fit(x, y)
    assert ours.coef == pytest.approx(theirs.coef_[0], abs=1e-3)
    assert ours.intercept == pytest.approx(theirs.intercept_[0], abs=1e-3)
    # An offset that already explains x[:, 0] leaves less for its weight.
    shifted = fit_offset_logistic(x, y, None, 2.0, 2 * x[:, 0])
    assert shifted.coef[0] < ours.coef[0]


def test_training_twice_gives_the_same_file(tmp_path):
    """Same data, same code: the saved model is the same, byte for byte."""
    paths = [tmp_path / "first.npz", tmp_path / "second.npz"]
    for path in paths:
        model = train_checkworthiness(
            tiny_claims(), embed=hashed_embed, nlp=blank_nlp(), command="python x"
        )
        model.save(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    loaded = CheckworthinessModel.load(paths[0])
    assert loaded.metadata["command"] == "python x"
    assert loaded.metadata["hyperparameters"] == hyperparameters()


@pytest.mark.skipif(not SHARED_DATA.exists(), reason=NO_SHARED)
def test_the_packaged_model_comes_from_this_code_and_this_command():
    """The shipped artefact records the current settings, data and command.

    Retraining it in full takes minutes (see MODEL_CARD.md for the check);
    this catches an artefact left behind by changed training code.
    """
    packaged = CheckworthinessModel.load(DEFAULT_MODEL_PATH)
    data = load_training_data(SHARED_DATA)
    card = (DEFAULT_MODEL_PATH.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert packaged.metadata["hyperparameters"] == hyperparameters()
    assert packaged.metadata["data_digest"] == data_digest([s.text for s in data.claims])
    assert packaged.metadata["transcripts"] == 0  # research-only data is not shipped
    assert f"`{packaged.metadata['command']}`" in card
    assert packaged.metadata["command"] == training_command(
        with_feedback=False, with_debates=False
    )
