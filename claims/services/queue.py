"""Writes: the fact-checkers' queue: take, skip, release, assign, leases."""

from __future__ import annotations

import datetime
import functools
import re

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import connection, connections, models, transaction
from django.utils import timezone
from notifications.services import notify_claim_assigned

from ..models import Claim, ClaimSkip, Verdict
from ..selectors.queue import claim_list_takeable
from .common import WorkflowError, history_record, require_permission

CLAIM_TAKE_FORBIDDEN = "Only fact-checkers can take claims from the queue."
CLAIM_MANAGE_FORBIDDEN = "Only editors can assign, pin or requeue claims."
CLAIM_NOT_YOURS = "Claim {claim} is not assigned to you."
CLAIM_ASSIGNEE_CANNOT_TAKE = "{user} is not a fact-checker, so claims cannot be assigned to them."
CLAIM_NOT_ASSIGNABLE = "Claim {claim} is {state}; it cannot be assigned now."
CLAIM_NOT_RELEASABLE = "Claim {claim} is {state}; only an assigned claim can be released."
CLAIM_NOT_SKIPPABLE = "Claim {claim} is {state}; only a queued or assigned claim can be skipped."
CLAIM_NOT_REQUEUEABLE = (
    "Claim {claim} is {state}; only skipped or below-threshold claims go back to the queue."
)
CLAIM_HAS_VERDICT = "Claim {claim} has a verdict in progress; release it instead of skipping it."
CLAIM_SKIP_REASON_UNKNOWN = "Unknown skip reason {reason!r}."
CLAIM_NOT_TAKEABLE = (
    "Claim {claim} is {state}; only a queued or below-threshold claim can be taken."
)

ASSIGNABLE_STATES = (
    Claim.QueueState.QUEUED,
    Claim.QueueState.ASSIGNED,
    Claim.QueueState.SKIPPED,
    Claim.QueueState.BELOW_THRESHOLD,
)
# A fact-checker may take a chosen claim in these states (issue #25): one
# below the check-worthiness threshold is worth checking too when they say so.
TAKEABLE_STATES = (Claim.QueueState.QUEUED, Claim.QueueState.BELOW_THRESHOLD)
# A claim that needs expertise goes back to the queue (for an editor to assign
# to an expert); every other skip takes it out until an editor requeues it.
SKIP_KEEPS_QUEUED = {ClaimSkip.Reason.NEEDS_EXPERTISE}
UNASSIGNED = {"assigned_to": None, "assigned_at": None, "lease_expires_at": None}


def lease_duration() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.CLAIMS_LEASE_MINUTES)


def claim_change_state(
    *,
    claim: Claim,
    by: AbstractBaseUser | None,
    from_states,
    reason: str,
    refusal: str = "",
    **fields,
) -> bool:
    """Write fields (queue_state, assignment) if claim is still in from_states.

    The UPDATE re-checks the state, so a stale claim is never overwritten.
    Return whether it applied, or raise WorkflowError(refusal) if one is
    given. claim must hold the database's other values.
    """
    fields["updated_at"] = timezone.now()
    updated = Claim.objects.filter(pk=claim.pk, queue_state__in=from_states).update(**fields)
    if updated:
        for name, value in fields.items():
            setattr(claim, name, value)
        history_record(instances=[claim], by=by, reason=reason)
    elif refusal:
        state = claim.get_queue_state_display()
        raise WorkflowError(refusal.format(claim=claim.pk, state=state))
    return bool(updated)


def claim_lock(claim: Claim | int) -> Claim:
    """Re-read a claim in the current transaction, locked where the database
    can (SQLite serialises writers instead)."""
    pk = claim if isinstance(claim, int) else claim.pk
    return Claim.objects.select_for_update().get(pk=pk)


def claim_renew_lease(*, claim: Claim | int, by: AbstractBaseUser) -> Claim:
    """Restart the lease on a claim `by` holds; return the claim, locked.

    Work on the claim's verdict renews it too. A renewal changes no content,
    so it writes no history row.
    """
    claim = claim_lock(claim)
    require_assignee(claim=claim, user=by)
    claim.lease_expires_at = timezone.now() + lease_duration()
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=claim.lease_expires_at)
    return claim


