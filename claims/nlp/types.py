"""Plain data returned by the NLP pipeline; services map it onto models."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.nlp.checkworthiness_model import SentenceFeatures


class QuoteType:
    """How a claim is attributed (stored on Claim.quote_type)."""

    DIRECT = "direct"  # the whole content is inside quotation marks
    INDIRECT = "indirect"  # reported speech: "X said that ..."
    MIXED = "mixed"  # partly quoted, partly paraphrased
    REPORTED = "reported"  # hedged or outlet-only sourcing, no named speaker
    UNATTRIBUTED = "unattributed"  # a bare statement of fact
    # A question or request put to someone ("Asked whether ..., X said"):
    # an attribution, but nothing to check, so it is never queued.
    QUESTION = "question"

    ALL = (DIRECT, INDIRECT, MIXED, REPORTED, UNATTRIBUTED, QUESTION)


@dataclass(frozen=True)
class Span:
    """Character offsets into the article text: text == article[start:end]."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SpeakerMention:
    """Who a claim is attributed to, as written and as resolved."""

    text: str  # the mention as written, e.g. "Kartapolov" or "he"
    start: int
    end: int
    canonical: str  # the resolved full name, e.g. "Andrei Kartapolov"
    role: str | None = None  # e.g. "a Russian foreign ministry spokeswoman"
    kind: str = "person"  # person | organization | other
    # An unnamed source ("a senior official", "experts", an unresolved
    # "he"): canonical is then as written, and it never becomes a Speaker
    # shared across articles (issue #20; claims/nlp/speakers.py).
    unnamed: bool = False


@dataclass
class OutletReport:
    """An outlet's own report that holds a speaker's claim."""

    source: Span  # the outlet as written
    cue: Span  # "wrote", "reported"
    content: Span  # all it reported, the speaker's relation included


@dataclass
class ExtractedClaim:
    """One attributable claim found in an article."""

    text: str  # the checkable statement (== article[content.start:content.end])
    start: int  # the statement's sentence (one unit: a quote and its "she said")
    end: int
    content: Span
    speaker: SpeakerMention | None
    cue: Span | None
    reported_by: list[Span] = field(default_factory=list)
    quote_type: str = QuoteType.UNATTRIBUTED
    checkworthiness: float = 0.0
    reasons: list[str] = field(default_factory=list)
    # Added for issue #3; both optional, so older readers are unaffected.
    # The source as written, whole: "Sen. Chuck Schumer (D-N.Y.)", "who".
    source_phrase: Span | None = None
    # The content's pieces when a reporting clause splits it ("“A,” he
    # said, “B.”"): content/text then run from the first piece to the last.
    content_parts: list[Span] = field(default_factory=list)
    # The outlet's report around the speaker's words ("The Times wrote that
    # Trump had claimed X"), the outer of two nested relations.
    report: OutletReport | None = None
    # Why the claim never joins the queue, whatever its score (a headline
    # repeating a body claim, a section heading: claims/nlp/headings.py).
    held_back: str = ""
    # The index, in the article's claims, of the body claim a headline repeats.
    repeats: int | None = None
    # One claim per checkable sentence (statements.py): a sentence of a
    # longer relation keeps the relation's whole content and its pieces.
    relation: Span | None = None
    relation_parts: list[Span] = field(default_factory=list)
    # The claims of one relation share this number (1, 2, ... in the article).
    attribution: int = 0
    # The claim as it reads on its own, references resolved in brackets
    # (standalone.py); empty when it needs none.
    standalone: str = ""
    # The check-worthiness features of the content, from the parse extraction
    # did anyway, so that scoring need not tag it again (issue #6). Not part
    # of the JSON shape; None where the parse could not give them.
    features: SentenceFeatures | None = field(default=None, repr=False, compare=False)

    @property
    def relation_content(self) -> Span:
        """The relation's whole content (the claim's own when it is whole)."""
        return self.relation or self.content

    def as_dict(self) -> dict:
        """Return the stable JSON shape used by `manage.py extract`.

        text/start/end are the claim's own statement; content is the whole
        content of its relation, which claims with the same attribution
        share; sentence is the sentence the statement sits in.
        """
        data = asdict(self)
        for internal in ("features", "relation", "relation_parts"):
            del data[internal]
        data["start"], data["end"] = self.content.start, self.content.end
        data["sentence"] = {"start": self.start, "end": self.end}
        relation = self.relation_content
        data["content"] = {"start": relation.start, "end": relation.end}
        if self.relation is not None:
            data["content_parts"] = [asdict(part) for part in self.relation_parts]
        if self.speaker is not None:
            data["speaker"] = {
                "text": self.speaker.text,
                "start": self.speaker.start,
                "end": self.speaker.end,
                "canonical": self.speaker.canonical,
                "role": self.speaker.role,
                "unnamed": self.speaker.unnamed,
            }
        return data
