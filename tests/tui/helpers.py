"""Waiting for the app to reach a state, instead of sleeping a fixed time."""

from __future__ import annotations

from collections.abc import Callable


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = 15.0) -> None:
    waited = 0.0
    while not predicate():
        if waited >= timeout:
            raise AssertionError(f"timed out waiting on {pilot.app.screen}")
        await pilot.pause(0.05)
        waited += 0.05
    await pilot.pause()


def on_screen(pilot, name: str) -> Callable[[], bool]:
    return lambda: type(pilot.app.screen).__name__ == name


def queue_loaded(pilot) -> Callable[[], bool]:
    def check() -> bool:
        screen = pilot.app.screen
        return type(screen).__name__ == "QueueScreen" and bool(screen.entries) and pilot.app.followed_up

    return check


def call_ready(pilot) -> Callable[[], bool]:
    def check() -> bool:
        screen = pilot.app.screen
        return type(screen).__name__ == "CallScreen" and screen.node is not None

    return check


def told(app) -> list[str]:
    """What the app tells its user from now on (every notification passes through ``App.notify``)."""
    said: list[str] = []
    real = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return real(message, *args, **kwargs)

    app.notify = notify
    return said
