"""Writes: speakers, as extraction finds them and as editors merge and rename them.

A speaker is a named person or organisation (issue #20; what counts as
named is claims/nlp/speakers.py). Names are compared by their key, so case,
apostrophe and honorific variants are one speaker; a person known in an
article only by a surname is that article's own speaker. An editor's merge
moves every claim to the surviving speaker and keeps the merged names as
aliases, so that extraction meeting them again credits the survivor; a
rename keeps the old name as an alias the same way. Both are in the
speakers' and claims' history and in the moderation log, with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Article, Claim, ModerationLog, Speaker
from ..nlp.speakers import speaker_is_shared, speaker_key
from .common import WorkflowError, history_as, history_record, require_permission

SPEAKER_FORBIDDEN = "Only editors can merge and rename speakers."
SPEAKER_REASON_REQUIRED = "A reason is required to {action}."
SPEAKER_MERGE_NOTHING = "Choose the speaker to keep and at least one other to merge into it."
SPEAKER_IS_ALIAS = "{speaker} was merged into {survivor}; use {survivor} instead."
SPEAKER_NAME_REQUIRED = "A speaker needs a name."
SPEAKER_NAME_TAKEN = "“{name}” is already the speaker {other}; merge the two instead."
SPEAKER_UNCHANGED = "The name and kind are unchanged."
# django-simple-history keeps a change reason in 100 characters.
HISTORY_REASON_CHARS = 100
# Aliases point at a survivor directly; the bound only guards a cycle.
MAX_ALIAS_HOPS = 10


def speaker_get_or_create(*, name: str, kind: str, article: Article | None = None) -> Speaker:
    """Return the speaker of a canonical name, creating it the first time.

    A person known by one word belongs to article alone (when given); an
    alias (a merged or former name) gives the speaker it points to.
    """
    name = " ".join(name.split())[:300]
    key = speaker_key(name)[:300]
    scope = article if article is not None and not speaker_is_shared(name=name, kind=kind) else None
    rows = Speaker.objects.filter(article=scope).filter(Q(key=key) | Q(key="", name__iexact=name))
    speaker = rows.order_by("-key", "pk").first()
    if speaker is None:
        try:
            with transaction.atomic():  # a savepoint: another worker may win the race
                speaker = Speaker.objects.create(name=name, key=key, kind=kind, article=scope)
        except IntegrityError:
            speaker = Speaker.objects.get(key=key, article=scope)
    return speaker_survivor(speaker=speaker)


def speaker_survivor(*, speaker: Speaker) -> Speaker:
    """Return the speaker an alias stands for (the speaker itself otherwise)."""
    for _ in range(MAX_ALIAS_HOPS):
        if speaker.merged_into_id is None:
            break
        speaker = speaker.merged_into
    return speaker


def speakers_merge(
    *, survivor: Speaker, others: Iterable[Speaker], by: AbstractBaseUser, reason: str
) -> Speaker:
    """Merge others into survivor; return the survivor.

    Every claim of the others moves to the survivor (each with a history
    row naming the merge); the others stay as its aliases, and so do their
    own aliases.
    """
    require_permission(by, "claims.moderate_content", SPEAKER_FORBIDDEN)
    _require_reason(reason, "merge speakers")
    other_ids = sorted({speaker.pk for speaker in others} - {survivor.pk})
    if not other_ids:
        raise WorkflowError(SPEAKER_MERGE_NOTHING)
    with transaction.atomic():
        survivor = Speaker.objects.select_for_update().get(pk=survivor.pk)
        merged = list(Speaker.objects.select_for_update().filter(pk__in=other_ids).order_by("pk"))
        for speaker in [survivor, *merged]:
            if speaker.merged_into_id is not None:
                raise WorkflowError(
                    SPEAKER_IS_ALIAS.format(speaker=speaker, survivor=speaker.merged_into)
                )
        names = ", ".join(speaker.name for speaker in merged)
        note = _history_reason(f"Speaker {names} merged into {survivor.name}: {reason}")
        claims = list(Claim.objects.filter(speaker__in=other_ids).order_by("pk"))
        now = timezone.now()
        Claim.objects.filter(pk__in=[claim.pk for claim in claims]).update(
            speaker=survivor, updated_at=now
        )
        for claim in claims:
            claim.speaker, claim.updated_at = survivor, now
        history_record(instances=claims, by=by, reason=note)
        aliases = list(Speaker.objects.filter(merged_into__in=other_ids))
        Speaker.objects.filter(pk__in=[s.pk for s in [*aliases, *merged]]).update(
            merged_into=survivor
        )
        for speaker in [*aliases, *merged]:
            speaker.merged_into = survivor
        history_record(instances=[*aliases, *merged], by=by, reason=note)
        history_record(
            instances=[survivor],
            by=by,
            reason=_history_reason(f"Speakers {names} merged into this one: {reason}"),
        )
        _log(
            by=by,
            action=ModerationLog.Action.MERGE_SPEAKERS,
            target=survivor,
            reason=reason,
            merged=other_ids,
            names=[speaker.name for speaker in merged],
            claims_moved=[claim.pk for claim in claims],
        )
    return survivor


def speaker_rename_refusal(*, speaker: Speaker, name: str, kind: str | None = None) -> str:
    """Return why speaker cannot take name (and kind), or "" when it can."""
    name = " ".join(name.split())[:300]
    if not name:
        return SPEAKER_NAME_REQUIRED
    if speaker.merged_into_id is not None:
        return SPEAKER_IS_ALIAS.format(speaker=speaker, survivor=speaker.merged_into)
    if name == speaker.name and (kind or speaker.kind) == speaker.kind:
        return SPEAKER_UNCHANGED
    taken = _name_holder(speaker=speaker, name=name)
    if taken is not None and taken.merged_into_id != speaker.pk:
        return SPEAKER_NAME_TAKEN.format(name=name, other=taken.pk)
    return ""


def _name_holder(*, speaker: Speaker, name: str) -> Speaker | None:
    """Return the other speaker (or alias) of speaker's scope known by name."""
    key = speaker_key(name)[:300]
    if key == speaker_key(speaker.name)[:300]:
        return None
    return (
        Speaker.objects.filter(article_id=speaker.article_id)
        .filter(Q(key=key) | Q(key="", name__iexact=name))
        .exclude(pk=speaker.pk)
        .first()
    )


