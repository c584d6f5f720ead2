"""The hostile-input campaign, kept as tests: fuzzed CSV files, mutated scripts and odd date strings.

Each property is the promise the README makes: a refused import changes nothing, a bad script or
date is one documented error, never a traceback. Example counts stay modest to keep the suite fast.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dunning_tui.domain.dates import parse_date_phrase, parse_time_phrase
from dunning_tui.domain.money import parse_amount
from dunning_tui.errors import UserError
from dunning_tui.importers.csv.values import parse_cents, parse_day, parse_moment
from dunning_tui.importers.run import import_paths
from dunning_tui.script.loader import load_script
from dunning_tui.store.database import Database
from tests.conftest import TODAY
from tests.importers.conftest import exported
from tests.script.helpers import MINIMAL

FILE_NAMES = ["invoices.csv", "payments.csv", "reminders.csv", "documents.csv", "contacts.csv"]
HEADERS = {
    "invoices.csv": "debtor_key,debtor_name,invoice_number,issue_date,due_date,total,status,pdf_path",
    "payments.csv": "invoice_number,date,amount,reference",
    "reminders.csv": "debtor_key,date,channel,summary,invoices",
    "documents.csv": "debtor_key,kind,reference,invoices",
    "contacts.csv": "debtor_key,name,email",
}
ODD = st.sampled_from(
    [
        "", " ", "1e30", "1_000", "-5", "0", "999999999999.99", "NaN", "31/12/9999", "0001-01-01T00:00+01:00",
        "2026-02-30", "29/02/2024", "F-1", "F-1|F-2", "D1", "D2", "open", "cancelled", "email", "=1+1",
        "Bad [/] Name", '"', "\n", ";", "é€", "x" * 300, "2026-01-10", "100", "12,50", "1.234,56",
    ]
)  # fmt: skip
CELL = st.one_of(ODD, st.text(max_size=12))
SEED = (
    "debtor_key,debtor_name,invoice_number,issue_date,due_date,total\n"
    "D1,One,F-1,2026-01-10,2026-02-10,100\nD2,Two,F-2,2026-01-10,2026-02-10,50\n"
)


@st.composite
def csv_files(draw: st.DrawFn) -> dict[str, str]:
    """One to three files of the layout with rows of odd cells (sometimes a line of noise)."""
    names = draw(st.lists(st.sampled_from(FILE_NAMES), min_size=1, max_size=3, unique=True))
    files = {}
    for name in names:
        header = HEADERS[name]
        width = header.count(",") + 1
        rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=4))
        lines = [header] + [",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows]
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(st.text(max_size=30)))
        files[name] = "\n".join(lines) + "\n"
    return files


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(files=csv_files())
def test_a_refused_import_changes_nothing_and_nothing_is_a_traceback(
    tmp_path: Path, files: dict[str, str]
) -> None:
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    try:
        database = Database.open(f"sqlite:///{work / 'book.sqlite3'}")
        (work / "seed").mkdir()
        (work / "seed" / "invoices.csv").write_text(SEED, encoding="utf-8")
        import_paths(database, [work / "seed"])
        before = exported(database, work / "before")
        (work / "in").mkdir()
        for name, text in files.items():
            (work / "in" / name).write_text(text, encoding="utf-8")
        try:
            import_paths(database, [work / "in"])
        except UserError:
            assert exported(database, work / "after") == before
        database.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


@st.composite
def mutated_scripts(draw: st.DrawFn) -> str:
    """The minimal script with a few lines dropped, doubled, cut or replaced by noise."""
    lines = MINIMAL.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "cut", "noise", "deep"]))
        if action == "drop":
            del lines[i]
        elif action == "double":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif action == "noise":
            lines[i] = draw(st.text(max_size=40))
        else:
            depth = draw(st.integers(1, 1200))
            lines[i] = "x = " + "[" * depth + "]" * depth
        if not lines:
            break
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_scripts())
def test_a_mutated_script_is_loaded_or_refused_with_one_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "script.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_script(path)
    except UserError as error:
        assert error.message and "\n" not in error.message


DATE_TEXT = st.one_of(
    st.text(max_size=25),
    st.from_regex(
        r"(dans|in|\+)\s?[0-9]{1,12}\s?(jours?|mois|semaines?|days?|months?|weeks?|j|d|m|s|w)", fullmatch=True
    ),
    st.from_regex(r"[0-9]{1,6}[/.\- ][0-9]{1,6}([/.\- ][0-9]{1,6})?", fullmatch=True),
    st.from_regex(r"(le |the )?[0-9]{1,4} ?(décembre|december|janvier|feb)( [0-9]{1,6})?", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(text=DATE_TEXT, today=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
@example(text="dans 99999 mois", today=TODAY)
@example(text="31/12/9999", today=TODAY)
def test_a_typed_date_is_a_day_within_bounds_or_not_understood(text: str, today: date) -> None:
    for language in ("fr", "en"):
        found = parse_date_phrase(text, today, language)
        assert found is None or date(1990, 1, 1) <= found <= date(2100, 12, 31)
    parse_time_phrase(text)  # a time of day or None, never an exception


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(DATE_TEXT, ODD, st.text(max_size=30)))
@example(text="0001-01-01T00:00+01:00")
@example(text="1e30")
def test_imported_values_fail_only_with_their_documented_error(text: str) -> None:
    for parse in (parse_day, parse_moment, parse_cents, parse_amount):
        try:
            parse(text)
        except ValueError as error:
            assert str(error)
