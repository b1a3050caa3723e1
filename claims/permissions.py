"""API permissions (DRF): the web UI's rule, a newsroom role, for every endpoint."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from . import selectors

ROLE_REQUIRED = (
    "Your account has no newsroom role (Fact-checkers, Editors or Admins), "
    "or it is deactivated."
)


class HasNewsroomRole(BasePermission):
    """Admit an active user holding a newsroom role; anonymous callers get
    401, signed-in callers without a role 403.

    The role is read from the user's groups on every request, so a
    fact-checker removed from their group loses access with the token they
    already hold. The default of REST_FRAMEWORK and of the schema and docs.
    """

    message = ROLE_REQUIRED

    def has_permission(self, request, view) -> bool:
        return selectors.user_has_newsroom_role(user=request.user)
