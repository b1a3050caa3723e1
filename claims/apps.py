from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the model checks)
        from . import signals  # noqa: F401  (connects the receivers)
