"""The export dialog: where to write the conversation as Markdown."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class ExportScreen(ModalScreen[Path | None]):
    """Ask for a file name; dismisses with the path, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Label("Export the conversation (answers and sources) as Markdown to:")
            yield Input(str(self.suggested), id="export-path")
            yield Label("Enter to save · Escape to cancel", classes="hint")

    @on(Input.Submitted, "#export-path")
    def _save(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
