"""Every schema revision this version knows, oldest first; the last is the head.

Read at every start: opening a database whose schema is already at the head costs one query, not a
walk through Alembic's migration scripts.
"""

SCHEMA_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
)
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
