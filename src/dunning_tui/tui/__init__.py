"""The Textual app: the call block, keyboard only."""
