"""Reading one cell the way spreadsheets write it, and writing it back the way ``export`` does.

Every parser raises ``ValueError`` whose text is the reason shown to the user next to the line,
column and value of the cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TypeVar

from dunning_tui.domain.dates import BOUNDS, within_bounds
from dunning_tui.domain.enums import Channel, DebtorKind, DocumentKind, InvoiceStatus, PayerProfile
from dunning_tui.domain.money import CENT, from_cents, parse_amount, to_cents
from dunning_tui.importers.csv.layout import fold
from dunning_tui.words import coded

MAX_CENTS = 2**31 - 1
"""The largest amount a 32-bit integer column holds (21,474,836.47)."""

#: Pure cell parsers are cached: a large file repeats the same countries, dates and amounts.
CACHE_SIZE = 65536

E = TypeVar("E")


def clean_text(value: str) -> str:
    """Trimmed, with every line break written ``\\n`` (import and export agree on this)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


#: What a spreadsheet runs as a formula when a cell starts with it (OWASP's CSV-injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: str) -> str:
    """The text for an exported cell: one ``'`` before a value a spreadsheet would run as a
    formula (and before one that starts with ``'`` itself), so that :func:`plain_cell` gives it back."""
    return "'" + value if value.startswith((*FORMULA_STARTS, "'")) else value


def plain_cell(cell: str) -> str:
    """A cell as read from a file: the ``'`` that :func:`inert_cell` put before it is taken off."""
    if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")):
        return cell[1:]
    return cell


# -- closed vocabularies, English and French, compared after :func:`fold` --------------------------


def _vocabulary(*groups: tuple[E, str]) -> dict[str, E]:
    """Words (folded, blank written ``""``) separated by spaces, for each value."""
    return {("" if word == '""' else word): value for value, words in groups for word in words.split()}


KIND_WORDS: dict[str, DebtorKind] = _vocabulary(
    (DebtorKind.BUSINESS, "business company b2b pro professional entreprise societe professionnel"),
    (DebtorKind.CONSUMER, "consumer individual private person b2c particulier personne_physique"),
)

PROFILE_WORDS: dict[str, PayerProfile] = _vocabulary(
    (PayerProfile.UNKNOWN, '"" unknown inconnu'),
    (PayerProfile.RELIABLE, "reliable honest fiable bon_payeur honnete"),
    (PayerProfile.FORGETFUL, "forgetful chatty distrait oublieux bavard tete_en_l_air"),
    (PayerProfile.EVASIVE, "evasive evasif fuyant"),
    (PayerProfile.IN_DIFFICULTY, "in_difficulty difficulty struggling en_difficulte difficulte difficultes"),
)

STATUS_WORDS: dict[str, InvoiceStatus] = _vocabulary(
    (
        InvoiceStatus.OPEN,
        "open unpaid due overdue late sent "
        "ouverte ouvert impayee impaye a_payer en_retard en_attente envoyee emise",
    ),
    (InvoiceStatus.DISPUTED, "disputed dispute litige en_litige contestee conteste"),
    (
        InvoiceStatus.WRITTEN_OFF,
        "written_off write_off bad_debt perte passee_en_perte irrecouvrable creance_irrecouvrable",
    ),
    (InvoiceStatus.CANCELLED, "cancelled canceled void annulee annule"),
)
PAID_WORDS = frozenset(
    ["paid", "settled", "payee", "paye", "reglee", "regle", "soldee", "solde", "acquittee"]
)

CHANNEL_WORDS: dict[str, Channel] = _vocabulary(
    (Channel.CALL, "call phone phone_call telephone appel appel_telephonique tel"),
    (Channel.EMAIL, "email e_mail mail courriel"),
    (Channel.LETTER, "letter post lettre courrier lettre_simple"),
    (
        Channel.REGISTERED_LETTER,
        "registered_letter registered recorded_delivery "
        "recommande lettre_recommandee recommandee lrar lr_ar ar",
    ),
    (Channel.SMS, "sms text text_message texto"),
    (Channel.FORMAL_NOTICE, "formal_notice notice letter_before_action mise_en_demeure med"),
    (Channel.OTHER, "other autre visit visite"),
)

DOCUMENT_WORDS: dict[str, DocumentKind] = _vocabulary(
    (DocumentKind.SIGNED_QUOTE, "signed_quote quote quotation estimate devis devis_signe"),
    (DocumentKind.PURCHASE_ORDER, "purchase_order po order bon_de_commande bc commande"),
    (
        DocumentKind.DELIVERY_NOTE,
        "delivery_note proof_of_delivery delivery "
        "bon_de_livraison bl pv_de_livraison pv_de_reception proces_verbal_de_reception",
    ),
    (DocumentKind.CONTRACT, "contract agreement contrat convention"),
    (
        DocumentKind.TERMS_OF_SALE,
        "terms_of_sale terms terms_and_conditions t_c cgv conditions_generales_de_vente conditions_generales",
    ),
    (DocumentKind.CREDIT_NOTE, "credit_note credit avoir facture_d_avoir note_de_credit"),
)

