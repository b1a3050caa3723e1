"""Moderation in the Django admin: declarative, actions call services.

Editors and admins moderate here (claims/admin_site.py refuses everyone
else). An action that needs a reason or a choice first shows an intermediate
page, as delete_selected does. Each selected row is applied on its own, and
each refusal is reported with message_user, never as an error page.

By area, in the order a claim lives: base (the intermediate pages' forms and
the moderation base classes), articles (and speakers), claims (skips,
related-claim links), library, verdicts (evidence, status changes,
revisions), moderation (the log). Importing them registers their ModelAdmins.
"""

from . import articles, base, claims, library, moderation, verdicts  # noqa: F401
