"""Read transcripts into speaker turns (issue #23): SubRip (.srt), WebVTT
(.vtt), the CheckThat! 2021 debate TSV (line, speaker, text) and
speaker-labelled text ("NAME: ..." turns, with or without timestamps).

Plain Python, no Django. A transcript becomes an article whose text is one
paragraph per turn, "SPEAKER: what they said", the layout extraction already
reads as attributed speech; each turn keeps its speaker, its character span
in that text and its time range where the source has one.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from dataclasses import dataclass, field

TRANSCRIPT_SUFFIXES = (".srt", ".vtt", ".tsv", ".txt")

SRT_BAD_TIMESTAMP = (
    "{name}, cue {cue} (line {line_no}): '{line}' is not a timestamp line such as "
    "00:00:01,000 --> 00:00:04,000."
)
VTT_BAD_TIMESTAMP = (
    "{name}, line {line_no}: '{line}' is not a timestamp line such as "
    "00:00:01.000 --> 00:00:04.000."
)
TSV_BAD_LINE = "{name}, line {line_no}: expected three tab-separated columns (line, speaker, text)."
NO_TURNS = "{name} holds no speech."
NO_SPEAKERS = "{name} names no speakers (no 'NAME: ...' turns): read it as an ordinary article."
FORMATS = ("srt", "vtt", "tsv", "labelled")
SUFFIX_FORMATS = {".srt": "srt", ".vtt": "vtt", ".tsv": "tsv"}

TIME = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
CUE_TIMES = re.compile(rf"^\s*{TIME}\s*-->\s*{TIME}")
# "MAYOR LEE: ...", "Ann Lee: ...", "[00:01:02] Q: ...", "(12:03) MODERATOR: ...".
STAMP = r"(?:[\[(]?(?P<stamp>\d{1,2}:\d{2}(?::\d{2})?)[\])]?\s+)?"
LABEL = re.compile(
    rf"^{STAMP}(?P<speaker>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}}|Q|A)\s*:\s+(?P<text>\S.*)$"
)
VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>\s*(.*)$")
TAGS = re.compile(r"</?[^>]+>")


class TranscriptError(ValueError):
    """The transcript cannot be read; the message names the place."""


class NoSpeakers(TranscriptError):
    """The transcript was read but names no speaker: it is an ordinary
    article (`transcript` holds what was read)."""

    def __init__(self, message: str, *, transcript: Transcript):
        super().__init__(message)
        self.transcript = transcript


@dataclass
class Turn:
    speaker: str
    text: str
    start_s: float | None = None
    end_s: float | None = None
    char_start: int = 0  # in the article text rendered from the turns
    char_end: int = 0


@dataclass
class Transcript:
    format: str  # "srt", "vtt", "tsv" or "labelled"
    turns: list[Turn] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        return list(dict.fromkeys(t.speaker for t in self.turns if t.speaker))

    def render(self) -> str:
        """Return the article text, one "SPEAKER: text" paragraph per turn,
        and record each turn's character span in it."""
        parts, offset = [], 0
        for turn in self.turns:
            prefix = f"{turn.speaker}: " if turn.speaker else ""
            paragraph = prefix + turn.text
            turn.char_start, turn.char_end = offset + len(prefix), offset + len(paragraph)
            parts.append(paragraph)
            offset += len(paragraph) + 2
        return "\n\n".join(parts)


