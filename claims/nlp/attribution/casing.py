"""Title-case headlines, parsed as the sentence they would be in running text.

The small English model reads capitalised words as names: in "Senators Blast
Harbour Chief Over Missing Funds" it takes "Blast Harbour Chief" for a
person, who then speaks for every later "Chief" in the article. This
component runs before the attribution rules. When a Doc is one line in
Title Case, it parses a sentence-cased copy of the same length ("Senators
blast Harbour chief over missing funds") and puts that parse (tags, lemmas,
dependencies, entities) on the Doc, whose text stays as written: every
offset maps one to one. A heading with no verb of saying then names no one.

Which words lose their capital: stop words ("Over", "As"), verbs (a word the
parser reads as a verb in a lower-cased copy: "Blast", "Impedes", "Goes"),
and reporting verbs' inflected forms ("Says", "Warned"); a word stays
capitalised when it is the first, in capitals ("NATO"), capitalised inside
("McBride"), or read as a name in the Title Case parse.
"""

from __future__ import annotations

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from claims.nlp.attribution.pipeline import ClaimAttribution
from claims.nlp.attribution.lexicon import CUE_LEMMAS, MAX_HEADLINE_TOKENS, XCOMP_LEMMAS

HEADLINE_CASE = "claim_headline_case"
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT"})
COPIED = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]


def _inflections(lemmas: frozenset[str]) -> frozenset[str]:
    """Return the -s and -ed forms of verbs ("says", "urges", "slammed")."""
    forms = {"said", "told", "thought", "knew", "wrote", "swore", "found", "saw"}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma + "s", lemma + "es", stem + "ed", lemma + lemma[-1] + "ed"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return frozenset(forms)


REPORTING_FORMS = _inflections(CUE_LEMMAS | XCOMP_LEMMAS | {"slam", "blast", "back", "hit"})


@Language.factory(HEADLINE_CASE)
def make_headline_case(nlp: Language, name: str) -> HeadlineCase:
    """Build the component; it reparses with the components before it."""
    return HeadlineCase(nlp, name)


class HeadlineCase:
    """Give a one-line Title Case Doc the parse of its sentence-cased copy."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP") or not is_title_case(doc):
            return doc
        lowered = self._parse(doc.text.lower())
        if lowered is None or len(lowered) != len(doc):
            return doc
        cased = self._parse(sentence_case(doc, lowered))
        if cased is None or [t.lower_ for t in cased] != [t.lower_ for t in doc]:
            return doc  # tokenised otherwise: keep the parse as it is
        doc.from_array(COPIED, cased.to_array(COPIED))
        return doc

    def _parse(self, text: str) -> Doc | None:
        """Return text run through the components before this one."""
        doc = self.nlp.make_doc(text)
        for name, component in self.nlp.pipeline:
            if name == self.name or isinstance(component, ClaimAttribution):
                break
            doc = component(doc)
        return doc


def is_title_case(doc: Doc) -> bool:
    """Return whether doc is one short line with every content word capitalised.

    "The Fare Gap Widens" and "Senators Blast Harbour Chief Over Missing
    Funds" are; "Senators blast the harbour chief" and "NATO WARNS" are not.
    """
    text = doc.text.strip()
    if not text or "\n" in text or len(doc) > MAX_HEADLINE_TOKENS:
        return False
    words = [t for t in doc if t.is_alpha and t.lower_ not in STOP_WORDS]
    if len(words) < 2 or all(t.is_upper for t in words):
        return False
    return all(t.text[0].isupper() for t in words)


def sentence_case(doc: Doc, lowered: Doc) -> str:
    """Return doc's text with headline capitals dropped, of the same length.

    lowered is the parse of doc's lower-cased copy, token for token. A word
    keeps its capital when that parse still reads it as a name ("john
    smith"), or when the Title Case parse put it in a name that holds no
    verb of the lower-cased parse ("Nordic Investment Fund", but not "Veto
    Power Impedes Peace Efforts").
    """
    chars = list(doc.text)
    first = next((t.i for t in doc if t.is_alpha), -1)
    for token, lower in zip(doc, lowered, strict=True):
        if token.i == first or not token.is_alpha or not token.is_title:
            continue  # the first word, "NATO", "McBride", "3rd"
        if len(token.text[0].lower()) != 1:
            continue  # one character for one: offsets stay
        if lower.pos_ == "PROPN" and token.lower_ not in REPORTING_FORMS:
            continue
        entity = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        if (
            entity is not None
            and entity.label_ in NAME_LABELS
            and token.lower_ not in STOP_WORDS | REPORTING_FORMS
            and not any(lowered[t.i].pos_ in {"VERB", "AUX"} for t in entity)
        ):
            continue
        chars[token.idx] = token.text[0].lower()
    return "".join(chars)
