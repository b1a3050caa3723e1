"""Create the first admin from the environment, once (docker-compose's web runs it)."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.services.accounts import admin_ensure

# Django's own names, as `createsuperuser --noinput` reads them.
USERNAME, PASSWORD, EMAIL = (
    "DJANGO_SUPERUSER_USERNAME",
    "DJANGO_SUPERUSER_PASSWORD",
    "DJANGO_SUPERUSER_EMAIL",
)
# .env.example's placeholder: an admin with a published password is refused.
PLACEHOLDER = "change-me"


class Command(BaseCommand):
    help = (
        f"Create a superuser in the Admins role from {USERNAME} and {PASSWORD} "
        f"({EMAIL} optional) unless that user exists; nothing when they are unset."
    )

    def handle(self, *args, **options):
        username, password = os.environ.get(USERNAME, ""), os.environ.get(PASSWORD, "")
        if not username:
            self.stdout.write(f"No first admin to create ({USERNAME} is unset).")
            return
        if not password:
            raise CommandError(f"{USERNAME} is set: set {PASSWORD} too.")
        if password.startswith(PLACEHOLDER):
            raise CommandError(
                f"{PASSWORD} is .env.example's placeholder: set a password of your own."
            )
        try:
            user, created = admin_ensure(
                username=username, password=password, email=os.environ.get(EMAIL, "")
            )
        except ValidationError as exc:
            raise CommandError(f"{PASSWORD}: {' '.join(exc.messages)}") from exc
        if created:
            self.stdout.write(f"Created the admin {user.username}.")
        else:
            self.stdout.write(f"The user {user.username} exists; left as it is.")
