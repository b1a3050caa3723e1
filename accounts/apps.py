from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Each user's settings that are not a role: the interface's language
    (issue #26), kept on the server so that it follows the user from one
    browser to another."""

    name = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login receiver)
