"""Writes: accounts created by deployment, not by people (the first admin)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from ..roles import Role


@transaction.atomic
def admin_ensure(*, username: str, password: str, email: str = "") -> tuple[AbstractBaseUser, bool]:
    """Create a superuser in the Admins role unless username exists; return
    it and whether it was created.

    An existing account is left as it is (its password may have been changed
    since), so running this at every start is safe. The password must pass
    AUTH_PASSWORD_VALIDATORS (ValidationError otherwise).
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = User(username=username, email=email, is_staff=True, is_superuser=True)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=Role.ADMIN))
    return user, True
