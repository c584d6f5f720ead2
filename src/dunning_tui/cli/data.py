"""Reading and filling the database without the app: ``demo``, ``queue``, ``show``."""

from __future__ import annotations

from typing import Annotated

import typer

from dunning_tui.cli.common import DbOption, JsonOption, open_database, parse_date_option, this_day
from dunning_tui.words import tr

DateOption = Annotated[
    str | None, typer.Option("--date", help="The day to compute for, YYYY-MM-DD (default: today).")
]


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("queue")(queue)
    app.command("show")(show)


def demo(
    db: DbOption = None,
    debtors: Annotated[int, typer.Option(help="How many debtors to create.", min=1)] = 40,
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 7,
    invoices_per_debtor: Annotated[
        int | None, typer.Option(help="Open invoices per debtor (default: 1 to 4).", min=1, max=100)
    ] = None,
    today: DateOption = None,
) -> None:
    """Fill an empty database with realistic demo debtors, invoices and history."""
    with open_database(db) as (_settings, database):
        from dunning_tui.store.demo import load_demo

        day = parse_date_option(today)
        with database.session() as session:
            report = load_demo(session, debtors, seed, day, invoices_per_debtor)
        if database.is_sqlite:
            database.analyze()
    typer.echo(
        tr(
            "Demo loaded: {debtors} debtors, {invoices} invoices, {payments} payments.",
            debtors=report.debtors,
            invoices=report.invoices,
            payments=report.payments,
        )
    )


def queue(db: DbOption = None, date: DateOption = None, json: JsonOption = False) -> None:
    """Today's call queue (or another day's with --date), most urgent first."""
    with open_database(db) as (settings, database):
        from dunning_tui.cli import render
        from dunning_tui.store.followup import refresh, refresh_if_due
        from dunning_tui.store.queue import load_queue, refresh_rows, with_stages

        day = parse_date_option(date)
        what_if = day != this_day()
        if not what_if:
            with database.session() as session:
                refresh_if_due(session, day, settings.cadence, settings.ui_language())
            refresh_rows(database, day)
        with database.session() as session:
            if what_if:
                # Another day is a "what if": its follow-up is computed, shown, and rolled back.
                refresh(session, day, settings.cadence, language=settings.ui_language())
            entries = with_stages(session, load_queue(session, day), day, settings.cadence)
            if what_if:
                session.rollback()
        if json:
            render.print_json([render.queue_entry_json(e) for e in entries])
        else:
            render.print_queue(entries, day, settings.ui_locale())


def show(
    debtor: Annotated[str, typer.Argument(help="Debtor id, key or name.")],
    db: DbOption = None,
    date: DateOption = None,
    json: JsonOption = False,
) -> None:
    """The whole file of one debtor."""
    with open_database(db) as (settings, database):
        from dunning_tui.cli import render
        from dunning_tui.store.dossier import find_debtor_id, load_debtor_file

        day = parse_date_option(date)
        with database.session() as session:
            file = load_debtor_file(session, find_debtor_id(session, debtor))
        if json:
            render.print_json(render.debtor_file_json(file, day))
        else:
            render.print_debtor_file(file, day, settings.ui_locale())
