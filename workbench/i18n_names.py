"""Names that come from settings rather than code, marked so that
`make messages` puts them in the catalogs (README "Languages of the
interface"): the default rating scale (CLAIMS_RATING_SCALE). A newsroom
that configures other names adds them here to have them translated; a name
without a translation is shown as configured. Nothing imports this module.
"""

from django.utils.translation import pgettext_noop

RATING_NAMES = (
    pgettext_noop("rating", "True"),
    pgettext_noop("rating", "Mostly true"),
    pgettext_noop("rating", "Mixed"),
    pgettext_noop("rating", "Mostly false"),
    pgettext_noop("rating", "False"),
    pgettext_noop("rating", "Misleading"),
    pgettext_noop("rating", "Unproven"),
    pgettext_noop("rating", "Satire"),
)
