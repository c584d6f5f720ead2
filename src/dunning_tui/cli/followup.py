"""Follow-through commands: record a payment, show the late-payment penalties."""

from __future__ import annotations

from typing import Annotated

import typer

from dunning_tui.cli.common import DbOption, JsonOption, open_database, parse_date_option
from dunning_tui.words import tr

payment_app = typer.Typer(help="Payments received.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(payment_app, name="payment")
    app.command("penalties")(penalties)


@payment_app.command("add")
def payment_add(
    invoice: Annotated[str, typer.Argument(help="Invoice number.")],
    amount: Annotated[str, typer.Argument(help="Amount received, e.g. 1200 or 1 200,50.")],
    date: Annotated[
        str | None, typer.Option("--date", help="Day received, YYYY-MM-DD (default: today).")
    ] = None,
    method: Annotated[str, typer.Option("--method", help="transfer, card, cheque...")] = "transfer",
    ref: Annotated[str, typer.Option("--ref", help="Bank reference.")] = "",
    db: DbOption = None,
) -> None:
    """Record a payment; promises and next actions are re-evaluated at once."""
    with open_database(db) as (settings, database):
        from dunning_tui.domain.money import format_money, parse_amount
        from dunning_tui.errors import UserError
        from dunning_tui.store.followup import refresh
        from dunning_tui.store.payments import add_payment

        try:
            value = parse_amount(amount)
        except ValueError:
            raise UserError(f"'{amount}' is not an amount.") from None
        day = parse_date_option(date)
        with database.session() as session:
            _, debtor_id = add_payment(session, invoice, value, day, method, ref)
            refresh(session, parse_date_option(None), settings.cadence, [debtor_id], settings.ui_language())
    amount_words = format_money(value, settings.currency, settings.ui_locale())
    typer.echo(tr("Payment of {amount} recorded on {invoice}.", amount=amount_words, invoice=invoice))


def penalties(
    debtor: Annotated[str, typer.Argument(help="Debtor id, key or name.")],
    date: Annotated[str | None, typer.Option("--date", help="Compute at this day, YYYY-MM-DD.")] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Late-payment interest and fixed indemnity owed, per invoice, under the debtor's law."""
    with open_database(db) as (settings, database):
        from dunning_tui.cli import render
        from dunning_tui.reports import penalties_for
        from dunning_tui.store.dossier import find_debtor_id, load_debtor_file

        day = parse_date_option(date)
        with database.session() as session:
            file = load_debtor_file(session, find_debtor_id(session, debtor))
        report = penalties_for(file, day, settings)
        if json:
            render.print_json(render.penalties_json(file, report))
        else:
            render.print_penalties(file, report, settings.ui_locale())