YES_WORDS = frozenset(["yes", "y", "true", "1", "x", "oui", "o", "vrai", "ok"])
NO_WORDS = frozenset(["", *["no", "n", "false", "0", "non", "faux"]])

COUNTRY_NAMES: dict[str, str] = {
    "france": "FR",
    "belgique": "BE",
    "belgium": "BE",
    "belgie": "BE",
    "luxembourg": "LU",
    "suisse": "CH",
    "switzerland": "CH",
    "united_kingdom": "GB",
    "royaume_uni": "GB",
    "uk": "GB",
    "great_britain": "GB",
    "england": "GB",
    "angleterre": "GB",
    "scotland": "GB",
    "wales": "GB",
    "ireland": "IE",
    "irlande": "IE",
    "united_states": "US",
    "usa": "US",
    "etats_unis": "US",
    "canada": "CA",
    "australia": "AU",
    "australie": "AU",
    "new_zealand": "NZ",
    "germany": "DE",
    "allemagne": "DE",
    "netherlands": "NL",
    "pays_bas": "NL",
    "spain": "ES",
    "espagne": "ES",
    "italy": "IT",
    "italie": "IT",
}
LANGUAGE_NAMES: dict[str, str] = {
    "french": "fr",
    "francais": "fr",
    "english": "en",
    "anglais": "en",
    "dutch": "nl",
    "neerlandais": "nl",
    "german": "de",
    "allemand": "de",
}
CURRENCY_SIGNS: dict[str, str] = {"€": "EUR", "£": "GBP", "$": "USD", "euro": "EUR", "euros": "EUR"}


def parse_word(text: str, words: Mapping[str, E], what: str) -> E:
    """A value of a closed list, in English or French, whatever its case and accents."""
    folded = fold(text)
    if folded in words:
        return words[folded]
    choices = ", ".join(sorted({str(v) for v in words.values() if str(v)}))
    raise ValueError(coded("unknown {what} (use {choices})", what=coded(what), choices=choices))


@lru_cache(maxsize=CACHE_SIZE)
def parse_status(text: str) -> InvoiceStatus:
    if fold(text) in PAID_WORDS:
        raise ValueError(
            "a paid invoice is one whose payments cover its total: put its payment in payments.csv "
            "(or leave the invoice out)"
        )
    return parse_word(text, STATUS_WORDS, "status")


@lru_cache(maxsize=CACHE_SIZE)
def parse_flag(text: str) -> bool:
    folded = fold(text)
    if folded in YES_WORDS:
        return True
    if folded in NO_WORDS:
        return False
    raise ValueError("not yes or no (use yes/no, oui/non, 1/0)")


@lru_cache(maxsize=CACHE_SIZE)
def parse_country(text: str) -> str:
    stripped = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", stripped):
        code = stripped.upper()
        return "GB" if code == "UK" else code
    if fold(stripped) in COUNTRY_NAMES:
        return COUNTRY_NAMES[fold(stripped)]
    raise ValueError("not a country (use a two-letter code such as FR, BE, GB)")


LAW_NAMES: dict[str, str] = {
    "fr": "FR",
    "france": "FR",
    "droit_francais": "FR",
    "be": "BE",
    "belgique": "BE",
    "belgium": "BE",
    "droit_belge": "BE",
    "eu": "EU",
    "ue": "EU",
    "uk": "UK",
    "gb": "UK",
    "england": "UK",
    "english_law": "UK",
    "united_kingdom": "UK",
    "royaume_uni": "UK",
}


@lru_cache(maxsize=CACHE_SIZE)
def parse_law(text: str) -> str:
    """The law a contract chose: FR, BE, EU or UK; blank means the creditor's own."""
    stripped = text.strip()
    if not stripped:
        return ""
    if fold(stripped) in LAW_NAMES:
        return LAW_NAMES[fold(stripped)]
    raise ValueError("not a governing law (use FR, BE, EU or UK, or leave blank)")


@lru_cache(maxsize=CACHE_SIZE)
def parse_language(text: str) -> str:
    stripped = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", stripped):
        return stripped.lower()
    if fold(stripped) in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[fold(stripped)]
    raise ValueError("not a language (use fr or en)")