def speaker_rename(
    *,
    speaker: Speaker,
    name: str,
    by: AbstractBaseUser,
    reason: str,
    kind: str | None = None,
) -> Speaker:
    """Give speaker a new canonical name (and kind); its claims follow.

    The old name stays as an alias, so that extraction meeting it again
    credits this speaker. A name another speaker holds is refused: merge
    them instead.
    """
    require_permission(by, "claims.moderate_content", SPEAKER_FORBIDDEN)
    _require_reason(reason, "rename a speaker")
    name = " ".join(name.split())[:300]
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        refusal = speaker_rename_refusal(speaker=speaker, name=name, kind=kind)
        if refusal:
            raise WorkflowError(refusal)
        kind = kind or speaker.kind
        old_name, old_kind = speaker.name, speaker.kind
        old_key, key = speaker_key(old_name)[:300], speaker_key(name)[:300]
        note = _history_reason(f"Renamed from {old_name}: {reason}")
        if key != old_key:
            former = _name_holder(speaker=speaker, name=name)
            if former is not None:  # one of its own aliases: the name comes back
                history_as(former, by=by, reason=note)
                former.delete()
            # Free the old key for the alias (no history row: the save below
            # records the rename).
            Speaker.objects.filter(pk=speaker.pk).update(key="")
            alias = Speaker(
                name=old_name,
                key=old_key,
                kind=old_kind,
                article_id=speaker.article_id,
                merged_into=speaker,
            )
            history_as(alias, by=by, reason=note)
            alias.save()
        speaker.name, speaker.key, speaker.kind = name, key, kind
        history_as(speaker, by=by, reason=note)
        speaker.save()
        _log(
            by=by,
            action=ModerationLog.Action.RENAME_SPEAKER,
            target=speaker,
            reason=reason,
            old_name=old_name,
            new_name=name,
            old_kind=old_kind,
            new_kind=kind,
        )
    return speaker


def _require_reason(reason: str, action: str) -> None:
    if not reason.strip():
        raise WorkflowError(SPEAKER_REASON_REQUIRED.format(action=action))


def _history_reason(text: str) -> str:
    return text if len(text) <= HISTORY_REASON_CHARS else text[: HISTORY_REASON_CHARS - 1] + "…"


def _log(**kwargs) -> None:
    from .moderation import moderation_record  # moderation imports articles, which imports this

    moderation_record(**kwargs)
