"""Follow-through commands: record a payment, show the late-payment penalties."""

from __future__ import annotations

from typing import Annotated

import typer

from dunning_tui.cli.common import DbOption, JsonOption, open_services, parse_date_option

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
    with open_services(db) as services:
        from dunning_tui.domain.money import format_money, parse_amount
        from dunning_tui.domain.payments import PaymentInput
        from dunning_tui.errors import UserError

        try:
            value = parse_amount(amount)
        except ValueError as exc:
            raise UserError(f"{exc}.") from None
        services.add_payment(PaymentInput(invoice, value, parse_date_option(date), method, ref))
        money = format_money(value, services.settings.currency, services.settings.ui_locale())
    typer.echo(f"Payment of {money} recorded on {invoice}.")


def penalties(
    debtor: Annotated[str, typer.Argument(help="Debtor id, key or name.")],
    date: Annotated[str | None, typer.Option("--date", help="Compute at this day, YYYY-MM-DD.")] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Late-payment interest and fixed indemnity owed, per invoice, under the debtor's law."""
    with open_services(db) as services:
        from dunning_tui.cli import render

        day = parse_date_option(date)
        file = services.debtor_file(services.find_debtor(debtor))
        report = services.penalties(file, day)
        if json:
            render.print_json(render.penalties_json(file, report))
        else:
            render.print_penalties(file, report, services.settings.ui_locale())
