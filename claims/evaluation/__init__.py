"""Evaluations behind `manage.py evaluate <target>`.

Each module exposes `add_arguments(parser)` and `run(options, out) -> dict`:
it prints human-readable tables to `out` and returns the figures, which the
command prints as JSON with `--json`.
"""

TARGETS = {
    "attribution": "claims.evaluation.attribution",
    "matching": "claims.evaluation.matching",
    "checkworthiness": "claims.evaluation.checkworthiness",
    "language": "claims.evaluation.language",
    "crosslingual": "claims.evaluation.crosslingual",
}
