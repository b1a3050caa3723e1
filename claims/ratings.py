"""The verdict rating scale, read from settings.CLAIMS_RATING_SCALE.

Each rating has a key (stored on verdicts), a name for readers and a number
for ClaimReview's Rating (https://schema.org/Rating), whose ratingValue lies
between worstRating and bestRating. The default numbers run along one axis,
how true the claim is: True 5, Mostly true 4, Mixed 3, Mostly false 2,
False 1.

- Misleading is 2: its facts may be accurate, but readers who accept it come
  away believing something false, the same outcome as a "Mostly false" claim.
  The name keeps the distinction; the number keeps averages honest.
- Unproven and Satire have no number. An unproven claim has no truth value yet
  and satire makes no factual claim, so any number would state a degree of
  truth that was never found. ClaimReview then carries only the name
  (alternateName), which its schema allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

RATING_UNKNOWN = "Unknown rating {rating!r}; choose one of: {choices}."


@dataclass(frozen=True)
class Rating:
    key: str
    name: str
    value: int | None


def rating_scale() -> list[Rating]:
    """Return the configured ratings in their configured order."""
    return [Rating(key, name, value) for key, name, value in settings.CLAIMS_RATING_SCALE]


def rating_get(key: str) -> Rating:
    """Return the rating with this key; raise KeyError with a readable message."""
    for rating in rating_scale():
        if rating.key == key:
            return rating
    choices = ", ".join(r.key for r in rating_scale())
    raise KeyError(RATING_UNKNOWN.format(rating=key, choices=choices))


def rating_claimreview(key: str) -> dict:
    """Return ClaimReview's reviewRating fields for a rating key."""
    rating = rating_get(key)
    review = {"@type": "Rating", "alternateName": rating.name}
    values = [r.value for r in rating_scale() if r.value is not None]
    if rating.value is not None:
        review.update(ratingValue=rating.value, bestRating=max(values), worstRating=min(values))
    return review