def require_assignee(*, claim: Claim, user: AbstractBaseUser) -> None:
    """Raise PermissionDenied unless user holds the claim right now."""
    if claim.queue_state != Claim.QueueState.ASSIGNED or claim.assigned_to_id != user.pk:
        raise PermissionDenied(CLAIM_NOT_YOURS.format(claim=claim.pk))


def expiry_fields(*, now: datetime.datetime | None) -> dict:
    return {"queue_state": Claim.QueueState.QUEUED, **UNASSIGNED, "updated_at": now}


def lease_fields(*, to: AbstractBaseUser, now: datetime.datetime) -> dict:
    return {
        "queue_state": Claim.QueueState.ASSIGNED,
        "assigned_to": to,
        "assigned_at": now,
        "lease_expires_at": now + lease_duration(),
    }


def claim_take_next(*, by: AbstractBaseUser) -> Claim | None:
    """Assign the best queued claim to `by` under a lease; None if none is left.

    No claim is handed out twice: PostgreSQL skips rows that another taker
    has locked (SKIP LOCKED), SQLite runs one writer at a time (IMMEDIATE
    transactions), and on both the UPDATE re-checks that the claim is still
    queued. Expired leases go back to the queue first.
    """
    require_permission(by, "claims.take_claim", CLAIM_TAKE_FORBIDDEN)
    if lean_sql_supported():
        # The expiry and the take are separate statements, each atomic by
        # itself, so that the take sees the claims the expiry put back.
        now = timezone.now()
        lease_expire_stale(now=now)
        return claim_take_next_lean(by=by, now=now)
    skip_locked = connection.features.has_select_for_update_skip_locked
    with transaction.atomic():
        now = timezone.now()
        lease_expire_stale(now=now)
        # Each failed attempt means another writer took that claim first,
        # which only a database without row locks allows; try the next one.
        for _attempt in range(5):
            candidates = claim_list_takeable(user=by)
            if skip_locked:
                candidates = candidates.select_for_update(skip_locked=True, of=("self",))
            claim = candidates.first()
            if claim is None:
                return None
            if claim_change_state(
                claim=claim,
                by=by,
                from_states=[Claim.QueueState.QUEUED],
                reason="Taken from the queue",
                **lease_fields(to=by, now=now),
            ):
                return claim
    return None


