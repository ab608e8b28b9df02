"""The base of the app's screens: typed access to the app, and the editing screens' saving."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from assistant.tui.app import AssistantApp


class AssistantScreen(Screen[None]):
    """A screen of the assistant's app."""

    ACTION = ""
    """The app's action that shows this screen (its key is left out of the footer here)."""

    @property
    def app_instance(self) -> AssistantApp:
        """The app, typed."""
        return cast("AssistantApp", self.app)


class EditingScreen(AssistantScreen):
    """A screen editing a file: saved now on ctrl+s, every few seconds when changed, whenever
    another screen takes its place, and on quitting (the app calls ``autosave`` first).

    Whether there is anything to save is worked out from the form itself, compared with the
    file as it was read or last written; so filling the form from a file is never a change, and
    a file that was never read is never written.
    """

    BINDINGS = [
        # Tab moves between fields as soon as it is pressed, even when keys arrive faster than
        # the screen handles them: otherwise the letters after a Tab land in the field before.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    AUTOSAVE_SECONDS = 3.0
    """How often unsaved changes are written."""

    _last_failure = ""

    @property
    def path(self) -> Path | None:
        """The file being edited, or None when there is none to write to."""
        raise NotImplementedError

    def has_changes(self) -> bool:
        """Whether the form differs from the file as read or last written."""
        raise NotImplementedError

    def write(self) -> None:
        """Write the form to the file (atomically); OSError when that failed."""
        raise NotImplementedError

    def saved(self) -> None:
        """Called after a successful write."""

    def on_mount(self) -> None:
        # Textual calls every class's on_mount in turn: subclasses need not call this one.
        self.set_interval(self.AUTOSAVE_SECONDS, self.autosave)

    def save_now(self) -> bool:
        """Write the file now; False (and a notice, once for each new reason) when it failed."""
        if self.path is None:
            return False
        try:
            self.write()
        except OSError as error:
            failure = f"Could not save {self.path}: {error.strerror or error}"
            if failure != self._last_failure:
                self.notify(failure, severity="error", timeout=10)
            self._last_failure = failure
            return False
        self._last_failure = ""
        self.saved()
        return True

    def autosave(self) -> None:
        """Save if the form has changed since the file was read or written."""
        if self.path is not None and self.has_changes():
            self.save_now()

    def on_screen_suspend(self) -> None:
        # Another screen went on top: what was typed is saved before anything else happens.
        self.autosave()

    def action_save(self) -> None:
        if self.path is None:
            self.notify("There is no file to save to: open one (ctrl+o) or start one (ctrl+n).")
        elif self.save_now():
            self.notify(f"Saved {self.path}.")

    def action_back(self) -> None:
        self.app_instance.leave_screen()
