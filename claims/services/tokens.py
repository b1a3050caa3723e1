"""API tokens (django-rest-knox): issue one, revoke a user's.

knox stores a SHA-512 digest of each token, never the token, with an expiry
(REST_KNOX["TOKEN_TTL"]); the token itself is shown once, when issued.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from knox.models import AuthToken


def api_token_create(*, user: AbstractBaseUser) -> tuple[AuthToken, str]:
    """Issue a new token for user; return its row (digest, expiry) and the
    token itself, which nothing stores."""
    return AuthToken.objects.create(user=user)


def api_tokens_revoke(*, user: AbstractBaseUser) -> int:
    """Delete every API token of user (password change, "log out everywhere")."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
