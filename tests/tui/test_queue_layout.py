"""The queue's debtor column uses the width it has, and cuts long names so that they stay distinct."""

from __future__ import annotations

from sqlalchemy import update
from tests.tui.helpers import queue_loaded, wait_for

from dunning_tui.store import tables as t
from dunning_tui.tui.formatting import cut_name


async def test_names_that_begin_alike_stay_distinct_at_80_columns_and_whole_when_wider(app, demo_db) -> None:
    from tests.conftest import TODAY

    from dunning_tui.store.queue import load_queue

    names = ("Boulangerie Horizon SARL", "Boulangerie Horizon SAS")
    with demo_db.session() as session:
        for entry, name in zip(load_queue(session, TODAY)[:2], names, strict=True):
            session.execute(update(t.Debtor).where(t.Debtor.id == entry.debtor_id).values(name=name))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        table = app.screen.query_one("#queue-table")
        cells = [str(table.get_row_at(i)[0]) for i in range(2)]
        assert cells[0] != cells[1]
        assert all(len(cell) <= 22 for cell in cells)
        assert cells[0].endswith("SARL") and cells[1].endswith("SAS")
        await pilot.resize_terminal(120, 35)
        await wait_for(pilot, lambda: str(table.get_row_at(0)[0]) in names)
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == list(names)
        assert table.columns[table.ordered_columns[0].key].width == 62  # 22 + the 40 columns gained


def test_a_cut_name_keeps_its_end_and_its_width() -> None:
    assert cut_name("Boulangerie Horizon SARL", 22) == "Boulangerie Hori… SARL"
    assert cut_name("Boulangerie Horizon SAS", 22) == "Boulangerie Horiz… SAS"
    assert cut_name("Cabinet Lumière SC", 22) == "Cabinet Lumière SC"
    assert len(cut_name("Supercalifragilisticexpialidocious", 22)) == 22
