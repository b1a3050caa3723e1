"""`manage.py evaluate attribution|matching|claim-to-claim|...`: print figures."""

import importlib
import io
import json

from django.core.management.base import BaseCommand, CommandError

from claims.evaluation import TARGETS as EVALUATIONS

# Related claims claim to claim, dense against hybrid (issue #24).
TARGETS = {**EVALUATIONS, "claim-to-claim": "claims.evaluation.claim_to_claim"}


class Command(BaseCommand):
    help = "Evaluate a part of the pipeline on public data and print its figures."

    def add_arguments(self, parser):
        targets = parser.add_subparsers(dest="target", required=True, metavar="TARGET")
        for name, module_path in TARGETS.items():
            try:
                module = importlib.import_module(module_path)
            except ModuleNotFoundError:
                continue  # not built yet
            sub = targets.add_parser(name, help=(module.__doc__ or "").strip().splitlines()[0])
            sub.add_argument("--json", action="store_true", help="print the figures as JSON")
            module.add_arguments(sub)

    def handle(self, *args, target, **options):
        module = importlib.import_module(TARGETS[target])
        out = io.StringIO() if options["json"] else self.stdout
        try:
            figures = module.run(options, out)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2, default=str))
