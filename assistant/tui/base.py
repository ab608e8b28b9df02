"""The base of the app's screens: typed access to the app that holds the assistant."""

from __future__ import annotations

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
