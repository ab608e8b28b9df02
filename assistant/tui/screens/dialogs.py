"""Small dialogs: asking for a file name, and choosing how to render a briefing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select


class PathScreen(ModalScreen[Path | None]):
    """Ask for a file name; dismisses with the path, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, suggested: Path) -> None:
        super().__init__()
        self.prompt = prompt
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt)
            yield Input(str(self.suggested), id="path")
            yield Label("Enter to go on · Escape to cancel", classes="hint")

    @on(Input.Submitted, "#path")
    def _chosen(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class RenderChoice:
    """How and where to render a briefing."""

    format: str
    path: Path
    allow_identifying: str = ""


class RenderScreen(ModalScreen[RenderChoice | None]):
    """Choose a format and a file for the briefing."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, findings: Path) -> None:
        super().__init__()
        self.findings = findings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Render the briefing as")
            yield Select(
                [
                    ("Web page, prints on one A4 page (HTML)", "html"),
                    ("Word", "docx"),
                    ("PDF, one A4 page (needs Chromium)", "pdf"),
                    ("Markdown", "md"),
                    ("Plain text", "txt"),
                ],
                value="html",
                allow_blank=False,
                id="render-format",
            )
            yield Label("to the file")
            yield Input(str(self.findings.with_suffix(".html")), id="render-path")
            yield Label("Publish despite privacy findings because (leave empty unless you must):")
            yield Input(id="render-reason")
            yield Label("Enter to render · Escape to cancel", classes="hint")

    @on(Select.Changed, "#render-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#render-path", Input)
        path.value = str(Path(path.value).with_suffix(f".{event.value}"))

    @on(Input.Submitted)
    def _chosen(self) -> None:
        fmt = self.query_one("#render-format", Select).value
        path = self.query_one("#render-path", Input).value.strip()
        if not path or not isinstance(fmt, str):
            return
        reason = self.query_one("#render-reason", Input).value.strip()
        self.dismiss(RenderChoice(fmt, Path(path).expanduser(), reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
