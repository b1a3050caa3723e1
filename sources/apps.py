from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """Content that flows in by itself (issue #23): articles fetched by URL
    and the feeds and sitemaps watched on a schedule."""

    name = "sources"
    verbose_name = "Sources and fetching"
    default_auto_field = "django.db.models.BigAutoField"
