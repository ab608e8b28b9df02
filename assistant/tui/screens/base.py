"""The base of the app's screens: typed access to the app that holds the assistant."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from assistant.tui.app import AssistantApp


class AssistantScreen(Screen[None]):
    """A screen of the assistant's app."""

    @property
    def app_instance(self) -> AssistantApp:
        """The app, typed."""
        return cast("AssistantApp", self.app)


class EditingScreen(AssistantScreen):
    """A screen editing a file: saved now on ctrl+s, every few seconds when changed, and on
    leaving (the app also calls ``autosave`` before it quits)."""

    AUTOSAVE_SECONDS = 3.0
    """How often unsaved changes are written."""

    dirty = False
    """Whether something changed since the last save."""

    @property
    def path(self) -> Path:
        """The file being edited."""
        raise NotImplementedError

    def save_now(self) -> bool:
        """Write the file (atomically); False when that failed."""
        raise NotImplementedError

    def on_mount(self) -> None:
        # Textual calls every class's on_mount in turn: subclasses need not call this one.
        self.set_interval(self.AUTOSAVE_SECONDS, self.autosave)

    def autosave(self) -> None:
        """Save if anything changed since the last save."""
        if self.dirty:
            self.save_now()

    def action_save(self) -> None:
        if self.save_now():
            self.notify(f"Saved {self.path}.")

    def action_back(self) -> None:
        self.autosave()
        self.app.pop_screen()
