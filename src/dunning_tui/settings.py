"""User settings: a TOML config file, ``DUNNING_*`` environment variables, then command-line flags.

Precedence, strongest first: values passed in code (e.g. ``--db``), environment variables
(``DUNNING_DB``, ``DUNNING_SMTP_URL``, nested ones as ``DUNNING_CALL__WARN_MINUTES``), the TOML file
(``DUNNING_CONFIG`` or ``config.toml`` in the user's config directory), then the defaults below.

Importing this module is cheap; pydantic is only imported when :func:`load_settings` runs.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from dunning_tui import lang, locations
from dunning_tui.errors import UserError

Jurisdiction = Literal["FR", "BE", "EU", "UK"]


class Creditor(BaseModel):
    """Who is owed: printed on letters and emails, and spoken in the call script."""

    name: str = ""
    """Trading or legal name of the creditor (you)."""
    address: str = ""
    """Postal address, lines separated by newlines."""
    registration_number: str = ""
    """SIRET / enterprise number / company number."""
    vat_number: str = ""
    iban: str = ""
    bic: str = ""
    email: str = ""
    phone: str = ""
    caller_name: str = ""
    """The person who phones (defaults to the creditor's name in scripts)."""


class CallSettings(BaseModel):
    """The call block and its objective."""

    latest_date_days: int = Field(default=7, ge=0, le=365)
    """Default latest acceptable payment date: today + this many days."""
    payment_plan_ok: bool = True
    """Whether a payment plan is acceptable by default."""
    max_instalments: int = Field(default=3, ge=1, le=24)
    warn_minutes: int = Field(default=10, ge=1, le=240)
    """The call timer turns to a warning colour past this length."""
    draft_save_seconds: float = Field(default=0.3, ge=0.05, le=5)
    """Notes and script path are saved at most this long after each change."""
    script: Path | None = None
    """A call-script TOML file to use instead of the default one in the debtor's language."""


class CadenceSettings(BaseModel):
    """When to call and when to escalate (DOMAIN.md §1)."""

    first_call_days: int = Field(default=7, ge=0)
    """First call this many days after the due date."""
    repeat_days: int = Field(default=6, ge=1)
    """Then again every this many days..."""
    escalate_after_days: int = Field(default=30, ge=1)
    """...until this many days late, then escalate in writing."""
    bank_delay_days: int = Field(default=0, ge=0, le=30)
    """Days a payment may take to reach your account: money dated up to the promised date plus
    these days counts, and the promise is checked the day after that (0: the day after the date,
    as the tool tells the debtor)."""
    notice_deadline_days: int = Field(default=8, ge=1, le=60)
    """Deadline written in a formal notice, counted from its receipt."""
    notice_delivery_days: int = Field(default=3, ge=0, le=30)
    """Days a registered letter takes to arrive: the notice's deadline is checked this much later."""


class Consequences(BaseModel):
    """The consequences you are really prepared to carry out; only these are said in calls."""

    late_interest: bool = True
    recovery_indemnity: bool = True
    suspend_work: bool = False
    remove_credit_terms: bool = False
    collection_agency: bool = False
    court_action: bool = True


class RateEntry(BaseModel):
    """A published reference rate for one half-year, added by the user when it is announced."""

    jurisdiction: Jurisdiction
    start: date
    """First day the rate applies (1 January or 1 July)."""
    rate_percent: Decimal
    """The default late-payment rate itself (reference rate plus the points), in percent a year."""
    source: str = "user"


class Settings(BaseSettings):
    """All settings of the tool."""

    model_config = SettingsConfigDict(
        env_prefix="DUNNING_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    db: str = ""
    """SQLAlchemy database URL; empty means the SQLite file in the user's data directory."""
    caller: str = ""
    """Your name as your colleagues see it on calls, notes, outcomes and payments you record, and
    on the debtors you are on the phone with; empty means your login name on this computer."""
    language: Literal["", "fr", "en"] = ""
    """Interface language; empty means from the system locale."""
    locale: str = ""
    """Locale for money and dates (e.g. fr_FR, fr_BE, en_GB); empty follows the language."""
    currency: str = "EUR"
    jurisdiction: Jurisdiction = "FR"
    creditor: Creditor = Field(default_factory=Creditor)
    call: CallSettings = Field(default_factory=CallSettings)
    cadence: CadenceSettings = Field(default_factory=CadenceSettings)
    consequences: Consequences = Field(default_factory=Consequences)
    rates: list[RateEntry] = Field(default_factory=list)
    """Extra late-payment rates, for half-years published after this version."""
    smtp_url: str = ""
    """e.g. smtp://user@host:587?starttls=true; empty means emails stay in the outbox."""
    smtp_password: str = ""
    outbox: Path | None = None
    """Folder for .eml files; empty means ``outbox`` in the data directory."""
    letters: Path | None = None
    """Folder for PDF letters; empty means ``letters`` in the data directory."""
    terms_of_sale: Path | None = None
    """PDF of your terms of sale, attached to confirmation emails."""
    attachments_dirs: list[Path] = Field(default_factory=list)
    """Folders invoice PDFs may be attached from, besides the folders the imported files came from."""
    attachment_max_mib: int = Field(default=10, ge=1, le=100)
    """The largest file attached to an email, in MiB."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Key remapping: binding id -> keys, e.g. {"call.end" = "ctrl+e"}."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=locations.config_file())
        return (init_settings, env_settings, toml)

    # -- derived values -------------------------------------------------------------------------

    def database_url(self) -> str:
        if self.db:
            return self.db
        return f"sqlite:///{locations.default_database_file()}"

    def ui_language(self) -> str:
        return lang.ui_language(self.language)

    def caller_name(self) -> str:
        """Who is calling: the ``caller`` setting, else the system user."""
        if self.caller.strip():
            return self.caller.strip()
        import getpass

        try:
            return getpass.getuser()
        except (OSError, KeyError):  # no login name (a container without a user entry)
            return ""

    def ui_locale(self) -> str:
        return lang.ui_locale(self.locale, self.language)

    def outbox_dir(self) -> Path:
        return self.outbox or locations.default_outbox_dir()

    def letters_dir(self) -> Path:
        return self.letters or locations.default_letters_dir()


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a broken config file or value is one clear :class:`UserError`."""
    overrides = {k: v for k, v in overrides.items() if v is not None}
    if isinstance(overrides.get("db"), str) and not overrides["db"].strip():
        # Given, but empty: never read as "the default database".
        raise UserError("--db needs a database URL, e.g. sqlite:///path/to/file.sqlite3.")
    path = locations.config_file()
    try:
        return Settings(**overrides)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(
            "The config file {path} is not valid TOML: {exc}.", values={"path": path, "exc": exc}
        ) from None
    except RecursionError:
        raise UserError(
            "The config file {path} is not a config file: its values are nested too deeply.",
            values={"path": path},
        ) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise UserError(
            "The setting '{where}' is invalid ({err}); check {path} and the DUNNING_* variables.",
            values={"where": where, "err": err["msg"], "path": path},
        ) from None
    except OSError as exc:
        raise UserError(
            "The config file {path} cannot be read: {strerror}.",
            values={"path": path, "strerror": exc.strerror},
        ) from None


#: What each document needs of the creditor's identity (the settings' names, said to the user).
IDENTITY_FOR_LETTER = ("name", "address", "iban")
IDENTITY_FOR_EMAIL = ("name", "email")


def missing_identity(creditor: Creditor, needed: tuple[str, ...]) -> list[str]:
    """The settings of ``needed`` the creditor has left empty, as ``creditor.<name>``."""
    return [f"creditor.{name}" for name in needed if not str(getattr(creditor, name)).strip()]


def require_identity(creditor: Creditor, needed: tuple[str, ...]) -> None:
    """Refuse, in one sentence naming the missing settings, a document that would go out without a sender."""
    missing = missing_identity(creditor, needed)
    if missing:
        raise UserError(
            "Your identity is missing from the settings ({missing}): add it to {path} or enter it in the app.",
            values={"missing": ", ".join(missing), "path": locations.config_file()},
        )


def save_creditor(creditor: Creditor, path: Path | None = None) -> Path:
    """Write ``creditor`` as the ``[creditor]`` table of the config file, keeping everything else.

    The file is rewritten whole (a temporary file renamed over it) and read back before it replaces
    the old one, so a crash or a bad value never leaves a broken config behind.
    """
    import json
    import os
    import re
    import tempfile

    path = path or locations.config_file()
    try:
        old = path.read_text("utf-8") if path.exists() else ""
    except OSError as exc:
        raise UserError(
            "The config file {path} cannot be read: {strerror}.",
            values={"path": path, "strerror": exc.strerror},
        ) from None
    # Drop the old [creditor] table: from its header to the next table header.
    kept = re.sub(r"(?ms)^\[creditor\][^\n]*\n.*?(?=^\[|\Z)", "", old).rstrip("\n")
    lines = ["[creditor]"]
    for name, value in creditor.model_dump().items():
        if value:
            # A JSON string is a valid TOML basic string (quotes, backslashes and newlines escaped).
            lines.append(f"{name} = {json.dumps(str(value), ensure_ascii=False)}")
    text = (kept + "\n\n" if kept else "") + "\n".join(lines) + "\n"
    if tomllib.loads(text).get("creditor", {}) != {k: v for k, v in creditor.model_dump().items() if v}:
        raise UserError("Your identity could not be written to the config file as typed.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(
            "The config file {path} cannot be written: {strerror}.",
            values={"path": path, "strerror": exc.strerror},
        ) from None
    return path
