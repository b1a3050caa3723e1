"""Transcripts (issue #23): SubRip, WebVTT, the CheckThat! 2021 debate TSV
and speaker-labelled text become turns; `manage.py ingest_transcripts`
stores them as articles with their turns; bad input says where."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Article
from sources.models import Transcript
from sources.transcripts import NO_SPEAKERS, TranscriptError, parse_transcript
from tests.conftest import SHARED

SRT = """1
00:00:01,000 --> 00:00:04,200
MODERATOR: Senator, you said unemployment fell.

2
00:00:04,300 --> 00:00:07,000
SENATOR ASH: It fell to 4 percent last year.

3
00:00:07,100 --> 00:00:09,500
We created 40,000 jobs in the state.
"""

VTT = """WEBVTT

NOTE a debate

00:01.000 --> 00:04.000
<v Moderator>Is the harbour fund empty?

c2
00:00:04.500 --> 00:00:08.000
<v Tom Ash>The fund lost <b>half</b> its money since 2020.
"""

LABELLED = """Town hall, 5 December

[00:01:02] Q: Will taxes rise?
[00:01:10] MAYOR LEE: Taxes will not rise this year.
The budget is balanced.
"""


def test_srt_turns_with_times_and_speakers_merged():
    transcript = parse_transcript(SRT, name="debate.srt")
    assert transcript.format == "srt" and transcript.speakers == ["MODERATOR", "SENATOR ASH"]
    second = transcript.turns[1]
    assert second.text == "It fell to 4 percent last year. We created 40,000 jobs in the state."
    assert (second.start_s, second.end_s) == (4.3, 9.5)
    text = transcript.render()
    assert text.startswith("MODERATOR: Senator, you said")
    assert text[second.char_start:second.char_end] == second.text
    assert "\n\nSENATOR ASH: It fell" in text


def test_vtt_voices_and_tags():
    transcript = parse_transcript(VTT, name="debate.vtt")
    assert [t.speaker for t in transcript.turns] == ["Moderator", "Tom Ash"]
    assert transcript.turns[1].text == "The fund lost half its money since 2020."
    assert (transcript.turns[0].start_s, transcript.turns[1].end_s) == (1.0, 8.0)


def test_labelled_text_with_timestamps_and_continuation_lines():
    transcript = parse_transcript(LABELLED, name="townhall.txt")
    assert transcript.format == "labelled"
    assert [(t.speaker, t.start_s) for t in transcript.turns] == [
        ("", None), ("Q", 62), ("MAYOR LEE", 70)
    ]
    assert transcript.turns[2].text == "Taxes will not rise this year. The budget is balanced."


@pytest.mark.parametrize(
    "text, name, message",
    [
        (SRT.replace("00:00:04,300 --> 00:00:07,000", "00:00:04 to 00:00:07"), "a.srt",
         "a.srt, cue 2 (line 6): '00:00:04 to 00:00:07' is not a timestamp line"),
        (SRT.replace("00:00:04,300 -->", "00:00:4,3 -->"), "a.srt",
         "a.srt, cue 2 (line 6): '00:00:4,3 --> 00:00:07,000' is not a timestamp line"),
        ("00:01.000 --> 00:02.000\nHello", "a.vtt", "a.vtt does not start with WEBVTT"),
        ("1\tAnn Lee\n", "a.tsv", "a.tsv, line 1: expected three tab-separated columns"),
        ("The council met on Tuesday. It approved the budget.", "a.txt", NO_SPEAKERS.format(
            name="a.txt")),
    ],
)
def test_bad_transcripts_say_where(text, name, message):
    with pytest.raises(TranscriptError) as error:
        parse_transcript(text, name=name)
    assert str(error.value).startswith(message)


DEBATE = SHARED / "data" / "checkthat2021_task1b_en_debates_checkworthiness" / "dev"


@pytest.mark.skipif(not DEBATE.is_dir(), reason="needs ../shared's CheckThat! 2021 debates")
def test_checkthat_debate_tsv():
    path = sorted(DEBATE.glob("*.tsv"))[0]
    transcript = parse_transcript(path.read_text(encoding="utf-8"), name=path.name)
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert transcript.format == "tsv"
    assert set(transcript.speakers) == {row[1] for row in rows}
    assert sum(len(t.text) for t in transcript.turns) >= sum(len(row[2]) for row in rows)


@pytest.mark.django_db
def test_ingest_transcripts_stores_the_turns(tmp_path: Path, django_capture_on_commit_callbacks):
    (tmp_path / "debate.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "broken.srt").write_text(SRT.replace(" --> ", " - "), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("No speakers here at all.", encoding="utf-8")
    out = StringIO()
    call_command(
        "ingest_transcripts", *(str(tmp_path / n) for n in ("debate.srt", "broken.srt",
                                                              "notes.txt")),
        "--outlet", "Riverside TV", stdout=out, stderr=StringIO(),
    )
    assert "Transcripts: 1 new, 0 duplicate(s), 2 failed; 2 turns" in out.getvalue()
    assert "broken.srt, cue 1 (line 2):" in out.getvalue() and "names no speakers" in out.getvalue()
    article = Article.objects.get()
    assert article.title == "debate" and article.outlet == "Riverside TV"
    transcript = Transcript.objects.get(article=article)
    assert transcript.format == "srt" and transcript.speakers == ["MODERATOR", "SENATOR ASH"]
    turn = transcript.turns[1]
    assert article.text[turn["start"]:turn["end"]].startswith("It fell to 4 percent")
    assert (turn["start_s"], turn["end_s"]) == (4.3, 9.5)
    assert transcript.turn_at(turn["start"] + 3)["speaker"] == "SENATOR ASH"

    with pytest.raises(CommandError):
        call_command("ingest_transcripts", str(tmp_path / "notes.txt"), stdout=StringIO(),
                     stderr=StringIO())


@pytest.mark.django_db
def test_the_form_takes_a_caption_file_as_a_transcript(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(editor)
    upload = SimpleUploadedFile("town_hall.vtt", VTT.encode(), content_type="text/vtt")
    response = client.post(reverse("claims:article_submit"), {"upload": upload})
    article = Article.objects.get()
    assert response.status_code == 302 and article.title == "town hall"
    assert article.text.startswith("Moderator: Is the harbour fund empty?")
    assert Transcript.objects.get(article=article).speakers == ["Moderator", "Tom Ash"]

    broken = SimpleUploadedFile("b.srt", SRT.replace(" --> ", " - ").encode())
    page = client.post(reverse("claims:article_submit"), {"upload": broken})
    assert page.status_code == 200 and "b.srt, cue 1 (line 2):" in page.content.decode()
    assert Article.objects.count() == 1
