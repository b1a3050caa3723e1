"""Writes: notifications for desk events, their emails, reading them, settings.

The claims services call the `notify_<event>` functions inside their own
transaction, so a notification exists exactly when the change it reports
does; an immediate email is queued once that transaction commits. Every
notification and every email goes only to someone who may see the claim
(a newsroom role, the claim not hidden) and, for a verdict, the verdict
(someone else's draft is not theirs to read), or for a watched source,
sources (sources.view_source); the email's sender checks again, since a
role may be taken away in between.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.claimreview import site_absolute_url
from claims.models import Claim, Verdict
from claims.selectors import user_has_newsroom_role, verdict_is_visible
from sources.models import Source

from .models import Email, Kind, Notification, NotificationSetting
from .selectors import notification_preferences
from .tasks import notification_email_send as notification_email_send_task

EMAIL_SUBJECT = "[Claim Workbench] {message}"
DIGEST_SUBJECT = "[Claim Workbench] {count} notifications"


SOURCE_FAILING = "Source {name} failed {count} checks in a row; the last: {error}"
SOURCE_SWITCHED_OFF = "Source {name} was switched off after {count} failed checks: {error}"


def notification_may_see(
    *,
    user: AbstractBaseUser,
    claim: Claim | None,
    verdict: Verdict | None = None,
    source: Source | None = None,
) -> bool:
    """Return whether user may see the claim (and the verdict), or the
    source, now."""
    if not user_has_newsroom_role(user=user):
        return False
    if claim is None:
        return source is not None and user.has_perm("sources.view_source")
    if not Claim.objects.filter(pk=claim.pk, is_hidden=False, article__is_hidden=False).exists():
        return False
    return verdict is None or verdict_is_visible(verdict=verdict, user=user)


def notify(
    *,
    kind: str,
    users: Iterable[AbstractBaseUser | None],
    claim: Claim | None = None,
    message: str,
    verdict: Verdict | None = None,
    source: Source | None = None,
    by: AbstractBaseUser | None = None,
    key: str = "",
) -> list[Notification]:
    """Tell users of an event about claim (or source); never the one who
    caused it (by), nor anyone who may not see it or has turned the kind off.

    Emails go at once (after the commit) or wait for the daily digest, as
    each user chose; only with CLAIMS_NOTIFICATION_EMAILS and an address.
    """
    chosen = {u.pk: u for u in users if u is not None and (by is None or u.pk != by.pk)}
    preferences = notification_preferences(user_ids=list(chosen), kind=kind)
    made = []
    for user in chosen.values():
        enabled, email = preferences[user.pk]
        if not enabled or not notification_may_see(
            user=user, claim=claim, verdict=verdict, source=source
        ):
            continue
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        if not (settings.CLAIMS_NOTIFICATION_EMAILS and user.email):
            email = Email.NONE
        try:
            with transaction.atomic():  # a concurrent twin under the same key
                notification = Notification.objects.create(
                    user=user,
                    kind=kind,
                    claim=claim,
                    verdict=verdict,
                    source=source,
                    message=" ".join(message.split())[:500],  # one line: a subject
                    key=key,
                    email=email,
                )
        except IntegrityError:
            continue
        if email == Email.IMMEDIATE:
            notification_email_send_task.delay_on_commit(notification.pk)
        made.append(notification)
    return made


# --- The events, called by the claims services -------------------------------


def notify_claim_assigned(*, claim: Claim, to: AbstractBaseUser, by: AbstractBaseUser) -> None:
    notify(
        kind=Kind.CLAIM_ASSIGNED,
        users=[to],
        claim=claim,
        by=by,
        message=f"{by.get_username()} assigned you claim {claim.pk}: {claim}",
    )


def notify_verdict_submitted(*, verdict: Verdict, by: AbstractBaseUser) -> None:
    """Tell every reviewer but the author that a verdict awaits review."""
    reviewers = get_user_model().objects.filter(
        Q(groups__permissions__codename="review_verdict")
        | Q(user_permissions__codename="review_verdict")
        | Q(is_superuser=True),
        is_active=True,
    ).distinct()
    notify(
        kind=Kind.VERDICT_AWAITING_REVIEW,
        users=[u for u in reviewers if u.pk != verdict.author_id],
        claim=verdict.claim,
        verdict=verdict,
        by=by,
        message=f"{by.get_username()} submitted a verdict on claim {verdict.claim_id} for review",
    )


def notify_verdict_sent_back(*, verdict: Verdict, to: AbstractBaseUser | None, by, note: str):
    notify(
        kind=Kind.VERDICT_SENT_BACK,
        users=[to, verdict.author],
        claim=verdict.claim,
        verdict=verdict,
        by=by,
        message=f"{by.get_username()} sent your verdict on claim {verdict.claim_id} back: {note}",
    )


def notify_verdict_published(*, verdict: Verdict, by: AbstractBaseUser, note: str = "") -> None:
    """Tell the verdict's author and its approving editor of a publication
    or, with a note, a correction."""
    if note:
        kind, what = Kind.VERDICT_CORRECTED, f"corrected: {note}"
    else:
        kind, what = Kind.VERDICT_PUBLISHED, "published"
    notify(
        kind=kind,
        users=[verdict.author, verdict.editor],
        claim=verdict.claim,
        verdict=verdict,
        by=by,
        message=f"The verdict on claim {verdict.claim_id} was {what}",
    )


def notify_leases_expiring(*, now: datetime.datetime | None = None) -> int:
    """Warn each holder whose lease ends within CLAIMS_LEASE_WARNING_MINUTES,
    once per lease (a renewed lease is warned of again); return how many."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(minutes=settings.CLAIMS_LEASE_WARNING_MINUTES)
    expiring = Claim.objects.filter(
        queue_state=Claim.QueueState.ASSIGNED,
        lease_expires_at__gt=now,
        lease_expires_at__lte=soon,
        assigned_to__isnull=False,
    ).select_related("assigned_to")
    warned = 0
    for claim in expiring:
        minutes = max(round((claim.lease_expires_at - now).total_seconds() / 60), 1)
        with transaction.atomic():
            warned += len(
                notify(
                    kind=Kind.LEASE_EXPIRING,
                    users=[claim.assigned_to],
                    claim=claim,
                    key=f"lease:{claim.pk}:{claim.lease_expires_at.timestamp():.0f}",
                    message=f"Your lease on claim {claim.pk} ends in {minutes} minutes: "
                    "save your work or it returns to the queue",
                )
            )
    return warned


