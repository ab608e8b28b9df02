"""The pinned passages: what the user kept from answers, to read again or build a pack from."""

from __future__ import annotations

from dataclasses import asdict

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from assistant.answering.pins import Pin
from assistant.corpus.sources import describe_source
from assistant.terminal import printable
from assistant.tui.plain import plain, shown_path
from assistant.tui.screens.base import AssistantScreen
from assistant.tui.widgets.footer import KeysFooter
from assistant.tui.widgets.transcript import numbered
from assistant.wording import counted


def pin_line(pin: Pin, stale_after_years: int) -> Text:
    """A pin as the list shows it: its source, section and first line."""
    source = describe_source(
        printable(pin.title).strip(),
        printable(pin.organisation).strip(),
        printable(pin.kind),
        pin.published,
        stale_after_years,
    )
    text = Text()
    text.append(source.title, style="bold")
    text.append(f"\n{source.byline}")
    if source.age_warning:
        text.append(f" · ⚠ {source.age_warning}", style="bold yellow")
    text.append(f"\n{printable(pin.section)}", style="italic")
    first = printable(pin.text).split("\n")[0]
    text.append(f"\n{first[:160]}{'…' if len(first) > 160 else ''}", style="dim")
    return text


class PinsScreen(AssistantScreen):
    """The pinned passages; Enter reads one, d removes it."""

    ACTION = "pins"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d,delete", "remove", "Remove pin"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="pins-summary")
        yield OptionList(id="pins")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Pinned passages"
        self.refresh_pins()

    def refresh_pins(self) -> None:
        """Show the pins as they are now."""
        board = self.app_instance.pins
        listing = self.query_one(OptionList)
        listing.clear_options()
        years = self.app_instance.assistant.settings.stale_after_years
        listing.add_options(
            [
                Option(numbered(n, pin_line(pin, years)), id=pin.pid)
                for n, pin in enumerate(board.pins, 1)
            ]
        )
        count = len(board.pins)
        summary = (
            f"{counted(count, 'pinned passage')} (kept in {shown_path(board.path)})"
            if count
            else "Nothing pinned yet: press p on a source in an answer to keep it here."
        )
        self.query_one("#pins-summary", Label).update(plain(summary))
        if count:
            listing.highlighted = 0
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        pin = self.app_instance.pins.pins[event.option_index]
        self.app_instance.open_citation(asdict(pin), pin.question)

    def action_remove(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not self.app_instance.pins.pins:
            return
        pin = self.app_instance.pins.pins[listing.highlighted]
        self.app_instance.pins.remove(pin.pid)
        self.notify(f"Removed the pin on “{pin.section}”.")
        self.refresh_pins()
