"""The queue's table: Textual's DataTable, with its one-line plain-text cells drawn directly.

The queue is the first screen a user sees, and drawing its visible rows through the general path
(every cell a rich renderable padded, styled and rendered by the console) was the largest single
cost of the first frame. A cell that is a plain one-line :class:`~rich.text.Text` (no styles, no
markup spans) in a one-line row comes down to one segment: the text cropped or padded to the
column, between the cell padding, in the cell's style. Every other cell (headers, labels, styled
text) goes the general way. ``tests/tui/test_queue_table.py`` checks that both ways draw the same
characters in the same styles, so a change inside Textual shows up as a failing test.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets._data_table import SegmentLines  # type: ignore[attr-defined]


class QueueTable(DataTable[Text]):
    BINDINGS = [
        # DataTable scrolls sideways on Home/End; in the queue they go to the first and last debtor.
        Binding("home", "first_row", "First", show=False, id="queue.first"),
        Binding("end", "last_row", "Last", show=False, id="queue.last"),
    ]

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        drawn = self._plain_cell(row_index, column_index, base_style, width, cursor, hover)
        if drawn is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return drawn

    def _plain_cell(
        self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool, hover: bool
    ) -> SegmentLines | None:
        """The cell as one segment, or None when it needs the general path."""
        if (
            row_index < 0
            or column_index < 0
            or row_index < self.fixed_rows
            or column_index < self.fixed_columns
        ):
            return None
        row_key = self._row_locations.get_key(row_index)
        if row_key is None or self.rows[row_key].height != 1:
            return None
        cell = self._get_row_renderables(row_index).cells[column_index]
        if not isinstance(cell, Text) or cell.style or cell.spans or "\n" in cell.plain:
            return None
        pre_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        style = (
            base_style + Style.from_meta({"row": row_index, "column": column_index}) + pre_style + post_style
        )
        room = max(0, width - 2 * self.cell_padding)
        text = cell.plain
        if cell_len(text) > room and cell.overflow == "ellipsis" and room:
            text = set_cell_size(text, room - 1) + "…"
        pad = " " * self.cell_padding
        return [[Segment(pad + set_cell_size(text, room) + pad, style)]]
