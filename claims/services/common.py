"""What the desk's services share: permission checks, rule errors, history rows."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models


class WorkflowError(ValueError):
    """A desk rule refused the change; the message says which rule."""


def require_permission(user: AbstractBaseUser | None, perm: str, message: str) -> None:
    """Raise PermissionDenied(message) unless the active user holds perm."""
    if user is None or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied(message)


def history_as(instance: models.Model, *, by: AbstractBaseUser | None, reason: str = "") -> None:
    """Attribute the history row of instance's next save or delete to `by`.

    Outside a request (tasks, commands, tests) the history middleware knows
    no user, so services name it.
    """
    instance._history_user = by
    instance._change_reason = reason


def history_record(
    *, instances: Sequence[models.Model], by: AbstractBaseUser | None, reason: str = ""
) -> None:
    """Write "changed" history rows for rows written by a queryset UPDATE.

    An UPDATE sends no save signals, so django-simple-history would miss it;
    the instances must hold the values now in the database.
    """
    for instance in instances:
        history_as(instance, by=by, reason=reason)
    if instances:
        type(instances[0]).history.bulk_history_create(instances, update=True)
