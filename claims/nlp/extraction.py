"""Turn article text into ExtractedClaims with exact character offsets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Span

from claims.nlp.attribution import Attribution
from claims.nlp.checkworthiness import QUESTION_REASON, score_checkworthiness
from claims.nlp.checkworthiness_model import span_features
from claims.nlp.coref import LABEL_KINDS, OTHER, PERSON, CorefResolver
from claims.nlp.headings import mark_headings
from claims.nlp.layout import claim_paragraphs
from claims.nlp.loading import get_nlp
from claims.nlp.speakers import SAYING_LEMMAS, mention_form
from claims.nlp.standalone import standalone_text
from claims.nlp.statements import split_statements
from claims.nlp.types import ExtractedClaim, OutletReport, QuoteType, SpeakerMention
from claims.nlp.types import Span as TextSpan

# Paragraphs are parsed one by one; longer ones are cut at a sentence end so
# that the parser's memory stays flat (spaCy's own limit is 1,000,000).
MAX_CHUNK_CHARS = 100_000
BATCH_SIZE = 64

OPENING_MARKS = frozenset("“\"'‘«„")
CLOSING_MARKS = frozenset("”\"'’»“")
QUOTE_TOKENS = frozenset({"“", "”", '"', "''", "``", "«", "»", "„"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class _Chunk:
    """A piece of one article's text that is parsed as one Doc."""

    article: int
    start: int  # offset of the chunk in the article text
    text: str


def extract_claims(text: str, nlp: Language | None = None) -> list[ExtractedClaim]:
    """Return the claims of one article, in text order."""
    return extract_claims_batch([text], nlp)[0]


def extract_claims_batch(
    texts: list[str], nlp: Language | None = None
) -> list[list[ExtractedClaim]]:
    """Return the claims of each article; all paragraphs share one nlp.pipe."""
    nlp = nlp or get_nlp()
    chunks = [chunk for index, text in enumerate(texts) for chunk in _chunks(index, text)]
    results: list[list[ExtractedClaim]] = [[] for _ in texts]
    resolvers = [CorefResolver() for _ in texts]
    # The attribution a paragraph leaves open, with its chunk's offset.
    open_attributions: dict[int, tuple[Attribution, int]] = {}
    docs = nlp.pipe((chunk.text for chunk in chunks), batch_size=BATCH_SIZE)
    for chunk, doc in zip(chunks, docs, strict=True):
        resolver = resolvers[chunk.article]
        _observe_mentions(resolver, doc, chunk.start)
        claims = [
            _claim(attribution, chunk.start, resolver)
            for attribution in doc._.attributions or ()
        ]
        opened = open_attributions.pop(chunk.article, None)
        if opened is not None and _quoted_after_colon(opened[0], chunk, claims):
            # "He declared:" ¶ “A? B.”: the quoted paragraph is his, questions too
            content = _quote_inside(doc)
            base = _plain_claim(content, chunk.start)
            claims = [_continued(*opened, base, content, chunk, resolver)]
        elif opened is not None and claims and _continues(opened[0], chunk, claims[0]):
            content = doc._.attributions[0].content
            claims[0] = _continued(*opened, claims[0], content, chunk, resolver)
        if doc._.open_attribution is not None:
            open_attributions[chunk.article] = (doc._.open_attribution, chunk.start)
        claims = _turn(claims, chunk)
        claims = split_statements(claims, doc, chunk.start, _score_piece)
        _attach_features(claims, doc, chunk)
        _attach_standalone(claims, doc, chunk, resolver)
        results[chunk.article].extend(claims)
    for claims in results:
        claims.sort(key=lambda c: (c.start, c.content.start))
        _number_attributions(claims)
    # Headlines repeating a body claim, and section headings, are held back.
    return [
        mark_headings(claims, list(claim_paragraphs(text)), text)
        for claims, text in zip(results, texts, strict=True)
    ]


def _observe_mentions(resolver: CorefResolver, doc, offset: int) -> None:
    """Register the Doc's names, with their titles and appositions ("Ann
    Lee, the city's mayor"), and the subjects that name nothing ("the
    treaty"), for the coreference of later speakers."""
    for ent in doc.ents:
        # A name starts with a capital; "pro-Clinton" is no person.
        if ent.label_ in LABEL_KINDS and ent.label_ != "NORP" and not ent.text[:1].islower():
            title = doc[ent.start - 1].text if ent.start else ""
            roles = tuple(
                child.text
                for child in ent.root.children
                if child.dep_ == "appos" and child.pos_ == "NOUN"
            )
            resolver.observe(
                ent.text,
                offset + ent.start_char,
                ent.label_,
                title,
                roles=roles,
                subject=ent.root.dep_ in SUBJECT_DEPS,
            )
    for token in doc:
        if (
            token.dep_ in SUBJECT_DEPS
            and token.pos_ == "NOUN"
            and token.tag_ == "NN"
            and not token.ent_type_
        ):
            phrase = doc[token.left_edge.i : token.i + 1]
            resolver.observe_subject(phrase.text, offset + phrase.start_char)


