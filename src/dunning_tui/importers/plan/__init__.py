"""The all-or-nothing import of every format: plan every write against the database, then write it.

``planner`` checks the rows of all files together and builds a :class:`~.records.Plan`; ``linked``
plans contacts, payments, reminders and documents; ``apply`` writes a plan in one transaction.
"""
