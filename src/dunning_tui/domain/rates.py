"""The late-payment rate table: data shipped in ``rates.toml`` plus the user's own entries.

Rates change each half-year and the law sets them from a reference rate the tool cannot know in
advance, so they live in data, never in code. For a half-year after the table's last row the latest
earlier rate is used and the lookup says so (:attr:`AppliedRate.known` is false), so the screen can
warn "rate for H2 2026 not known; using 12.15% (H1 2026)". Before the table's first row no rate is
known at all (:attr:`AppliedRate.missing`): the table is never read backwards, and the screen says
"no FR rate in the table before H1 2024: interest before 2024-01-01 not computed".

Some laws fix one rate for the debt's whole life (:meth:`RateTable.fixed_for_life`, the UK): the
rate of the half-year in which interest starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from typing import Any, Protocol

JURISDICTIONS = ("FR", "BE", "EU", "UK")
ROUNDINGS = ("none", "up_half")


class RateLike(Protocol):
    """Anything shaped like ``settings.RateEntry`` (the user's extra rates)."""

    @property
    def jurisdiction(self) -> str: ...
    @property
    def start(self) -> date: ...
    @property
    def rate_percent(self) -> Decimal: ...
    @property
    def source(self) -> str: ...


@dataclass(frozen=True, slots=True)
class RateRow:
    """One published default rate: from ``start`` until the next row of the same jurisdiction."""

    jurisdiction: str
    start: date
    rate_percent: Decimal
    source: str
    reference: str = ""
    reference_percent: Decimal | None = None
    points: Decimal | None = None
    rounding: str = "none"


@dataclass(frozen=True, slots=True)
class IndemnityBand:
    """Fixed recovery indemnity for debts below ``below`` (``None``: no upper bound)."""

    jurisdiction: str
    currency: str
    amount: Decimal
    below: Decimal | None
    source: str


@dataclass(frozen=True, slots=True)
class AppliedRate:
    """The rate used for one day, and whether it was really published for that half-year."""

    jurisdiction: str
    day: date
    rate_percent: Decimal
    row_start: date
    source: str
    known: bool
    missing: bool = False
    """No row at or before ``day``: no rate at all (``rate_percent`` is 0, no interest computed)."""

    @property
    def half_year(self) -> str:
        return half_year_label(self.day)

    def describe(self) -> str:
        """English sentence for the screen when the rate is not known."""
        if self.missing:
            return (
                f"no {self.jurisdiction} rate in the table before {half_year_label(self.row_start)}: "
                f"interest before {self.row_start.isoformat()} not computed"
            )
        if self.known:
            return f"{self.rate_percent}% ({half_year_label(self.row_start)}, {self.source})"
        return (
            f"rate for {self.half_year} not known; using {self.rate_percent}% "
            f"({half_year_label(self.row_start)})"
        )


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month < 7 else 7, 1)


def next_half_year_start(day: date) -> date:
    return date(day.year, 7, 1) if day.month < 7 else date(day.year + 1, 1, 1)


def half_year_label(day: date) -> str:
    return f"H{1 if day.month < 7 else 2} {day.year}"


def derived_rate(reference_percent: Decimal, points: Decimal, rounding: str) -> Decimal:
    """Reference rate plus the points, rounded as the jurisdiction says."""
    raw = reference_percent + points
    if rounding == "up_half":
        return (raw * 2).to_integral_value(rounding=ROUND_CEILING) / 2
    if rounding == "none":
        return raw
    raise ValueError(f"unknown rounding rule {rounding!r}")


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, (str, int)):
        return Decimal(value)
    raise ValueError(f"{what} must be a string or an integer, not {value!r}")


def _parse_rate(raw: dict[str, Any]) -> RateRow:
    jurisdiction = str(raw["jurisdiction"])
    start = raw["start"]
    if jurisdiction not in JURISDICTIONS:
        raise ValueError(f"unknown jurisdiction {jurisdiction!r}")
    if not isinstance(start, date):
        raise ValueError(f"rate start must be a date, not {start!r}")
    rate = _decimal(raw["rate_percent"], "rate_percent")
    rounding = str(raw.get("rounding", "none"))
    if rounding not in ROUNDINGS:
        raise ValueError(f"unknown rounding rule {rounding!r}")
    reference = raw.get("reference_percent")
    points = raw.get("points")
    ref_d = None if reference is None else _decimal(reference, "reference_percent")
    points_d = None if points is None else _decimal(points, "points")
    if ref_d is not None and points_d is not None:
        expected = derived_rate(ref_d, points_d, rounding)
        if expected != rate:
            raise ValueError(
                f"{jurisdiction} {start}: {ref_d} + {points_d} ({rounding}) gives {expected}, not {rate}"
            )
    return RateRow(
        jurisdiction=jurisdiction,
        start=start,
        rate_percent=rate,
        source=str(raw.get("source", "")),
        reference=str(raw.get("reference", "")),
        reference_percent=ref_d,
        points=points_d,
        rounding=rounding,
    )


