"""Pure domain logic: plain objects and functions, no UI and no SQL."""
