"""Opening the database: engine, SQLite pragmas, schema migrations, and user-readable errors.

On SQLite, a book already at this version's schema opens without SQLAlchemy: the start of the
app reads the queue's first page on a plain connection (:meth:`Database.plain`), and the engine
is made the first time the ORM or Core is needed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dunning_tui.clock import system_now
from dunning_tui.errors import UserError
from dunning_tui.store.pragmas import DERIVED_SYNC, SYNC
from dunning_tui.store.schema_version import SCHEMA_REVISIONS
from dunning_tui.store.sqlite import connect_sqlite, run_on, sqlite_target

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

    from dunning_tui.store.queue_cache import Run


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
    if sqlite_target(url) is not None:  # no password to hide
        return url
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _database_errors() -> tuple[type[BaseException], ...]:
    """The errors a database raises for a problem the user can fix: SQLite's own before SQLAlchemy
    is loaded, and SQLAlchemy's wrapping of any driver's once it is."""
    if "sqlalchemy" not in sys.modules:
        return (sqlite3.Error,)
    from sqlalchemy.exc import DBAPIError, OperationalError

    return (sqlite3.Error, OperationalError, DBAPIError)


@dataclass(frozen=True, slots=True)
class PlainStatements:
    """Statements on one connection, and its transaction's end (see :meth:`Database.plain`)."""

    run: Run
    commit: Callable[[], None]
    rollback: Callable[[], None]
    #: PostgreSQL (else SQLite): a few statements differ (locks, pragmas).
    postgresql: bool = False


def _sqlite_revision(run: Run) -> str | None:
    """The schema revision Alembic wrote in a SQLite file, if any."""
    if not run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'", {}):
        return None
    rows: Sequence[Sequence[Any]] = run("SELECT version_num FROM alembic_version", {})
    return str(rows[0][0]) if rows else None


class Database:
    """A database at this version's schema: plain statements on SQLite, the engine and the ORM's
    sessions for everything else (made at their first use)."""

    def __init__(self, engine: Engine | None, url: str) -> None:
        self.url = url
        target = sqlite_target(url)
        #: The SQLite file, if the book is one (None: another engine, or a database in memory).
        self.path = target.path if target is not None else None
        if engine is not None:
            self.__dict__["engine"] = engine

    @cached_property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made at its first use (its import is the longest part of a start)."""
        return create_database_engine(self.url)

    @cached_property
    def _sessions(self) -> sessionmaker[Session]:
        """The ORM's sessions, set up at the first one: the queue's page is read without the ORM."""
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Database:
        """The database at ``url``, its schema brought to this version's (``migrate``)."""
        target = sqlite_target(url)
        if target is not None and target.in_memory:
            raise UserError(
                "'{url}' names no database file, and a database in memory would lose everything on exit; give a file, e.g. sqlite:///path/to/file.sqlite3.",
                values={"url": url},
            )
        database = cls(None, url)
        try:
            if database.path is not None:
                _prepare_sqlite_file(database.path)
                database._check_sqlite(migrate)
            else:
                with database.connect() as conn:
                    conn.exec_driver_sql("SELECT 1")
                if migrate:
                    database.migrate()
        except _database_errors() as exc:
            database.close()
            raise friendly_db_error(exc, url) from None
        except UserError:
            database.close()
            raise
        return database

    def _check_sqlite(self, migrate: bool) -> None:
        """Open the file as every connection does (the write-ahead log is switched on at the first),
        and migrate it unless its schema is this version's."""
        with self.plain() as statements:
            current = _sqlite_revision(statements.run)
        if migrate and current != SCHEMA_REVISIONS[-1]:
            self.migrate()

    @property
    def is_sqlite(self) -> bool:
        if self.path is not None:
            return True
        return self.engine.dialect.name == "sqlite"

    def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load (the queue relies on them)."""
        with self.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection for work in transactions of its own, with the same readable errors."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except _database_errors() as exc:
            raise friendly_db_error(exc, self.url) from None

    @contextmanager
    def plain(self) -> Iterator[PlainStatements]:
        """Plain SQL statements (the queue's, the follow-up's marks) on a connection of their own: on
        a SQLite file, a connection made as the engine makes its own, without loading SQLAlchemy;
        elsewhere, a Core connection. Nothing is committed unless :meth:`PlainStatements.commit`
        says so."""
        try:
            if self.path is not None:
                connection = connect_sqlite(self.path)
                try:
                    yield PlainStatements(run_on(connection), connection.commit, connection.rollback)
                finally:
                    connection.rollback()
                    connection.close()
                return
            from dunning_tui.store.queue import connection_runner

            with self.engine.connect() as conn:
                postgresql = conn.dialect.name == "postgresql"
                yield PlainStatements(connection_runner(conn), conn.commit, conn.rollback, postgresql)
        except _database_errors() as exc:
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
        except _database_errors() as exc:
            raise friendly_db_error(exc, self.url) from None

    @contextmanager
    def _transaction(self, session: Session, write: bool, durable: bool) -> Iterator[Session]:
        try:
            with session.begin():
                if write:
                    from dunning_tui.store.atomic import hold_write_lock

                    hold_write_lock(session)
                if not durable and not self.is_sqlite:
                    from sqlalchemy import text

                    session.execute(text("SET LOCAL synchronous_commit TO OFF"))
                yield session
        finally:
            session.close()

    # -- schema -----------------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        if self.path is not None:
            with self.plain() as statements:
                return _sqlite_revision(statements.run)
        from sqlalchemy import inspect, text

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
            from sqlalchemy import text

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
        from sqlalchemy import inspect

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
        target = connect_sqlite(path)
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
    target = sqlite_target(url)
    return target.path if target is not None else None


def create_database_engine(url: str) -> Engine:
    """The engine for ``url``; a SQLite file's connections are made by
    :func:`~dunning_tui.store.sqlite.connect_sqlite`, as the plain ones are."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(
            "'{url}' is not a database URL (e.g. sqlite:///path/to/file.sqlite3).", values={"url": url}
        ) from None
    path = sqlite_path(url)
    try:
        if path is not None:
            _prepare_sqlite_file(path)
            # The URL names the file for the pool (one connection per thread in use); the
            # connections themselves are the tool's.
            engine = create_engine(
                URL.create("sqlite", database=str(path)), creator=lambda: connect_sqlite(path)
            )
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
