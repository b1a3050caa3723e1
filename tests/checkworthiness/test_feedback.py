"""The desk teaches the model: feedback read from the database, retraining."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import ClaimSkip, Verdict
from claims.nlp.checkworthiness_model import DEFAULT_MODEL_PATH, score_sentences
from claims.selectors.checkworthiness import checkworthiness_feedback_list
from tests.factories import ClaimFactory, VerdictFactory

from .helpers import write_tiny_data

# The desk checks claims about hospital waiting lists and skips reports of
# ministers' visits, which the tiny training set knows nothing about.
CHECKED = [
    "Hospital waiting lists are the longest they have ever been.",
    "More patients wait over a year for surgery than at any time since records began.",
    "The number of nurses leaving the health service has doubled.",
]
SKIPPED = [
    "The health minister visited a new hospital wing in Leeds on Monday.",
    "The mayor opened the new library in Bristol on Friday morning.",
    "The prime minister toured a school in Manchester yesterday.",
]
LIKE_CHECKED = "Waiting lists for hospital treatment are longer than ever before."
LIKE_SKIPPED = "The education minister visited a primary school in York on Tuesday."


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def skip(claim, reason=ClaimSkip.Reason.NOT_CHECK_WORTHY):
    return ClaimSkip.objects.create(claim=claim, user=None, reason=reason)


def desk_decides(texts_checked, texts_skipped) -> None:
    for text in texts_checked:
        VerdictFactory(claim=ClaimFactory(text=text), status=Verdict.Status.SUBMITTED)
    for text in texts_skipped:
        skip(ClaimFactory(text=text))


@pytest.mark.django_db
def test_feedback_is_checked_claims_against_not_check_worthy_skips():
    desk_decides(["Checked and published."], ["Skipped as not worth it."])
    VerdictFactory(
        claim=ClaimFactory(text="Published."), status=Verdict.Status.PUBLISHED
    )
    VerdictFactory(claim=ClaimFactory(text="Only a draft."))  # may yet be dropped
    skip(ClaimFactory(text="A duplicate."), ClaimSkip.Reason.DUPLICATE)  # says nothing
    later_checked = ClaimFactory(text="Skipped, then checked after all.")
    skip(later_checked)
    VerdictFactory(claim=later_checked, status=Verdict.Status.APPROVED)
    skip(ClaimFactory(text="Skipped as not worth it."))  # the same text elsewhere: once

    feedback = checkworthiness_feedback_list()

    assert sorted(feedback.pairs) == [
        ("Checked and published.", 1),
        ("Published.", 1),
        ("Skipped as not worth it.", 0),
        ("Skipped, then checked after all.", 1),
    ]
    assert (feedback.checked, feedback.not_check_worthy) == (3, 1)


@pytest.mark.django_db
def test_retraining_without_feedback_is_refused(tmp_path, settings):
    settings.CLAIMS_CHECKWORTHINESS_MODEL = str(tmp_path / "newsroom.npz")
    with pytest.raises(CommandError, match="No feedback yet"):
        run("train_checkworthiness", "--with-feedback", "--data", str(tmp_path))
    assert not (tmp_path / "newsroom.npz").exists()


@pytest.mark.model
@pytest.mark.django_db
def test_retraining_with_feedback_moves_scores_towards_the_desk(tmp_path, settings):
    """Sentences like the ones the desk checked rise, like the skipped ones fall."""
    data = write_tiny_data(tmp_path / "data")
    newsroom = tmp_path / "newsroom.npz"
    settings.CLAIMS_CHECKWORTHINESS_MODEL = str(newsroom)
    packaged = hashlib.sha256(DEFAULT_MODEL_PATH.read_bytes()).hexdigest()
    desk_decides(CHECKED, SKIPPED)
    base = tmp_path / "base.npz"
    run("train_checkworthiness", "--data", str(data), "--output", str(base))

    out = run("train_checkworthiness", "--with-feedback", "--data", str(data))

    assert "3 checked claims (check-worthy), 3 skipped as not check-worthy" in out
    assert f"Saved {newsroom}" in out and "--compare" in out
    assert hashlib.sha256(DEFAULT_MODEL_PATH.read_bytes()).hexdigest() == packaged
    probes = [LIKE_CHECKED, LIKE_SKIPPED]
    from claims.nlp.embeddings import embed_texts

    vectors = embed_texts(probes)
    before = [s for s, _ in score_sentences(probes, vectors, model_path=base)]
    # Ingest's scorer prefers the setting's file now that it exists.
    after = [
        s
        for s, _ in score_sentences(
            probes, vectors, model_path=settings.CLAIMS_CHECKWORTHINESS_MODEL
        )
    ]
    assert after[0] > before[0]
    assert after[1] < before[1]
    assert after[0] > after[1]
