from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """People are told when desk work waits for them (issue #24): in the app
    (a bell, a list) and by email, at once or in a daily digest."""

    name = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"
