"""What every screen shares: footer key labels in the interface language."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from dunning_tui.tui.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.worker import Worker

    from dunning_tui.tui.app import DunningApp

ResultType = TypeVar("ResultType")
P = ParamSpec("P")


def unless_superseded(show: Callable[P, None]) -> Callable[P, None]:
    """``show``, for the worker thread running now to hand to the UI thread: it does nothing if a
    newer run of the same exclusive worker (another filter, another amount typed) has cancelled
    this one meanwhile. It looks on the UI thread, where the newer run cancels this one, so that a
    slower, older result never replaces a newer one."""
    worker = get_current_worker()

    def shown_if_current(*args: P.args, **kwargs: P.kwargs) -> None:
        if not worker.is_cancelled:
            show(*args, **kwargs)

    return shown_if_current


def _translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    return {
        key: active._replace(
            binding=dataclasses.replace(active.binding, description=tr(active.binding.description))
        )
        for key, active in bindings.items()
    }


def tell_on_call(app: DunningApp, caller: str, debtor: str, minutes: int) -> None:
    """A colleague is on the phone with this debtor: one sentence, in place of the call."""
    sentence = tr(
        "{name} is already on a call with {debtor} ({minutes} min).",
        name=caller,
        debtor=debtor,
        minutes=minutes,
    )
    app.notify(sentence, severity="warning", markup=False, timeout=6)


def key_bar_after_first_frame(screen: Screen[Any], *, show_command_palette: bool = True) -> None:
    """The key bar comes one frame after the screen's first: a widget per key costs more to build
    than what the screen is for, which the first frame shows."""
    from textual.widgets import Footer

    async def add() -> None:
        if not screen.is_attached:  # closed before its first paint (a database the app cannot open)
            return
        await screen.mount(Footer(show_command_palette=show_command_palette))
        screen.refresh_bindings()  # the footer shows the keys it is told of after it mounted

    screen.call_after_refresh(add)


class BaseScreen(Screen[None]):
    if TYPE_CHECKING:
        app: DunningApp

    #: False while the screen cannot act on a key yet (its data is still loading): the app holds the
    #: keys pressed meanwhile and hands them over, in order, once the screen calls :meth:`keys_ready`.
    ready_for_keys = True

    def keys_wait(self) -> None:
        self.ready_for_keys = False

    def keys_ready(self) -> None:
        self.ready_for_keys = True
        self.app.release_keys()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return _translated(super().active_bindings)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A screen's worker that fails is told like the app's (its event does not bubble)."""
        self.app.on_worker_state_changed(event)


class BaseModal(ModalScreen[ResultType]):
    if TYPE_CHECKING:
        app: DunningApp

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return _translated(super().active_bindings)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.on_worker_state_changed(event)
