"""A learned filter on the relations the rules find (issue #20, part 4).

The rules over-attribute where a verb is no act of saying ("support for",
"wants a stadium", "sought a delay", "released figures"), where a
description is taken for a source, and with some colon and question cues.
A small logistic regression, trained only on sentences of our own
(claims/training/data, `make attribution-model`), gives each relation the
probability that its cue and source are right; a relation below the
threshold is dropped as a relation, and its content stays as an
unattributed claim (a question stays a question, never queued).

Features need only the parse (no Django): the cue's lemma, its lexicon
families, dependency label and tense, the source's form (name, pronoun,
description, outlet, none), the quote type, and the content's shape (a
finite clause, "that"/"to"/"whether", its length, inside quotes).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Span

from claims.nlp.attribution.lexicon import (
    CUE_LEMMAS,
    NOUN_CUES,
    OBJECT_LEMMAS,
    OUTLET_HEADS,
    OUTLETS,
    PREP_CUES,
    QUOTE_MARKS,
    SEEM_LEMMAS,
    XCOMP_LEMMAS,
)
from claims.nlp.attribution.records import Attribution
from claims.nlp.speakers import SAYING_LEMMAS, mention_form
from claims.nlp.types import QuoteType

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "attribution_filter.json"
# Off by default: measured on PolNeAR dev and train (README "Learned
# relation filter"), it is kept on only if it raises precision on both
# without lowering F1 below the floors of issue #20.
ENABLED_BY_DEFAULT = False
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
INDEFINITE = frozenset({"a", "an", "some", "one", "many", "several", "two", "three", "most"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
OTHER_LEMMA = "<other>"
# Who a pronoun source is: "we know", "you can see" and "everyone wants"
# are seldom anyone's attribution; "he said" nearly always is.
PRONOUN_PERSON = {
    **dict.fromkeys(("i", "we", "me", "us"), "first"),
    **dict.fromkeys(("you",), "second"),
    **dict.fromkeys(("he", "she", "it", "they", "him", "her", "them"), "third"),
    **dict.fromkeys(
        ("everyone", "everybody", "anyone", "anybody", "nobody", "no one", "one", "someone"),
        "generic",
    ),
}


def cue_lemma(cue: Span) -> str:
    """Return the cue's lemma as the features name it ("according to", ":")."""
    words = [t for t in cue if not t.is_punct]
    if not words:
        return cue.text.strip() or OTHER_LEMMA
    if words[0].lower_ == "according":
        return "according to"
    root = cue.root if not cue.root.is_punct else words[-1]
    return root.lemma_.lower()


def source_form(attribution: Attribution) -> str:
    """Return the source's form: name, pronoun, description, relative,
    outlet or none."""
    source = attribution.source_phrase or attribution.source
    if source is None:
        return "outlet" if attribution.reported_by else "none"
    words = [t for t in source if not t.is_punct]
    if len(words) == 1 and words[0].lower_ in RELATIVE:
        return "relative"
    lowered = source.text.lower().removeprefix("the ").strip()
    if lowered in OUTLETS or source.root.lower_ in OUTLET_HEADS:
        return "outlet"
    return mention_form(attribution.source or source)


