"""What the attribution rules find.

``Attribution`` is the component's output (``doc._.attributions``),
``Quote`` one quotation's token range, and ``Cue`` a cue in the making,
before its content is settled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token


@dataclass(frozen=True)
class Attribution:
    """A claim-bearing stretch of a Doc and how it is attributed.

    An unattributed sentence is an Attribution without source and cue, so
    one list describes every candidate claim in the Doc.
    """

    unit: Span  # the sentence(s) the claim sits in
    content: Span  # the checkable statement, quotation marks excluded
    quote_type: str
    source: Span | None = None  # the speaker mention, title/role excluded
    role: Span | None = None
    cue: Span | None = None
    reported_by: tuple[Span, ...] = ()
    # The source's whole phrase as written ("Sen. X (D-N.Y.)", "who"), and
    # the content's pieces when a reporting clause splits it ("“A,” he
    # said, “B.”"); content then runs from the first piece to the last.
    source_phrase: Span | None = None
    content_parts: tuple[Span, ...] = ()
    # An outlet's own report around the speaker's words ("The Times wrote
    # that Trump had claimed X"): the outlet as written, its cue, and all it
    # reported. The claim stays the speaker's; the report is the outer
    # relation, the one PolNeAR annotates.
    report: tuple[Span, Span, Span] | None = None


@dataclass(frozen=True)
class Quote:
    """Token indices of one quotation: marks at start and end - 1."""

    start: int
    end: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        """Return the token range between the quotation marks."""
        return self.start + 1, self.end - 1 if self.closed else self.end


@dataclass
class Cue:
    """A cue found in a unit, before its content is settled."""

    span: Span
    source: Span | None  # None: the writer's own perception ("seemed")
    role: Span | None = None
    subject: Token | None = None  # the source's syntactic head
    content: tuple[int, int] | None = None
    phrase: Span | None = None  # the source's whole noun phrase, as written
    parts: list[tuple[int, int]] = field(default_factory=list)  # split quotes
    from_quote: bool = False
    credit: bool = False  # the source is a news outlet
    recipients: list[Span] = field(default_factory=list)  # "told Reuters"
    relative: bool = False  # "..., which X said was Y": content opens with "which"
    question: bool = False  # "asked whether ...": a question or request, no claim
