"""Storage: SQLAlchemy tables, the engine, migrations, and the services the UI and CLI call.

Services return :mod:`dunning_tui.domain.models` objects, never live ORM rows.
"""
