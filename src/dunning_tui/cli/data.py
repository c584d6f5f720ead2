"""Reading and filling the database without the app: ``demo``, ``queue``, ``show``."""

from __future__ import annotations

from typing import Annotated

import typer

from dunning_tui.cli.common import DbOption, JsonOption, open_services, parse_date_option
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
    history: Annotated[
        bool, typer.Option("--history/--no-history", help="Months of earlier calls, for the report.")
    ] = True,
) -> None:
    """Fill an empty database with realistic demo debtors, invoices and history."""
    with open_services(db) as services:
        report = services.load_demo(debtors, seed, parse_date_option(today), invoices_per_debtor, history)
    typer.echo(
        tr(
            "Demo loaded: {debtors} debtors, {invoices} invoices, {payments} payments.",
            debtors=report.debtors,
            invoices=report.invoices,
            payments=report.payments,
        )
    )


OwnerOption = Annotated[
    str | None,
    typer.Option("--owner", help="Only the debtors of this owner (--owner '' for those nobody owns)."),
]


def queue(
    db: DbOption = None, date: DateOption = None, json: JsonOption = False, owner: OwnerOption = None
) -> None:
    """Today's call queue (or another day's with --date), most urgent first."""
    with open_services(db) as services:
        from dunning_tui.cli import render
        from dunning_tui.store.queue_types import QueueFilter

        day = parse_date_option(date)
        entries = services.queue(day, QueueFilter(owner=owner))
        if json:
            render.print_json([render.queue_entry_json(e) for e in entries])
        else:
            render.print_queue(entries, day, services.settings.ui_locale())


def show(
    debtor: Annotated[str, typer.Argument(help="Debtor id, key or name.")],
    db: DbOption = None,
    date: DateOption = None,
    json: JsonOption = False,
) -> None:
    """The whole file of one debtor."""
    with open_services(db) as services:
        from dunning_tui.cli import render

        day = parse_date_option(date)
        file = services.debtor_file(services.find_debtor(debtor))
        if json:
            render.print_json(render.debtor_file_json(file, day))
        else:
            from dunning_tui.reports import jurisdiction_for

            settings = services.settings
            render.print_debtor_file(file, day, settings.ui_locale(), jurisdiction_for(file.debtor, settings))