def notify_source_failing(*, source: Source, failures: int) -> None:
    """Tell the editors who manage sources (sources.change_source) that a
    watched source failed CLAIMS_SOURCES_NOTIFY_FAILURES checks in a row, and
    again when polling switches it off (CLAIMS_SOURCES_MAX_FAILURES); each
    count is reached once per run of failures."""
    if failures == settings.CLAIMS_SOURCES_MAX_FAILURES:
        template = SOURCE_SWITCHED_OFF
    elif failures == settings.CLAIMS_SOURCES_NOTIFY_FAILURES:
        template = SOURCE_FAILING
    else:
        return
    managers = get_user_model().objects.filter(
        Q(groups__permissions__codename="change_source")
        | Q(user_permissions__codename="change_source")
        | Q(is_superuser=True),
        is_active=True,
    ).distinct()
    error = source.last_error[:300]
    notify(
        kind=Kind.SOURCE_FAILING,
        users=[u for u in managers if u.has_perm("sources.change_source")],
        source=source,
        message=template.format(name=source.name, count=failures, error=error),
    )


# --- Email ---------------------------------------------------------------------


def _line(notification: Notification) -> str:
    url = site_absolute_url(notification.target_url)
    return f"{notification.message}\n{url}\n"


def notification_email_send(*, notification: Notification) -> bool:
    """Email one notification if still due and its user may still see the
    claim; return whether it was sent."""
    if notification.emailed_at or notification.email != Email.IMMEDIATE:
        return False
    user = notification.user
    if not (user.email and notification_may_see(
        user=user, claim=notification.claim, verdict=notification.verdict,
        source=notification.source,
    )):
        Notification.objects.filter(pk=notification.pk).update(email=Email.NONE)
        return False
    send_mail(
        EMAIL_SUBJECT.format(message=notification.message[:150]),
        _line(notification) + _footer(),
        None,
        [user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def notifications_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Send each user one email of their digest notifications not yet
    emailed, those they may still see; return how many emails went out."""
    now = now or timezone.now()
    due = (
        Notification.objects.filter(email=Email.DIGEST, emailed_at=None, created_at__lte=now)
        .select_related("user", "claim", "verdict", "source")
        .order_by("user_id", "created_at", "id")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in due:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for items in by_user.values():
        user = items[0].user
        shown = [
            n for n in items
            if user.email
            and notification_may_see(user=user, claim=n.claim, verdict=n.verdict, source=n.source)
        ]
        hidden = [n.pk for n in items if n not in shown]
        Notification.objects.filter(pk__in=hidden).update(email=Email.NONE)
        if not shown:
            continue
        body = "\n".join(_line(n) for n in shown) + _footer()
        send_mail(DIGEST_SUBJECT.format(count=len(shown)), body, None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in shown]).update(emailed_at=now)
        sent += 1
    return sent


def _footer() -> str:
    url = site_absolute_url("/notifications/settings/")
    return f"\n--\nChoose which notifications you get, and how: {url}\n"


# --- Reading and settings --------------------------------------------------------


def notification_mark_read(*, user: AbstractBaseUser, notification_id: int | None = None) -> int:
    """Mark one of user's notifications read, or all of them; return how many."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def notification_settings_update(*, user: AbstractBaseUser, choices: dict[str, tuple[bool, str]]):
    """Store user's choice (enabled, email) for each kind given."""
    with transaction.atomic():
        for kind, (enabled, email) in choices.items():
            Kind(kind), Email(email)  # ValueError on an unknown one
            NotificationSetting.objects.update_or_create(
                user=user, kind=kind, defaults={"enabled": enabled, "email": email}
            )
