"""Reads of a user's own settings."""

from django.contrib.auth.models import AbstractBaseUser

from .models import Profile


def profile_language(*, user: AbstractBaseUser) -> str:
    """The user's chosen language, or "" for the browser's."""
    return Profile.objects.filter(user=user).values_list("language", flat=True).first() or ""
