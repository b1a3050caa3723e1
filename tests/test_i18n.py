"""The interface in English, Spanish and French (issue #26): the browser's
language, each user's choice, the public verdict page in the claim's
language, the API's error messages, and the committed catalogs.
"""

import gettext as gnu_gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile
from claims.models import Article, Claim, ClaimRelation, ClaimSkip, Evidence, Verdict
from tests.test_exports import published_verdict

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
LANGS = ("es", "fr")
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9,en;q=0.5"}
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
# What the signed-in layout's navigation and account area say in each language.
NAV = {
    "en": ["Desk", "Articles", "Add article", "Search", "Shortcuts", "Password", "Log out"],
    "es": [
        "Mesa",
        "Artículos",
        "Añadir artículo",
        "Buscar",
        "Atajos",
        "Contraseña",
        "Cerrar sesión",
    ],
    "fr": [
        "Pupitre",
        "Articles",
        "Ajouter un article",
        "Rechercher",
        "Raccourcis",
        "Mot de passe",
        "Se déconnecter",
    ],
}
# English words of the navigation that must not be left in a translated one
# ("Articles" and "API" are the same word in French and in English).
ENGLISH_NAV = ["Desk", "Add article", "Search", "Shortcuts", "Password", "Log out", "Admin"]


def po_path(lang: str) -> Path:
    return ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"


def text(response) -> str:
    return response.content.decode()


def header(page: str) -> str:
    """The layout's top bar: navigation, search, account, language switcher."""
    return page[page.index('<header class="topbar">') : page.index("</header>")]


def log_in(client) -> None:
    response = client.post(reverse("login"), {"username": "fiona", "password": "pw-fiona"})
    assert response.status_code == 302, text(response)


def visible(html: str) -> str:
    """The text between tags (no attributes, no option values)."""
    return re.sub(r"<[^>]+>", " ", html)


# --- The browser's language and the user's choice ----------------------------


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_desk_speaks_the_browsers_language(factchecker_client, lang):
    response = factchecker_client.get(
        reverse("claims:desk"), HTTP_ACCEPT_LANGUAGE=f"{lang};q=0.9"
    )
    page = text(response)
    assert response.status_code == 200
    assert response["Content-Language"] == lang
    assert f'<html lang="{lang}">' in page
    bar = visible(header(page))
    for words in NAV[lang]:
        assert words in bar, (lang, words)
    desk = {"en": "Take next claim", "es": "Tomar la siguiente afirmación", "fr": "File"}
    assert desk[lang] in page
    if lang != "en":
        left = [word for word in ENGLISH_NAV if re.search(rf"\b{word}\b", bar)]
        assert left == [], f"English left in the {lang} navigation: {left}"


def test_the_article_pages_and_forms_are_translated(factchecker_client):
    page = text(factchecker_client.get(reverse("claims:article_submit"), **SPANISH))
    assert "Añadir un artículo" in page and "Extraer afirmaciones" in page
    assert "…o suba un archivo" in page  # a form label
    page = text(factchecker_client.get(reverse("claims:article_list"), **FRENCH))
    assert "Aucun article pour l'instant." in page
    # A form error in the request's language (the English test asserts stay valid).
    response = factchecker_client.post(
        reverse("claims:article_submit"),
        {"text": "", "title": "", "published_on": "not a date"},
        **FRENCH,
    )
    assert "Ajouter un article" in text(response)


def test_a_claim_page_and_its_verdict_form_in_spanish(factchecker_client, factchecker):
    from tests.factories import ClaimFactory

    claim = ClaimFactory(assigned_to=factchecker)
    page = text(factchecker_client.get(claim.get_absolute_url(), **SPANISH))
    for words in ("Atribución", "Veredicto", "Empezar el veredicto", "Calificación", "Titular"):
        assert words in page, words
    assert "Sin atribuir" in page  # the quote type, a model choice label


def test_the_search_page_in_spanish_and_the_dashboard_in_french(
    client, factchecker_client, editor
):
    page = text(factchecker_client.get(reverse("claims:search"), {"q": "escuelas"}, **SPANISH))
    assert "<h1>Buscar</h1>" in page
    for words in ("Buscar por", "Palabras clave", "Acotar los resultados", "0 afirmaciones"):
        assert words in page, words
    client.force_login(editor)
    page = text(client.get(reverse("claims:dashboard"), **FRENCH))
    assert "<h1>Tableau de bord</h1>" in page
    for words in ("Délai avant le verdict", "Charge par vérificateur", "Depuis le début."):
        assert words in page, words


