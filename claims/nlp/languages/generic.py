"""Sentence-level claims for the accepted languages without a parser here
(issue #26): Spanish, German, Portuguese, Italian, Dutch, Polish, Russian,
Turkish, Arabic, Chinese, Japanese, Korean and Thai.

Each sentence of 4 words or more is a claim. Its attribution comes from
quotation marks (the language's own) next to a verb of saying, and from
"according to" phrases; the speaker is the run of capitalised words beside
the cue, where the script has capitals. Offsets are exact:
text[start:end] == span.text for every span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims.nlp.languages.lexicon import ACCORDING_TO, ACCORDING_TO_AFTER, QUOTES, SAID
from claims.nlp.languages.scoring import SPACELESS_SCRIPTS, rule_score
from claims.nlp.types import ExtractedClaim, QuoteType, Span, SpeakerMention

# A sentence ends at . ! ? … (or their full-width forms), optionally closed
# by a quotation mark or bracket (French sets a space before »), before
# whitespace; a line break always
# ends one. A dot after a single capital or a number ("J. Pérez", "3.5")
# does not.
SENTENCE_END = re.compile(
    r"(?<!\b[A-ZÀ-Ý])(?<!\d(?=\.\d))[.!?…]+(?:[ \u202f\u00a0]?[»”“\"'’)\]])*(?=\s)"
    r"|[。！？]+[」』”]*|\n+"
)
MIN_WORDS = 4
# Scripts without capital letters: a speaker cannot be told by its case.
UNCASED = frozenset({"ar", "zh", "ja", "ko", "th"})
CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž\u0400-\u042F][\w'’.-]*")
# Lower-case particles inside a name ("de", "van der", "von").
NAME_PARTICLES = frozenset("de del la las los da do dos das di van der von den ter du".split())
WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
ELISION = re.compile(r"(?:[ldLD]|dell|dall|all|nell|sull)['’](?=[A-ZÀ-Ý])")


def split_sentences(text: str) -> Iterator[Span]:
    """Yield the sentences of text as spans, without surrounding spaces."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        yield from _stripped(text, start, end)
        start = match.end()
    yield from _stripped(text, start, len(text))


def _stripped(text: str, start: int, end: int) -> Iterator[Span]:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right > left:
        yield Span(text[start + left : start + right], start + left, start + right)


def extract_sentence_claims(text: str, language: str) -> list[ExtractedClaim]:
    """Return one claim per sentence of text, attributed where quotes or an
    "according to" phrase say who speaks, scored by the rules."""
    claims = []
    for sentence in split_sentences(text):
        if _word_count(sentence.text, language) < MIN_WORDS:
            continue
        claim = _attributed(text, sentence, language) or _plain(sentence)
        named = claim.speaker.canonical if claim.speaker and not claim.speaker.unnamed else None
        claim.checkworthiness, claim.reasons = rule_score(
            claim.text, language, named_source=named
        )
        claims.append(claim)
    for number, claim in enumerate(claims, 1):
        claim.attribution = number
    return claims


def _word_count(text: str, language: str) -> int:
    if language in SPACELESS_SCRIPTS:
        return len(text) // 2
    return len(WORD.findall(text))


def _plain(sentence: Span) -> ExtractedClaim:
    content = _trim_end(sentence)
    return ExtractedClaim(
        text=content.text, start=sentence.start, end=sentence.end, content=content,
        speaker=None, cue=None,
    )


def _trim_end(span: Span) -> Span:
    """Drop the final full stop (not ? or a closing quote) from a span."""
    text = span.text
    end = len(text)
    while end and text[end - 1] in ".。…":
        end -= 1
    text = text[:end].rstrip()
    return Span(text, span.start, span.start + len(text))


def _attributed(text: str, sentence: Span, language: str) -> ExtractedClaim | None:
    quote = _quote(sentence, language)
    said = SAID.get(language, frozenset())
    if quote is not None:
        inner, outer_start, outer_end = quote
        before = text[sentence.start : outer_start]
        after = text[outer_end : sentence.end]
        cue = _cue(after, outer_end, said) or _cue(before, sentence.start, said)
        if cue is not None and inner.text.strip():
            # The speaker is outside the quotation, beside the cue.
            if cue.start >= outer_end:
                speaker = _name_at(text, cue.end, sentence.end, forward=True) or _name_at(
                    text, outer_end, cue.start, forward=False)
            else:
                speaker = _name_at(text, sentence.start, cue.start, forward=False) or _name_at(
                    text, cue.end, outer_start, forward=True)
            return ExtractedClaim(
                text=inner.text, start=sentence.start, end=sentence.end, content=inner,
                speaker=speaker, cue=cue, quote_type=QuoteType.DIRECT,
            )
    return _according_to(text, sentence, language)


def _quote(sentence: Span, language: str) -> tuple[Span, int, int] | None:
    """Return the longest quotation in sentence: its inside (a span) and
    where its marks start and end."""
    marks = QUOTES.get(language, QUOTES["*"])
    best = None
    for opening, closing in marks.items():
        inside = r"([^" + re.escape(opening + closing) + r"]+)"
        pattern = re.escape(opening) + inside + re.escape(closing)
        for match in re.finditer(pattern, sentence.text):
            inner_start, inner_end = match.span(1)
            inner = sentence.text[inner_start:inner_end]
            stripped = inner.strip().rstrip(",")
            lead = len(inner) - len(inner.lstrip())
            if best is None or len(stripped) > len(best[0].text):
                start = sentence.start + inner_start + lead
                best = (Span(stripped, start, start + len(stripped)),
                        sentence.start + match.start(), sentence.start + match.end())
    return best


