"""Score attribution (source, cue, content) against PolNeAR.

`manage.py evaluate attribution --polnear DIR` runs the ingest pipeline
(`extract_claims_batch`) over each article and compares the attributed
claims with PolNeAR's gold relations. Predicted and gold relations are
paired by content overlap (largest first, one to one), as published
attribution evaluations do (Pareti 2016; Newell et al. 2018). Then each role
scores precision, recall and F1:

* exact: the spans are equal after trimming quotes, punctuation and spaces
  at the ends of each part (parts separated only by such characters merge);
* overlap: the spans share a character that is not such a character.

A relation is right when source, cue and content all overlap (a missing
source is right only when gold has none too). Two tables: all relations,
and speech only, whose cue is an act of speech or writing (or punctuation).
There gold's cue decides for a pair: a prediction paired with another gold
relation is left out, not counted wrong. An unpaired prediction is judged by
its own cue with the same test: a stray "wants" is no speech prediction,
a stray "said" is a wrong one.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from claims.evaluation.polnear import Article, Parts, Relation, read_split

DEFAULT_POLNEAR = "../shared/data/polnear"
ROLES = ("source", "cue", "content")

# Cues that are acts of speech or writing, by lemma or noun (for the speech
# table); independent of the component's lexicon, which has no say here.
SPEECH_LEMMAS = frozenset(
    """
    accuse acknowledge add address admit advise allege announce
    announcement answer argue ask assert assure blast boast brag briefing
    call caution chant charge cite claim column comment complain concede
    conclude conference confirm contend continue counter cry declare decry
    defend demand deny describe disclose dismiss email emphasise emphasize
    exclaim explain gush insist interview joke lament letter maintain memo
    mention mock note object observe offer op-ed opine pledge point post
    praise proclaim promise pronounce propose protest quip quote read
    recall recount reiterate release remark remarks repeat reply report
    respond retort reveal say scoff scream shout speak speech state
    statement stress suggest swear talk tell testify testimony thank tout
    tweet urge vow warn write yell
    """.split()
)
IRREGULAR_LEMMAS = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "spoke": "speak", "spoken": "speak", "swore": "swear", "sworn": "swear",
    "read": "read", "cried": "cry", "replied": "reply", "denied": "deny",
    "testified": "testify",
}  # fmt: skip
QUOTE_CHARS = frozenset("\"“”„«»‘’'`")
DOUBLE_OPEN = frozenset("“„«")
DOUBLE_CLOSE = frozenset("”»")


def add_arguments(parser) -> None:
    """Add the evaluation's options to its subcommand parser."""
    parser.add_argument(
        "--polnear",
        default=DEFAULT_POLNEAR,
        metavar="DIR",
        help="a PolNeAR split folder (text/, attributions/) or the corpus root",
    )
    parser.add_argument("--split", default="dev", help="split under a corpus root (dev)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument(
        "--no-speed", action="store_true", help="skip timing bare spaCy for the speed ratio"
    )
    parser.add_argument(
        "--relation-filter",
        choices=("default", "on", "off"),
        default="default",
        help="the learned relation filter (README 'Learned relation filter'): as "
        "packaged (default), on, or off",
    )


def run(options: dict, out: TextIO) -> dict:
    """Evaluate the ingest pipeline on PolNeAR; print tables, return figures."""
    from django.conf import settings

    from claims.nlp.extraction import extract_claims_batch
    from claims.nlp.loading import get_nlp

    articles = read_split(options.get("polnear") or DEFAULT_POLNEAR, options.get("split", "dev"))
    if options.get("limit"):
        articles = articles[: options["limit"]]
    texts = [a.text for a in articles]
    model = settings.CLAIMS_SPACY_MODEL
    nlp = get_nlp(model)
    switch = options.get("relation_filter") or "default"
    if switch != "default":
        from claims.nlp.attribution import ATTRIBUTION_FACTORY
        from claims.nlp.attribution.relation_filter import load_filter

        nlp.get_pipe(ATTRIBUTION_FACTORY).relation_filter = load_filter(switch == "on")
    extract_claims_batch(texts[:2], nlp)  # warm up
    started = time.perf_counter()
    claims = extract_claims_batch(texts, nlp)
    ours = time.perf_counter() - started
    predictions = [relations_from_claims(article_claims) for article_claims in claims]
    figures = score(articles, predictions)
    figures["articles"] = len(articles)
    figures["speakers"] = speaker_figures(claims)
    if not options.get("no_speed"):
        figures["speed"] = speed(texts, model, ours, nlp)
    filtered = nlp.get_pipe("claim_attribution").relation_filter is not None
    figures["relation_filter"] = filtered
    title = f"claim_attribution ({model}, relation filter {'on' if filtered else 'off'})"
    print_report(figures, out, title=title)
    return figures


