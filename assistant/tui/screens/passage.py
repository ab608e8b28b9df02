"""The passage reader: a cited passage in its section, the question's words highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from assistant.corpus.sources import describe_source
from assistant.terminal import printable
from assistant.tui.screens.base import AssistantScreen
from assistant.tui.widgets.footer import KeysFooter


def describe(citation: dict[str, Any], stale_after_years: int) -> Text:
    """Where a passage comes from: title, organisation, kind, date, section and file."""
    source = describe_source(
        printable(citation.get("title", "")),
        printable(citation.get("organisation", "")).strip(),
        printable(citation.get("kind", "")),
        citation.get("published", ""),
        stale_after_years,
    )
    text = Text()
    text.append(source.title.strip(), style="bold")
    text.append(f"\n{source.byline}")
    if source.age_warning:
        text.append(f"  ⚠ {source.age_warning}", style="bold yellow")
    text.append(f"\n{printable(citation.get('section', ''))}", style="italic")
    name = printable(Path(citation.get("path", "")).name)
    text.append(f"\n{name}#{printable(citation.get('anchor', ''))}", style="dim")
    return text


class PassageScreen(AssistantScreen):
    """One passage, read in full, with the question's words picked out."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("o", "open_document", "Open document here"),
        Binding("p", "pin", "Pin"),
    ]

    def __init__(self, citation: dict[str, Any], question: str) -> None:
        super().__init__()
        self.citation = citation
        self.question = question

    def compose(self) -> ComposeResult:
        yield Header()
        years = self.app_instance.assistant.settings.stale_after_years
        yield Static(describe(self.citation, years), id="passage-source")
        with VerticalScroll(id="passage-body"):
            yield Static(self.section(), id="passage-text")
        yield KeysFooter()

    def highlighted(self) -> Text:
        """The passage with the question's words in reverse video."""
        body = printable(self.citation.get("text", ""))
        text = Text(body)
        if self.question:
            for start, end in self.app_instance.assistant.highlights(body, self.question):
                text.stylize("bold reverse", start, end)
        return text

    def section(self) -> Text:
        """The passage inside its section: the section's other passages around it, dimmed."""
        assistant = self.app_instance.assistant
        try:
            siblings = [
                hit
                for hit in assistant.passages_of(self.citation.get("doc_id", ""))
                if hit.anchor == self.citation.get("anchor")
            ]
        except Exception:  # noqa: BLE001 - an index being rebuilt: show the passage alone
            siblings = []
        if not siblings:
            return self.highlighted()
        text = Text()
        for hit in siblings:
            if text:
                text.append("\n\n")
            if hit.pid == self.citation.get("pid"):
                text.append_text(self.highlighted())
            else:
                text.append(printable(hit.text), style="dim")
        return text

    def on_mount(self) -> None:
        self.query_one("#passage-body").focus()
        self.sub_title = "Passage"

    def action_open_document(self) -> None:
        self.app_instance.open_document(
            Path(self.citation.get("path", "")),
            self.citation.get("anchor", ""),
            self.citation.get("title", ""),
        )

    def action_pin(self) -> None:
        self.app_instance.pin(self.citation, self.question)