def _parse_band(raw: dict[str, Any]) -> IndemnityBand:
    below = raw.get("below")
    return IndemnityBand(
        jurisdiction=str(raw["jurisdiction"]),
        currency=str(raw["currency"]),
        amount=_decimal(raw["amount"], "amount"),
        below=None if below is None else _decimal(below, "below"),
        source=str(raw.get("source", "")),
    )


def parse_rate_data(text: str) -> tuple[tuple[RateRow, ...], tuple[IndemnityBand, ...]]:
    """Read a rate table in the ``rates.toml`` format; raises ``ValueError`` on a bad entry."""
    rows, bands, _ = _parse_all(text)
    return rows, bands


def _parse_all(
    text: str,
) -> tuple[tuple[RateRow, ...], tuple[IndemnityBand, ...], frozenset[str]]:
    import tomllib

    data = tomllib.loads(text)
    rows = tuple(_parse_rate(r) for r in data.get("rate", []))
    bands = tuple(_parse_band(b) for b in data.get("indemnity", []))
    fixed = frozenset(str(f["jurisdiction"]) for f in data.get("fixed_rate", []))
    return rows, bands, fixed


@lru_cache(maxsize=1)
def _seed() -> tuple[tuple[RateRow, ...], tuple[IndemnityBand, ...], frozenset[str]]:
    from importlib.resources import files

    text = files("dunning_tui.domain").joinpath("rates.toml").read_text(encoding="utf-8")
    return _parse_all(text)


def seed_data() -> tuple[tuple[RateRow, ...], tuple[IndemnityBand, ...]]:
    """The table shipped with the package (read once, on first use)."""
    rows, bands, _ = _seed()
    return rows, bands


def fixed_rate_jurisdictions() -> frozenset[str]:
    """The jurisdictions whose rate is fixed for the debt's whole life (``[[fixed_rate]]``)."""
    return _seed()[2]


class RateTable:
    """Seed rates overlaid with extra entries; an extra entry replaces a seed row with the same start."""

    def __init__(
        self,
        rows: Iterable[RateRow],
        bands: Sequence[IndemnityBand],
        fixed: Iterable[str] = (),
    ) -> None:
        by_key: dict[tuple[str, date], RateRow] = {}
        for row in rows:
            by_key[(row.jurisdiction, row.start)] = row
        self._rows: dict[str, list[RateRow]] = {}
        for row in sorted(by_key.values(), key=lambda r: r.start):
            self._rows.setdefault(row.jurisdiction, []).append(row)
        self.bands = tuple(bands)
        self.fixed = frozenset(fixed)

    @classmethod
    def with_extras(cls, extra: Iterable[RateLike] = ()) -> RateTable:
        rows, bands = seed_data()
        extra_rows = [
            RateRow(
                jurisdiction=str(e.jurisdiction),
                start=e.start,
                rate_percent=Decimal(e.rate_percent),
                source=e.source or "user",
            )
            for e in extra
        ]
        return cls([*rows, *extra_rows], bands, fixed_rate_jurisdictions())

    def rows(self, jurisdiction: str) -> tuple[RateRow, ...]:
        return tuple(self._rows.get(jurisdiction, ()))

    def fixed_for_life(self, jurisdiction: str) -> bool:
        """Whether the rate of the day interest starts applies until the debt is paid (the UK)."""
        return jurisdiction in self.fixed

    def rate_on(self, jurisdiction: str, day: date) -> AppliedRate:
        """The default rate for ``day``; flagged unknown when no row starts in that half-year, and
        missing (rate 0) before the first row: the table is never read backwards."""
        rows = self._rows.get(jurisdiction)
        if not rows:
            raise ValueError(f"no late-payment rate known for {jurisdiction!r}")
        if day < rows[0].start:
            return AppliedRate(
                jurisdiction=jurisdiction,
                day=day,
                rate_percent=Decimal(0),
                row_start=rows[0].start,
                source="",
                known=False,
                missing=True,
            )
        chosen = rows[0]
        for row in rows:
            if row.start <= day:
                chosen = row
            else:
                break
        known = half_year_start(day) <= chosen.start <= day
        return AppliedRate(
            jurisdiction=jurisdiction,
            day=day,
            rate_percent=chosen.rate_percent,
            row_start=chosen.start,
            source=chosen.source,
            known=known,
        )

    def change_days(self, jurisdiction: str, after: date, until: date) -> list[date]:
        """Days in ``(after, until]`` on which the applied rate may change."""
        days = {r.start for r in self._rows.get(jurisdiction, ()) if after < r.start <= until}
        day = next_half_year_start(after)
        while day <= until:
            days.add(day)
            day = next_half_year_start(day)
        return sorted(days)

    def indemnity(self, jurisdiction: str, debt: Decimal) -> IndemnityBand | None:
        """The fixed indemnity band for a debt of this amount (incl. VAT)."""
        bands = [b for b in self.bands if b.jurisdiction == jurisdiction]
        bands.sort(key=lambda b: (b.below is None, b.below or Decimal(0)))
        for band in bands:
            if band.below is None or debt < band.below:
                return band
        return None
