"""A signed-in user's chosen language wins over the browser's.

Runs after LocaleMiddleware (which read the language cookie and
Accept-Language) and AuthenticationMiddleware. The choice is read from the
session (put there at login and when it changes, so no query), activated for
the request, and written to the language cookie so that the login page after
a logout speaks it too.
"""

from django.conf import settings
from django.utils import translation

from .services import SESSION_LANGUAGE_KEY, language_is_offered


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.chosen_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    @staticmethod
    def chosen_language(request) -> str:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is None or user is None or not user.is_authenticated:
            return ""
        language = session.get(SESSION_LANGUAGE_KEY, "")
        return language if language_is_offered(language) else ""