def _cue(piece: str, offset: int, said: frozenset[str]) -> Span | None:
    """Return the first verb of saying in piece, as a span of the article."""
    for match in WORD.finditer(piece):
        if match.group().lower() in said:
            return Span(match.group(), offset + match.start(), offset + match.end())
    for word in said:  # scripts without spaces: a substring
        if not word.isascii() and not WORD.fullmatch(word):
            index = piece.find(word)
            if index >= 0:
                return Span(word, offset + index, offset + index + len(word))
    return None


def _name_at(text: str, start: int, end: int, *, forward: bool) -> SpeakerMention | None:
    tokens = []
    for match in WORD.finditer(text[start:end]):
        word, begin = match.group(), match.start() + start
        elided = ELISION.match(word)  # "l'Istat", "d'Eurostat": the name after
        if elided:
            word, begin = word[elided.end():], begin + elided.end()
        tokens.append((word, begin, match.end() + start))
    if not forward:
        tokens.reverse()
    run: list[tuple[str, int, int]] = []
    for word, begin, finish in tokens[:8]:
        if CAPITALISED.fullmatch(word):
            run.append((word, begin, finish))
        elif run and word.lower() in NAME_PARTICLES:
            run.append((word, begin, finish))
        elif run:
            break
        # Words before the name are skipped: "dijo el ministro Juan Pérez".
    while run and not CAPITALISED.fullmatch(run[-1][0]):
        run.pop()
    if not run:
        return None
    begin = min(b for _, b, _ in run)
    finish = max(f for _, _, f in run)
    name = text[begin:finish].rstrip(".")
    finish = begin + len(name)
    return SpeakerMention(text=name, start=begin, end=finish, canonical=name)


def _according_to(text: str, sentence: Span, language: str) -> ExtractedClaim | None:
    """"Según X, ..." / "..., según X." / "X zufolge ...": X is the source."""
    lower = sentence.text.lower()
    for phrase in ACCORDING_TO.get(language, ()):
        if language in SPACELESS_SCRIPTS:  # no spaces, no word boundaries
            index = lower.find(phrase) if lower.find(phrase) >= 0 else None
        else:
            index = _phrase_index(lower, phrase)
        if index is None:
            continue
        cue = Span(sentence.text[index : index + len(phrase)], sentence.start + index,
                   sentence.start + index + len(phrase))
        if language in UNCASED:
            # No capitals to find the source by: the sentence, credited.
            content = _trim_end(sentence)
            return ExtractedClaim(
                text=content.text, start=sentence.start, end=sentence.end, content=content,
                speaker=None, cue=cue, quote_type=QuoteType.REPORTED,
            )
        comma = _clause_comma(sentence.text, index)
        if index == 0 and comma > 0:
            source_end = sentence.start + comma
            content = _trim_end(_span(text, sentence.start + comma + 1, sentence.end))
        elif index == 0:  # "Laut Eurostat stieg ...": the source, then the clause
            speaker = _name_at(text, cue.end, sentence.end, forward=True)
            if speaker is None:
                continue
            content = _trim_end(_span(text, speaker.end, sentence.end))
            return ExtractedClaim(
                text=content.text, start=sentence.start, end=sentence.end, content=content,
                speaker=speaker, cue=cue, quote_type=QuoteType.INDIRECT,
            )
        else:
            source_end = sentence.end
            content = _trim_end(_span(text, sentence.start, sentence.start + index))
            content = Span(content.text.rstrip(" ,"), content.start,
                           content.start + len(content.text.rstrip(" ,")))
        speaker = _name_at(text, cue.end, source_end, forward=True)
        if speaker is None or not content.text:
            continue
        return ExtractedClaim(
            text=content.text, start=sentence.start, end=sentence.end, content=content,
            speaker=speaker, cue=cue, quote_type=QuoteType.INDIRECT,
        )
    for phrase in ACCORDING_TO_AFTER.get(language, ()):
        index = lower.find(phrase)
        if index > 0:
            cue = Span(sentence.text[index : index + len(phrase)], sentence.start + index,
                       sentence.start + index + len(phrase))
            speaker = _name_at(text, sentence.start, cue.start, forward=False)
            content = _trim_end(sentence)
            return ExtractedClaim(
                text=content.text, start=sentence.start, end=sentence.end, content=content,
                speaker=speaker, cue=cue,
                quote_type=QuoteType.INDIRECT if speaker else QuoteType.REPORTED,
            )
    return None


def _clause_comma(sentence: str, start: int) -> int:
    """Return the first comma after start that is not a decimal comma, or -1."""
    for match in re.finditer(",", sentence[start:]):
        at = start + match.start()
        if not (sentence[at - 1 : at].isdigit() and sentence[at + 1 : at + 2].isdigit()):
            return at
    return -1


def _phrase_index(lower: str, phrase: str) -> int | None:
    for match in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", lower):
        return match.start()
    return None


def _span(text: str, start: int, end: int) -> Span:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    return Span(piece, start + left, start + left + len(piece))