def test_the_error_pages_are_translated(client, factchecker_client):
    assert "No encontrado" in text(client.get("/no-such-page/", **SPANISH))
    assert "Introuvable" in text(client.get("/no-such-page/", **FRENCH))
    with translation.override("fr"):
        assert "Erreur du serveur" in render_to_string("500.html")
    with translation.override("es"):
        assert "Solicitud no aceptada" in render_to_string("400.html")
        assert "No permitido" in render_to_string("403.html")


def test_the_login_page_follows_the_browser(client):
    page = text(client.get(reverse("login"), **FRENCH))
    assert "Se connecter" in page and "Changer de langue" in page


def test_a_users_choice_is_kept_and_wins_over_the_browser(client, factchecker):
    client.force_login(factchecker)
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("claims:desk")}, **SPANISH
    )
    assert response.status_code == 302 and response["Location"] == reverse("claims:desk")
    assert Profile.objects.get(user=factchecker).language == "fr"
    # The browser asks for Spanish and sends no cookie: the profile still wins.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    page = text(client.get(reverse("claims:desk"), **SPANISH))
    assert "Pupitre" in visible(header(page)) and "Mesa" not in page


def test_the_choice_follows_the_user_to_a_new_browser(client, factchecker):
    Profile.objects.create(user=factchecker, language="es")
    log_in(client)  # user_logged_in
    response = client.get(reverse("claims:desk"), **FRENCH)
    assert "Mesa" in visible(header(text(response)))
    # ... and the cookie keeps it for the login page after a logout.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_without_a_choice_the_browser_decides(client, factchecker):
    log_in(client)
    assert "Pupitre" in text(client.get(reverse("claims:desk"), **FRENCH))
    assert "Mesa" in text(client.get(reverse("claims:desk"), **SPANISH))


def test_anyone_may_switch_but_only_offered_languages_are_kept(client, factchecker):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert Profile.objects.count() == 0  # nobody signed in: the cookie only
    client.force_login(factchecker)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert not Profile.objects.filter(user=factchecker).exists()
    assert client.get(reverse("set_language")).status_code == 405


# --- The public verdict page -------------------------------------------------


def published_in(factchecker, editor, language: str) -> Verdict:
    verdict = published_verdict(factchecker, editor)
    Article.objects.filter(pk=verdict.claim.article_id).update(language=language)
    return verdict


@pytest.mark.parametrize(
    ("language", "expected", "words"),
    [
        ("es", "es", ["Verificación de", "La afirmación", "Calificación:", "Falso"]),
        ("fr", "fr", ["Vérification par", "L'affirmation", "Évaluation :", "Faux"]),
        ("de", "en", ["Fact check by", "The claim", "Rating:", "False"]),  # no German UI
    ],
)
def test_the_public_page_is_in_the_claims_language(
    client, factchecker, editor, language, expected, words
):
    verdict = published_in(factchecker, editor, language)
    # Whatever the reader's browser asks for.
    response = client.get(reverse("public:verdict", args=[verdict.pk]), **SPANISH)
    page = text(response)
    assert response["Content-Language"] == expected
    assert f'<html lang="{expected}">' in page
    for word in words:
        assert word in page, word


def test_the_public_page_of_a_claim_in_its_own_language(client, factchecker, editor):
    verdict = published_in(factchecker, editor, "en")
    Claim.objects.filter(pk=verdict.claim_id).update(language="fr")  # a mixed article
    page = text(client.get(reverse("public:verdict", args=[verdict.pk])))
    assert "Vérification par" in page


# --- The API -----------------------------------------------------------------


def test_the_apis_error_messages_follow_accept_language(client, factchecker):
    anonymous = client.get("/api/claims/", **FRENCH)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["message"] == "Informations d'authentification non fournies."
    client.force_login(factchecker)
    missing = client.get("/api/claims/999999/", **FRENCH)
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "Non trouvé."
    assert client.get("/api/claims/999999/").json()["error"]["message"] == "Not found."


