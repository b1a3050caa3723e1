"""A claim's standalone text: its references resolved, in brackets.

"It edged up its forecast" means nothing in a queue; "[The IMF] edged up
its forecast" does (issue #20, part 1). The article's own mentions say what
a pronoun or a short description refers to (coref.CorefResolver, fed in
text order by extraction), and a reference is replaced only when it
resolves to a name:

* a subject or object pronoun: he, she, him, her, it, they, them;
* "I" and "me" in a quoted claim, which are its speaker;
* a definite description of two or three words as a subject or object:
  "the agency", "the mayor", "the city's mayor".

Possessives ("its forecast") and "we" stay as written, and so does a
reference that resolves to nothing named. The exact span stays what the
article says; this text is what the queue, scoring and embeddings read.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.nlp.coref import ORGANIZATION, PERSON, CorefResolver
from claims.nlp.speakers import DESCRIPTION, PRONOUN
from claims.nlp.types import QuoteType, SpeakerMention

REFERRING_PRONOUNS = frozenset({"he", "she", "him", "her", "it", "they", "them"})
PLURAL = frozenset({"they", "them"})
# A clause after "it" that "it" stands in for: "It is unclear whether ...",
# "believed it necessary to ...".
EXTRAPOSED_DEPS = frozenset({"ccomp", "xcomp", "csubj", "advcl", "acomp", "oprd"})
FIRST_PERSON = frozenset({"i", "me"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "iobj", "dative"})
QUOTED = frozenset({QuoteType.DIRECT, QuoteType.MIXED})
MAX_DESCRIPTION_WORDS = 3


def standalone_text(
    span: Span,
    offset: int,
    resolver: CorefResolver,
    *,
    speaker: SpeakerMention | None = None,
    quote_type: str = "",
) -> str:
    """Return span's text with its references resolved, or "" if none is.

    offset is the article offset of span's Doc; speaker the claim's own,
    which "I" in a quote means.
    """
    replacements: list[tuple[int, int, str]] = []
    covered = -1
    for token in span:
        if token.i <= covered:
            continue
        found = _reference(token, span, offset, resolver, speaker, quote_type)
        if found is None:
            continue
        start, end, name = found
        replacements.append((start, end, name))
        covered = end - 1
    if not replacements:
        return ""
    doc = span.doc
    pieces, position = [], span.start_char
    for start, end, name in replacements:
        pieces.append(doc.text[position : doc[start].idx])
        pieces.append(f"[{name}]")
        position = doc[end - 1].idx + len(doc[end - 1].text)
    pieces.append(doc.text[position : span.end_char])
    return "".join(pieces)


def _reference(
    token: Token,
    span: Span,
    offset: int,
    resolver: CorefResolver,
    speaker: SpeakerMention | None,
    quote_type: str,
) -> tuple[int, int, str] | None:
    """Return (first token, end token, name) of a reference token opens."""
    lower = token.lower_
    if token.dep_ not in ARGUMENT_DEPS:
        return None
    if token.pos_ == "PRON":
        if lower in FIRST_PERSON:
            named = speaker is not None and not speaker.unnamed and quote_type in QUOTED
            return (token.i, token.i + 1, speaker.canonical) if named else None
        if lower not in REFERRING_PRONOUNS or token.tag_ == "PRP$":
            return None
        if lower == "it" and _dummy_it(token):
            return None
        entity = resolver.resolve(token.text, offset + token.idx, form=PRONOUN, speech=False)
        if lower in PLURAL and entity.kind != ORGANIZATION:
            return None  # "they" is no one person
    elif token.pos_ == "NOUN" and not token.ent_type_:
        phrase = token.doc[token.left_edge.i : token.i + 1]
        words = [t for t in phrase if not t.is_punct]
        if (
            phrase.start < span.start
            or not 2 <= len(words) <= MAX_DESCRIPTION_WORDS
            or words[0].lower_ != "the"
        ):
            return None
        entity = resolver.resolve(phrase.text, offset + phrase.start_char, form=DESCRIPTION)
        if entity.named and entity.kind in {PERSON, ORGANIZATION}:
            return phrase.start, phrase.end, entity.canonical
        return None
    else:
        return None
    if not entity.named or entity.kind not in {PERSON, ORGANIZATION}:
        return None
    return token.i, token.i + 1, entity.canonical


def _dummy_it(token: Token) -> bool:
    """Return whether "it" refers to nothing: an object ("believed it
    necessary"), or a subject standing in for a clause after it ("It is
    unclear whether ...", "It seems that ...")."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return True
    return any(child.dep_ in EXTRAPOSED_DEPS and child.i > token.i for child in token.head.children)
