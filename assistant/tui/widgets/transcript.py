"""The transcript's parts: a question with its answer, and the answer's list of sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from assistant.answering.conversation import Exchange
from assistant.corpus.sources import describe_source
from assistant.terminal import printable
from assistant.tui.messages import OpenCitation
from assistant.tui.plain import markdown as markdown_view

if TYPE_CHECKING:
    from assistant.tui.app import AssistantApp


def source_line(citation: dict[str, Any], stale_after_years: int) -> Text:
    """A citation as the compact source list shows it: the title, where and when, and the
    section, one a line."""
    source = describe_source(
        printable(citation.get("title", "")).strip(),
        printable(citation.get("organisation", "")).strip(),
        printable(citation.get("kind", "")),
        citation.get("published", ""),
        stale_after_years,
    )
    text = Text()
    text.append(source.title)
    if not citation.get("quoted", True):
        text.append(" (see also)", style="dim italic")
    text.append(f"\n{source.byline}", style="dim")
    if source.age_warning:
        text.append(f" · ⚠ {source.age_warning}", style="bold yellow")
    section = printable(citation.get("section", "")).split(" › ")[-1]
    text.append(f"\n{section}", style="italic")
    return text


def numbered(number: int, lines: Text) -> Table:
    """``[n]`` beside the lines, which wrap under their own first word, not under the number."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"[{number}]", style="bold"), lines)
    return grid


class SourceList(OptionList):
    """The sources of one answer; Enter opens one, p pins it, c copies the answer."""

    BINDINGS = [
        Binding("p", "pin", "Pin source"),
        Binding("c", "copy_answer", "Copy answer"),
    ]

    def __init__(self, exchange: Exchange, stale_after_years: int) -> None:
        super().__init__(
            *[
                Option(numbered(c["n"], source_line(c, stale_after_years)), id=str(n))
                for n, c in enumerate(exchange.citations, 1)
            ]
        )
        self.exchange = exchange

    def on_focus(self) -> None:
        # Arriving by Tab, Enter should open the first source straight away.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def highlighted_citation(self) -> dict[str, Any] | None:
        """The citation under the cursor."""
        if self.highlighted is None:
            return None
        return self.exchange.citations[self.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        citation = self.exchange.citations[event.option_index]
        self.post_message(OpenCitation(citation, self.exchange.question))

    def action_pin(self) -> None:
        citation = self.highlighted_citation()
        if citation is not None:
            self.app_instance.pin(citation, self.exchange.question)

    def action_copy_answer(self) -> None:
        self.app_instance.copy_exchange(self.exchange)

    @property
    def app_instance(self) -> AssistantApp:
        """The app, typed."""
        return cast("AssistantApp", self.app)


class ExchangeView(Vertical):
    """One question and its answer (or a "searching" state until it arrives)."""

    def __init__(
        self, question: str, stale_after_years: int, exchange: Exchange | None = None
    ) -> None:
        super().__init__(classes="exchange")
        self.question = question
        self.exchange = exchange
        self.stale_after_years = stale_after_years

    def compose(self) -> ComposeResult:
        yield Static(Text(printable(self.question)), classes="question")
        if self.exchange is None:
            yield Horizontal(
                LoadingIndicator(),
                Label("Searching the knowledge base…"),
                classes="searching",
            )
        else:
            yield from self._answer_widgets(self.exchange)

    def _answer_widgets(self, exchange: Exchange) -> ComposeResult:
        classes = "answer declined" if exchange.declined else "answer"
        # One widget drawing the Markdown (Rich's renderer) rather than Textual's Markdown,
        # which makes a widget a paragraph: a long transcript stays quick to lay out.
        yield AnswerBody(exchange.body, classes=classes)
        if exchange.citations:
            yield SourceList(exchange, self.stale_after_years)

    @property
    def pending(self) -> bool:
        """Still waiting for its answer."""
        return self.exchange is None and not self.has_class("stopped")

    async def show(self, exchange: Exchange) -> None:
        """Replace the searching state with the answer."""
        self.exchange = exchange
        await self.query(".searching").remove()
        await self.mount_all(list(self._answer_widgets(exchange)))

    def stop(self) -> None:
        """Say that a newer question took this one's place."""
        self.add_class("stopped")
        self.query(".searching").remove()
        self.mount(Label("Not answered: a newer question was asked.", classes="note"))


class AnswerBody(Static):
    """An answer's lead and points, drawn from their Markdown."""

    def __init__(self, markdown: str, classes: str = "") -> None:
        # Rich's Markdown renders text, never markup; escapes are taken out and links shown
        # with their address.
        super().__init__(markdown_view(markdown), classes=classes)
        self.source = markdown
        """The Markdown drawn."""


class StarterList(OptionList):
    """Questions to try, offered while the transcript is empty."""
