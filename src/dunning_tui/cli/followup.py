"""Follow-through commands: record a payment, show the late-payment penalties, read a spoken date."""

from __future__ import annotations

from typing import Annotated

import typer

from dunning_tui.cli.common import (
    DbOption,
    JsonOption,
    handle_user_errors,
    open_services,
    parse_date_option,
)
from dunning_tui.words import tr

payment_app = typer.Typer(help="Payments received.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(payment_app, name="payment")
    app.command("penalties")(penalties)
    app.command("date")(date_command)


@payment_app.command("add")
def payment_add(
    invoice: Annotated[str, typer.Argument(help="Invoice number.")],
    amount: Annotated[str, typer.Argument(help="Amount received, e.g. 1200 or 1 200,50.")],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Day received, as typed or said: 2026-11-25, 25/11, hier, last friday (default: today).",
        ),
    ] = None,
    method: Annotated[str, typer.Option("--method", help="transfer, card, cheque...")] = "transfer",
    ref: Annotated[str, typer.Option("--ref", help="Bank reference.")] = "",
    db: DbOption = None,
) -> None:
    """Record a payment; promises and next actions are re-evaluated at once."""
    with open_services(db) as services:
        from dunning_tui.domain.dates import read_date
        from dunning_tui.domain.money import format_money, parse_amount
        from dunning_tui.domain.payments import PaymentInput
        from dunning_tui.errors import UserError

        try:
            value = parse_amount(amount)
        except ValueError as exc:
            raise UserError("{exc}.", values={"exc": exc}) from None
        today = services.today()
        day = today if date is None else read_date(date, today, services.settings.ui_language(), past=True)
        services.add_payment(PaymentInput(invoice, value, day, method, ref))
        money = format_money(value, services.settings.currency, services.settings.ui_locale())
    typer.echo(tr("Payment of {amount} recorded on {invoice}.", amount=money, invoice=invoice))


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


def date_command(
    phrase: Annotated[
        str, typer.Argument(help="A date as said or typed: 'vendredi 4', 'sous huitaine', '25/11'.")
    ],
    today: Annotated[
        str | None, typer.Option("--today", help="Read the phrase as if today were this day, YYYY-MM-DD.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="fr or en (default: the interface language).")
    ] = None,
    past: Annotated[
        bool, typer.Option("--past", help="A day already gone, like a payment's: a future date is refused.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """How the tool reads a date phrase: the date, or one sentence saying why it is not one."""
    with handle_user_errors():
        from dunning_tui.cli import render
        from dunning_tui.domain.dates import long_day, read_date
        from dunning_tui.errors import UserError

        if lang not in (None, "fr", "en"):
            raise UserError("--lang must be fr or en, not '{lang}'.", values={"lang": lang})
        if lang is None:
            from dunning_tui.settings import load_settings

            lang = load_settings().ui_language()
        day = read_date(phrase, parse_date_option(today, "--today"), lang, past=past)
        if json:
            render.print_json({"date": day})
        else:
            typer.echo(f"{day.isoformat()}  {long_day(day, lang)}")
