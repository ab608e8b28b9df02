"""Form fields: typing after Tab adds to a field, never over it; a tick shows without colour."""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, Input, TextArea


class FieldInput(Input):
    """A one-line field: its text is not selected on arriving, and the cursor goes to its end
    unless it was placed already."""

    def __init__(self, value: str = "", **options: Any) -> None:
        super().__init__(value, select_on_focus=False, **options)

    def on_focus(self) -> None:
        # Handled by the field itself, so it comes before any key typed after the Tab.
        if self.cursor_position == 0:
            self.cursor_position = len(self.value)


class FieldText(TextArea):
    """A field of several lines, wrapped, with the cursor at the end of its text on arriving
    unless it was placed already."""

    def __init__(self, **options: Any) -> None:
        super().__init__(soft_wrap=True, **options)

    def on_focus(self) -> None:
        if self.cursor_location == (0, 0):
            self.move_cursor(self.document.end)


class MarkedCheckbox(Checkbox):
    """A checkbox marked "✓" when ticked and blank when not: told apart without colour."""

    def __init__(self, label: str, value: bool = False, **options: Any) -> None:
        super().__init__(label, value, **options)
        self.BUTTON_INNER = "✓" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()
