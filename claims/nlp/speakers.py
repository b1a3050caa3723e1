"""What a speaker is: a named person or organisation, or an unnamed source.

A claim's source is one of three forms, told by the parser's own signals
(issue #20):

* a name: a proper-noun head ("Ann Lee", "the Russian Defense Ministry"),
  or an organisation noun a proper noun anchors ("the Clinton campaign");
* a pronoun ("she", "it"), named only once coreference finds its referent;
* a description: a common-noun, number or quantifier head ("the mayor",
  "a senior official", "experts", "One"), named only when it refers to a
  name earlier in the article ("the mayor" after "Mayor Ann Lee").

What stays unnamed is kept as written on the claim and never becomes a
speaker shared across articles: "the mayor" of one article is not the
mayor of another. Names are compared by speaker_key(), so case,
apostrophe, dot and honorific variants are one speaker; a person known only
by a surname is not shared across articles (speaker_is_shared()).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

NAME = "name"
PRONOUN = "pronoun"
DESCRIPTION = "description"

PRONOUNS = frozenset(
    """
    he him his she her hers i me my mine you your we us our they them their
    it its this that these those who whom which someone somebody anyone
    everyone nobody
    """.split()
)
# Heads that are a description even when the tagger reads them as a name or
# NER labels them (a capitalised first word: "Experts said", "Veterans
# said"), and quantifiers standing for people ("One said", "Some argued").
GENERIC_HEADS = frozenset(
    """
    one some many others other both all several few most none any each
    people person experts expert officials official analysts critics
    observers residents sources source economists scientists researchers
    veterans voters workers lawmakers legislators authorities witnesses
    investigators officers prosecutors doctors teachers parents students
    members leaders supporters opponents activists advocates protesters
    spokesman spokeswoman spokesperson aides aide staff employees
    """.split()
)
# A lone capitalised word after "the" that is an organisation's common noun
# ("the Fund", "the Agency"): a description of the organisation named
# before, not a name of its own.
ORG_WORDS = frozenset(
    """
    administration agency alliance army authority bank board bureau cabinet
    campaign coalition commission committee company council court department
    embassy firm fund government group institute ministry navy office
    organisation organization parliament party police regime senate service
    union university
    """.split()
)
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "mx"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "some", "another"})
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
DASHES = re.compile(r"[‐‑‒–—―]")
# Acts of speech, which a thing ("the treaty") cannot perform: "it said"
# is an organisation, "it showed" may be a document.
SAYING_LEMMAS = frozenset(
    """
    say tell add announce state write claim argue insist warn explain deny
    confirm note stress reply respond answer declare comment vow promise
    """.split()
)
NOUN_TAGS = frozenset({"NOUN", "NUM", "ADJ", "DET"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})


def mention_form(span: Span) -> str:
    """Return whether a source span is a name, a pronoun or a description.

    Decided by the head's part of speech and NER label; a pipeline without
    a tagger (the blank test pipelines) falls back on capitalisation.
    """
    tokens = [t for t in span if not t.is_punct]
    if not tokens:
        return DESCRIPTION
    head = span.root if span.root in tokens else tokens[-1]
    lower = head.text.lower()
    if head.pos_ == "PRON" or (len(tokens) == 1 and lower in PRONOUNS):
        return PRONOUN
    if lower in GENERIC_HEADS:
        return DESCRIPTION
    if not head.pos_:  # no tagger: words decide
        return form_from_words([t.text for t in tokens], head.i - span.start)
    first = tokens[0].text.lower()
    capitalised = any(char.isupper() for char in head.text)  # "al-Assad" too
    if head.pos_ == "PROPN" and capitalised:
        if len(tokens) == 2 and first in DETERMINERS and lower in ORG_WORDS:
            return DESCRIPTION  # "the Fund"
        return NAME
    if head.pos_ in NOUN_TAGS:
        # A capitalised head inside the sentence that the tagger missed
        # ("James O’Neill" tagged NN) is still a name.
        if head.text[:1].isupper() and not head.is_sent_start and head.ent_type_ in NAME_LABELS:
            return NAME
        anchored = any(
            t.pos_ == "PROPN" and t.dep_ in ("compound", "poss") and t.head == head
            for t in tokens
        )
        if anchored and lower in ORG_WORDS and head.tag_ != "NNS":
            return NAME  # "the Clinton campaign", "Russia's foreign ministry"
        return DESCRIPTION
    # Any other head (a verb, a symbol) is a misparse: a name is capitalised,
    # and a lower-case "proper noun" ("rampant xenophobe") is none.
    return NAME if capitalised else DESCRIPTION


def form_from_words(words: list[str], head: int) -> str:
    """Return the form of a mention from its words alone."""
    if words[0].lower() in DETERMINERS and all(w[:1].islower() for w in words[1:]):
        return DESCRIPTION
    if all(w[:1].islower() for w in words):
        return DESCRIPTION
    if len(words) == 2 and words[0].lower() == "the" and words[1].lower() in ORG_WORDS:
        return DESCRIPTION
    return NAME


def speaker_key(name: str) -> str:
    """Return the form in which two names of one speaker are equal.

    Case, curly or straight apostrophes, dashes, dots, extra spaces and a
    leading honorific ("Mr.", "Dr") do not tell speakers apart.
    """
    text = unicodedata.normalize("NFKC", name).translate(APOSTROPHES)
    text = DASHES.sub("-", text).replace(".", "").casefold()
    words = text.split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    if words and words[-1] in ("'s", "s'"):
        words = words[:-1]
    key = " ".join(words)
    return key[:-2] if key.endswith("'s") else key


def speaker_is_shared(*, name: str, kind: str) -> bool:
    """Return whether a named speaker may be one speaker across articles.

    Only full names are: a person known by one word ("Lee") may be another
    Lee in another article, so that speaker stays with its article.
    """
    return not (kind == "person" and len(speaker_key(name).split()) < 2)


def name_is_generic(name: str) -> bool:
    """Return whether a stored speaker name is a description, not a name.

    For names with no parse left (stored speakers, counts): all lower case
    ("mayor", "senior official"), a generic head ("Experts", "Fund
    officials"), a pronoun, or a lower-case plural head ("Trump
    administration officials").
    """
    words = speaker_key(name).split()
    written = [word.strip("\"“”‘’'()[]") for word in name.split()]
    written = [word for word in written if word]
    if not words or not written:
        return True
    head = words[-1]
    if len(written) == 1 and written[0].lower() in PRONOUNS:  # not "U.S." read "us"
        return True
    if head in GENERIC_HEADS and (len(written) == 1 or written[-1][:1].islower()):
        return True  # "Experts", "Fund officials"; not "Federation of Teachers"
    if all(w[:1].islower() or not w[:1].isalpha() for w in written):
        return True
    if len(words) == 1 and head in ORG_WORDS:  # "Fund", "Agency"
        return True
    return written[-1][:1].islower() and head.endswith("s") and head not in ORG_WORDS
