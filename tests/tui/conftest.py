from __future__ import annotations

import pytest
from tests.conftest import TODAY


@pytest.fixture
def settings(db_url: str, isolated_home):
    from dunning_tui.settings import load_settings

    (isolated_home / "config.toml").write_text(
        '[creditor]\nname = "Studio Exemple"\nphone = "+33 1 23 45 67 89"\nemail = "facturation@studio.example"\n',
        encoding="utf-8",
    )
    return load_settings(db=db_url, language="en")


@pytest.fixture
def app(settings, demo_db):
    from dunning_tui.tui.app import build_app

    return build_app(settings, demo_db, today=TODAY)


@pytest.fixture
def history_db(database):
    """The demo book with its months of earlier calls (what the report learns from)."""
    from dunning_tui.store.demo import load_demo

    with database.session() as session:
        load_demo(session, debtors=30, seed=7, today=TODAY, history=True)
    return database