def test_the_api_schema_stays_in_english(client, factchecker):
    client.force_login(factchecker)
    english = client.get("/api/schema/").content
    assert client.get("/api/schema/", **FRENCH).content == english


# --- The catalogs --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    po = polib.pofile(str(po_path(lang)))
    assert po.metadata["Language"] == lang
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    untranslated = [e.msgid for e in po.untranslated_entries()]
    assert fuzzy == [] and untranslated == [], (fuzzy, untranslated)
    for entry in po.translated_entries():
        strings = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for placeholder in set(re.findall(r"%\(\w+\)s|\{\w+\}", entry.msgid)):
            if entry.msgid_plural and placeholder == "%(counter)s":
                continue
            assert all(placeholder in s for s in strings), (lang, entry.msgid, placeholder)


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_mo_is_compiled_from_the_po(lang):
    """The .mo Django loads says what the .po says: `make messages` was run
    after the last edit of the translations."""
    po = polib.pofile(str(po_path(lang)))
    with open(po_path(lang).with_suffix(".mo"), "rb") as handle:
        mo = gnu_gettext.GNUTranslations(handle)
    stale = []
    for entry in po.translated_entries():
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            got = [mo.ngettext(msgid, entry.msgid_plural, n) for n in (1, 5)]
            if entry.msgctxt:
                got = [
                    mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    for n in (1, 5)
                ]
            if got != [entry.msgstr_plural[0], entry.msgstr_plural[1]]:
                stale.append(entry.msgid)
        else:
            got = mo.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else mo.gettext(msgid)
            if got != entry.msgstr:
                stale.append(entry.msgid)
    assert stale == [], f"{lang}: run `make messages` ({len(stale)} stale: {stale[:5]})"


def marked_template_strings() -> set[str]:
    """The literal {% translate "..." %} strings of the marked templates."""
    found = set()
    dirs = [ROOT / "templates", ROOT / "claims" / "templates", ROOT / "notifications" / "templates"]
    for directory in dirs:
        for path in directory.rglob("*.html"):
            found |= set(re.findall(r'{% translate "([^"]+)"(?! context)', path.read_text()))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalog_has_every_marked_template_string(lang):
    """A string marked in a template but missing here: run `make messages`."""
    msgids = {e.msgid for e in polib.pofile(str(po_path(lang))) if not e.msgctxt}
    missing = sorted(marked_template_strings() - msgids)
    assert missing == [], missing


CHOICES = [
    Article.Status,
    Claim.QuoteType,
    Claim.QueueState,
    ClaimSkip.Reason,
    ClaimRelation.Tier,
    ClaimRelation.Decision,
    Verdict.Status,
    Evidence.Stance,
]


@pytest.mark.parametrize("lang", LANGS)
def test_every_choice_label_and_rating_is_translated(lang):
    """The models keep English labels; workbench/i18n_names.py marks them."""
    with translation.override(lang):
        labels = [label for choices in CHOICES for label in choices.labels]
        left = [label for label in labels if translation.gettext(label) == label]
        assert left == [], f"add to workbench/i18n_names.py and run `make messages`: {left}"
        po = polib.pofile(str(po_path(lang)))
        rated = {e.msgid for e in po.translated_entries() if e.msgctxt == "rating"}
        names = {name for _key, name, _value in settings.CLAIMS_RATING_SCALE}
        assert names <= rated, names - rated


def test_nothing_is_compiled_at_run_time():
    """The .mo files are in the repository, and a process without GNU gettext
    on its PATH (a fresh machine) speaks Spanish and French."""
    tracked = subprocess.run(
        ["git", "ls-files", "locale"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert {f"locale/{lang}/LC_MESSAGES/django.mo" for lang in LANGS} <= set(tracked)
    script = (
        "import django; django.setup();"
        "from django.utils import translation as t;"
        "print(*[t.override(l).__enter__() or t.gettext('Desk') for l in ('es', 'fr')])"
    )
    env = {
        **os.environ,
        "PATH": os.path.dirname(sys.executable),
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "workbench.settings.test"
        ),
    }
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["Mesa", "Pupitre"]
