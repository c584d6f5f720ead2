"""Every schema revision this version knows, oldest first; the last is the head.

Kept apart from the engine code so that the app's quick start can check a database's version with
the standard library alone.
"""

SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0009")
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
