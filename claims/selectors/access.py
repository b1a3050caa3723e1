"""Reads: who may use the newsroom's pages, exports, reports and API."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from ..roles import NEWSROOM_PERMISSIONS


def user_has_newsroom_role(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Return whether user is signed in, active and holds a newsroom role.

    A role is the permission its group holds (claims/roles.py). Read on every
    request from the user's current groups, so removing someone from their
    group, or deactivating them, takes effect at their next request, whatever
    their session or token.
    """
    return bool(
        user.is_authenticated
        and user.is_active
        and any(user.has_perm(perm) for perm in NEWSROOM_PERMISSIONS)
    )