def features(doc: Doc, attribution: Attribution) -> dict[str, float]:
    """Return the features of one relation (its cue is not None)."""
    cue = attribution.cue
    lemma = cue_lemma(cue)
    root = cue.root
    content = attribution.content
    words = [t for t in content if not t.is_punct and not t.is_space]
    found: dict[str, float] = {
        "bias": 1.0,
        f"lemma={lemma}": 1.0,
        f"dep={root.dep_}": 1.0,
        f"tag={root.tag_ if root.tag_ in FINITE_TAGS | {'VBG', 'VBN', 'VB', 'NN'} else 'x'}": 1.0,
        f"quote_type={attribution.quote_type}": 1.0,
        f"source={source_form(attribution)}": 1.0,
    }
    families = {
        "saying": lemma in SAYING_LEMMAS or lemma == "according to",
        "reporting": lemma in CUE_LEMMAS,
        "xcomp": lemma in XCOMP_LEMMAS,
        "object": lemma in OBJECT_LEMMAS,
        "prep": lemma in PREP_CUES,
        "noun": lemma in NOUN_CUES,
        "seem": lemma in SEEM_LEMMAS or any(t.lemma_.lower() in SEEM_LEMMAS for t in cue),
        "punct": all(t.is_punct for t in cue),
    }
    for name, value in families.items():
        if value:
            found[f"family={name}"] = 1.0
    if not (families["saying"] or families["reporting"]):
        found["not_reporting"] = 1.0
    finite = any(t.tag_ in FINITE_TAGS for t in words)
    first = words[0].lower_ if words else ""
    opener = first if first in {"that", "whether", "if", "to", "about", "for", "why"} else ""
    found["content_finite" if finite else "content_no_finite"] = 1.0
    if opener:
        found[f"content_opens={opener}"] = 1.0
    if not any(t.pos_ in {"VERB", "AUX"} for t in words):
        found["content_no_verb"] = 1.0
        if not (families["saying"] or families["reporting"]):
            found["content_no_verb_not_reporting"] = 1.0
    if not finite and not (families["saying"] or families["reporting"]):
        found["content_no_finite_not_reporting"] = 1.0
    found["content_log_words"] = math.log1p(len(words)) / 4.0
    after = doc[root.i + 1] if root.i + 1 < len(doc) else None
    if after is not None and after.pos_ == "ADP" and after.i < content.start:
        found[f"cue_prep={after.lower_}"] = 1.0
    if any(child.dep_ == "neg" for child in root.children):
        found["cue_negated"] = 1.0
    if any(t.text in QUOTE_MARKS for t in doc[: cue.start]) and any(
        t.text in QUOTE_MARKS for t in doc[cue.end :]
    ):
        found["cue_between_quotes"] = 1.0
    if content.end <= cue.start:
        found["content_before_cue"] = 1.0
    if root.tag_ == "VB" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in root.children):
        found["cue_bare_infinitive"] = 1.0  # "hard to see how", "worth remembering"
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children):
        found["cue_modal"] = 1.0
    source = attribution.source_phrase or attribution.source
    if source is not None:
        head = source.root
        person = PRONOUN_PERSON.get(head.lower_)
        if person:
            found[f"source_person={person}"] = 1.0
        if head.tag_ == "NNS":
            found["source_plural"] = 1.0
        if source[0].lower_ in INDEFINITE:
            found["source_indefinite"] = 1.0
        if head.ent_type_:
            found[f"source_ent={head.ent_type_}"] = 1.0
        gap = cue.start - source.end if source.end <= cue.start else source.start - cue.end
        found["source_far"] = 1.0 if gap > 3 else 0.0
    if attribution.reported_by:
        found["credited"] = 1.0
    if doc[-1].text == "?" or any(t.text == "?" for t in content):
        found["question_mark"] = 1.0
    return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class RelationFilter:
    """A logistic regression over sparse named features, and its threshold."""

    weights: dict[str, float]
    threshold: float

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> RelationFilter:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(zip(data["features"], data["weights"], strict=True)), data["threshold"])

    def probability(self, doc: Doc, attribution: Attribution) -> float:
        """Return the probability that the relation's cue and source are right."""
        score = sum(
            self.weights.get(name, 0.0) * value
            for name, value in features(doc, attribution).items()
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def apply(self, doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
        """Return attributions with the relations below threshold made plain.

        The relations of one cue (a quote going on after "..., he said")
        share the decision taken on the first of them. A unit whose
        relations are all dropped becomes one plain claim of the whole
        unit, cue and source words included ("The council released the
        timetable"); beside a relation that is kept, a dropped one keeps
        its content alone.
        """
        decided: dict[tuple[int, int], bool] = {}
        for attribution in attributions:
            cue = attribution.cue
            if cue is not None and (cue.start, cue.end) not in decided:
                probability = self.probability(doc, attribution)
                decided[(cue.start, cue.end)] = probability >= self.threshold

        def dropped(attribution: Attribution) -> bool:
            cue = attribution.cue
            return cue is not None and not decided.get((cue.start, cue.end), True)

        by_unit: dict[tuple[int, int], list[Attribution]] = {}
        for attribution in attributions:
            by_unit.setdefault((attribution.unit.start, attribution.unit.end), []).append(
                attribution
            )
        kept: list[Attribution] = []
        for group in by_unit.values():
            if not any(dropped(a) for a in group):
                kept.extend(group)
            elif all(dropped(a) for a in group) and not any(
                a.quote_type == QuoteType.QUESTION for a in group
            ):
                kept.append(whole_unit(group[0].unit))
            else:
                kept.extend(unattributed(a) if dropped(a) else a for a in group)
        opened = doc._.open_attribution
        if opened is not None and dropped(opened):
            doc._.open_attribution = None
        return kept


def unattributed(attribution: Attribution) -> Attribution:
    """Return the attribution's claim without its relation (text kept)."""
    quote_type = (
        QuoteType.QUESTION
        if attribution.quote_type == QuoteType.QUESTION
        else QuoteType.UNATTRIBUTED
    )
    return replace(
        attribution,
        quote_type=quote_type,
        source=None,
        role=None,
        cue=None,
        reported_by=(),
        source_phrase=None,
        report=None,
    )


def whole_unit(unit: Span) -> Attribution:
    """Return the unit as one plain claim, spaces at its ends left out."""
    start, end = unit.start, unit.end
    while start < end and unit.doc[start].is_space:
        start += 1
    while end > start and unit.doc[end - 1].is_space:
        end -= 1
    return Attribution(unit, unit.doc[start:end], QuoteType.UNATTRIBUTED)


def load_filter(enabled: bool | None = None) -> RelationFilter | None:
    """Return the packaged filter, or None when it is off or not built."""
    if enabled is None:
        enabled = ENABLED_BY_DEFAULT
    if not enabled or not MODEL_FILE.exists():
        return None
    return RelationFilter.load(MODEL_FILE)