@lru_cache(maxsize=CACHE_SIZE)
def parse_currency(text: str) -> str:
    stripped = text.strip()
    if stripped.casefold() in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[stripped.casefold()]
    if re.fullmatch(r"[A-Za-z]{3}", stripped):
        return stripped.upper()
    raise ValueError("not a currency (use a three-letter code such as EUR or GBP)")


@lru_cache(maxsize=CACHE_SIZE)
def parse_days(text: str) -> int:
    match = re.fullmatch(r"(\d{1,3})\s*(?:days?|jours?|j|d)?\.?", text.strip(), re.IGNORECASE)
    if match is None or int(match.group(1)) > 365:
        raise ValueError("not a number of days between 0 and 365")
    return int(match.group(1))


@lru_cache(maxsize=CACHE_SIZE)
def parse_cents(text: str) -> int:
    """A positive amount with at most two decimals, in cents."""
    try:
        amount = parse_amount(text)
    except ValueError as exc:
        if "too large" in str(exc):
            raise ValueError(coded("is too large (at most {limit})", limit=from_cents(MAX_CENTS))) from None
        raise ValueError("not an amount (write 1234.50 or 1 234,50)") from None
    if amount != amount.quantize(CENT):
        raise ValueError(
            "has more than two decimals (a thousands separator must be a space or a dot before a comma)"
        )
    if amount <= 0:
        raise ValueError("must be more than zero")
    cents = to_cents(amount)
    if cents > MAX_CENTS:
        raise ValueError(coded("is too large (at most {limit})", limit=from_cents(MAX_CENTS)))
    return cents


# -- dates ------------------------------------------------------------------------------------------

_DATE = (
    r"(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}))"
)
_TIME = r"(?:[T ]+(?P<H>\d{1,2})[:hH](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,6}))?)?)?"
_ZONE = r"\s*(?P<z>Z|[+-]\d{2}:?\d{2})?"
_MOMENT_RE = re.compile(_DATE + _TIME + _ZONE)
DATE_HINT = "write dd/mm/yyyy or yyyy-mm-dd"


def _date_of(match: re.Match[str]) -> date:
    if match["y"]:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    else:
        year, month, day = int(match["y2"]), int(match["m2"]), int(match["d2"])
    try:
        found = date(year, month, day)
    except ValueError:
        if 12 < month <= 31 and day <= 12:
            raise ValueError(
                coded("no such date (month {month}: {hint}, day first)", month=month, hint=coded(DATE_HINT))
            ) from None
        raise ValueError("no such date") from None
    if not within_bounds(found):
        raise ValueError(coded("is not a day {bounds}", bounds=coded(BOUNDS)))
    return found


@lru_cache(maxsize=CACHE_SIZE)
def parse_day(text: str) -> date:
    """``dd/mm/yyyy``, ``dd.mm.yyyy`` or ``yyyy-mm-dd``; a midnight time (what Excel adds) is allowed."""
    match = _MOMENT_RE.fullmatch(text.strip())
    if match is None or match["z"] or any(int(match[g] or 0) for g in ("H", "M", "S", "f")):
        raise ValueError(coded("not a date ({hint})", hint=coded(DATE_HINT)))
    return _date_of(match)


def parse_moment(text: str) -> datetime:
    """A date, or a date and time; local time unless an offset (``Z``, ``+01:00``) is written. UTC out."""
    match = _MOMENT_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            coded("not a date and time ({hint}, optionally followed by hh:mm)", hint=coded(DATE_HINT))
        )
    day = _date_of(match)
    hour, minute, second = int(match["H"] or 0), int(match["M"] or 0), int(match["S"] or 0)
    micro = int((match["f"] or "0").ljust(6, "0"))
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("no such time of day")
    naive = datetime(day.year, day.month, day.day, hour, minute, second, micro)
    zone = match["z"]
    if zone is None:
        return naive.astimezone().astimezone(UTC)
    if zone == "Z":
        return naive.replace(tzinfo=UTC)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset >= timedelta(hours=24):
        raise ValueError("no such time zone offset")
    return naive.replace(tzinfo=timezone(sign * offset)).astimezone(UTC)


def split_numbers(text: str) -> list[str]:
    """Invoice numbers separated by ``|`` (or, without any ``|``, by spaces, commas or semicolons)."""
    parts = text.split("|") if "|" in text else re.split(r"[\s,;]+", text)
    return [p.strip() for p in parts if p.strip()]


# -- writing (export) -------------------------------------------------------------------------------


def write_amount(cents: int) -> str:
    return str(from_cents(cents))


def write_day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def write_moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def write_flag(value: bool) -> str:
    return "yes" if value else "no"
