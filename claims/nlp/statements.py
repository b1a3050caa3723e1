"""One claim per checkable sentence (issue #20, part 1).

An attribution relation may hold several sentences ("“A. B. C,” she
said."). A fact-checker checks one statement at a time, and one question
or pleasantry in a quote must not drag the whole quote's score down, so
each sentence of a relation's content that carries a checkable statement
becomes a claim of its own. The pieces keep the relation's speaker, cue and
outlets, and its whole content (ExtractedClaim.relation); extraction gives
them one attribution number so the desk shows them together.

What is split and what is kept whole:

* split: the content's sentences, as the parser cuts them; a sentence
  holding several pieces of the content ("“A,” he said, “B.”") stays one;
* split too: a sentence of coordinated clauses that each have their own
  subject and a checkable fact, a number or a name ("Unemployment fell to 4
  percent, and inflation rose to 3 percent" is two claims; "He visited
  Paris and met the president" stays one, its second verb has no subject);
* kept whole: a question put to someone
  (QuoteType.QUESTION); a relation with at most one checkable sentence,
  which keeps that sentence alone, or its whole content if none is;
* left out as a claim (still inside the relation's content): a sentence
  with no finite verb or fewer than three words ("Thank you.", "Also to
  pray for the victims.").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from claims.nlp.types import ExtractedClaim, QuoteType
from claims.nlp.types import Span as TextSpan

# Characters trimmed from a piece's ends: spaces and the quotation marks a
# sentence cut leaves behind.
EDGE_CHARS = " \t\n\r“”\"‘’'«»„"
MIN_WORDS = 3


def split_statements(
    claims: list[ExtractedClaim], doc: Doc, offset: int, score
) -> list[ExtractedClaim]:
    """Return claims with each multi-sentence content cut into statements.

    doc is the parse of the chunk at article offset `offset` that holds the
    claims; score(span, claim) returns (score, reasons) for a piece.
    """
    result: list[ExtractedClaim] = []
    for claim in claims:
        for statement in _split(claim, doc, offset, score):
            result.extend(_split_conjuncts(statement, doc, offset, score))
    return result


def _split_conjuncts(
    claim: ExtractedClaim, doc: Doc, offset: int, score
) -> list[ExtractedClaim]:
    """Return claim cut at its coordinated clauses, when each has its own
    subject and a checkable fact; else [claim]."""
    if claim.quote_type == QuoteType.QUESTION or claim.held_back or claim.content_parts:
        return [claim]
    cue = claim.cue
    if cue is not None and claim.content.start <= cue.start < claim.content.end:
        return [claim]  # a hedge inside its sentence ("X is believed to ..., and Y")
    span = doc.char_span(claim.content.start - offset, claim.content.end - offset)
    if span is None:
        return [claim]
    root = span.root
    cuts = []  # (end of the clause before, start of the next), token indices
    for conj in root.children:
        if conj.dep_ != "conj" or conj.pos_ not in {"VERB", "AUX"} or conj.i >= span.end:
            continue
        if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children):
            continue
        cc = next((c for c in root.children if c.dep_ == "cc" and c.i < conj.left_edge.i), None)
        if cc is None:
            continue
        end = cc.i
        while end > span.start and doc[end - 1].is_punct:
            end -= 1
        cuts.append((end, conj.left_edge.i))
    if not cuts:
        return [claim]
    bounds, start = [], span.start
    for end, next_start in sorted(cuts):
        bounds.append((start, end))
        start = next_start
    bounds.append((start, span.end))
    pieces = [doc[a:b] for a, b in bounds if a < b]
    if len(pieces) < 2 or not all(checkable(p) and _has_fact(p) for p in pieces):
        return [claim]
    relation = claim.relation or claim.content
    relation_parts = claim.relation_parts if claim.relation else list(claim.content_parts)
    return [_statement(claim, piece, offset, relation, relation_parts, score) for piece in pieces]


def _statement(
    claim: ExtractedClaim, span: Span, offset: int, relation, relation_parts, score, **changes
) -> ExtractedClaim:
    """Return claim as the statement span (of the chunk parsed at offset),
    one of relation's, scored on its own."""
    value, reasons = score(span, claim)
    start, end = offset + span.start_char, offset + span.end_char
    return replace(
        claim,
        text=span.text,
        content=TextSpan(span.text, start, end),
        relation=relation,
        relation_parts=relation_parts,
        checkworthiness=value,
        reasons=reasons,
        features=None,
        **changes,
    )


def _has_fact(span: Span) -> bool:
    """Return whether a clause holds a number or a name to check."""
    return any(token.like_num or token.ent_type_ for token in span)


def _split(claim: ExtractedClaim, doc: Doc, offset: int, score) -> list[ExtractedClaim]:
    if claim.quote_type == QuoteType.QUESTION or claim.held_back:
        return [claim]
    parts = claim.content_parts or [claim.content]
    pieces = []
    for sent in doc.sents:
        sent_start, sent_end = offset + sent.start_char, offset + sent.end_char
        inside = [
            (max(p.start, sent_start), min(p.end, sent_end))
            for p in parts
            if p.start < sent_end and sent_start < p.end
        ]
        if inside:
            pieces.append(((sent_start, sent_end), inside))
    if len(pieces) < 2:
        return [claim]
    statements = []
    for sentence, inside in pieces:
        span = _trimmed(doc, offset, inside[0][0], inside[-1][1])
        if span is not None and checkable(span):
            statements.append((sentence, inside, span))
    if not statements:
        return [claim]
    relation = claim.content
    relation_parts = list(claim.content_parts)
    split = []
    for (sent_start, sent_end), inside, span in statements:
        start, end = offset + span.start_char, offset + span.end_char
        own_parts = [
            _article_span(doc, offset, max(s, start), min(e, end))
            for s, e in inside
            if max(s, start) < min(e, end)
        ]
        split.append(
            _statement(
                claim,
                span,
                offset,
                relation,
                relation_parts,
                score,
                start=min(sent_start, start),
                end=max(sent_end, end),
                content_parts=own_parts if len(own_parts) > 1 else [],
            )
        )
    return split


def checkable(span: Span) -> bool:
    """Return whether a sentence carries a statement one could check: a
    finite verb and at least MIN_WORDS words ("Thank you." does not, nor
    "Also to pray for the victims.")."""
    words = sum(1 for token in span if token.is_alpha)
    if words < MIN_WORDS:
        return False
    return any(
        token.pos_ in {"VERB", "AUX"} and "Fin" in token.morph.get("VerbForm")
        for token in span
    )


def _trimmed(doc: Doc, offset: int, start: int, end: int) -> Span | None:
    """Return the parse of article[start:end] without spaces and stray
    quotation marks at its ends, or None if nothing is left."""
    text = doc.text
    local_start, local_end = start - offset, end - offset
    while local_start < local_end and text[local_start] in EDGE_CHARS:
        local_start += 1
    while local_end > local_start and text[local_end - 1] in EDGE_CHARS:
        local_end -= 1
    if local_start >= local_end:
        return None
    return doc.char_span(local_start, local_end, alignment_mode="expand")


def _article_span(doc: Doc, offset: int, start: int, end: int) -> TextSpan:
    return TextSpan(doc.text[start - offset : end - offset], start, end)
