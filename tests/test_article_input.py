"""Bad input gets a clear message before anything is stored."""

import pytest

from claims.article_input import (
    ARTICLE_EMPTY,
    ArticleInputError,
    article_language,
    clean_article_text,
    decode_upload,
)


@pytest.mark.parametrize(
    "text",
    [
        "",  # nothing at all
        "   \n\t  \r\n ",  # whitespace only
        "\x00\x01\x02",  # control characters only
    ],
)
def test_empty_text_is_refused(text):
    with pytest.raises(ArticleInputError, match=ARTICLE_EMPTY):
        clean_article_text(text)


def test_huge_text_names_its_length_and_the_limit(settings):
    settings.CLAIMS_MAX_ARTICLE_CHARS = 1000
    with pytest.raises(ArticleInputError, match=r"1,199 characters long; the limit is 1,000"):
        clean_article_text("The minister said that. " * 50)


def test_line_endings_are_unified_and_controls_dropped():
    assert clean_article_text("  First line.\r\nSecond\x07 line.\rThird.  ") == (
        "First line.\nSecond line.\nThird."
    )


@pytest.mark.parametrize(
    "text, code",
    [
        ("The minister said on Tuesday that the talks would resume next week in Vienna.", "en"),
        ("Der Minister sagte am Dienstag, dass die Gespräche nächste Woche in Wien "
         "fortgesetzt würden, wie die Agentur berichtete.", "de"),
        ("Министр заявил во вторник, что переговоры возобновятся на следующей неделе "
         "в Вене, сообщило агентство.", "ru"),
    ],
)
def test_language_is_detected(text, code):
    assert article_language(text).code == code


def test_a_language_we_cannot_embed_is_refused_by_name():
    """Swedish is refused, named, with the list of accepted languages (issue #26)."""
    text = ("Ministern sade på tisdagen att samtalen skulle återupptas nästa vecka i Wien, "
            "enligt den statliga nyhetsbyrån.")
    with pytest.raises(ArticleInputError, match=r"looks like Swedish.*Accepted languages: "
                       r"Arabic, Chinese, Dutch, English, French"):
        clean_article_text(text)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("report.pdf", b"%PDF-1.7\n...", "looks like a PDF file"),  # a PDF
        ("photo.txt", b"\x89PNG\r\n\x1a\n....", "PNG image"),  # an image renamed .txt
        ("blob.txt", b"abc\x00def", "binary"),  # NUL bytes
        ("notes.docx", b"plain words", "only .txt, .html and .htm"),  # wrong suffix
        ("latin1.txt", "Caf\u00e9 society".encode("latin-1"), "not valid UTF-8 text (byte 0xe9 at position 3)"),
    ],
)
def test_bad_uploads_get_clear_messages(name, data, message):
    with pytest.raises(ArticleInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode_upload(name=name, data=data)


def test_upload_over_the_limit(settings):
    settings.CLAIMS_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ArticleInputError, match="the limit is 10 bytes"):
        decode_upload(name="a.txt", data=b"x" * 11)


def test_utf8_with_bom_is_read():
    assert decode_upload(name="a.txt", data="\ufeffHello".encode("utf-8")).text == "Hello"


def test_html_upload_is_reduced_to_main_text():
    html = b"""<html><head><title>Minister speaks</title><script>alert('x')</script></head>
    <body><nav>Home | World | Sport</nav><article><h1>Minister speaks</h1>
    <p>The foreign minister said on Tuesday that the talks would resume next week in Vienna,
    according to officials familiar with the plans for the negotiations.</p>
    <p>Officials said that at least 12 countries would take part in the first round.</p>
    </article><footer>Copyright 2015</footer></body></html>"""
    decoded = decode_upload(name="page.html", data=html)
    assert "talks would resume next week" in decoded.text
    assert "alert" not in decoded.text
    assert decoded.title == "Minister speaks"


def test_html_without_text_is_refused():
    with pytest.raises(ArticleInputError, match="No article text could be found"):
        decode_upload(name="empty.html", data=b"<html><body><script>x()</script></body></html>")
