"""At login, the user's chosen language is put in the session (read on
every request by accounts.middleware, without a query)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .selectors import profile_language
from .services import SESSION_LANGUAGE_KEY


@receiver(user_logged_in, dispatch_uid="accounts.language_on_login")
def language_on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return  # e.g. an API token login (knox) with no session
    language = profile_language(user=user)
    if language:
        request.session[SESSION_LANGUAGE_KEY] = language
    else:
        request.session.pop(SESSION_LANGUAGE_KEY, None)
