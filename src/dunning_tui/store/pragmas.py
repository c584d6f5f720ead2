"""SQLite settings of the engine and of the transactions that write derived rows only."""

#: Every ordinary commit waits until it is on disk: an outcome typed during a call is never lost.
SYNC = "FULL"
#: Commits of derived rows only (the queue's summary) do not wait for the disk: WAL keeps them
#: atomic, and losing one to a power cut only means recomputing it.
DERIVED_SYNC = "NORMAL"
#: Page cache for a refresh of derived rows, in KiB: a new day at 1,000,000 invoices touches some
#: 10 MiB of pages spread over the queue's table and index, four times SQLite's default cache.
#: The cache shrinks back once the refresh is done.
DERIVED_CACHE_KIB = 32768
#: SQLite's default: the commit that takes the WAL past this many pages copies it into the database.
WAL_AUTOCHECKPOINT = 1000
BUSY_TIMEOUT_MS = 5000
