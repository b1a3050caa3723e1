from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Other systems hear of verdicts (issue #24): endpoints managed in the
    admin, each with its own secret and events, and a log of deliveries."""

    name = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"
