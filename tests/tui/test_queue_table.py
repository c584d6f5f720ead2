"""The queue table's direct drawing gives exactly what DataTable's general path gives."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from dunning_tui.tui.widgets.queue_table import QueueTable

CELLS = [
    "Boulangerie Martin",
    "Établissements Dupont & Fils, Société Anonyme",  # longer than its column
    "Dupont [BE]",  # brackets stay text
    "1 234,50 €",
    "漢字の名前",  # double-width characters
    "",
]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield QueueTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(QueueTable)
        table.add_column("Debtor", key="debtor", width=12)
        table.add_column("Overdue", key="overdue", width=7)
        for n, text in enumerate(CELLS):
            table.add_row(
                Text(text, no_wrap=True, overflow="ellipsis", end=""),
                Text(text, no_wrap=True, end=""),
                key=str(n),
            )


def _cells(lines: list[list[Segment]]) -> list[tuple[str, object]]:
    """Each character with its style: two drawings that split segments differently compare equal."""
    return [(char, segment.style) for line in lines for segment in line for char in segment.text]


@pytest.mark.parametrize("cursor", [False, True])
@pytest.mark.parametrize("hover", [False, True])
async def test_plain_cells_are_drawn_as_datatable_draws_them(cursor: bool, hover: bool) -> None:
    async with TableApp().run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        await pilot.pause()
        for row in range(len(CELLS)):
            base = table._get_row_style(row, table.rich_style)
            for column, width in ((0, 12 + 2), (1, 7 + 2)):
                fast = table._plain_cell(row, column, base, width, cursor, hover)
                assert fast is not None
                general = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                assert _cells(fast) == _cells(general), (row, column)


async def test_headers_and_styled_cells_take_the_general_path() -> None:
    async with TableApp().run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.add_row(Text("bold", style="bold"), Text("x"), key="styled")
        await pilot.pause()
        assert table._plain_cell(-1, 0, table.rich_style, 14, False, False) is None
        assert table._plain_cell(len(CELLS), 0, table.rich_style, 14, False, False) is None
