"""The footer every screen shows: its keys, compact, with the least needed left out to fit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer

WIDE = 110
"""From this many columns there is room to show the command palette's key too."""
DROPPED_FIRST = ("training", "briefing", "pins", "library", "ask")
"""Keys for going to another screen, in the order they are left out when the footer is too
narrow for all of them: the screen's own keys, quitting and help always show (and F1 lists
every key)."""


class KeysFooter(Footer):
    """The keys of the screen and the app, compact, on one line that is never cut mid-key."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        width = self.app.size.width

        def needed() -> int:
            return sum(
                len(getattr(k, "key_display", "")) + len(getattr(k, "description", "")) + 2
                for k in keys
            )

        for action in DROPPED_FIRST:
            if needed() <= width:
                break
            keys = [
                key for key in keys if getattr(key, "action", "").removeprefix("app.") != action
            ]
        yield from keys

    def on_resize(self, event: Resize) -> None:
        self.show_command_palette = self.app.size.width >= WIDE
        self.refresh(recompose=True)