def seconds(h, m, s, ms) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def stamp_seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    parts = [int(p) for p in stamp.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def merge(turns: list[Turn]) -> list[Turn]:
    """Join consecutive pieces of one speaker (captions cut sentences into
    cues); a cue without a speaker continues the turn before it."""
    merged: list[Turn] = []
    for turn in turns:
        if merged and (not turn.speaker or turn.speaker == merged[-1].speaker):
            last = merged[-1]
            last.text = f"{last.text} {turn.text}".strip()
            last.end_s = turn.end_s if turn.end_s is not None else last.end_s
        else:
            merged.append(turn)
    return merged


def split_label(text: str) -> tuple[str, str]:
    """Return (speaker, text) of a caption line "NAME: text", or ("", text)."""
    match = LABEL.match(text)
    if match and not match.group("stamp"):
        return match.group("speaker"), match.group("text")
    return "", text


BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def text_blocks(text: str) -> list[tuple[int, str]]:
    """The blocks of text between blank lines, each with its first line's number."""
    blocks, line_no, seen = [], 1, 0
    for match in BLOCK.finditer(text):
        line_no += text.count("\n", seen, match.start())
        seen = match.start()
        blocks.append((line_no, match.group()))
    return blocks


def parse_cues(text: str, *, name: str, vtt: bool) -> Transcript:
    blocks = text_blocks(text)
    if vtt:
        if not blocks or not blocks[0][1].lstrip("\ufeff").startswith("WEBVTT"):
            raise TranscriptError(f"{name} does not start with WEBVTT.")
        blocks = blocks[1:]
    turns = []
    for number, (line_no, block) in enumerate(blocks, start=1):
        lines = block.splitlines()
        if vtt and lines and lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None or timing > 1:
            # The line where the times should be: after the cue's number.
            at = 1 if len(lines) > 1 and lines[0].strip().isdigit() else 0
            message = VTT_BAD_TIMESTAMP if vtt else SRT_BAD_TIMESTAMP
            raise TranscriptError(message.format(name=name, cue=number,
                                                 line=lines[at].strip()[:60],
                                                 line_no=line_no + at))
        match = CUE_TIMES.match(lines[timing])
        if not match:
            message = VTT_BAD_TIMESTAMP if vtt else SRT_BAD_TIMESTAMP
            raise TranscriptError(message.format(name=name, cue=number,
                                                 line=lines[timing].strip()[:60],
                                                 line_no=line_no + timing))
        start, end = seconds(*match.groups()[:4]), seconds(*match.groups()[4:])
        speaker, words = "", []
        for line in lines[timing + 1:]:
            voice = VOICE.match(line.strip()) if vtt else None
            if voice:
                speaker, line = voice.group(1).strip(), voice.group(2)
            line = TAGS.sub("", line).strip()
            if not speaker and not words:
                speaker, line = split_label(line)
            if line:
                words.append(line)
        if words:
            turns.append(Turn(speaker=speaker, text=" ".join(words), start_s=start, end_s=end))
    return Transcript(format="vtt" if vtt else "srt", turns=merge(turns))


def parse_tsv(text: str, *, name: str) -> Transcript:
    """CheckThat! 2021 debates: line number, speaker, text (a label column,
    if there is one, is ignored)."""
    turns = []
    rows = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for line_no, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3 or not row[0].strip().isdigit():
            if line_no == 1 and row and not row[0].strip().isdigit():
                continue  # a header row
            raise TranscriptError(TSV_BAD_LINE.format(name=name, line_no=line_no))
        speaker, words = row[1].strip(), row[2].strip()
        if words:
            turns.append(Turn(speaker=speaker, text=words))
    return Transcript(format="tsv", turns=merge(turns))


def parse_labelled(text: str) -> Transcript:
    turns: list[Turn] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = LABEL.match(line)
        if match:
            start = stamp_seconds(match.group("stamp"))
            turns.append(Turn(speaker=match.group("speaker"), text=match.group("text"),
                              start_s=start))
        elif turns:
            turns[-1].text = f"{turns[-1].text} {line}"
        else:
            turns.append(Turn(speaker="", text=line))
    return Transcript(format="labelled", turns=merge(turns))


def transcript_format(name: str, text: str = "") -> str:
    """The format a transcript's name (its suffix) or first line says it is."""
    suffix = "." + name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if text.lstrip("\ufeff").startswith("WEBVTT"):
        return "vtt"
    return SUFFIX_FORMATS.get(suffix, "labelled")


def parse_transcript(
    text: str, *, name: str = "the transcript", format: str | None = None
) -> Transcript:
    """Read a transcript in format (srt, vtt, tsv or labelled), by default
    the one its name's suffix (.srt, .vtt, .tsv) says, else speaker-labelled
    text; raise TranscriptError when it cannot be read, NoSpeakers (with
    what was read) when it names no speaker."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    format = format or transcript_format(name, text)
    if format == "vtt":
        transcript = parse_cues(text, name=name, vtt=True)
    elif format == "srt":
        transcript = parse_cues(text, name=name, vtt=False)
    elif format == "tsv":
        transcript = parse_tsv(text, name=name)
    else:
        transcript = parse_labelled(text)
    if not transcript.turns:
        raise TranscriptError(NO_TURNS.format(name=name))
    if not transcript.speakers:
        raise NoSpeakers(NO_SPEAKERS.format(name=name), transcript=transcript)
    return transcript


# --- a stored transcript's turns (dicts: speaker, start, end, start_s, end_s) --


def turn_index(turns: list[dict], offset: int) -> int | None:
    """The index of the turn holding a character offset of the article's
    text (turns are in text order), or None: between turns, the "NAME: "
    before a turn's words or outside the transcript."""
    index = bisect.bisect_right([t["start"] for t in turns], offset) - 1
    if index >= 0 and offset < turns[index]["end"]:
        return index
    return None


def turn_end_s(turns: list[dict], index: int) -> float | None:
    """When turn index ends: its own end, else when the next turn starts
    (speaker-labelled text stamps only the start of each turn)."""
    end = turns[index].get("end_s")
    if end is None and index + 1 < len(turns):
        end = turns[index + 1].get("start_s")
    return end


def span_turns(turns: list[dict], start: int, end: int) -> range:
    """The indices of the turns a span of the article's text overlaps."""
    starts = [t["start"] for t in turns]
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    while first < len(turns) and turns[first]["end"] <= start:
        first += 1
    last = bisect.bisect_left(starts, end)  # the first turn starting at or after end
    return range(first, max(first, last))


def span_time_range(turns: list[dict], start: int, end: int) -> tuple[float | None, float | None]:
    """The time range, in seconds, of the turns a span of the article's text
    spans (a claim's sentence): from the first one's start to the last
    one's end; (None, None) where the source gives no times."""
    indices = span_turns(turns, start, end)
    starts = [turns[i]["start_s"] for i in indices if turns[i].get("start_s") is not None]
    ends = [e for e in (turn_end_s(turns, i) for i in indices) if e is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)
