"""Claims: who is on the phone with a debtor, so that two people of a team never call the same one.

Taking a claim is one statement, ``INSERT ... ON CONFLICT (debtor_id) DO UPDATE ... WHERE`` the
standing claim has lapsed or is this session's own: PostgreSQL locks the conflicting row and
re-checks the condition on its latest version, and SQLite runs it under the write lock (the
caller's transaction starts with ``BEGIN IMMEDIATE``, see ``Database.session(write=True)``). Of two
apps claiming the same debtor at the same instant, exactly one gets it.

A claim lapses ``CLAIM_SECONDS`` after its last renewal: the holding app renews it every
``RENEW_SECONDS`` while the call is open, so an app that crashed or lost its connection gives the
debtor back within half a minute. Times come from the caller's clock, never from the database's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session

from dunning_tui.errors import UserError
from dunning_tui.store import tables as t

#: A claim nobody renews lapses this long after its last renewal.
CLAIM_SECONDS = 30
#: How often the holding app renews its claim while the call is open.
RENEW_SECONDS = 5
#: A claim not renewed for this long belongs to an app that is gone (or frozen): its own caller may
#: resume the interrupted call without waiting for the lapse.
SILENT_SECONDS = 2 * RENEW_SECONDS


@dataclass(frozen=True, slots=True)
class Claim:
    """Who holds a debtor, since when, and until when unless renewed."""

    debtor_id: int
    caller: str
    token: str
    claimed_at: datetime
    expires_at: datetime


def _upsert(session: Session) -> Any:
    if session.connection().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(t.Claim)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(t.Claim)


def claim(
    session: Session, debtor_id: int, caller: str, token: str, now: datetime, *, resuming: bool = False
) -> Claim:
    """Take ``debtor_id`` for the session ``token``, or find who holds it.

    Returns the holder: this session's own claim when taken (or renewed), someone else's when
    they are on the phone with the debtor. ``resuming`` (an interrupted call taken up again by its
    caller) also takes over that caller's claim when its app has gone silent.
    """
    expires = now + timedelta(seconds=CLAIM_SECONDS)
    takeable = (t.Claim.token == token) | (t.Claim.expires_at <= now)
    if resuming:
        silent = now - timedelta(seconds=SILENT_SECONDS)
        takeable = takeable | ((t.Claim.caller == caller) & (t.Claim.renewed_at <= silent))
    row = _upsert(session).values(
        debtor_id=debtor_id, caller=caller, token=token, claimed_at=now, renewed_at=now, expires_at=expires
    )
    mine = t.Claim.token == token
    taken = session.execute(
        row.on_conflict_do_update(
            index_elements=[t.Claim.debtor_id],
            set_={
                "caller": row.excluded.caller,
                "token": row.excluded.token,
                # Renewing one's own claim keeps the time it was first taken.
                "claimed_at": case((mine, t.Claim.claimed_at), else_=row.excluded.claimed_at),
                "renewed_at": row.excluded.renewed_at,
                "expires_at": row.excluded.expires_at,
            },
            where=takeable,
        ).returning(t.Claim.claimed_at)
    ).first()
    if taken is not None:
        return Claim(debtor_id, caller, token, taken[0], expires)
    holder = session.get(t.Claim, debtor_id, populate_existing=True)
    assert holder is not None  # the conflicting row, locked by the statement above
    return _view(holder)


def take(
    session: Session, debtor_id: int, caller: str, token: str, now: datetime, *, resuming: bool = False
) -> Claim:
    """:func:`claim`, raising :class:`DebtorClaimed` (one sentence) when someone else holds them."""
    holder = claim(session, debtor_id, caller, token, now, resuming=resuming)
    if holder.token != token:
        debtor = session.get(t.Debtor, debtor_id)
        raise DebtorClaimed(holder, debtor.name if debtor else str(debtor_id), now)
    return holder


def renew(session: Session, debtor_id: int, token: str, now: datetime) -> bool:
    """Push the lapse back; False when the claim was lost (it lapsed and someone else took it)."""
    result = session.execute(
        update(t.Claim)
        .where(t.Claim.debtor_id == debtor_id, t.Claim.token == token)
        .values(renewed_at=now, expires_at=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return bool(getattr(result, "rowcount", 0))


def release(session: Session, debtor_id: int, token: str) -> bool:
    """Give the debtor back (the call ended); True if this session held it."""
    result = session.execute(delete(t.Claim).where(t.Claim.debtor_id == debtor_id, t.Claim.token == token))
    return bool(getattr(result, "rowcount", 0))


def holders(session: Session, debtor_ids: Iterable[int], now: datetime) -> dict[int, Claim]:
    """The standing (unlapsed) claims on these debtors, by debtor id."""
    ids = set(debtor_ids)
    if not ids:
        return {}
    # A standing claim is one per person on the phone: a handful, whatever the size of the queue.
    rows = session.scalars(select(t.Claim).where(t.Claim.expires_at > now))
    return {row.debtor_id: _view(row) for row in rows if row.debtor_id in ids}


def live_ids(now: datetime) -> Any:
    """A subquery of the debtors whose claim an app renewed lately: their call is going on."""
    return select(t.Claim.debtor_id).where(t.Claim.renewed_at > now - timedelta(seconds=SILENT_SECONDS))


def _view(row: t.Claim) -> Claim:
    return Claim(row.debtor_id, row.caller, row.token, row.claimed_at, row.expires_at)


class DebtorClaimed(UserError):
    """Someone else is on the phone with this debtor: the call is not started."""

    def __init__(self, holder: Claim, debtor_name: str, now: datetime) -> None:
        self.holder = holder
        self.debtor_name = debtor_name
        self.minutes = max(0, int((now - holder.claimed_at).total_seconds() // 60))
        super().__init__(f"{holder.caller} is already on a call with {debtor_name} ({self.minutes} min).")
