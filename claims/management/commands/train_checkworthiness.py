"""`manage.py train_checkworthiness`: train and save the check-worthiness model."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data"


def training_command(*, with_feedback: bool, with_debates: bool, parts: str = "") -> str:
    """Return the command to record in the model: the options that change it.

    Paths (--data, --output, --embedding-cache) are left out: the data's
    digest is recorded instead, and the same data gives the same model.
    """
    options = ["--with-feedback"] * with_feedback + ["--with-debates"] * with_debates
    options += [f"--parts {parts}"] * bool(parts)
    return " ".join(["python manage.py train_checkworthiness", *options])


class Command(BaseCommand):
    help = (
        "Train the check-worthiness model on ClaimBuster (minus the CheckThat! 2024 dev "
        "file) and save it as an NPZ; the same data and options give the same file. With "
        "--with-feedback, the desk's decisions join the training data and the model is "
        "written to CLAIMS_CHECKWORTHINESS_MODEL, which ingest then prefers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", default=str(DEFAULT_DATA), metavar="DIR", help="the shared data folder"
        )
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="where to write the model (default: the packaged model; with "
            "--with-feedback, CLAIMS_CHECKWORTHINESS_MODEL)",
        )
        parser.add_argument(
            "--with-feedback",
            action="store_true",
            help="add claims the desk checked (positive) and skipped as not check-worthy "
            "(negative), read from the database",
        )
        parser.add_argument(
            "--with-debates",
            action="store_true",
            help="add a head learnt from the CheckThat! 2021 training debates; their licence "
            "is research use only, so such a model is never written over the packaged one",
        )
        parser.add_argument(
            "--parts",
            metavar="PARTS",
            help="the views to learn from, e.g. features+wording+embedding (default: the "
            "packaged model's, chosen by grouped cross-validation); another choice is a "
            "variant, written with --output only",
        )
        parser.add_argument(
            "--embedding-cache",
            metavar="DIR",
            help="keep sentence embeddings and features here between runs (never inside "
            "the repo)",
        )

    def handle(
        self, *args, data, output, with_feedback, with_debates, embedding_cache, parts, **options
    ):
        from claims.nlp.checkworthiness_model import (
            DEFAULT_MODEL_PATH,
            get_checkworthiness_model,
            resolve_model_path,
        )
        from claims.training.checkworthiness import (
            FEEDBACK_WEIGHT,
            PARTS,
            load_training_data,
            train_checkworthiness,
        )
        from claims.training.checkworthiness_cv import Parts

        try:
            chosen = Parts.parse(parts) if parts else PARTS
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        variant = chosen != PARTS
        if variant and not output:
            raise CommandError("A model of other parts is a variant: pass --output FILE.")
        output = self.output_path(
            output, with_feedback or with_debates or variant, DEFAULT_MODEL_PATH
        )
        feedback = []
        if with_feedback:
            from claims.selectors.checkworthiness import checkworthiness_feedback_list

            found = checkworthiness_feedback_list()
            feedback = found.pairs
            self.stdout.write(
                f"Feedback from the desk: {found.checked} checked claims (check-worthy), "
                f"{found.not_check_worthy} skipped as not check-worthy; each counts "
                f"{FEEDBACK_WEIGHT:g}x a ClaimBuster sentence."
            )
            if not feedback:
                raise CommandError(
                    "No feedback yet: no claim has a verdict past draft or a "
                    "'not check-worthy' skip. Nothing to retrain on."
                )
        try:
            training = load_training_data(data, debates=with_debates)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Cannot read the training data under {data}: {exc}") from exc
        self.stdout.write(
            f"ClaimBuster: {len(training.claims)} sentences; transcripts: "
            f"{len(training.transcripts)}; left out as CheckThat! 2024 dev: {training.excluded}"
        )
        previous = resolve_model_path(settings.CLAIMS_CHECKWORTHINESS_MODEL)
        model = train_checkworthiness(
            training.claims,
            training.transcripts,
            extra=feedback,
            parts=chosen,
            cache_dir=embedding_cache,
            command=training_command(
                with_feedback=with_feedback,
                with_debates=with_debates,
                parts=str(chosen) if variant else "",
            ),
            log=self.stdout.write,
        )
        if feedback:
            self.write_feedback_agreement(feedback, get_checkworthiness_model(previous), model)
        model.save(output)
        size = Path(output).stat().st_size / 1e6
        self.stdout.write(f"Saved {output} ({size:.1f} MB).")
        cv = model.metadata.get("cross_validation")
        if cv:
            self.stdout.write(
                f"Grouped cross-validation on ClaimBuster ({cv['folds']} folds of whole "
                f"debates): F1 {cv['f1_mean']:.3f} ± {cv['f1_std']:.3f} at the threshold "
                f"{cv['threshold']:.2f}, now a score of 0.5."
            )
        if with_feedback:
            self.stdout.write(
                "Ingest now scores with it. Before and after on the evaluation data: "
                f"python manage.py evaluate checkworthiness --model {output} "
                f"--compare {DEFAULT_MODEL_PATH}"
            )

    def output_path(self, output: str | None, local: bool, packaged: Path) -> Path:
        """Return where to write.

        A model learnt from a newsroom's feedback or from research-only data
        (the debates) is local: it never replaces the packaged model.
        """
        if not local:
            return Path(output) if output else packaged
        target = output or settings.CLAIMS_CHECKWORTHINESS_MODEL
        if not target:
            raise CommandError(
                "CLAIMS_CHECKWORTHINESS_MODEL is empty: pass --output FILE for the retrained model."
            )
        if Path(target).resolve() == packaged.resolve():
            raise CommandError(
                f"{target} is the packaged model; a model retrained on feedback or on the "
                "debates goes elsewhere (CLAIMS_CHECKWORTHINESS_MODEL, or --output FILE)."
            )
        return Path(target)

    def write_feedback_agreement(self, feedback, before, after) -> None:
        """Print how often each model sides with the desk (in-sample for after)."""
        from claims.nlp.embeddings import embed_texts

        texts = [text for text, _ in feedback]
        vectors = embed_texts(texts)
        for name, model in (("before", before), ("after", after)):
            scores = [score for score, _ in model.score(texts, embeddings=vectors)]
            agree = sum((s >= 0.5) == bool(label) for s, (_, label) in zip(scores, feedback))
            self.stdout.write(
                f"Agrees with the desk's decisions {name}: {agree}/{len(feedback)}"
            )
