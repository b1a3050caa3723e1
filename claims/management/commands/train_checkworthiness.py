"""`manage.py train_checkworthiness`: train and save the check-worthiness model."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data"


class Command(BaseCommand):
    help = (
        "Train the check-worthiness model on ClaimBuster and the CheckThat! 2021 training "
        "debates (minus the CheckThat! 2024 dev file) and save it as an NPZ."
    )

    def add_arguments(self, parser):
        from claims.nlp.checkworthiness_model import DEFAULT_MODEL_PATH

        parser.add_argument(
            "--data", default=str(DEFAULT_DATA), metavar="DIR", help="the shared data folder"
        )
        parser.add_argument("--output", default=str(DEFAULT_MODEL_PATH), metavar="FILE")
        parser.add_argument(
            "--no-debates",
            action="store_true",
            help="train on ClaimBuster only, without the fact-checked debates head",
        )
        parser.add_argument(
            "--embedding-cache",
            metavar="DIR",
            help="keep sentence embeddings here between runs (never inside the repo)",
        )

    def handle(self, *args, data, output, no_debates, embedding_cache, **options):
        from claims.training.checkworthiness import load_training_data, train_checkworthiness

        try:
            training = load_training_data(data, debates=not no_debates)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Cannot read the training data under {data}: {exc}") from exc
        self.stdout.write(
            f"ClaimBuster: {len(training.claims)} sentences; transcripts: "
            f"{len(training.transcripts)}; left out as CheckThat! 2024 dev: {training.excluded}"
        )
        model = train_checkworthiness(
            training.claims,
            training.transcripts,
            cache_dir=embedding_cache,
            log=self.stdout.write,
        )
        model.save(output)
        size = Path(output).stat().st_size / 1e6
        self.stdout.write(f"Saved {output} ({size:.1f} MB).")
