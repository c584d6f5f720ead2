"""Opening the database: engine, SQLite pragmas, schema migrations, and user-readable errors."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dunning_tui.clock import system_now
from dunning_tui.errors import UserError
from dunning_tui.store.atomic import hold_write_lock
from dunning_tui.store.pragmas import BUSY_TIMEOUT_MS, DERIVED_SYNC, SYNC
from dunning_tui.store.schema_version import SCHEMA_REVISIONS


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA synchronous={SYNC}")
    cursor.close()


def _write_ahead_log(cursor: Any) -> None:
    """Switch the file to WAL (kept by the file: a no-op after the first time).

    Two people starting at once on a brand-new file both switch it, and SQLite tells the second
    "database is locked" at once instead of waiting: it waits here, up to the busy timeout.
    """
    import sqlite3

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def friendly_db_error(exc: BaseException, url: str) -> UserError:
    """One sentence for the database problems a user can cause or fix."""
    message = str(getattr(exc, "orig", exc)).lower()
    where = _display_url(url)
    if "locked" in message or "busy" in message:
        return UserError(
            "The database {where} is locked by another program; close it and try again.",
            values={"where": where},
        )
    if "unable to open" in message or "readonly" in message or "read-only" in message:
        return UserError(
            "The database {where} cannot be opened for writing; check the path and rights.",
            values={"where": where},
        )
    if "not a database" in message or "malformed" in message:
        return UserError(
            "The file {where} is not a dunning database (or it is damaged).", values={"where": where}
        )
    if "password" in message or "authentication" in message:
        return UserError(
            "The database {where} refused the login; check the user and password in the URL.",
            values={"where": where},
        )
    if "connection refused" in message or "could not connect" in message:
        return UserError(
            "No database server answers at {where}; check that it runs, and the host and port.",
            values={"where": where},
        )
    # The driver's text may span lines (PostgreSQL adds DETAIL/HINT lines): keep it one sentence.
    detail = " ".join(str(getattr(exc, "orig", exc)).split()).rstrip(".")
    return UserError("Cannot use the database {where}: {detail}.", values={"where": where, "detail": detail})


def _display_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


class Database:
    """An engine plus a session factory on a migrated schema."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Database:
        engine = create_database_engine(url)
        database = cls(engine, url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            if migrate:
                database.migrate()
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            raise friendly_db_error(exc, url) from None
        except UserError:
            engine.dispose()
            raise
        return database

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load (the queue relies on them)."""
        with self.engine.begin() as conn:
            conn.execute(text("ANALYZE"))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection for work in transactions of its own, with the same readable errors."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except (OperationalError, DBAPIError) as exc:
            raise friendly_db_error(exc, self.url) from None

    @contextmanager
    def session(self, *, write: bool = False, durable: bool = True) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        ``write=True`` is for a transaction that reads and then writes (a claim, an outcome, a
        payment, notes): it holds the write lock from its first statement
        (:func:`dunning_tui.store.atomic.hold_write_lock`), so what it reads stays true until it
        commits.

        ``durable=False`` commits without waiting for the disk (SQLite ``synchronous=NORMAL`` in
        WAL, PostgreSQL ``synchronous_commit=off``), for claims: still atomic, and made durable by
        the next ordinary commit (the log is written in order), so a power cut can only forget a
        claim or a call just started with nothing typed in it yet.
        """
        try:
            if durable or not self.is_sqlite:
                with self._transaction(self._sessions(), write, durable) as session:
                    yield session
                return
            with self.engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA synchronous={DERIVED_SYNC}")  # not inside a transaction
                conn.commit()
                try:
                    with self._transaction(self._sessions(bind=conn), write, durable) as session:
                        yield session
                finally:  # the pooled connection goes back as every other one is
                    conn.exec_driver_sql(f"PRAGMA synchronous={SYNC}")
                    conn.commit()
        except (OperationalError, DBAPIError) as exc:
            raise friendly_db_error(exc, self.url) from None

    @contextmanager
    def _transaction(self, session: Session, write: bool, durable: bool) -> Iterator[Session]:
        try:
            with session.begin():
                if write:
                    hold_write_lock(session)
                if not durable and not self.is_sqlite:
                    session.execute(text("SET LOCAL synchronous_commit TO OFF"))
                yield session
        finally:
            session.close()

    # -- schema -----------------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def migrate(self) -> None:
        """Bring the schema to this version's head; refuse a newer one; back up before changing it.

        Under the migration lock: when two people of a team start at once, one migrates and the
        other waits, then finds the schema at head.
        """
        head = SCHEMA_REVISIONS[-1]
        if self.current_revision() == head:
            return
        with self.migration_lock():
            self._migrate_locked(head)

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        """One migrating process at a time: an advisory lock on PostgreSQL, a lock file beside a
        SQLite file (SQLite's own locks cannot be held across Alembic's transactions)."""
        if not self.is_sqlite:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                    conn.commit()
            return
        path = sqlite_path(self.url)
        if path is None:  # in memory: nobody else can see it
            yield
            return
        with _file_lock(path.with_name(f"{path.name}.migrating")):
            yield

    def _migrate_locked(self, head: str) -> None:
        current = self.current_revision()
        if current == head:
            return
        if current is None:
            self._refuse_foreign()
        if current is not None and current not in SCHEMA_REVISIONS:
            raise UserError(
                "The database {url} was written by a newer version of dunning (schema {current}); update dunning-tui to open it.",
                values={"url": _display_url(self.url), "current": current},
            )
        backup = self._backup(current) if current is not None else None
        from dunning_tui.store import migrate

        try:
            migrate.upgrade_to_head(self.engine)
        except BaseException as exc:
            # The upgrade runs in one transaction; the copy taken before it is put back as well, in
            # case anything outside that transaction changed the file.
            if backup is not None:
                self._restore(backup)
            if not isinstance(exc, Exception) or isinstance(exc, UserError):
                raise
            detail = " ".join(str(getattr(exc, "orig", exc)).split()).rstrip(".")
            kept = f" (a copy is kept at {backup})" if backup is not None else ""
            raise UserError(
                "Updating the schema of {url} failed ({detail}); the database was put back as it was{kept}.",
                values={"url": _display_url(self.url), "detail": detail, "kept": kept},
            ) from None
        self.analyze()

    def _refuse_foreign(self) -> None:
        """A database without the tool's schema must be empty: another program's is left alone."""
        with self.engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
        if tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise UserError(
                "{url} is not a dunning database: it holds other tables ({shown}); give an empty or new database.",
                values={"url": _display_url(self.url), "shown": shown},
            )

    def _backup(self, revision: str) -> Path | None:
        path = sqlite_path(self.url)
        if path is None or not path.exists():
            return None
        stamp = system_now().strftime("%Y%m%dT%H%M%S")
        backup = path.with_name(f"{path.name}.{revision}-{stamp}.bak")
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        shutil.copy2(path, backup)
        os.chmod(backup, 0o600)
        return backup

    def _restore(self, backup: Path) -> None:
        """Put the copy taken by :meth:`_backup` back in place of the database file."""
        import sqlite3

        path = sqlite_path(self.url)
        assert path is not None
        self.engine.dispose()
        # SQLite's own backup copies page by page under its locks, WAL included: safe even if
        # another connection has the file open, which replacing the file would not be.
        source = sqlite3.connect(backup)
        target = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()


#: The PostgreSQL advisory lock taken around migrations (any fixed 64-bit number; "dunning" in hex).
MIGRATION_LOCK_KEY = 0x64756E6E696E67


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (created if needed), waited for, released on exit or death."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        raise UserError(
            "Cannot create the lock file {path}: {strerror}.", values={"path": path, "strerror": exc.strerror}
        ) from None
    try:
        if sys.platform == "win32":
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ten seconds: keep waiting
                    continue
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or ``None`` for other engines and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def create_database_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(
            "'{url}' is not a database URL (e.g. sqlite:///path/to/file.sqlite3).", values={"url": url}
        ) from None
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError):
        raise UserError(
            "No driver for '{drivername}'; for PostgreSQL install dunning-tui[postgres] and use postgresql+psycopg://...",
            values={"drivername": parsed.drivername},
        ) from None
    except ArgumentError as exc:
        raise UserError("The database URL is invalid: {exc}.", values={"exc": exc}) from None
    return engine


def _prepare_sqlite_file(path: Path) -> None:
    """Create the parent folder and an empty file readable by its owner only."""
    if path.is_dir():
        raise UserError("{path} is a folder, not a database file.", values={"path": path})
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    except OSError as exc:
        raise UserError(
            "Cannot create the database file {path}: {strerror}.",
            values={"path": path, "strerror": exc.strerror},
        ) from None
