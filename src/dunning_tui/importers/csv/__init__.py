"""The CSV layout: reading it (``read``, ``rows``, ``values``), documenting it (``layout``), writing it (``export``)."""
