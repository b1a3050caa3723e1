"""A focused coreference resolver for speakers within one article.

coreferee's model cannot be installed here, and speakers only need three
cheap rules: a later surname points back to the full name, a pronoun points
to the nearest fitting entity before it, and "the ministry"-like phrases
point to the nearest organisation with that head noun.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

PERSON = "person"
ORGANIZATION = "organization"
OTHER = "other"

# NER labels (spaCy's OntoNotes scheme) mapped onto speaker kinds.
LABEL_KINDS = {"PERSON": PERSON, "ORG": ORGANIZATION, "NORP": ORGANIZATION, "GPE": ORGANIZATION}

# Leading words that are a title or article, not part of the canonical name.
TITLES = frozenset(
    """
    admiral ambassador amb. attorney capt. captain chancellor chief col. colonel
    commander congressman congresswoman deputy dr dr. former gen. general gov.
    governor judge justice king lieutenant lt. maj. major mayor minister mr mr.
    mrs mrs. ms ms. pope premier president prime prince princess prof.
    professor queen rep. representative rev. secretary sen. senator sergeant
    sgt. sheikh sir spokesman spokeswoman
    """.split()
)
ARTICLES = frozenset({"the", "a", "an"})
# Titles that say nothing about a speaker's role ("Mr. Rubio").
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir"})
DEMONSTRATIVES = frozenset({"the", "this", "that"})

# Head nouns of phrases that name an organisation ("the ministry").
ORG_NOUNS = frozenset(
    """
    administration agency alliance army authorities authority bank board
    bureau cabinet campaign coalition commission committee company congress
    corporation council court department embassy firm force forces government
    group institute kremlin military ministry navy newspaper office
    organisation organization parliament party police regime senate service
    union university
    """.split()
)

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "i", "me", "you"})
PRONOUN_GENDERS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
TITLE_GENDERS = {
    "mr": "male", "mr.": "male", "mrs": "female", "mrs.": "female",
    "ms": "female", "ms.": "female", "miss": "female",
}  # fmt: skip
ORG_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us"})

# Pronouns only look this many mentions back, which keeps resolution linear
# in article length and mirrors how far readers carry a referent.
PRONOUN_WINDOW = 40


@dataclass(frozen=True)
class Entity:
    """A discourse entity: its canonical name and speaker kind."""

    canonical: str
    kind: str


def canonical_name(text: str) -> str:
    """Return text without leading articles, titles and a trailing possessive.

    A title goes only before a name: "the former president" keeps "former".
    """
    words = text.split()
    while len(words) > 1 and (
        words[0].lower() in ARTICLES
        or (words[0].lower() in TITLES and words[1][:1].isupper())
    ):
        words = words[1:]
    name = " ".join(words)
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _name_words(name: str) -> set[str]:
    """Return the lower-cased words of a name, hyphen parts included."""
    words = set()
    for word in name.lower().split():
        words.add(word)
        words.update(word.split("-"))
    return words


def _name_keys(name: str) -> set[str]:
    """Return the lower-cased surname forms a later mention may use."""
    last = name.split()[-1].lower()
    keys = {last}
    if "-" in last:  # "al-Assad" is later written "Assad"
        keys.add(last.rsplit("-", 1)[-1])
    return keys


class CorefResolver:
    """Resolve speaker mentions of one article, fed in text order."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._mentions: list[Entity] = []
        self._people: dict[str, Entity] = {}  # surname key -> person
        self._names: dict[str, Entity] = {}  # canonical (lower) -> entity
        self._genders: dict[Entity, str] = {}  # from "Mr."/"Ms." or a pronoun

    def observe(self, text: str, start: int, label: str = "", title: str = "") -> Entity:
        """Register a named mention at character offset start; return it.

        title is the word before the mention; "Mr."/"Ms." tell a gender
        that later "he"/"she" must agree with.
        """
        entity = self._lookup_name(text, label)
        gender = TITLE_GENDERS.get(title.lower())
        if gender is not None and entity.kind == PERSON:
            self._genders[entity] = gender
        index = bisect.bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._mentions.insert(index, entity)
        return entity

    def resolve(self, text: str, start: int, label: str = "") -> Entity:
        """Return the entity a mention at start refers to.

        Pronouns and "the ministry"-like phrases look back from start; names
        are resolved (and registered) through observe().
        """
        lower = text.lower()
        if lower in PERSON_PRONOUNS:
            gender = PRONOUN_GENDERS.get(lower)
            entity = self._nearest(
                start, {PERSON}, lambda e: self._genders.get(e, gender) == gender
            )
            if entity is None:
                return Entity(text, PERSON)
            if gender is not None:
                self._genders.setdefault(entity, gender)
            return entity
        if lower in ORG_PRONOUNS:
            return self._nearest(start, {ORGANIZATION}) or Entity(text, ORGANIZATION)
        if lower in PLURAL_PRONOUNS:
            return self._nearest(start, {ORGANIZATION, PERSON}) or Entity(text, OTHER)
        words = text.split()
        if (
            len(words) > 1
            and words[0].lower() in DEMONSTRATIVES
            and words[-1].lower() in ORG_NOUNS
            and all(w.islower() for w in words[1:])
        ):
            head = words[-1].lower()
            return self._nearest(
                start, {ORGANIZATION}, lambda e: head in e.canonical.lower()
            ) or Entity(canonical_name(text), ORGANIZATION)
        return self.observe(text, start, label)

    def _lookup_name(self, text: str, label: str) -> Entity:
        """Return the known entity for a name, registering a new one."""
        name = canonical_name(text)
        if not name:
            return Entity(text, OTHER)
        keys = _name_keys(name)
        person = next((self._people[k] for k in keys if k in self._people), None)
        if person is not None and _name_words(name) <= _name_words(person.canonical):
            return person  # a shorter later mention: "Kartapolov"
        known = self._names.get(name.lower())
        if known is not None:
            return known
        kind = LABEL_KINDS.get(label) or _kind_from_words(name)
        entity = Entity(name, kind)
        self._names[name.lower()] = entity
        if kind == PERSON:
            for key in keys:
                self._people[key] = entity
        return entity

    def _nearest(
        self,
        start: int,
        kinds: set[str],
        accept: Callable[[Entity], bool] | None = None,
    ) -> Entity | None:
        """Return the closest preceding mention of a fitting kind."""
        index = bisect.bisect_left(self._starts, start)
        for i in range(index - 1, max(index - 1 - PRONOUN_WINDOW, -1), -1):
            entity = self._mentions[i]
            if entity.kind in kinds and (accept is None or accept(entity)):
                return entity
        return None


def _kind_from_words(name: str) -> str:
    """Guess a kind for a mention the NER did not label."""
    words = name.lower().split()
    if words and words[-1] in ORG_NOUNS:
        return ORGANIZATION
    return OTHER
