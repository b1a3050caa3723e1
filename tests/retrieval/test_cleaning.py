import datetime

import pytest

from claims.retrieval.cleaning import clean_query, parse_post, split_camel_case


@pytest.mark.parametrize(
    "text,expected",
    [
        # The signature goes; the author's display name stays, after the body.
        (
            "Iran could threaten Trump hotels. — Ilhan Omar (@IlhanMN) January 6, 2020",
            "Iran could threaten Trump hotels. Ilhan Omar",
        ),
        # t.co links and pic.twitter.com links glued to a word are dropped.
        (
            "Votes counted twice https://t.co/5IaoXAZauP#Fraudpic.twitter.com/RsBfdM1THa",
            "Votes counted twice Fraud",
        ),
        # Hashtags are split into words, so they can match a claim's words.
        (
            "How are butterflies surviving the #AustralianFires?",
            "How are butterflies surviving the Australian Fires ?",
        ),
        # "via @site" credits say nothing about the claim.
        (
            "Zimmerman found dead - https://t.co/Yn1RI5TGYT via @Shareaholic",
            "Zimmerman found dead -",
        ),
        # Handles become names; the "real" of @realDonaldTrump goes.
        ("@realDonaldTrump on Aretha Franklin", "Donald Trump on Aretha Franklin"),
        # Emoji are dropped; HTML entities are decoded.
        ("🔥🔥 Salt &amp; vinegar 🇺🇸", "Salt & vinegar"),
        # A signature with a hyphen and a truncated date is still a signature.
        (
            "Hes a globalist! - Patriot19 (@patirotwoman19) February 5, 201",
            "Hes a globalist! Patriot19",
        ),
        # Text that is not a tweet passes through unchanged.
        (
            "The unemployment rate fell to 3.5% in 2019.",
            "The unemployment rate fell to 3.5% in 2019.",
        ),
        # An e-mail address is not a handle.
        ("Write to press@example.org today", "Write to press@example.org today"),
    ],
)
def test_clean_query(text, expected):
    assert clean_query(text) == expected


def test_clean_query_can_drop_the_author():
    """keep_author=False returns the body alone."""
    text = "Iran could threaten Trump hotels. — Ilhan Omar (@IlhanMN) January 6, 2020"
    assert clean_query(text, keep_author=False) == "Iran could threaten Trump hotels."


def test_parse_post_reads_the_signature():
    post = parse_post("Tax cuts. pic.twitter.com/x1 — Jane Doe 🇺🇸 (@jane_doe) March 25, 2019")
    assert post.body == "Tax cuts."
    assert post.author == "Jane Doe"
    assert post.handle == "jane_doe"
    assert post.date == datetime.date(2019, 3, 25)


@pytest.mark.parametrize(
    "word,expected",
    [
        ("AustralianFires", "Australian Fires"),  # camel case
        ("NJDeclaresWar", "NJ Declares War"),  # an acronym before a word
        ("Tokyo2020", "Tokyo 2020"),  # a year after a word
        ("covid_19", "covid 19"),  # underscores
        ("COVID", "COVID"),  # all capitals stay one word
    ],
)
def test_split_camel_case(word, expected):
    assert split_camel_case(word) == expected