@dataclass(frozen=True)
class Predicted:
    """A predicted relation, as character parts like the gold ones."""

    source: Parts
    cue: Parts
    content: Parts


def relations_from_claims(claims: Iterable) -> list[Predicted]:
    """Return the attributed claims as relations; plain claims are none.

    Claims that share a cue are one relation with several content parts: a
    quote going on after "..., he said." is a claim per sentence in the
    product but one attribution in PolNeAR. An outlet credit ("...,
    Reuters reports") has no speaker: the outlet is the relation's source.
    A speaker's words inside an outlet's report ("The Times wrote that Trump
    had claimed X") are the outlet's relation, the outer one.
    """
    grouped: dict[tuple[int, int], list] = {}
    reports: dict[tuple[int, int], Predicted] = {}
    for claim in claims:
        if claim.report is not None:  # PolNeAR annotates the outer relation
            source, cue, content = claim.report.source, claim.report.cue, claim.report.content
            reports[(cue.start, cue.end)] = Predicted(
                ((source.start, source.end),),
                ((cue.start, cue.end),),
                ((content.start, content.end),),
            )
        elif claim.cue is not None:
            grouped.setdefault((claim.cue.start, claim.cue.end), []).append(claim)
    relations = list(reports.values())
    for (cue_start, cue_end), group in grouped.items():
        claim = group[0]
        source: Parts = ()
        if claim.source_phrase is not None:
            source = ((claim.source_phrase.start, claim.source_phrase.end),)
        elif claim.speaker is not None:
            source = ((claim.speaker.start, claim.speaker.end),)
        elif claim.reported_by:
            source = ((claim.reported_by[0].start, claim.reported_by[0].end),)
        parts = {(p.start, p.end) for c in group for p in _relation_parts(c)}
        relations.append(Predicted(source, ((cue_start, cue_end),), tuple(sorted(parts))))
    return relations


def _relation_parts(claim) -> list:
    """Return the content pieces of the relation a claim is a sentence of."""
    if claim.relation is not None:
        return claim.relation_parts or [claim.relation]
    return claim.content_parts or [claim.content]


# -- spans -----------------------------------------------------------------


def _trimmable(char: str) -> bool:
    return char.isspace() or char in QUOTE_CHARS or unicodedata.category(char)[0] == "P"


