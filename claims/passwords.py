"""A password "validator" that validates nothing: Django calls every
validator's password_changed() whenever a password is set and saved (web
change and reset, admin, `changepassword`, set_password() anywhere), the one
hook all those paths share. This one revokes the user's API tokens there."""

from __future__ import annotations


class RevokeApiTokensOnPasswordChange:
    """Delete the user's API tokens when their password changes."""

    def validate(self, password: str, user=None) -> None:
        return None

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.pk is not None:
            from .services import api_tokens_revoke

            api_tokens_revoke(user=user)

    def get_help_text(self) -> str:
        return "Changing your password revokes your API tokens."