def claim_take(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Assign a chosen queued or below-threshold claim to `by` under a lease,
    as claim_take_next does with the best one."""
    require_permission(by, "claims.take_claim", CLAIM_TAKE_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(claim)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=TAKEABLE_STATES,
            reason="Taken from its page",
            refusal=CLAIM_NOT_TAKEABLE,
            **lease_fields(to=by, now=timezone.now()),
        )
    return claim


def claim_take_statement(*, claim: Claim, by: AbstractBaseUser) -> list[Claim]:
    """Take claim and the other takeable claims of its statement (the
    sentences of one attributed relation, issue #20), each under its own
    lease, to check them as a group; return those taken, in text order.

    A sentence someone else holds, or one with a verdict, is left as it is.
    """
    require_permission(by, "claims.take_claim", CLAIM_TAKE_FORBIDDEN)
    group = [claim]
    if claim.attribution is not None:
        group = list(
            Claim.objects.filter(
                article_id=claim.article_id,
                attribution=claim.attribution,
                is_hidden=False,
                queue_state__in=TAKEABLE_STATES,
            ).order_by("position")
        )
    taken = []
    for member in group:
        try:
            taken.append(claim_take(claim=member, by=by))
        except WorkflowError:
            continue  # taken by someone else meanwhile
    if not taken:
        raise WorkflowError(
            CLAIM_NOT_TAKEABLE.format(claim=claim.pk, state=claim.get_queue_state_display())
        )
    return taken


def lease_expire_stale(*, now: datetime.datetime | None = None) -> int:
    """Return claims whose lease has run out to the queue; return how many.

    A draft verdict stays with its claim for the next fact-checker to finish.
    """
    now = now or timezone.now()
    fields = expiry_fields(now=now)
    if lean_sql_supported():
        # This runs before every take and nearly always finds nothing, so a
        # plain EXISTS (one probe of the claim_lease_expiry index) comes
        # first: the UPDATE costs PostgreSQL several times as much.
        any_stale, expire = expire_sql(connection.alias)
        with server_bound_cursor() as cursor:
            cursor.execute(any_stale, {"now": now})
            if not cursor.fetchone()[0]:
                return 0
        return len(claims_update_run(expire, fields=fields, by=None, now=now))
    with transaction.atomic(savepoint=False):
        stale = Claim.objects.filter(
            queue_state=Claim.QueueState.ASSIGNED, lease_expires_at__lt=now
        )
        if connection.features.has_select_for_update_skip_locked:
            stale = stale.select_for_update(skip_locked=True)
        claims = list(stale)
        if not claims:
            return 0
        Claim.objects.filter(pk__in=[c.pk for c in claims]).update(**fields)
        for claim in claims:
            for name, value in fields.items():
                setattr(claim, name, value)
        history_record(instances=claims, by=None, reason="Lease expired")
    return len(claims)


# --- The lean take on PostgreSQL -------------------------------------------
# Issue #5: 20 fact-checkers pressing "take next" at once. Through the ORM a
# take cost about 8 ms of CPU, three quarters of it Python building SQL (the
# selector, the UPDATE, the history INSERT), so on two cores 20 takers
# queued for the CPU. Here a take is one statement, UPDATE ... WHERE id =
# (the selector's SELECT ... FOR UPDATE SKIP LOCKED) RETURNING, that also
# writes the history row. Its text is built once per process with the
# queue's constants written in (so that PostgreSQL can use the partial
# indexes) and only the user and the times as parameters, bound on the
# server: with OPTIONS "prepare_threshold" (workbench/settings/base.py)
# psycopg prepares it on each connection, and PostgreSQL plans it once
# instead of at every take.


def lean_sql_supported() -> bool:
    """Whether this database takes claims with the one-statement SQL."""
    return connection.vendor == "postgresql" and (
        connection.features.has_select_for_update_skip_locked
    )


def claim_take_next_lean(*, by: AbstractBaseUser, now: datetime.datetime) -> Claim | None:
    """Take the first claim of claim_list_takeable(user=by) in one statement."""
    fields = take_fields(by=by, now=now)
    taken = claims_update_run(take_sql(connection.alias), fields=fields, by=by, now=now)
    return taken[0] if taken else None


def take_fields(*, by: AbstractBaseUser | None, now: datetime.datetime) -> dict:
    return {**lease_fields(to=by, now=now), "updated_at": now}


@functools.cache
def take_sql(alias: str) -> str:
    """The take's statement; its parameters are named as claims_update_sql's."""
    queued = sql_literal(Claim.QueueState.QUEUED, alias)
    return claims_update_sql(
        alias,
        where=f"id = ({takeable_sql(alias)}) AND queue_state = {queued}",
        fields=list(take_fields(by=None, now=timezone.now())),
        reason="Taken from the queue",
    )


@functools.cache
def expire_sql(alias: str) -> tuple[str, str]:
    """Whether a lease has run out, and the statement that expires them."""
    table = connections[alias].ops.quote_name(Claim._meta.db_table)
    assigned = sql_literal(Claim.QueueState.ASSIGNED, alias)
    stale = f"{table} WHERE queue_state = {assigned} AND lease_expires_at < %(now)s"
    expire = claims_update_sql(
        alias,
        where=f"id IN (SELECT id FROM {stale} FOR UPDATE SKIP LOCKED)",
        fields=list(expiry_fields(now=None)),
        reason="Lease expired",
    )
    return f"SELECT EXISTS (SELECT 1 FROM {stale})", expire


@functools.cache
def takeable_sql(alias: str) -> str:
    """Compile claim_list_takeable's first id, locked with SKIP LOCKED.

    The user's id is the parameter %(user)s; every other value is written
    in. Compiling the queryset costs a millisecond or two of Python, more
    than the take itself; the query differs between users only in their
    id, found by compiling it for two users. The selector stays the one
    place that says which claims a user may take and in what order.
    """
    User = get_user_model()
    compiled = []
    with transaction.atomic(using=alias):  # select_for_update insists
        for pk in (1, 2):
            takeable = claim_list_takeable(user=User(pk=pk)).values("pk")[:1]
            takeable = takeable.select_for_update(skip_locked=True, of=("self",))
            compiled.append(takeable.query.get_compiler(using=alias).as_sql())
    (sql, first), (other_sql, second) = compiled
    if sql != other_sql or len(first) != len(second):
        raise RuntimeError("claim_list_takeable must depend on the user's id only")
    values = iter(zip(first, second, strict=True))

    def placeholder(match: re.Match) -> str:  # Django writes %s per value, %% for %
        if match[0] == "%%":
            return "%%"
        value, other_value = next(values)
        return "%(user)s" if value != other_value else sql_literal(value, alias)

    return re.sub("%[s%]", placeholder, sql)


def sql_literal(value, alias: str) -> str:
    """Return value as an SQL literal, escaped for a query with parameters."""
    return connections[alias].ops.compose_sql("%s", [value]).replace("%", "%%")


def claims_update_sql(alias: str, *, where: str, fields: list[str], reason: str) -> str:
    """Return one statement that UPDATEs the claims matching `where` and
    writes their history rows.

    The UPDATE returns the new rows, and a second data-modifying CTE copies
    them into the history table, as history_record() would, with `reason`.
    Parameters, by name: %(set_<field>)s for each field, %(history_date)s,
    %(history_user)s, and those of `where`.
    """
    quote = connections[alias].ops.quote_name
    sets = ", ".join(
        f"{quote(Claim._meta.get_field(name).column)} = %(set_{name})s" for name in fields
    )
    history = Claim.history.model
    tracked = ", ".join(
        quote(history._meta.get_field(f.name).column) for f in history.tracked_fields
    )
    return (
        f"WITH changed AS (UPDATE {quote(Claim._meta.db_table)} SET {sets} WHERE {where}"
        f" RETURNING {claim_columns(alias)}),"
        f" audit AS (INSERT INTO {quote(history._meta.db_table)} ({tracked},"
        " history_date, history_change_reason, history_type, history_user_id)"
        f" SELECT {tracked}, %(history_date)s, {sql_literal(reason, alias)}, '~',"
        " %(history_user)s FROM changed)"
        f" SELECT {claim_columns(alias)} FROM changed"
    )


def claims_update_run(
    sql: str, *, fields: dict, by: AbstractBaseUser | None, now: datetime.datetime
) -> list[Claim]:
    """Run a claims_update_sql() statement; return the claims it changed."""
    params = {"user": by.pk if by else None, "now": now, "history_date": now}
    params["history_user"] = params["user"]
    for name, value in fields.items():
        if isinstance(value, models.Model):
            value = value.pk
        params[f"set_{name}"] = Claim._meta.get_field(name).get_db_prep_save(value, connection)
    with server_bound_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [claim_from_row(row) for row in rows]


def server_bound_cursor():
    """Return a cursor that sends parameters apart from the SQL, so that
    psycopg can prepare its statements (Django's own bind on the client)."""
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


@functools.cache
def claim_columns(alias: str) -> str:
    """Every column of the claim table, quoted."""
    quote = connections[alias].ops.quote_name
    return ", ".join(quote(f.column) for f in claim_fields())


def claim_fields() -> list[models.Field]:
    return list(Claim._meta.concrete_fields)


def claim_from_row(row: tuple) -> Claim:
    """Build a Claim from the columns of claim_columns(), converted as the
    ORM converts them (JSON decoded)."""
    names, converters = claim_row_converters(connection.alias)
    values = list(row)
    for i, column, convert in converters:
        for converter in convert:
            values[i] = converter(values[i], column, connection)
    return Claim.from_db(connection.alias, names, values)


@functools.cache
def claim_row_converters(alias: str) -> tuple[list[str], list[tuple]]:
    """Return the attnames of claim_columns() and, by position, the converters
    the ORM's compiler would apply to them (as SQLCompiler.get_converters)."""
    db = connections[alias]
    converters = []
    for i, field in enumerate(claim_fields()):
        column = field.get_col(Claim._meta.db_table)
        convert = db.ops.get_db_converters(column) + column.get_db_converters(db)
        if convert:
            converters.append((i, column, convert))
    return [f.attname for f in claim_fields()], converters


def claim_assign(*, claim: Claim, to: AbstractBaseUser, by: AbstractBaseUser) -> Claim:
    """Assign a claim to a named fact-checker under a fresh lease; they are
    notified."""
    require_permission(by, "claims.manage_queue", CLAIM_MANAGE_FORBIDDEN)
    if not (to.is_active and to.has_perm("claims.take_claim")):
        raise WorkflowError(CLAIM_ASSIGNEE_CANNOT_TAKE.format(user=to))
    with transaction.atomic():
        claim = claim_lock(claim)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=ASSIGNABLE_STATES,
            reason=f"Assigned to {to}",
            refusal=CLAIM_NOT_ASSIGNABLE,
            **lease_fields(to=to, now=timezone.now()),
        )
        notify_claim_assigned(claim=claim, to=to, by=by)
    return claim


def claim_release(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Give an assigned claim back to the queue (its assignee or an editor)."""
    with transaction.atomic():
        claim = claim_lock(claim)
        if not by.has_perm("claims.manage_queue"):
            require_assignee(claim=claim, user=by)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.ASSIGNED],
            reason="Released",
            refusal=CLAIM_NOT_RELEASABLE,
            queue_state=Claim.QueueState.QUEUED,
            **UNASSIGNED,
        )
    return claim


def claim_skip(*, claim: Claim, by: AbstractBaseUser, reason: str, note: str = "") -> ClaimSkip:
    """Record why a claim is skipped and release it.

    The assignee skips their claim; an editor may skip any queued or assigned
    one. "Needs expertise" puts the claim back in the queue, where `by` will
    not be offered it again; the other reasons take it out of the queue.
    """
    if reason not in ClaimSkip.Reason.values:
        raise WorkflowError(CLAIM_SKIP_REASON_UNKNOWN.format(reason=reason))
    with transaction.atomic():
        claim = claim_lock(claim)
        if by.has_perm("claims.manage_queue"):
            from_states = [Claim.QueueState.QUEUED, Claim.QueueState.ASSIGNED]
        else:
            require_assignee(claim=claim, user=by)
            from_states = [Claim.QueueState.ASSIGNED]
        if claim.verdicts.exclude(status=Verdict.Status.RETRACTED).exists():
            raise WorkflowError(CLAIM_HAS_VERDICT.format(claim=claim.pk))
        new_state = (
            Claim.QueueState.QUEUED if reason in SKIP_KEEPS_QUEUED else Claim.QueueState.SKIPPED
        )
        label = ClaimSkip.Reason(reason).label
        claim_change_state(
            claim=claim,
            by=by,
            from_states=from_states,
            reason=f"Skipped: {label}",
            refusal=CLAIM_NOT_SKIPPABLE,
            queue_state=new_state,
            **UNASSIGNED,
        )
        return ClaimSkip.objects.create(claim=claim, user=by, reason=reason, note=note)


def claim_requeue(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Put a skipped or below-threshold claim back in the queue."""
    require_permission(by, "claims.manage_queue", CLAIM_MANAGE_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(claim)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.SKIPPED, Claim.QueueState.BELOW_THRESHOLD],
            reason="Requeued",
            refusal=CLAIM_NOT_REQUEUEABLE,
            queue_state=Claim.QueueState.QUEUED,
        )
    return claim


def claim_pin(*, claim: Claim, by: AbstractBaseUser, pinned: bool = True) -> Claim:
    """Pin a claim ahead of every unpinned one in the queue, or unpin it."""
    require_permission(by, "claims.manage_queue", CLAIM_MANAGE_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(claim)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=Claim.QueueState.values,
            reason="Pinned" if pinned else "Unpinned",
            is_pinned=pinned,
        )
    claim.refresh_from_db(fields=["priority"])
    return claim
