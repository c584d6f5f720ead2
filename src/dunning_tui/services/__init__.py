"""The application layer: every use case the app and the commands share, one method each.

Screens and commands only translate input and render output; they never open a session or compose
store calls. Plain objects go in and come out. Nothing heavy is imported until a method runs.
"""

from __future__ import annotations

from dunning_tui.services.app import QueuePage, Services

__all__ = ["QueuePage", "Services"]
