"""Learning from the desk: grouped folds, promotion, rescoring, rollback."""

import csv
import numpy as np
import pytest

from claims.models import Claim, ClaimSkip, Verdict
from claims.nlp.checkworthiness_model import (
    DEFAULT_MODEL_PATH,
    FEATURE_INDEX,
    CheckworthinessModel,
)
from claims.services.attribution import SpanInput, claim_correct_attribution
from claims.services.checkworthiness import claims_rescore_open
from claims.services.checkworthiness_versions import (
    checkworthiness_retrain,
    checkworthiness_rollback,
    checkworthiness_versions,
    held_out,
)
from claims.tasks import checkworthiness_retrain as checkworthiness_retrain_task
from claims.training.checkworthiness_cv import debate_folds
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

from .helpers import NO_SHARED, SHARED_DATA, write_tiny_data

# Decisions of the desk; which of them the held-out check keeps is fixed by
# a hash of the text (held_out), so each test says which it needs.
CHECKED = [
    "Hospital waiting lists are the longest they have ever been.",
    "More patients wait over a year for surgery than at any time since records began.",
    "The number of nurses leaving the health service has doubled.",
    "Rents in the capital rose by 11 percent last year.",
    "The council cut its road repair budget by a third.",
    "Unemployment among graduates fell to 4 percent in 2023.",
]
SKIPPED = [
    "The health minister visited a new hospital wing in Leeds on Monday.",
    "The mayor opened the new library in Bristol on Friday morning.",
    "The prime minister toured a school in Manchester yesterday.",
    "Thank you all for coming tonight.",
    "We look forward to working with our partners.",
    "What a wonderful day it has been for everyone.",
]
# Two open claims the candidate below orders the other way round: the
# packaged model queues the first and holds the hedged second back.
WORDY = "The senator voted against the health bill."
NUMERIC = "We had maybe 40 people at the party."


def desk_decides() -> None:
    for text in CHECKED:
        VerdictFactory(claim=ClaimFactory(text=text), status=Verdict.Status.SUBMITTED)
    for text in SKIPPED:
        ClaimSkip.objects.create(
            claim=ClaimFactory(text=text), user=None, reason=ClaimSkip.Reason.NOT_CHECK_WORTHY
        )


def packaged() -> CheckworthinessModel:
    return CheckworthinessModel.load(DEFAULT_MODEL_PATH)


def numbers_first() -> CheckworthinessModel:
    """A candidate that prizes numbers far more than the packaged model."""
    model = packaged()
    number, weight = FEATURE_INDEX["number"], 10.0
    model.feature_coef = model.feature_coef.copy()
    model.feature_coef[number] += weight
    # ... and leaves sentences without one where they were.
    model.intercept += weight * model.feature_mean[number] / model.feature_scale[number]
    return model


def inverted() -> CheckworthinessModel:
    """A candidate that gets everything the wrong way round."""
    model = packaged()
    model.feature_coef, model.wording_coef = -model.feature_coef, -model.wording_coef
    model.embedding_coef = -model.embedding_coef
    model.intercept = -model.intercept
    model.wording_centre, model.embedding_centre = -model.wording_centre, -model.embedding_centre
    model.metadata = {**model.metadata, "cross_validation": {"f1_mean": 0.1}}
    return model


@pytest.fixture
def newsroom(tmp_path, settings):
    settings.CLAIMS_CHECKWORTHINESS_DIR = str(tmp_path / "versions")
    settings.CLAIMS_CHECKWORTHINESS_MODEL = str(tmp_path / "newsroom.npz")
    settings.CLAIMS_CHECKWORTHINESS_RETRAIN_MIN_NEW = 4
    return tmp_path / "newsroom.npz"


def open_claims() -> dict[str, Claim]:
    for text in (WORDY, NUMERIC):
        ClaimFactory(text=text, checkworthiness=0.0)
    claims_rescore_open()  # scored by the model in use, as ingest would
    return {c.text: c for c in Claim.objects.filter(text__in=[WORDY, NUMERIC])}


@pytest.mark.skipif(not SHARED_DATA.exists(), reason=NO_SHARED)
def test_grouped_folds_never_put_one_debate_in_two_folds():
    with open(SHARED_DATA / "claimbuster" / "crowdsourced.csv", encoding="utf-8") as fh:
        groups = np.array([row["File_id"] for row in csv.DictReader(fh)])
    folds = debate_folds(groups)
    assert len(folds) == 5
    seen = set()
    for train, test in folds:
        tested = set(groups[test].tolist())
        assert not tested & set(groups[train].tolist())
        assert not tested & seen
        seen |= tested
    assert seen == set(groups.tolist())  # every debate is held out once


