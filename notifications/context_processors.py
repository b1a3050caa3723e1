"""The bell: the signed-in person's unread count on every page."""

from claims.selectors import user_has_newsroom_role

from .selectors import notification_unread_count


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user_has_newsroom_role(user=user):
        return {}
    return {"notifications_unread": notification_unread_count(user=user)}
