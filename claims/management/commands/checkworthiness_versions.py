"""`manage.py checkworthiness_versions`: list, retrain now, or roll back."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "List the check-worthiness model versions learnt from the desk (figures, data "
        "digest, feedback count); --retrain runs what the weekly beat task runs, "
        "--rollback goes back to the model and scores before the active version."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--retrain", action="store_true", help="retrain now if enough is new")
        action.add_argument("--rollback", action="store_true", help="roll the active version back")
        parser.add_argument(
            "--force", action="store_true", help="with --retrain: retrain whatever is new"
        )

    def handle(self, *args, retrain, rollback, force, **options):
        from claims.services.checkworthiness_versions import (
            checkworthiness_retrain,
            checkworthiness_rollback,
            checkworthiness_versions,
        )

        if retrain or rollback:
            try:
                if retrain:
                    result = checkworthiness_retrain(force=force)
                else:
                    result = checkworthiness_rollback()
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"{result.outcome}: {result.reason}"
                + (
                    f" ({result.version}; {result.rescored} open claims rescored)"
                    if result.version
                    else ""
                )
            )
            return
        versions = checkworthiness_versions()
        if not versions:
            self.stdout.write("No versions yet: ingest scores with the packaged model.")
        for version in versions:
            figures = ", ".join(
                f"{name} {value:.3f}" if isinstance(value, float) else f"{name} {value}"
                for name, value in version.figures.items()
            )
            self.stdout.write(
                f"{version.id}  {version.status:<11} {version.created_at[:19]}  feedback "
                f"{version.feedback} (+{version.feedback_held_out} held out)  data "
                f"{version.data_digest}  {figures}  {version.reason}"
            )
