"""Alembic environment: runs on the engine the application opened (no ini file).

Every migration of one upgrade runs in one transaction, DDL included, so that a crash or a kill
half-way leaves the schema as it was before. PostgreSQL does this by itself. Python's SQLite
driver does not: it begins a transaction only before INSERT, UPDATE or DELETE and lets every
CREATE, ALTER or DROP commit on its own. So on SQLite the driver is switched to autocommit for
the time of the upgrade and the transaction is begun explicitly (``BEGIN IMMEDIATE``, which also
keeps other writers out until it commits): SQLite's DDL is transactional once inside it. See
"Serializable isolation / Savepoints / Transactional DDL" in SQLAlchemy's SQLite dialect notes.
"""

from __future__ import annotations

from alembic import context

from dunning_tui.store.tables import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    driver = connection.connection.driver_connection
    if sqlite:
        connection.commit()  # nothing pending before the driver changes mode
        driver.isolation_level = None
    try:
        if sqlite:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            transactional_ddl=True,
            transaction_per_migration=False,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        if sqlite:
            driver.isolation_level = ""  # back as every pooled connection
