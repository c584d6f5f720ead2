"""Home: today's calls, most urgent first, with the block's running totals."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from dunning_tui.domain.enums import ActionKind, Stage
from dunning_tui.domain.queue_entry import QueueEntry
from dunning_tui.services import QueuePage
from dunning_tui.tui.formatting import clock, cut_name
from dunning_tui.tui.i18n import label, language, tr
from dunning_tui.tui.screens.base import (
    BaseScreen,
    key_bar_after_first_frame,
    tell_on_call,
    unless_superseded,
)
from dunning_tui.tui.widgets import brief
from dunning_tui.words import spoken_time

if TYPE_CHECKING:
    from textual.widgets import Input

    from dunning_tui.domain.payer import PayerFigures
    from dunning_tui.store.calls import TeamTotals
    from dunning_tui.store.queue_types import QueueFilter

#: Rows on a page of the queue.
PAGE_SIZE = 50
#: The debtor column at 80 columns; it grows with a wider terminal.
DEBTOR_WIDTH = 22

#: Short labels that fit the queue's columns at 80 columns.
REASON_LABELS = {
    ActionKind.BROKEN_PROMISE: "broken promise",
    ActionKind.PROMISE_CHECK: "promise check",
    ActionKind.COMMITMENT: "you said",
    ActionKind.NOTICE_DEADLINE: "deadline",
    ActionKind.CALL_BACK: "call back",
    ActionKind.ESCALATION: "escalate",
    ActionKind.FIRST_CALL: "first call",
    ActionKind.CADENCE_CALL: "follow-up call",
}
STAGE_LABELS = {
    Stage.CALLS: "calls",
    Stage.WRITTEN_REMINDER: "letter",
    Stage.GENERIC_EMAIL: "generic email",
    Stage.FORMAL_NOTICE: "formal notice",
    Stage.PROCEDURE: "procedure",
}
FILTERS = ("All overdue", "Due today", "Broken promises", "Mine", "Unassigned")
#: While a colleague is on a call, the queue is read again this often (the minutes on their line
#: move on, and the claim of an app that died lapses without telling anyone).
CLAIMED_RELOAD_SECONDS = 15
#: At most this long, at start, the figures under the rows wait for a key's call to come up.
FIGURES_WAIT_SECONDS = 2.0


class QueueTable(DataTable[Text]):
    """The queue's rows. Enter opens the file at once, as the key's own action (not through a
    message the screen gets later), so a key typed right after it goes to the file. DataTable
    scrolls sideways on Home/End; here they go to the first and the last debtor of the page."""

    BINDINGS = [
        Binding("enter", "screen.open_file", "Open file", show=False),
        Binding("home", "first_row", "First", show=False, id="queue.first"),
        Binding("end", "last_row", "Last", show=False, id="queue.last"),
    ]

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))


class QueueScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "open_file", "Open file", id="queue.open"),
        Binding("c", "call", "Call", id="queue.call"),
        Binding("slash", "search", "Search", id="queue.search"),
        Binding("f", "next_filter", "Filter", id="queue.filter"),
        Binding("right_square_bracket", "page(1)", "Next page", id="queue.next_page", show=False),
        Binding("left_square_bracket", "page(-1)", "Previous page", id="queue.previous_page", show=False),
        Binding("r", "refresh_queue", "Refresh", id="queue.refresh", show=False),
        Binding("R", "app.report", "Report", id="queue.report"),
        Binding("q", "app.quit_app", "Quit", id="queue.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: Keys wait for the first page: a `c` pressed at the first frame calls its first debtor.
        self.ready_for_keys = False
        self.debtor_width = DEBTOR_WIDTH
        self.entries: list[QueueEntry] = []
        #: How the page's debtors pay (shown under the table for the highlighted one).
        self.payers: dict[int, PayerFigures] = {}
        self.page = 0
        self.filter_index = 0
        self.search_text = ""
        self.overdue_text = ""
        self.count = 0
        #: How many of them have something due today (the header says so).
        self.due = 0
        self._loaded_once = False
        self._opening_search = False
        #: The whole team's figures for the day, with each page.
        self.team: TeamTotals | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="queue-head"):
            yield Static(tr("Loading…"), id="queue-title")
            yield Static("", id="queue-session")
        yield QueueTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="queue-note")
        yield Static("", id="queue-empty", classes="hidden")
        # The key bar follows one frame later (see on_mount): the queue is what the first frame is for.

    def on_mount(self) -> None:
        key_bar_after_first_frame(self)
        table = self.query_one(DataTable)
        self._add_columns(table)
        table.focus()
        self.set_interval(1, self._show_session)
        self.set_interval(CLAIMED_RELOAD_SECONDS, self._reload_if_claimed)
        self._show_session()
        if self.app.is_open:
            self.load()

    def _debtor_width(self) -> int:
        """The debtor column takes what the others leave: 22 at 80 columns, more on a wider terminal."""
        return max(DEBTOR_WIDTH, self.app.size.width - (80 - DEBTOR_WIDTH))

    def _add_columns(self, table: DataTable[Text]) -> None:
        # Sized to fit 80 columns with the scrollbar (68 + 5 × 2 padding + 2). Text labels: plain words,
        # no markup to parse on the way to the first frame.
        self.debtor_width = self._debtor_width()
        for heading, key, width in (
            ("Debtor", "debtor", self.debtor_width),
            ("Overdue", "overdue", 13),
            ("Days late", "late", 5),
            ("What is due", "due", 15),
            ("Stage", "stage", 13),
        ):
            table.add_column(Text(tr(heading)), key=key, width=width)

    def on_resize(self, event: events.Resize) -> None:
        if self._debtor_width() != self.debtor_width:
            table = self.query_one(DataTable)
            table.clear(columns=True)
            self._add_columns(table)
            self._fill_page()

    def on_screen_resume(self) -> None:
        # Coming back from a debtor or a call: the queue may have changed. (The first resume, right
        # after mounting, is skipped: on_mount is already loading.)
        if self._loaded_once:
            self.load()

    # -- loading ----------------------------------------------------------------------------------

    def _filter(self) -> QueueFilter:
        from dunning_tui.store.queue_types import QueueFilter

        owner = {3: self.app.settings.caller_name(), 4: ""}.get(self.filter_index)
        return QueueFilter(
            due_only=self.filter_index == 1,
            broken_only=self.filter_index == 2,
            search=self.search_text,
            owner=owner,
        )

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def load(self) -> None:
        """One page and the queue's totals, in a thread, after the follow-up of the debtors the day
        moved: the same rows as ``dunning queue`` shows for the day."""
        app = self.app
        if not app.is_open:
            return  # the app loads the page once the database is open
        page = app.services.queue_page(app.day, self._filter(), self.page, PAGE_SIZE)
        empty_db = not page.summary.count and not self.search_text and app.services.is_empty()
        app.call_from_thread(unless_superseded(self._show), page, empty_db)
        # Then how the page's debtors pay (under the table) and the team's day (in the header),
        # once the rows are drawn, and at start once a key pressed meanwhile has been acted on (the
        # call it opened is on screen): nothing competes with drawing them, nor with that call.
        drawn = threading.Event()
        app.call_from_thread(self.call_after_refresh, drawn.set)
        drawn.wait(1.0)
        app.rest_begun.wait(FIGURES_WAIT_SECONDS)
        if get_current_worker().is_cancelled:  # a newer load reads its own
            return
        page = app.services.page_figures(app.day, page)
        app.call_from_thread(unless_superseded(self._show_figures), page)
        app.followed_up = True

    def _show(self, page: QueuePage, empty_db: bool) -> None:
        self._loaded_once = True
        self.entries = [*page.entries, *page.outside]
        # How they pay and the team's day follow (see load): until then, the figures shown before.
        self.count = page.summary.count
        self.due = page.summary.due
        self.page = page.number
        fmt = self.app.fmt
        self.overdue_text = " + ".join(fmt.money(v, c) for c, v in page.summary.overdue.items()) or fmt.money(
            Decimal(0), self.app.settings.currency
        )
        self._fill_page()
        self._cursor_after_call()
        day = fmt.long_day(self.app.day)
        # A filter or a search is said in the header: the figures beside it are those of the filter.
        filter_name = f" · [reverse] {tr(FILTERS[self.filter_index])} [/]" if self.filter_index else ""
        if self.search_text:
            filter_name += f" · [reverse] “{escape(self.search_text)}” [/]"
        self.query_one("#queue-title", Static).update(
            f"[b]{tr('Call queue')}[/b] · {day}{filter_name} · [b]{self.due}[/b] {tr('still to call')}"
        )
        self._show_session()
        empty = self.query_one("#queue-empty", Static)
        empty.set_class(bool(self.entries), "hidden")
        if not self.entries:
            empty.update(
                f"{tr('The database is empty.')}\n\n"
                + tr(
                    "Import your invoices with `dunning import FILE.csv`, or load demo data with `dunning demo`."
                )
                if empty_db
                else tr("No result for “{search}”.", search=self.search_text)
                if self.search_text
                else tr("Nobody to call today.")
            )
        if not self.ready_for_keys and not self._opening_search:
            self.keys_ready()
        self.call_after_refresh(
            self.app.first_page_shown, self.entries[0].debtor_id if self.entries else None
        )

    def _show_figures(self, page: QueuePage) -> None:
        self.payers, self.team = page.payers, page.team
        self._show_session()
        self._row_highlighted()

    def _cursor_after_call(self) -> None:
        """After an outcome, put the cursor on the next debtor to call: the top of what is still
        due, past everyone this block has already called and those a colleague is on the phone with."""
        if self.app.last_called is None:
            return
        self.app.last_called = None
        called = self.app.session_totals.called
        index = next(
            (
                i
                for i, e in enumerate(self.entries)
                if e.debtor_id not in called and e.currency and not e.claimed_by
            ),
            0,
        )
        self.query_one(DataTable).move_cursor(row=index)

    def _pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    def _fill_page(self) -> None:
        table = self.query_one(DataTable)
        fmt = self.app.fmt
        row = table.cursor_row
        table.clear()
        for entry in self.entries:
            if not entry.currency:  # found by a search outside the queue: nothing overdue
                table.add_row(
                    Text(cut_name(entry.name, self.debtor_width), no_wrap=True, end=""),
                    Text("—", end=""),
                    Text("", end=""),
                    Text(tr("not overdue"), no_wrap=True, end=""),
                    Text("", end=""),
                    key=str(entry.debtor_id),
                )
                continue
            due = tr(REASON_LABELS[entry.reason]) if entry.reason else "—"
            if entry.due_time is not None:
                due = f"{due} {spoken_time(entry.due_time, language())}"  # "rappel 15 h 30"
            stage = tr(STAGE_LABELS[entry.stage])
            style = ""
            if entry.claimed_by:  # "on a call — Marie, 3 min", across the last two columns
                due, stage = tr("on a call —"), f"{entry.claimed_by}, {self._minutes_on_call(entry)} min"
                style = "italic"
            # Text, not str: a name such as "Dupont [BE]" is shown as written, not read as markup.
            table.add_row(
                Text(cut_name(entry.name, self.debtor_width), no_wrap=True, end=""),
                Text(fmt.money(entry.total_overdue, entry.currency), no_wrap=True, end=""),
                Text(str(entry.days_late), no_wrap=True, end=""),
                Text(due, style=style, no_wrap=True, end=""),
                Text(stage, style=style, no_wrap=True, overflow="ellipsis", end=""),
                key=str(entry.debtor_id),
            )
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
        pages = self._pages()
        table.border_subtitle = f"{tr('page')} {self.page + 1}/{pages}" if pages > 1 else ""

    def _minutes_on_call(self, entry: QueueEntry) -> int:
        since = entry.claimed_at or self.app.clock.now()
        return max(0, int((self.app.clock.now() - since).total_seconds() // 60))

    def _show_session(self) -> None:
        totals = self.app.session_totals
        fmt = self.app.fmt

        def promised(amounts: dict[str, Decimal]) -> str:
            text = " + ".join(fmt.money(v, c) for c, v in amounts.items())
            return f" ({text})" if text else ""

        team = ""
        # The whole team's day, beside this block's own figures, once a colleague has called too.
        if self.team is not None and self.team.calls != totals.calls:
            team = (
                f" · [dim]{label('team')} {tr('calls made')} {self.team.calls} · "
                f"{tr('promises')} {self.team.promises}{promised(self.team.promised)}[/dim]"
            )
        self.query_one("#queue-session", Static).update(
            f"[b]{self.overdue_text}[/b] {tr('overdue')} · {tr('calls made')} {totals.calls} · "
            f"{tr('promises')} {totals.promises}{promised(totals.promised)} · "
            f"{clock(totals.elapsed())}{team}"
        )

    # -- actions ----------------------------------------------------------------------------------

    def _selected(self) -> QueueEntry | None:
        index = self.query_one(DataTable).cursor_row
        if not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def action_open_file(self) -> None:
        if (entry := self._selected()) is not None:
            self.app.open_debtor(entry.debtor_id, entry.reason)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        entry = self._selected()
        note = brief.due_note(entry.reason, entry.action_note) if entry and entry.action_note else ""
        payer = brief.payer_summary(self.payers.get(entry.debtor_id)) if entry and self.payers else ""
        self.query_one("#queue-note", Static).update(Text(" — ".join(p for p in (note, payer) if p)))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_file()

    def action_call(self) -> None:
        if (entry := self._selected()) is None:
            return
        if entry.claimed_by:  # one sentence, and nothing else happens
            tell_on_call(self.app, entry.claimed_by, entry.name, self._minutes_on_call(entry))
            return
        self.app.call_debtor(entry.debtor_id, reason=entry.reason)

    def _reload_if_claimed(self) -> None:
        if self.app.is_open and self.is_current and any(e.claimed_by for e in self.entries):
            self.load()

    async def action_search(self) -> None:
        # The search field is built on first use: the queue's first frame goes without it. Keys
        # typed before it has the focus wait for it.
        from textual.widgets import Input

        self.keys_wait()
        self._opening_search = True
        found = self.query("#queue-search")
        if found:
            search = found.first(Input)
        else:
            search = Input(placeholder=tr("Search debtor or invoice number"), id="queue-search")
            await self.mount(search, before=self.query_one(DataTable))
        search.remove_class("hidden")
        search.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id == "queue-search" and self._opening_search:
            self._opening_search = False
            if self._loaded_once:
                self.keys_ready()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "queue-search":
            return
        self.search_text = event.value.strip()
        if not self.search_text:
            event.input.add_class("hidden")
        self.page = 0
        self.query_one(DataTable).focus()
        self.load()

    def key_escape(self) -> None:
        from textual.widgets import Input

        found = self.query("#queue-search")
        search = found.first(Input) if found else None
        if search is not None and (search.has_focus or self.search_text):
            search.value = ""
            search.add_class("hidden")
            self.search_text = ""
            self.query_one(DataTable).focus()
            self.load()

    def action_next_filter(self) -> None:
        self.set_filter((self.filter_index + 1) % len(FILTERS))

    def set_filter(self, index: int) -> None:
        self.filter_index = index
        self.page = 0
        self.load()

    def action_page(self, step: int) -> None:
        self.page = max(0, min(self._pages() - 1, self.page + step))
        self.load()

    def action_refresh_queue(self) -> None:
        self.load()
