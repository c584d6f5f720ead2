"""After an import, the follow-up of the debtors it wrote to is brought in line at once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from dunning_tui.clock import Clock
from dunning_tui.services import Services
from dunning_tui.settings import Settings
from dunning_tui.store.database import Database
from tests.conftest import TODAY
from tests.importers.conftest import write
from tests.store.rows import add_debtor, add_invoice, at, promise, promise_statuses


def test_an_imported_payment_keeps_the_promise_and_only_its_debtor_is_refreshed(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as s:
        payer = add_debtor(s, "Atelier du Parc")
        add_invoice(s, payer, "F-1", "1200.00", TODAY - timedelta(days=20))
        promise(s, payer, at(TODAY - timedelta(days=10)), TODAY - timedelta(days=5), "1200.00")
        other = add_debtor(s, "Studio Lumière")
        add_invoice(s, other, "F-2", "800.00", TODAY - timedelta(days=20))
        promise(s, other, at(TODAY - timedelta(days=10)), TODAY - timedelta(days=5), "800.00")
    paid_on = (TODAY - timedelta(days=6)).isoformat()
    write(tmp_path / "payments.csv", f"invoice_number,date,amount\nF-1,{paid_on},1200.00\n")
    services = Services(db, Settings(), Clock.pinned(TODAY))
    report = services.import_paths([tmp_path / "payments.csv"])
    assert report.debtor_ids == [payer]
    with db.session() as s:
        assert promise_statuses(s, payer) == ["kept"]
        # Untouched by the import: its broken promise waits for the day's own follow-up.
        assert promise_statuses(s, other) == ["pending"]
    again = services.import_paths([tmp_path / "payments.csv"])
    assert again.debtor_ids == []