def _attach_features(claims: list[ExtractedClaim], doc, chunk: _Chunk) -> None:
    """Give each claim the check-worthiness features of its content in doc.

    Scoring then reuses this parse instead of tagging the text again (issue
    #6); a content that doc cannot give keeps None and is tagged then.
    """
    for claim in claims:
        span = doc.char_span(
            claim.content.start - chunk.start,
            claim.content.end - chunk.start,
            alignment_mode="expand",
        )
        if span is not None and span.text == claim.text:
            claim.features = span_features(span)


def _turn(claims: list[ExtractedClaim], chunk: _Chunk) -> list[ExtractedClaim]:
    """Return claims with a speaker's turn attributed whole: in a paragraph
    that opens with "NAME:" (a transcript's turn, an interview's answer),
    every later bare sentence is the same speaker's, on the same cue."""
    if not claims:
        return claims
    label = claims[0]
    if not (
        label.cue is not None
        and label.cue.text == ":"
        and label.speaker is not None
        and label.speaker.start == chunk.start
    ):
        return claims
    return [label] + [
        replace(
            claim,
            speaker=label.speaker,
            cue=label.cue,
            source_phrase=label.source_phrase,
            quote_type=label.quote_type,
        )
        if claim.cue is None and claim.quote_type == QuoteType.UNATTRIBUTED
        else claim
        for claim in claims[1:]
    ]


def _score_piece(span: Span, claim: ExtractedClaim) -> tuple[float, list[str]]:
    """Score one sentence of a relation's content on its own."""
    named = claim.speaker.canonical if claim.speaker and claim.speaker.kind != OTHER else None
    return score_checkworthiness(span, named_source=named)


def _attach_standalone(
    claims: list[ExtractedClaim], doc, chunk: _Chunk, resolver: CorefResolver
) -> None:
    """Give each claim its text with references resolved (standalone.py)."""
    for claim in claims:
        span = doc.char_span(
            claim.content.start - chunk.start, claim.content.end - chunk.start
        )
        if span is not None:
            claim.standalone = standalone_text(
                span,
                chunk.start,
                resolver,
                speaker=claim.speaker,
                quote_type=claim.quote_type,
            )


def _number_attributions(claims: list[ExtractedClaim]) -> None:
    """Number the article's relations: the claims of one (one speaker's
    statement split sentence by sentence, or a quote going on over several
    paragraphs) share the number of the cue they hang on."""
    numbers: dict[tuple, int] = {}
    count = 0
    for claim in claims:
        cue = claim.report.cue if claim.report is not None else claim.cue
        if cue is not None:
            key: tuple | None = (cue.start, cue.end)
        elif claim.relation is not None:  # a bare statement split in two
            key = ("relation", claim.relation.start, claim.relation.end)
        else:
            key = None
        if key is not None and key in numbers:
            claim.attribution = numbers[key]
            continue
        count += 1
        claim.attribution = count
        if key is not None:
            numbers[key] = count


def _chunks(article: int, text: str) -> Iterator[_Chunk]:
    """Yield the article's paragraphs that may hold claims (layout.py leaves
    out reading lists, captions, credits and datelines: not the article's)."""
    for paragraph in claim_paragraphs(text):
        yield from _split_long(article, paragraph.start, paragraph.text)


def _split_long(article: int, start: int, paragraph: str) -> Iterator[_Chunk]:
    """Yield a paragraph in pieces of at most MAX_CHUNK_CHARS characters."""
    while len(paragraph) > MAX_CHUNK_CHARS:
        window = paragraph[:MAX_CHUNK_CHARS]
        cut = window.rfind(". ")
        if cut <= 0:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else MAX_CHUNK_CHARS
        yield _Chunk(article, start, paragraph[:cut])
        start, paragraph = start + cut, paragraph[cut:]
    yield _Chunk(article, start, paragraph)


