"""The report: this block and the last 12 months' calls, where the money stands, what works, who pays.

The charts are drawn with textual-plotext, imported when the screen is built (never at start-up).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.box import SIMPLE_HEAD
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from dunning_tui.tui.i18n import language as current
from dunning_tui.tui.i18n import tr
from dunning_tui.tui.screens.base import BaseScreen, unless_superseded
from dunning_tui.words import spoken_share

if TYPE_CHECKING:
    from dunning_tui.domain.report import CallFigures, Report

#: The age buckets' legends (``domain.report.AGE_BUCKETS``) and their colours on the chart.
BUCKET_LABELS = ("not due", "1-30", "31-60", "61-90", "> 90")
BUCKET_COLOURS = ("green", "yellow", "orange", "red", "magenta")
PAYERS_SHOWN = 15


class ReportScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="report.back"),
        Binding("c", "next_currency", "Currency", id="report.currency"),
    ]

    def __init__(self, block_start: datetime | None = None, quit_after: bool = False) -> None:
        super().__init__()
        #: When this call block started (the report then shows its calls first).
        self.block_start = block_start
        #: Leaving the report quits the app (it was offered on quitting).
        self.quit_after = quit_after
        self.report: Report | None = None
        self.currency = ""

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Static(tr("Loading…"), id="report-title")
        with VerticalScroll(id="report-body"):
            yield Static("", id="report-figures")
            yield PlotextPlot(id="report-ageing")
            yield PlotextPlot(id="report-weekly")
            yield Static("", id="report-branches")
            yield Static("", id="report-payers")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()
        self.load()

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def load(self) -> None:
        from dunning_tui.domain.report import default_since

        app = self.app
        until = app.today
        report = app.services.report(default_since(until), until, self.block_start)
        app.call_from_thread(unless_superseded(self._show), report)

    def _show(self, report: Report) -> None:
        from dunning_tui.domain.report import currencies

        self.report = report
        found = currencies(report)
        if self.currency not in found:
            preferred = self.app.settings.currency
            self.currency = preferred if preferred in found else (found[0] if found else preferred)
        self._draw()

    def _draw(self) -> None:
        report = self.report
        if report is None:
            return
        fmt = self.app.fmt
        period = tr("{since} to {until}", since=fmt.day(report.since), until=fmt.day(report.until))
        self.query_one("#report-title", Static).update(
            Text.assemble((tr("Report"), "bold"), f" · {period} · {self.currency}")
        )
        lines = []
        if report.block is not None:
            lines += [Text(tr("This block"), style="bold"), *self._figures(report.block)]
        lines += [Text(tr("Last 12 months"), style="bold"), *self._figures(report.period)]
        now = report.snapshots[0].currency(self.currency) if report.snapshots else None
        if now is not None:
            lines.append(
                Text(
                    tr(
                        "Owed {total} · DSO {dso} · {late} days late on average",
                        total=fmt.money(now.total, self.currency),
                        dso=_number(now.dso),
                        late=_number(now.average_days_late),
                    )
                )
            )
        self.query_one("#report-figures", Static).update(Text("\n").join(lines))
        self._ageing_chart(report)
        self._weekly_chart(report)
        self.query_one("#report-branches", Static).update(self._branches(report))
        self.query_one("#report-payers", Static).update(self._payers(report))

    def _figures(self, f: CallFigures) -> list[Text]:
        fmt = self.app.fmt

        def money(values: dict[str, Decimal]) -> str:
            return " + ".join(fmt.money(v, c) for c, v in values.items()) or fmt.money(
                Decimal(0), self.currency
            )

        from dunning_tui.reports import figure_lines

        return [Text(line) for line in figure_lines(f, money)]

    def _ageing_chart(self, report: Report) -> None:
        from textual_plotext import PlotextPlot

        from dunning_tui.domain.report import ageing_series

        plot = self.query_one("#report-ageing", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        days, series = ageing_series(report, self.currency)
        plt.title(tr("Balance by age ({currency})", currency=self.currency))
        if days:
            # plotext's own stacked_bar takes ``labels`` and a colour per series (its stub says otherwise).
            stacked_bar: Any = plt.stacked_bar
            stacked_bar(
                [fmt_month(d) for d in days],
                [[float(v) for v in amounts] for amounts in series],
                labels=[tr(label) for label in BUCKET_LABELS],
                color=list(BUCKET_COLOURS),
            )
            _money_ticks(plt, max((sum(column) for column in zip(*series, strict=True)), default=Decimal(0)))
        plot.refresh()

    def _weekly_chart(self, report: Report) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#report-weekly", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(tr("Collected per week ({currency})", currency=self.currency))
        values = report.collected.get(self.currency)
        if values:
            weeks = report.week_starts
            plt.plot([float(v) for v in values], marker="braille")
            step = max(1, len(weeks) // 5)
            plt.xticks(list(range(1, len(weeks) + 1, step)), [f"{w:%d/%m}" for w in weeks[::step]])
            _money_ticks(plt, max(values))
        plot.refresh()

    def _branches(self, report: Report) -> Table:
        table = Table(
            title=tr("What works in the script"), title_justify="left", box=SIMPLE_HEAD, expand=True
        )
        table.add_column(tr("Node · answer"), ratio=1, overflow="ellipsis", no_wrap=True)
        for column in ("Calls", "Promise", "Kept"):
            table.add_column(tr(column), justify="right", no_wrap=True)
        for b in report.branches:
            answer = b.answer or tr("(call ended)")
            table.add_row(
                Text(f"{b.node_title} · {answer}"),
                str(b.calls),
                f"{spoken_share(b.promise_rate, current())} ({b.promised})",
                f"{spoken_share(b.kept_rate, current())} ({b.kept}/{b.settled})",
            )
        if not report.branches:
            table.add_row(Text(tr("No call in this period.")), "", "", "")
        return table

    def _payers(self, report: Report) -> Table:
        table = Table(title=tr("Who pays (worst first)"), title_justify="left", box=SIMPLE_HEAD, expand=True)
        table.add_column(tr("Debtor"), ratio=1, overflow="ellipsis", no_wrap=True)
        for column in ("kept / made", "average late", "trend"):
            table.add_column(tr(column), justify="right", no_wrap=True)
        for p in report.payers[:PAYERS_SHOWN]:
            table.add_row(
                Text(p.name),
                f"{p.promises_kept}/{p.promises_made}",
                _number(p.average_days_late),
                tr(p.trend.value) if p.trend else "—",
            )
        return table

    def action_next_currency(self) -> None:
        from dunning_tui.domain.report import currencies

        if self.report is None:
            return
        found = currencies(self.report)
        if found:
            index = found.index(self.currency) + 1 if self.currency in found else 0
            self.currency = found[index % len(found)]
            self._draw()

    def action_back(self) -> None:
        if self.quit_after:
            self.app.exit()
        else:
            self.app.pop_screen()


def fmt_month(day: date) -> str:
    """A snapshot's label: its month (the last one, mid-month, with its day)."""
    end_of_month = (day + timedelta(days=1)).day == 1
    return f"{day:%m/%y}" if end_of_month else f"{day:%d/%m}"


def _money_ticks(plt: Any, top: Decimal) -> None:
    """Four amounts up the side, short: 0, 45k, 90k, 135k (no cents, no currency)."""
    if top <= 0:
        return
    ticks = [float(top) * n / 3 for n in range(4)]
    plt.yticks(ticks, [f"{t / 1000:.0f}k" if top >= 3000 else f"{t:.0f}" for t in ticks])


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"
