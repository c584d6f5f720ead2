"""``dunning report``: what the calls taught, as text, JSON or CSV files (figures in domain/report.py)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dunning_tui.cli.common import DbOption, JsonOption, open_services, parse_date_option
from dunning_tui.words import current, spoken_share, tr

if TYPE_CHECKING:
    from rich.text import Text

    from dunning_tui.domain.payer import PayerFigures
    from dunning_tui.domain.report import BranchRow, CallFigures, Report

BUCKET_WORDS = ("not due", "1-30", "31-60", "61-90", "> 90")


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day of the period, YYYY-MM-DD (default: a year back)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last day of the period, YYYY-MM-DD (default: today).")
    ] = None,
    json: JsonOption = False,
    csv_dir: Annotated[
        Path | None,
        typer.Option("--csv", help="Write ageing.csv, script_branches.csv and payers.csv into this folder."),
    ] = None,
) -> None:
    """Calls, promises and money collected; ageing and DSO; which script replies lead to money; who pays."""
    with open_services(db) as services:
        from dunning_tui.domain.report import default_since
        from dunning_tui.errors import UserError

        last = parse_date_option(until, "--until")
        first = parse_date_option(since, "--since") if since else default_since(last)
        if first > last:
            raise UserError("--since must not be after --until.")
        result = services.report(first, last)
        if csv_dir is not None:
            written = write_csv(result, csv_dir)
            typer.echo(tr("Wrote {files}.", files=", ".join(str(p) for p in written)))
        if json:
            from dunning_tui.cli.render import print_json

            print_json(report_json(result))
        elif csv_dir is None:
            print_report(result, services.settings.ui_locale())


# -- JSON and CSV -------------------------------------------------------------------------------


def _money(values: dict[str, Decimal]) -> dict[str, str]:
    return {currency: str(amount) for currency, amount in values.items()}


def _figures_json(f: CallFigures) -> dict[str, Any]:
    return {
        "calls": f.calls,
        "reached": f.reached,
        "promises": f.promises,
        "promised": _money(f.promised),
        "promises_due": f.due,
        "kept": f.kept,
        "partly_kept": f.partly_kept,
        "broken": f.broken,
        "collected_within_14_days": _money(f.collected),
        "phone_seconds": round(f.phone_seconds),
    }


def report_json(r: Report) -> dict[str, Any]:
    """The whole report; money as decimal strings, per currency."""
    from dunning_tui.domain.report import AGE_BUCKETS

    return {
        "since": r.since.isoformat(),
        "until": r.until.isoformat(),
        "calls": _figures_json(r.period),
        "ageing": [
            {
                "as_of": s.as_of.isoformat(),
                "currency": a.currency,
                **{name: str(v) for name, v in zip(AGE_BUCKETS, a.buckets, strict=True)},
                "total": str(a.total),
                "dso": a.dso,
                "average_days_late": a.average_days_late,
            }
            for s in r.snapshots
            for a in s.ageing
        ],
        "collected_per_week": {
            currency: [
                {"week": w.isoformat(), "amount": str(v)} for w, v in zip(r.week_starts, values, strict=True)
            ]
            for currency, values in r.collected.items()
        },
        "script_branches": [_branch_json(b) for b in r.branches],
        "payers": [_payer_json(p) for p in r.payers],
    }


def _branch_json(b: BranchRow) -> dict[str, Any]:
    return {
        "script": b.script,
        "language": b.language,
        "node": b.node,
        "node_title": b.node_title,
        "answer": b.answer,
        "calls": b.calls,
        "promised": b.promised,
        "promise_rate": _rate(b.promise_rate),
        "settled": b.settled,
        "kept": b.kept,
        "kept_rate": _rate(b.kept_rate),
    }


def _payer_json(p: PayerFigures) -> dict[str, Any]:
    return {
        "id": p.debtor_id,
        "name": p.name,
        "promises_made": p.promises_made,
        "promises_kept": p.promises_kept,
        "promises_partly_kept": p.promises_partly_kept,
        "promises_broken": p.promises_broken,
        "promises_pending": p.promises_pending,
        "paid_invoices": p.paid_invoices,
        "average_days_late": p.average_days_late,
        "late_now": p.late_now,
        "trend": p.trend.value if p.trend else None,
    }


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _csv(header: list[str], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return out.getvalue().encode("utf-8")


def write_csv(r: Report, folder: Path) -> list[Path]:
    """ageing.csv, script_branches.csv, payers.csv in ``folder`` (made if missing), owner-only."""
    from dunning_tui.documents.files import write_private
    from dunning_tui.domain.payer import PayerFigures
    from dunning_tui.domain.report import AGE_BUCKETS, BranchRow

    data = report_json(r)
    ageing_header = ["as_of", "currency", *AGE_BUCKETS, "total", "dso", "average_days_late"]
    written = []
    for name, header, rows in (
        ("ageing.csv", ageing_header, data["ageing"]),
        (
            "script_branches.csv",
            list(_branch_json(BranchRow("", "", "", "", "", 0, 0, 0, 0))),
            data["script_branches"],
        ),
        ("payers.csv", list(_payer_json(PayerFigures(0))), data["payers"]),
    ):
        path = folder / name
        write_private(path, _csv(header, rows))
        written.append(path)
    return written


# -- text ---------------------------------------------------------------------------------------


def print_report(r: Report, locale: str) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from dunning_tui.domain.money import format_money
    from dunning_tui.reports import figure_lines

    def money(values: dict[str, Decimal]) -> str:
        return " + ".join(format_money(v, c, locale) for c, v in values.items()) or "0"

    def number(value: Decimal | float) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(round(value), "#,##0", locale=locale))

    def day(value: date) -> str:
        from babel.dates import format_date

        return str(format_date(value, "medium", locale=locale))

    def short_day(value: date) -> str:
        """30/11/26 (11/30/26 in the US): the ageing table needs every column at 80 columns."""
        import re

        from babel.dates import format_date, get_date_format

        pattern = re.sub(r"y+", "yy", get_date_format("short", locale=locale).pattern)
        return str(format_date(value, pattern, locale=locale))

    console = Console()
    period = tr("{since} to {until}", since=day(r.since), until=day(r.until))
    console.print(Text.assemble((tr("Report"), "bold"), f" · {period}"), highlight=False)
    console.print("\n".join(figure_lines(r.period, money)), highlight=False, markup=False, soft_wrap=True)
    currencies = sorted({a.currency for s in r.snapshots for a in s.ageing})
    for currency in currencies:
        table = Table(
            title=tr("Where the money stands ({currency})", currency=currency),
            title_justify="left",
            box=SIMPLE_HEAD,
            padding=(0, 1),
            pad_edge=False,
        )
        table.add_column(tr("as of"), no_wrap=True)
        for column in (*BUCKET_WORDS, "total", "DSO", "avg late"):
            table.add_column(tr(column), justify="right")
        for s in r.snapshots:
            a = s.currency(currency)
            if a is None:
                continue
            table.add_row(
                short_day(s.as_of),
                *(number(v) for v in a.buckets),
                number(a.total),
                "—" if a.dso is None else f"{a.dso:.0f}",
                "—" if a.average_days_late is None else f"{a.average_days_late:.0f}",
            )
        console.print(table)
        console.print(ageing_chart(r, currency, min(console.width, 100)))
    for currency, values in r.collected.items():
        console.print(Text(tr("Collected per week ({currency})", currency=currency), style="bold"))
        print(weekly_chart(r.week_starts, values, min(console.width, 100)))
    branches = Table(
        title=tr("What works in the script (replies leading to money first)"), title_justify="left"
    )
    for column in ("script", "node · answer", "calls", "promise", "kept"):
        branches.add_column(tr(column), justify="right" if column in ("calls", "promise", "kept") else "left")
    for b in r.branches:
        # Script and debtor names are the user's text: shown as written, never read as markup.
        branches.add_row(
            Text(b.language or b.script),
            Text(f"{b.node_title} · {b.answer or tr('(call ended)')}"),
            str(b.calls),
            f"{spoken_share(b.promise_rate, current())} ({b.promised})",
            f"{spoken_share(b.kept_rate, current())} ({b.kept}/{b.settled})",
        )
    console.print(branches)
    payers = Table(title=tr("Who pays (debtors called in the period, worst first)"), title_justify="left")
    for column in ("debtor", "kept / made", "avg days late", "late now", "trend"):
        payers.add_column(tr(column), justify="left" if column in ("debtor", "trend") else "right")
    for p in r.payers:
        payers.add_row(
            Text(p.name),
            f"{p.promises_kept}/{p.promises_made}",
            "—" if p.average_days_late is None else f"{p.average_days_late:.0f}",
            str(p.late_now),
            tr(p.trend.value) if p.trend else "—",
        )
    console.print(payers)


#: Each age bucket's colour and fill: the bars read without colour too (a pipe, a printout).
BAR_STYLES = (("green", "·"), ("yellow", "░"), ("dark_orange", "▒"), ("red", "▓"), ("magenta", "█"))


def ageing_chart(r: Report, currency: str, width: int = 80) -> Text:
    """The balance by age at each snapshot as stacked bars, oldest month at the top."""
    from rich.text import Text

    from dunning_tui.domain.report import ageing_series

    days, series = ageing_series(r, currency)
    totals = [sum((s[n] for s in series), Decimal(0)) for n in range(len(days))]
    biggest = max(totals, default=Decimal(0))
    out = Text()
    room = width - 8
    for n, day in enumerate(days):
        out.append(f"{day:%m/%y}  ")
        for (colour, fill), amounts in zip(BAR_STYLES, series, strict=True):
            out.append(fill * round(room * amounts[n] / biggest) if biggest else "", style=colour)
        out.append("\n")
    for (colour, fill), word in zip(BAR_STYLES, BUCKET_WORDS, strict=True):
        out.append(f"{fill * 2} ", style=colour)
        out.append(f"{tr(word)}   ")
    return out


def weekly_chart(weeks: tuple[date, ...], values: list[Decimal], width: int = 80, height: int = 10) -> str:
    """Money received per week as a line (plotext), without colour codes."""
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")
    plt.plot([float(v) for v in values], marker="braille")
    step = max(1, len(weeks) // 6)
    plt.xticks(list(range(1, len(weeks) + 1, step)), [f"{w:%d/%m}" for w in weeks[::step]])
    return str(plt.uncolorize(plt.build()))