def _claim(attribution: Attribution, offset: int, resolver: CorefResolver) -> ExtractedClaim:
    """Map one Attribution of a chunk onto article offsets."""
    speaker = None
    if attribution.source is not None:
        speaker = _speaker(attribution, offset, resolver)
    named = speaker.canonical if speaker is not None and speaker.kind != OTHER else None
    if attribution.quote_type == QuoteType.QUESTION:
        score, reasons = 0.0, [QUESTION_REASON]
    else:
        score, reasons = score_checkworthiness(attribution.content, named_source=named)
    content = _text_span(attribution.content, offset)
    return ExtractedClaim(
        text=content.text,
        start=offset + attribution.unit.start_char,
        end=offset + attribution.unit.end_char,
        content=content,
        speaker=speaker,
        cue=_optional_span(attribution.cue, offset),
        reported_by=[_text_span(span, offset) for span in attribution.reported_by],
        quote_type=attribution.quote_type,
        checkworthiness=score,
        reasons=reasons,
        source_phrase=_optional_span(attribution.source_phrase, offset),
        content_parts=[_text_span(part, offset) for part in attribution.content_parts],
        report=_report(attribution.report, offset),
    )


def _report(report: tuple | None, offset: int) -> OutletReport | None:
    if report is None:
        return None
    source, cue, content = (_text_span(span, offset) for span in report)
    return OutletReport(source, cue, content)


def _continues(opened: Attribution, chunk: _Chunk, claim: ExtractedClaim) -> bool:
    """Return whether a paragraph's first claim goes on with opened.

    After "He said:" any plain paragraph does; after a quote, a paragraph
    that opens with a quotation mark and names no speaker of its own (news
    style reopens a quote that runs over several paragraphs).
    """
    if claim.cue is not None or claim.start != chunk.start:
        return False
    after_colon = len(opened.content) == 0
    return after_colon or chunk.text[:1] in OPENING_MARKS


def _quoted_after_colon(opened: Attribution, chunk: _Chunk, claims: list) -> bool:
    """Return whether chunk is one quotation that opened's "X said:" introduces.

    The paragraph must name no speaker of its own.
    """
    text = chunk.text.rstrip()
    return (
        len(opened.content) == 0
        and text[:1] in OPENING_MARKS
        and text[-1:] in CLOSING_MARKS
        and all(claim.cue is None for claim in claims)
    )


def _quote_inside(doc) -> Span:
    """Return the Doc without its opening and closing quotation marks."""
    start, end = 0, len(doc)
    while start < end and (doc[start].is_space or doc[start].text in QUOTE_TOKENS):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in QUOTE_TOKENS):
        end -= 1
    return doc[start:end]


def _plain_claim(content: Span, offset: int) -> ExtractedClaim:
    """Return an unattributed claim of content, to be attributed by the caller."""
    span = _text_span(content, offset)
    return ExtractedClaim(
        text=span.text, start=span.start, end=span.end, content=span, speaker=None, cue=None
    )


def _continued(
    opened: Attribution,
    offset: int,
    claim: ExtractedClaim,
    content: Span,
    chunk: _Chunk,
    resolver: CorefResolver,
) -> ExtractedClaim:
    """Return claim (whose parsed content is given) attributed as opened."""
    speaker = _speaker(opened, offset, resolver) if opened.source is not None else None
    named = speaker.canonical if speaker is not None and speaker.kind != OTHER else None
    score, reasons = score_checkworthiness(content, named_source=named)
    if opened.source is None:  # "Reuters reports:"
        quote_type = QuoteType.REPORTED
    else:
        quoted = chunk.text[:1] in OPENING_MARKS
        quote_type = QuoteType.DIRECT if quoted else QuoteType.INDIRECT
    return replace(
        claim,
        speaker=speaker,
        cue=_text_span(opened.cue, offset),
        reported_by=[_text_span(span, offset) for span in opened.reported_by],
        quote_type=quote_type,
        checkworthiness=score,
        reasons=reasons,
        source_phrase=_optional_span(opened.source_phrase, offset),
    )


def _speaker(attribution: Attribution, offset: int, resolver: CorefResolver) -> SpeakerMention:
    """Return the speaker with its canonical name resolved in the article."""
    source = attribution.source
    start = offset + source.start_char
    cue = attribution.cue
    speech = cue is None or cue.root.lemma_.lower() in SAYING_LEMMAS
    entity = resolver.resolve(
        source.text, start, source.root.ent_type_, form=mention_form(source), speech=speech
    )
    role = attribution.role
    if role is not None and entity.named and entity.kind == PERSON:
        resolver.add_titles(entity, [role.root.text], any_noun=True)  # later "the spokeswoman"
    return SpeakerMention(
        text=source.text,
        start=start,
        end=offset + source.end_char,
        canonical=entity.canonical,
        role=role.text if role is not None else None,
        kind=entity.kind,
        unnamed=not entity.named,
    )


def _text_span(span: Span, offset: int) -> TextSpan:
    return TextSpan(span.text, offset + span.start_char, offset + span.end_char)


def _optional_span(span: Span | None, offset: int) -> TextSpan | None:
    return _text_span(span, offset) if span is not None else None
