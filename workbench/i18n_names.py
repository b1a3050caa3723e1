"""Names shown to users that are not marked where they are defined,
marked here so that `make messages` puts them in the catalogs (README
"Languages of the interface"); nothing imports this module.

- The default rating scale (settings CLAIMS_RATING_SCALE), context "rating"
  (pgettext_lazy: Django has no pgettext_noop; nothing is evaluated here):
  a newsroom that configures other names adds them here to have them
  translated; a name without a translation is shown as configured.
- The models' choice labels (claims/models): the models keep plain English
  labels, so that what services store from them (audit notes, history)
  stays English whoever acts; templates and forms translate them when they
  show them. tests/test_i18n.py checks that every label has a translation.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

RATING_NAMES = (
    pgettext_lazy("rating", "True"),
    pgettext_lazy("rating", "Mostly true"),
    pgettext_lazy("rating", "Mixed"),
    pgettext_lazy("rating", "Mostly false"),
    pgettext_lazy("rating", "False"),
    pgettext_lazy("rating", "Misleading"),
    pgettext_lazy("rating", "Unproven"),
    pgettext_lazy("rating", "Satire"),
)

CHOICE_LABELS = (
    # Article.Status
    gettext_noop("Pending"),
    gettext_noop("Processing"),
    gettext_noop("Done"),
    gettext_noop("Failed"),
    # Claim.QuoteType
    gettext_noop("Direct quote"),
    gettext_noop("Indirect speech"),
    gettext_noop("Mixed quote"),
    gettext_noop("Reported (no named source)"),
    gettext_noop("Unattributed"),
    gettext_noop("Question or request (not a claim)"),
    # Claim.QueueState
    gettext_noop("Below check-worthiness threshold"),
    gettext_noop("Queued"),
    gettext_noop("Assigned"),
    gettext_noop("Skipped"),
    gettext_noop("Verdict in review"),
    # ClaimSkip.Reason
    gettext_noop("Not check-worthy"),
    gettext_noop("Duplicate"),
    gettext_noop("Out of scope"),
    gettext_noop("Needs expertise"),
    # ClaimRelation.Tier and .Decision
    gettext_noop("Related"),
    gettext_noop("Same claim"),
    gettext_noop("Confirmed"),
    gettext_noop("Rejected"),
    # Verdict.Status
    gettext_noop("Draft"),
    gettext_noop("Submitted"),
    gettext_noop("Changes requested"),
    gettext_noop("Approved"),
    gettext_noop("Published"),
    gettext_noop("Corrected"),
    gettext_noop("Retracted"),
    # Evidence.Stance
    gettext_noop("Supports the claim"),
    gettext_noop("Refutes the claim"),
    gettext_noop("Context"),
)
