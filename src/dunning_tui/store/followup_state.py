"""Whether the day's follow-up has run: read before each look at the queue, without the ORM.

The follow-up itself (:mod:`dunning_tui.store.followup`) needs the ORM; most looks at the queue
only need to know that it has nothing to do, which is two rows of ``app_state``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dunning_tui.settings import CadenceSettings
    from dunning_tui.store.queue_cache import Run

REFRESHED_ON = "followup_refreshed_on"
"""The day the follow-up was last brought up to date for."""
PLANNED_WITH = "followup_cadence"
"""The cadence settings it was planned with: other settings plan the whole book again."""


def basis(cadence: CadenceSettings) -> str:
    return cadence.model_dump_json()


def state(run: Run) -> tuple[str | None, str | None]:
    """(the day the follow-up last ran for, the cadence it was planned with), as stored."""
    keys = {"day": REFRESHED_ON, "cadence": PLANNED_WITH}
    rows: dict[str, str] = {
        row[0]: row[1] for row in run("SELECT key, value FROM app_state WHERE key IN (:day, :cadence)", keys)
    }
    return rows.get(REFRESHED_ON), rows.get(PLANNED_WITH)


def is_current(run: Run, today: date, cadence: CadenceSettings) -> bool:
    """Whether the day's follow-up has run for ``today`` with these settings."""
    return state(run) == (today.isoformat(), basis(cadence))


def mark_run(run: Run, today: date, cadence: CadenceSettings | None = None) -> None:
    """Note that the follow-up is up to date for ``today`` (planned with ``cadence``, when given)."""
    values = {REFRESHED_ON: today.isoformat()}
    if cadence is not None:
        values[PLANNED_WITH] = basis(cadence)
    for key, value in values.items():
        run(
            "INSERT INTO app_state (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"key": key, "value": value},
        )
