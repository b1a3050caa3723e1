from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .services import SESSION_LANGUAGE_KEY, language_is_offered, profile_set_language


@require_POST
def language_set(request):
    """Django's set_language (the cookie, then back to `next`), and for a
    signed-in user the choice kept on the server too (CSRF-checked)."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language_is_offered(language):
        profile_set_language(user=request.user, language=language)
        request.session[SESSION_LANGUAGE_KEY] = language
    return response