def normalize(text: str, parts: Parts) -> Parts:
    """Return parts trimmed at their ends, merged where only trim lies between.

    A span of punctuation only (the cue ":" in "Smith: We won") keeps its
    characters other than spaces.
    """
    if all(_trimmable(c) for s, e in parts for c in text[s:e]):
        kept = []
        for start, end in sorted(parts):
            piece = text[start:end]
            if piece.strip():
                left = len(piece) - len(piece.lstrip())
                right = len(piece) - len(piece.rstrip())
                kept.append((start + left, end - right))
        return tuple(kept)
    trimmed = []
    for start, end in sorted(parts):
        while start < end and _trimmable(text[start]):
            start += 1
        while end > start and _trimmable(text[end - 1]):
            end -= 1
        if start < end:
            trimmed.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in trimmed:
        if merged and all(_trimmable(c) for c in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def overlap(a: Parts, b: Parts) -> int:
    """Return how many characters two normalized spans share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


# -- classification ------------------------------------------------------


def lemma(word: str) -> str:
    """Return a crude lemma of an English verb or noun form."""
    word = word.lower()
    if word in IRREGULAR_LEMMAS:
        return IRREGULAR_LEMMAS[word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", ""), ("d", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + repl
            for candidate in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
                if candidate in SPEECH_LEMMAS:
                    return candidate
    return word


def is_speech(text: str, cue: Parts) -> bool:
    """Return whether a cue is an act of speech or writing, or punctuation."""
    cue_text = " ".join(text[s:e] for s, e in cue)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", cue_text)
    if not words:
        return bool(cue_text.strip())  # "—", ":" in `"..." ― Name`
    lowered = [w.lower() for w in words]
    if "according" in lowered:
        return True
    return any(lemma(w) in SPEECH_LEMMAS for w in words)


def quoted_mask(text: str) -> bytearray:
    """Return 1 for each character inside double quotation marks."""
    mask = bytearray(len(text))
    inside = False
    for i, char in enumerate(text):
        if char == "\n":
            inside = False
        elif char in DOUBLE_OPEN:
            inside = True
        elif char in DOUBLE_CLOSE:
            inside = False
        elif char == '"':
            inside = not inside
        elif inside:
            mask[i] = 1
    return mask


def constructions(text: str, mask: bytearray, relation) -> list[str]:
    """Return the construction labels of a relation (gold or predicted)."""
    labels = []
    letters = [i for s, e in relation.content for i in range(s, e) if text[i].isalnum()]
    if letters:
        share = sum(mask[i] for i in letters) / len(letters)
        labels.append("direct" if share >= 0.95 else "indirect" if share == 0 else "mixed")
    if "according to" in " ".join(text[s:e] for s, e in relation.cue).lower():
        labels.append("according to")
    if not relation.source:
        labels.append("no named source")
    return labels


CONSTRUCTIONS = ("direct", "indirect", "mixed", "according to", "no named source")


# -- scoring ---------------------------------------------------------------


class _Counts:
    """True positives, predicted and gold totals for one figure."""

    def __init__(self) -> None:
        self.tp_pred = self.tp_gold = self.pred = self.gold = 0

    def figures(self) -> dict:
        p = self.tp_pred / self.pred if self.pred else 0.0
        r = self.tp_gold / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f1": f, "predicted": self.pred, "gold": self.gold}


def pair(text: str, gold: Sequence, predicted: Sequence) -> dict[int, int]:
    """Return {predicted index: gold index}, by content overlap, largest first."""
    gold_content = [normalize(text, g.content) for g in gold]
    candidates = []
    for pi, p in enumerate(predicted):
        content = normalize(text, p.content)
        for gi, g in enumerate(gold_content):
            shared = overlap(content, g)
            if shared:
                candidates.append((-shared, pi, gi))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, pi, gi in sorted(candidates):
        if pi not in pairs and gi not in used:
            pairs[pi] = gi
            used.add(gi)
    return pairs


def score(articles: Sequence[Article], predictions: Sequence[Sequence]) -> dict:
    """Return the figures of predictions (one list per article) against gold."""
    tables = {"all": _new_table(), "speech": _new_table()}
    by_construction = {name: _Counts() for name in CONSTRUCTIONS}
    for article, predicted in zip(articles, predictions, strict=True):
        text = article.text
        gold = article.relations
        pairs = pair(text, gold, predicted)
        paired_gold = {gi: pi for pi, gi in pairs.items()}
        speech = [is_speech(text, g.cue) for g in gold]
        mask = quoted_mask(text)
        pred_speech = [
            speech[pairs[pi]] if pi in pairs else is_speech(text, p.cue)
            for pi, p in enumerate(predicted)
        ]
        for name, gold_kept, pred_kept in (
            ("all", [True] * len(gold), [True] * len(predicted)),
            ("speech", speech, pred_speech),
        ):
            table = tables[name]
            for gi, g in enumerate(gold):
                if gold_kept[gi]:
                    match = predicted[paired_gold[gi]] if gi in paired_gold else None
                    _count_gold(table, text, g, match)
            for pi, p in enumerate(predicted):
                if pred_kept[pi]:
                    _count_pred(table, text, p, gold[pairs[pi]] if pi in pairs else None)
        for gi, g in enumerate(gold):
            right = gi in paired_gold and _relation_right(text, g, predicted[paired_gold[gi]])
            for label in constructions(text, mask, g):
                by_construction[label].gold += 1
                by_construction[label].tp_gold += right
        for pi, p in enumerate(predicted):
            right = pi in pairs and _relation_right(text, gold[pairs[pi]], p)
            for label in constructions(text, mask, p):
                by_construction[label].pred += 1
                by_construction[label].tp_pred += right
    figures = {
        name: {
            match: {role: counts.figures() for role, counts in table[match].items()}
            for match in ("exact", "overlap")
        }
        | {"relation": table["relation"].figures()}
        for name, table in tables.items()
    }
    figures["constructions"] = {name: c.figures() for name, c in by_construction.items()}
    return figures


def _new_table() -> dict:
    return {
        "exact": {role: _Counts() for role in ROLES},
        "overlap": {role: _Counts() for role in ROLES},
        "relation": _Counts(),
    }


def _matches(text: str, a: Parts, b: Parts) -> tuple[bool, bool]:
    """Return (exact, overlap) match of two spans, both present."""
    a, b = normalize(text, a), normalize(text, b)
    return a == b and bool(a), overlap(a, b) > 0


def _relation_right(text: str, gold: Relation, predicted) -> bool:
    for role in ROLES:
        g, p = getattr(gold, role), getattr(predicted, role)
        if not g and not p and role == "source":
            continue
        if not (g and p and _matches(text, g, p)[1]):
            return False
    return True


def _count_gold(table: dict, text: str, gold: Relation, predicted) -> None:
    for role in ROLES:
        g = getattr(gold, role)
        if not g:
            continue
        table["exact"][role].gold += 1
        table["overlap"][role].gold += 1
        p = getattr(predicted, role) if predicted is not None else ()
        if p:
            exact, over = _matches(text, g, p)
            table["exact"][role].tp_gold += exact
            table["overlap"][role].tp_gold += over
    table["relation"].gold += 1
    table["relation"].tp_gold += predicted is not None and _relation_right(text, gold, predicted)


def _count_pred(table: dict, text: str, predicted, gold: Relation | None) -> None:
    for role in ROLES:
        p = getattr(predicted, role)
        if not p:
            continue
        table["exact"][role].pred += 1
        table["overlap"][role].pred += 1
        g = getattr(gold, role) if gold is not None else ()
        if g:
            exact, over = _matches(text, g, p)
            table["exact"][role].tp_pred += exact
            table["overlap"][role].tp_pred += over
    table["relation"].pred += 1
    table["relation"].tp_pred += gold is not None and _relation_right(text, gold, predicted)


# -- speakers --------------------------------------------------------------


def speaker_figures(claims_per_article: Sequence[Sequence]) -> dict:
    """Count claims with a named speaker, an unnamed source and none, per
    article, and the Speaker rows storing them would create (issue #20).

    Rows follow services/speakers.py: names compared by key, a surname known
    in one article only is that article's own row. "generic" counts rows
    whose name is a description ("mayor", "experts"), which should be none.
    """
    from claims.nlp.speakers import name_is_generic, speaker_is_shared, speaker_key

    counts = {"named": [], "unnamed": [], "none": []}
    rows: dict[tuple[str, int | None], str] = {}
    for index, claims in enumerate(claims_per_article):
        tally = dict.fromkeys(counts, 0)
        for claim in claims:
            speaker = claim.speaker
            if speaker is None:
                tally["none"] += 1
            elif getattr(speaker, "unnamed", False):
                tally["unnamed"] += 1
            else:
                tally["named"] += 1
                shared = speaker_is_shared(name=speaker.canonical, kind=speaker.kind)
                key = (speaker_key(speaker.canonical), None if shared else index)
                rows.setdefault(key, speaker.canonical)
        for name, value in tally.items():
            counts[name].append(value)
    articles = max(1, len(claims_per_article))
    generic = sorted({name for name in rows.values() if name_is_generic(name)})
    return {
        "claims": {
            name: {
                "total": sum(values),
                "per_article": sum(values) / articles,
                "articles_with": sum(1 for v in values if v),
            }
            for name, values in counts.items()
        },
        "speaker_rows": len(rows),
        "shared_rows": sum(1 for _, scope in rows if scope is None),
        "generic_rows": len(generic),
        "generic_examples": generic[:10],
    }


# -- speed -----------------------------------------------------------------


def speed(texts: list[str], model: str, ours_seconds: float, nlp) -> dict:
    """Return words/s of the pipeline and of bare spaCy on the same texts.

    Bare spaCy runs twice: on the whole texts, and on the paragraphs the
    pipeline parses (padding in a batch makes long Docs slower, so this is
    the fairer and faster baseline; the slowdown is against the faster).
    Each is timed again alternately and its best time kept, so other jobs
    on the machine weigh on all alike.
    """
    import spacy

    from claims.nlp.extraction import _chunks, extract_claims_batch

    words = sum(len(t.split()) for t in texts)
    paragraphs = [chunk.text for i, t in enumerate(texts) for chunk in _chunks(i, t)]
    bare = spacy.load(model)
    times: dict[str, list[float]] = {"ours": [ours_seconds], "texts": [], "paragraphs": []}
    for _ in range(2):
        for name, run in (
            ("texts", lambda: list(bare.pipe(texts))),
            ("paragraphs", lambda: list(bare.pipe(paragraphs, batch_size=64))),
            ("ours", lambda: extract_claims_batch(texts, nlp)),
        ):
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    rate = {name: words / min(seconds) for name, seconds in times.items()}
    return {
        "words": words,
        "ours_words_per_s": rate["ours"],
        "bare_spacy_words_per_s": rate["texts"],
        "bare_spacy_paragraphs_words_per_s": rate["paragraphs"],
        "slowdown": max(rate["texts"], rate["paragraphs"]) / rate["ours"],
    }


# -- report ----------------------------------------------------------------


def print_report(figures: dict, out: TextIO, title: str) -> None:
    """Print both tables, the construction breakdown and the speed line."""
    for name, label in (("all", "all relations"), ("speech", "speech only")):
        print_table(figures[name], out, f"{title}: {label}")
    out.write("\nby construction (whole relation, overlap)\n")
    out.write(f"{'construction':<17}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}\n")
    for name, row in figures["constructions"].items():
        out.write(
            f"{name:<17}{row['p']:>7.3f}{row['r']:>7.3f}{row['f1']:>7.3f}"
            f"{row['predicted']:>7}{row['gold']:>7}\n"
        )
    if "speakers" in figures:
        print_speakers(figures["speakers"], out)
    if "speed" in figures:
        s = figures["speed"]
        out.write(
            f"\nspeed: {s['ours_words_per_s']:,.0f} words/s end to end; bare spaCy "
            f"{s['bare_spacy_words_per_s']:,.0f} words/s on the same {s['words']:,} words "
            f"as whole texts, {s['bare_spacy_paragraphs_words_per_s']:,.0f} words/s as "
            f"paragraphs; {s['slowdown']:.2f}x the time of the faster\n"
        )


def print_speakers(speakers: dict, out: TextIO) -> None:
    """Print claims per article by kind of source, and the Speaker rows."""
    out.write("\nclaims per article by source (none: no source, bare statements included)\n")
    out.write(f"{'source':<17}{'claims':>8}{'per article':>13}{'articles with':>15}\n")
    labels = {"named": "named speaker", "unnamed": "unnamed source", "none": "none"}
    for name, label in labels.items():
        row = speakers["claims"][name]
        out.write(
            f"{label:<17}{row['total']:>8}{row['per_article']:>13.2f}{row['articles_with']:>15}\n"
        )
    out.write(
        f"speaker rows: {speakers['speaker_rows']} ({speakers['shared_rows']} shared across "
        f"articles), generic names among them: {speakers['generic_rows']}"
        + (f" ({', '.join(speakers['generic_examples'])})" if speakers["generic_rows"] else "")
        + "\n"
    )


def print_table(table: dict, out: TextIO, title: str) -> None:
    """Print one table: P/R/F1 per role, exact and overlap, and relations."""
    out.write(f"\n{title}\n")
    out.write(f"{'':<10}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>11}{'R':>7}{'F1':>7}"
              f"{'pred':>7}{'gold':>7}\n")  # fmt: skip
    for role in ROLES:
        e, o = table["exact"][role], table["overlap"][role]
        out.write(
            f"{role:<10}{e['p']:>9.3f}{e['r']:>7.3f}{e['f1']:>7.3f}"
            f"{o['p']:>11.3f}{o['r']:>7.3f}{o['f1']:>7.3f}{o['predicted']:>7}{o['gold']:>7}\n"
        )
    r = table["relation"]
    out.write(
        f"{'relation':<10}{'':>23}{r['p']:>11.3f}{r['r']:>7.3f}{r['f1']:>7.3f}"
        f"{r['predicted']:>7}{r['gold']:>7}\n"
    )
