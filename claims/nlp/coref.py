"""A focused coreference resolver for speakers within one article.

coreferee's model cannot be installed here, and speakers only need a few
cheap rules: a later surname points back to the full name (apostrophes
aside: "O'Neill" is "James O’Neill"), a pronoun points to the nearest
fitting entity before it ("it" first to the subject of a clause before, so
that "It showed ..." after "The treaty was signed by France" is the treaty,
not France), "the ministry"-like phrases point to the nearest organisation
with that head noun, and "the mayor" to the nearest person titled so
("Mayor Ann Lee"). A pronoun or description that finds nothing is an
unnamed source (Entity.named is False); see speakers.py.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from claims.nlp.speakers import DESCRIPTION, PRONOUN, PRONOUNS, form_from_words, speaker_key

PERSON = "person"
ORGANIZATION = "organization"
OTHER = "other"
# Not a speaker kind: the subject of a clause that is neither a person nor
# an organisation ("the treaty"), which "it" may refer to.
THING = "thing"

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
    corporation council court department embassy firm force forces fund government
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
# Abbreviated titles, by the noun a later description uses ("the senator").
TITLE_NOUNS = {
    "sen.": "senator", "gov.": "governor", "rep.": "representative", "gen.": "general",
    "capt.": "captain", "col.": "colonel", "lt.": "lieutenant", "maj.": "major",
    "sgt.": "sergeant", "amb.": "ambassador", "prof.": "professor", "rev.": "reverend",
    "congressman": "congressman", "congresswoman": "congresswoman",
}  # fmt: skip
# First words of a description that brings in someone new ("a mayor"),
# which refers back to nobody.
INDEFINITE = frozenset({"a", "an", "one", "some", "another", "any", "several", "many"})
# "it" looks back over this many clause subjects before it.
SUBJECT_WINDOW = 3
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us"})

# Pronouns only look this many mentions back, which keeps resolution linear
# in article length and mirrors how far readers carry a referent.
PRONOUN_WINDOW = 40


@dataclass(frozen=True)
class Entity:
    """A discourse entity: its canonical name and speaker kind.

    named is False for an unnamed source: a description or pronoun that
    refers to no name in the article; canonical is then the description
    without its article ("senior official"), or the pronoun as written.
    """

    canonical: str
    kind: str
    named: bool = True


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
    for word in speaker_key(name).split():
        words.add(word)
        words.update(word.split("-"))
    return words


def _ends_with(name: str, head: str) -> bool:
    """Return whether a name of more than one word ends with head."""
    words = speaker_key(name).split()
    return len(words) > 1 and words[-1] == head


def _name_keys(name: str) -> set[str]:
    """Return the lower-cased surname forms a later mention may use."""
    last = (speaker_key(name).split() or [""])[-1]
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
        self._subjects: list[bool] = []  # beside _mentions: a clause's subject
        self._titles: dict[Entity, set[str]] = {}  # person -> "mayor", "senator"

    def observe(
        self,
        text: str,
        start: int,
        label: str = "",
        title: str = "",
        *,
        roles: tuple[str, ...] = (),
        subject: bool = False,
    ) -> Entity:
        """Register a named mention at character offset start; return it.

        title is the word before the mention; "Mr."/"Ms." tell a gender
        that later "he"/"she" must agree with, "Mayor" a title that "the
        mayor" refers back by, as do roles (apposition heads: "Ann Lee, the
        city's mayor"). subject: the mention is a clause's subject.
        """
        entity = self._lookup_name(text, label)
        gender = TITLE_GENDERS.get(title.lower())
        if gender is not None and entity.kind == PERSON:
            self._genders[entity] = gender
        if entity.kind == PERSON:
            leading = text.split()[: max(0, len(text.split()) - len(entity.canonical.split()))]
            self.add_titles(entity, (title, *leading))
            self.add_titles(entity, roles, any_noun=True)
        self._insert(start, entity, subject)
        return entity

    def observe_subject(self, text: str, start: int) -> None:
        """Register a clause subject that names nothing ("the treaty", "the
        agency"): a later "it" may mean it, or what it refers to."""
        entity = self._resolve_description(text, start)
        self._insert(start, entity if entity.named else Entity(text, THING, named=False), True)

    def add_titles(self, entity: Entity, words, *, any_noun: bool = False) -> None:
        """Remember words a later description may name a person by: titles
        ("Mayor", "Sen."), or with any_noun the head of a role or apposition
        ("spokeswoman" of "a ministry spokeswoman")."""
        for word in words:
            lower = word.lower()
            noun = TITLE_NOUNS.get(lower, lower.rstrip("."))
            if lower in TITLES or noun in TITLES or (any_noun and word.isalpha()):
                self._titles.setdefault(entity, set()).add(noun)

    def _insert(self, start: int, entity: Entity, subject: bool) -> None:
        index = bisect.bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._mentions.insert(index, entity)
        self._subjects.insert(index, subject)

    def resolve(
        self, text: str, start: int, label: str = "", form: str = "", speech: bool = True
    ) -> Entity:
        """Return the entity a mention at start refers to.

        form is speakers.NAME, PRONOUN or DESCRIPTION as the parse tells it
        (guessed from the words when empty). Pronouns and descriptions look
        back from start; names are resolved (and registered) through
        observe(). speech: the cue is an act of speech, which a thing such
        as a treaty cannot perform, so "it said" skips things.
        """
        words = text.split()
        if not words:
            return Entity(text, OTHER, named=False)
        lower = text.lower()
        if not form:
            form = PRONOUN if lower in PRONOUNS else form_from_words(words, len(words) - 1)
        if form == PRONOUN:
            return self._resolve_pronoun(text, start, speech)
        if form == DESCRIPTION:
            return self._resolve_description(text, start)
        return self.observe(text, start, label)

    def _resolve_pronoun(self, text: str, start: int, speech: bool) -> Entity:
        lower = text.lower()
        if lower in PERSON_PRONOUNS:
            gender = PRONOUN_GENDERS.get(lower)
            entity = self._nearest(
                start, {PERSON}, lambda e: self._genders.get(e, gender) == gender
            )
            if entity is None:
                return Entity(text, PERSON, named=False)
            if gender is not None:
                self._genders.setdefault(entity, gender)
            return entity
        if lower in ORG_PRONOUNS:
            entity = self._salient_subject(start, speech) or self._nearest(start, {ORGANIZATION})
            if entity is None:
                return Entity(text, ORGANIZATION, named=False)
            if entity.kind == THING:
                return Entity(canonical_name(entity.canonical), OTHER, named=False)
            return entity
        if lower in PLURAL_PRONOUNS:
            entity = self._nearest(start, {ORGANIZATION, PERSON})
            return entity or Entity(text, OTHER, named=False)
        return Entity(text, OTHER, named=False)  # "who", "someone": nothing to go on

    def _salient_subject(self, start: int, speech: bool) -> Entity | None:
        """Return the organisation or thing that "it" at start most likely
        means: the nearest clause subject of either kind, of the last few."""
        index = bisect.bisect_left(self._starts, start)
        seen = 0
        for i in range(index - 1, max(index - 1 - PRONOUN_WINDOW, -1), -1):
            if not self._subjects[i]:
                continue
            entity = self._mentions[i]
            if entity.kind == ORGANIZATION or (entity.kind == THING and not speech):
                return entity
            seen += 1
            if seen >= SUBJECT_WINDOW:
                break
        return None

    def _resolve_description(self, text: str, start: int) -> Entity:
        """Return the named entity a description refers to, or an unnamed one.

        Only a definite description refers back ("the mayor", "the city's
        mayor", "the ministry"); "a senior official" and bare plurals
        ("experts") are unnamed sources.
        """
        words = text.split()
        head = canonical_name(words[-1]).lower()
        head = TITLE_NOUNS.get(head, head)
        definite = words[0].lower() not in INDEFINITE and (
            len(words) > 1 or words[0].lower() in DEMONSTRATIVES
        )
        kind = _kind_from_words(text)
        if definite:
            entity = self._nearest(start, {PERSON}, lambda e: head in self._titles.get(e, ()))
            if entity is not None:
                return entity
        if head in TITLES or head in TITLE_NOUNS.values():
            kind = PERSON
        if definite and head in ORG_NOUNS:
            # "the ministry" is "Russia's foreign ministry", "the fund" the
            # "Nordic Investment Fund"; a one-word "Fund" is no name to go to.
            entity = self._nearest(
                start,
                {ORGANIZATION},
                lambda e: e.named and _ends_with(e.canonical, head),
            )
            if entity is not None:
                return entity
            kind = ORGANIZATION
        return Entity(canonical_name(text), kind, named=False)

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
