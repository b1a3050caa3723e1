"""Writes of a user's own settings."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Profile

# The session remembers the signed-in user's language, so that a request
# reads it without a query (set at login and when it changes).
SESSION_LANGUAGE_KEY = "accounts_language"


def language_is_offered(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def profile_set_language(*, user: AbstractBaseUser, language: str) -> Profile:
    """Store the user's language ("" for the browser's)."""
    if language and not language_is_offered(language):
        raise ValidationError(_("This language is not offered."))
    profile, _created = Profile.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return profile
