"""Rendering: placeholders filled in the user's locale, and missing values leave natural sentences."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from dunning_tui.domain.enums import DebtorKind, Outcome
from dunning_tui.errors import UserError
from dunning_tui.script import (
    ScriptContext,
    build_context,
    default_script,
    enabled_consequences,
    format_day,
    parse_script,
    render_node,
)
from dunning_tui.script.template import render, tidy
from dunning_tui.settings import Consequences
from tests.script.helpers import LATEST, MINIMAL, TODAY, debtor_file

ALL_CONSEQUENCES = Consequences(
    late_interest=True,
    recovery_indemnity=True,
    suspend_work=True,
    remove_credit_terms=True,
    collection_agency=True,
    court_action=True,
)


def context(locale: str = "fr_FR", **kwargs: object) -> ScriptContext:
    names = ("several", "contact", "promise", "kind", "name", "contact_name")
    file_kwargs = {k: kwargs.pop(k) for k in names if k in kwargs}
    options: dict[str, object] = {
        "today": TODAY,
        "latest_date": LATEST,
        "creditor": "Atelier Nord",
        "caller": "Sam Roux",
        "locale": locale,
        "penalties": Decimal("52.30"),
        "consequences": ALL_CONSEQUENCES,
        "max_instalments": 3,
        "creditor_phone": "01 23 45 67 89",
    }
    options.update(kwargs)
    return build_context(debtor_file(**file_kwargs), **options)  # type: ignore[arg-type]


def all_lines(language: str, ctx: ScriptContext) -> list[str]:
    script = default_script(language)
    out: list[str] = []
    for node_id in script.nodes:
        node = render_node(script, node_id, ctx)
        out += [node.title, *node.lines, *node.tips, *(a.label for a in node.answers), node.refocus]
    return out


def test_french_values() -> None:
    values = context().values
    assert values["company"] == "Boulangerie Martin SARL"
    assert values["contact"] == "Claire Martin"
    assert values["invoices"] == "F-2025-041"
    assert values["balance"] == "1\u202f200,00\xa0€"
    assert values["due_dates"] == "vendredi 31 octobre"
    assert values["days_late"] == "20"
    assert values["latest_date"] == "vendredi 12 décembre"
    assert values["last_promise_date"] == "vendredi 14 novembre"
    assert values["last_promise_amount"] == "1\u202f200,00\xa0€"
    assert values["penalties"] == "52,30\xa0€"
    assert values["max_instalments"] == "3"


def test_english_values_and_several_invoices() -> None:
    ctx = context("en_GB", several=True)
    assert ctx.values["invoices"] == "F-2025-041 and F-2025-047"
    assert ctx.values["balance"] == "€2,234.50"
    assert ctx.values["due_dates"] == "Friday 31 October and Sunday 9 November"
    assert ctx.values["latest_date"] == "Friday 12 December"
    assert "several_invoices" in ctx.flags


def test_dates_carry_the_year_only_when_it_differs() -> None:
    assert format_day(date(2026, 1, 9), "en_GB", today=TODAY) == "Friday 9 January 2026"
    assert format_day(date(2025, 12, 12), "en_US", today=TODAY) == "Friday, December 12"
    assert format_day(date(2025, 12, 12), "fr_BE", today=TODAY) == "vendredi 12 décembre"


def test_french_invoice_node() -> None:
    node = render_node(default_script("fr"), "invoice", context())
    assert node.lines[0] == (
        "Je vous appelle au sujet de la facture F-2025-041, d'un montant de 1\u202f200,00\xa0€, "
        "arrivée à échéance le vendredi 31 octobre."
    )
    assert node.lines[-1] == "À quelle date pouvez-vous le faire partir ?"
    assert "Votre limite : vendredi 12 décembre." in node.tips
    assert [(a.key, a.target) for a in node.answers][:3] == [
        (1, "promise"),
        (2, "oversight"),
        (3, "already_paid"),
    ]
    assert node.target(3) == "already_paid" and node.target(0) is None
    assert node.evidence == ("invoices",) and not node.is_end


def test_english_several_invoices_node() -> None:
    node = render_node(default_script("en"), "invoice", context("en_GB", several=True))
    assert node.lines[0] == "I'm calling about invoices F-2025-041 and F-2025-047, for €2,234.50 in total."


def test_french_elision_after_a_filled_name() -> None:
    node = render_node(default_script("fr"), "opening", context())
    assert node.lines[0] == "Bonjour, ici Sam Roux, d'Atelier Nord."


def test_caller_defaults_to_the_creditor_without_saying_it_twice() -> None:
    node = render_node(default_script("en"), "opening", context("en_GB", caller=""))
    assert node.lines[0] == "Hello, this is Atelier Nord."


def test_broken_promise_first_finds_out_who_answers() -> None:
    # The entry only greets and asks for the person: no promise, no amount, no threat yet.
    script = default_script("fr")
    first = render_node(script, "broken_promise", context())
    assert first.lines[-1] == "Pourrais-je parler à Claire Martin, s'il vous plaît ?"
    assert not any("1\u202f200" in line or "mise en demeure" in line for line in first.lines)
    assert [a.target for a in first.answers] == [
        "broken_promise_reached",
        "broken_promise_colleague",
        "broken_promise_voicemail",
        "wrong_person",
    ]
    titled = render_node(script, "broken_promise", context(contact_name="Mme Claire Martin"))
    assert titled.lines[-1] == "Pourrais-je parler à Madame Martin, s'il vous plaît ?"
    # Nothing about the debt is said to a colleague or on voicemail.
    for node_id in ("broken_promise_colleague", "broken_promise_voicemail", "message_left"):
        for language, locale in (("fr", "fr_FR"), ("en", "en_GB")):
            lines = render_node(default_script(language), node_id, context(locale)).lines
            text = " ".join(lines)
            assert "1\u202f200" not in text and "1,200" not in text and "F-2025-041" not in text, node_id
            assert "mise en demeure" not in text and "formal notice" not in text, node_id


def test_broken_promise_when_the_right_person_answers() -> None:
    script = default_script("fr")
    # A name with a title: "Monsieur Dupont, vous m'aviez annoncé…", never "Jean Dupont, vous…".
    titled = render_node(script, "broken_promise_reached", context(contact_name="M. Jean Dupont"))
    assert titled.lines[0] == (
        "Monsieur Dupont, vous m'aviez annoncé un paiement de 1\u202f200,00\xa0€ pour le vendredi 14 novembre."
    )
    plain = render_node(script, "broken_promise_reached", context(contact_name="Jean Dupont"))
    assert plain.lines[0].startswith("Vous m'aviez annoncé un paiement de 1\u202f200,00")
    bare = render_node(script, "broken_promise_reached", context(contact=False, promise=False))
    assert bare.lines[0] == "Vous m'aviez annoncé un paiement."
    assert "mise en demeure" in bare.lines[-1]
    en = render_node(
        default_script("en"), "broken_promise_reached", context("en_GB", contact_name="Mrs Jane Hill")
    )
    assert en.lines[0] == "Ms Hill, you told me a payment of €1,200.00 would be made on Friday 14 November."


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_new_branches_are_reachable_and_say_what_they_must(language: str) -> None:
    script = default_script(language)
    locale = "fr_FR" if language == "fr" else "en_GB"
    more = render_node(script, "objections_more", context(locale))
    assert [a.target for a in more.answers] == [
        "price_dispute",
        "sales_terms",
        "accounting_info",
        "insolvency",
        "objections",
    ]
    assert "objections_more" in [a.target for a in render_node(script, "objections", context(locale)).answers]
    assert "price_dispute" in [a.target for a in render_node(script, "dispute", context(locale)).answers]
    insolvency = render_node(script, "insolvency", context(locale))
    assert insolvency.is_end and insolvency.outcome is None  # no outcome of the usual kind fits
    text = " ".join([*insolvency.lines, *insolvency.tips])
    assert "BODACC" in text and ("deux mois" in text or "two months" in text)
    price = render_node(script, "price_dispute", context(locale))
    assert price.outcome is Outcome.DISPUTE and "signed_quote" in price.evidence
    voicemail = " ".join(render_node(script, "voicemail", context(locale)).tips)
    assert "SMS" in voicemail or "text message" in voicemail


def test_consequences_follow_the_settings() -> None:
    script = default_script("en")
    every = render_node(script, "consequences", context("en_GB")).lines
    assert any("collection agency" in line for line in every)
    assert any("€52.30 so far" in line for line in every)
    some = render_node(
        script, "consequences", context("en_GB", consequences=Consequences(late_interest=False))
    ).lines
    assert not any("interest" in line or "agency" in line for line in some)
    assert any("legal action" in line for line in some)  # court_action is on by default
    nothing = render_node(script, "consequences", context("en_GB", consequences=None)).lines
    assert len(nothing) == 3


def test_no_b2b_penalties_for_a_consumer() -> None:
    ctx = context("fr_FR", kind=DebtorKind.CONSUMER)
    assert "late_interest" not in ctx.flags and "recovery_indemnity" not in ctx.flags
    assert "consumer" in ctx.flags and "court_action" in ctx.flags
    lines = render_node(default_script("fr"), "consequences", ctx).lines
    assert not any("intérêts" in line or "indemnité" in line for line in lines)


def test_no_payment_plan_when_not_acceptable() -> None:
    node = render_node(default_script("fr"), "plan", context(plan_ok=False))
    assert node.lines == (
        "Je ne peux pas accepter d'échéancier sur cette facture.",
        "Il me faut une date pour la totalité, au plus tard le vendredi 12 décembre.",
    )
    assert [a.label for a in node.answers] == ["Paie tout à une date", "Refuse"]
    assert [a.key for a in node.answers] == [1, 2]


def test_enabled_consequences_accepts_settings_or_names() -> None:
    assert enabled_consequences(Consequences()) == {"late_interest", "recovery_indemnity", "court_action"}
    assert enabled_consequences(["suspend_work", "bogus"]) == {"suspend_work"}
    assert enabled_consequences(None) == frozenset()


STRAY = re.compile(r"None|\{|\}|\[|\]|\s[,.]|,,|,\s*[.?!]|\(\s*\)|^[\s,.;:!?]|\s{2}|:\s*$|de\s*$|\bd'\s")


@pytest.mark.parametrize(("language", "locale"), [("fr", "fr_FR"), ("en", "en_GB"), ("en", "en_US")])
@pytest.mark.parametrize("several", [False, True])
def test_missing_values_leave_natural_sentences(language: str, locale: str, several: bool) -> None:
    empty = build_context(
        debtor_file(contact=False, promise=False, several=several, name=""),
        today=TODAY,
        latest_date=None,
        creditor="",
        caller="",
        locale=locale,
        plan_ok=False,
    )
    full = context(locale, several=several, plan_ok=True)
    for ctx in (empty, full):
        for line in all_lines(language, ctx):
            assert line and not STRAY.search(line), line
            assert line[0].isupper() or line[0] in '«"…' or line[0].isdigit(), line


def test_missing_values_examples() -> None:
    ctx = build_context(
        debtor_file(contact=False, promise=False, name=""),
        today=TODAY,
        latest_date=None,
        creditor="",
        caller="",
        locale="fr_FR",
    )
    script = default_script("fr")
    assert render_node(script, "opening", ctx).lines == (
        "Bonjour.",
        "Pourrais-je parler à la personne qui règle les factures fournisseurs, s'il vous plaît ?",
    )
    assert "Votre limite" not in " ".join(render_node(script, "invoice", ctx).tips)
    assert render_node(script, "too_late", ctx).lines[0] == "Cette date est trop lointaine pour moi."
    assert render_node(script, "consequences", ctx).lines[-1] == (
        "Je préfère éviter d'en arriver là. Pouvez-vous me donner une date ?"
    )


def test_template_rules() -> None:
    values = {"a": "Ann", "b": ""}
    assert render("Hello[ {a}], hi", values) == "Hello Ann, hi"
    assert render("Hello[ {b}], hi", values) == "Hello, hi"
    assert render("[{b}, ]you said", values) == "You said"
    assert render("For {b} only", values) is None
    assert render("For {b} only", values, lenient=True) == "For only"
    assert render("[[ref]] {{x}} {a}", values) == "[ref] {x} Ann"
    assert render("Broken {", values) == "Broken {"
    assert tidy("Hello , there ,, and ,. ok") == "Hello, there, and. ok"


def test_render_unknown_node_is_a_user_error() -> None:
    script = parse_script(MINIMAL)
    with pytest.raises(UserError, match="no node 'zz'"):
        render_node(script, "zz", ScriptContext())


def test_outcomes_of_default_nodes() -> None:
    script = default_script("en")
    ctx = context("en_GB")
    assert render_node(script, "dispute", ctx).evidence == ("signed_quote", "delivery_note", "invoices")
    assert render_node(script, "already_paid", ctx).outcome == Outcome.ALREADY_PAID
    closing = render_node(script, "close_promise", ctx)
    assert closing.is_end and closing.outcome == Outcome.PROMISE and closing.answers == ()


def test_context_from_settings() -> None:
    from dunning_tui.script import context_from_settings
    from dunning_tui.settings import Creditor, Settings

    settings = Settings(
        language="fr",
        creditor=Creditor(name="Atelier Nord", phone="01 23 45 67 89"),
        consequences=Consequences(court_action=False, suspend_work=True),
    )
    ctx = context_from_settings(settings, debtor_file(), today=TODAY, latest_date=LATEST)
    assert ctx.locale == "fr_FR"
    assert ctx.values["caller"] == "Atelier Nord" and "caller_is_creditor" in ctx.flags
    assert ctx.values["creditor_phone"] == "01 23 45 67 89"
    assert ctx.values["max_instalments"] == "3"
    assert ctx.flags >= {"late_interest", "recovery_indemnity", "suspend_work", "plan_ok"}
    assert "court_action" not in ctx.flags
    assert (
        "plan_ok"
        not in context_from_settings(
            settings, debtor_file(), today=TODAY, latest_date=LATEST, plan_ok=False
        ).flags
    )