@pytest.mark.model
@pytest.mark.django_db
def test_a_worse_candidate_is_not_promoted(newsroom):
    desk_decides()
    assert any(held_out(t) for t in CHECKED + SKIPPED)
    claims = open_claims()

    result = checkworthiness_retrain(train=lambda pairs: inverted())

    assert result.outcome == "rejected"
    assert not newsroom.exists()  # ingest keeps the packaged model
    (version,) = checkworthiness_versions()
    assert version.status == "rejected" and version.feedback + version.feedback_held_out == 12
    assert version.figures["candidate_agreement"] < version.figures["current_agreement"]
    for claim in claims.values():
        stored = Claim.objects.get(pk=claim.pk)
        assert stored.checkworthiness == claim.checkworthiness
    # The same decisions again: nothing to do (the beat task is idempotent).
    assert checkworthiness_retrain(train=lambda pairs: inverted()).outcome == "skipped"


@pytest.mark.model
@pytest.mark.django_db
def test_promotion_rescores_open_claims_and_rollback_restores_them(newsroom, factchecker):
    desk_decides()
    claims = open_claims()
    assert claims[WORDY].checkworthiness > claims[NUMERIC].checkworthiness
    assert claims[NUMERIC].queue_state == Claim.QueueState.BELOW_THRESHOLD
    held = ClaimFactory(text=NUMERIC, assigned_to=factchecker, checkworthiness=0.3)
    skipped = ClaimFactory(text=NUMERIC, queue_state=Claim.QueueState.SKIPPED, checkworthiness=0.3)

    def candidate(pairs):
        assert not any(held_out(text) for text, _ in pairs)  # never trained on
        model = numbers_first()
        model.metadata = {**model.metadata, "cross_validation": None}
        return model

    result = checkworthiness_retrain(train=candidate)

    assert result.outcome == "promoted" and newsroom.exists()
    after = {c.text: c for c in Claim.objects.filter(pk__in=[c.pk for c in claims.values()])}
    assert after[NUMERIC].checkworthiness > after[WORDY].checkworthiness  # the queue reorders
    queue = list(
        Claim.objects.filter(
            queue_state=Claim.QueueState.QUEUED, pk__in=[c.pk for c in claims.values()]
        )
        .order_by("-priority")
        .values_list("text", flat=True)
    )
    assert queue[0] == NUMERIC
    # A fact-checker's work stays as it was.
    held.refresh_from_db(), skipped.refresh_from_db()
    assert (held.queue_state, held.assigned_to) == ("assigned", factchecker)
    assert held.checkworthiness == 0.3
    assert (skipped.queue_state, skipped.checkworthiness) == ("skipped", 0.3)
    assert checkworthiness_versions()[0].status == "active"

    rolled = checkworthiness_rollback()

    assert rolled.outcome == "rolled_back" and not newsroom.exists()
    for text, claim in claims.items():
        restored = Claim.objects.get(pk=claim.pk)
        assert restored.checkworthiness == claim.checkworthiness
        assert restored.checkworthiness_reasons == claim.checkworthiness_reasons
        assert restored.queue_state == claim.queue_state
    assert checkworthiness_versions()[0].status == "rolled_back"


@pytest.mark.model
@pytest.mark.django_db
def test_correcting_a_claims_content_rescores_it(editor):
    text = "Thank you all for coming. Rents in the capital rose by 11 percent last year."
    claim = ClaimFactory(
        article=ArticleFactory(text=text),
        text="Thank you all for coming.",
        content_end=len("Thank you all for coming."),
        sentence_end=len("Thank you all for coming."),
        checkworthiness=0.05,
        checkworthiness_reasons=["old reason"],
    )
    corrected = claim_correct_attribution(
        claim=claim,
        user=editor,
        content=SpanInput("Rents in the capital rose by 11 percent last year."),
    )
    assert corrected.checkworthiness > 0.5
    assert corrected.checkworthiness_reasons != ["old reason"]
    assert any("11 percent" in reason for reason in corrected.checkworthiness_reasons)


@pytest.mark.model
@pytest.mark.django_db
def test_the_beat_task_trains_on_shippable_data_and_records_the_version(
    newsroom, tmp_path, settings
):
    """The task's own trainer: the tiny ClaimBuster stand-in plus the desk."""
    settings.CLAIMS_CHECKWORTHINESS_DATA = str(write_tiny_data(tmp_path / "data"))
    desk_decides()

    result = checkworthiness_retrain_task.delay().get()

    assert result["outcome"] in ("promoted", "rejected")
    (version,) = checkworthiness_versions()
    assert version.feedback == sum(not held_out(t) for t in CHECKED + SKIPPED)
    assert len(version.data_digest) == 16
    saved = CheckworthinessModel.load(newsroom.parent / "versions" / f"{version.id}.npz")
    assert saved.metadata["extra_pairs"] == version.feedback
