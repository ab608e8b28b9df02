"""The Ask screen: a transcript of questions and cited answers, and the question input."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    LoadingIndicator,
    OptionList,
    ProgressBar,
    Select,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from assistant.answering.conversation import Exchange
from assistant.corpus.documents import KINDS
from assistant.search.index import Filters
from assistant.tui.messages import Answered, OpenCitation
from assistant.tui.screens.base import AssistantScreen

if TYPE_CHECKING:
    from assistant.tui.app import AssistantApp

ON_SCREEN = 12
"""How many exchanges the transcript keeps on screen."""


def source_line(citation: dict[str, Any]) -> Text:
    """A citation as the compact source list shows it: number, title, then where and when."""
    date = citation.get("published") or "undated"
    organisation = citation.get("organisation") or "organisation not stated"
    if len(organisation) > 36:
        organisation = organisation[:35] + "…"
    text = Text()
    text.append(f"[{citation['n']}] ", style="bold")
    title = citation.get("title", "")
    text.append(title if len(title) <= 60 else title[:59] + "…")
    if not citation.get("quoted", True):
        text.append("  (see also)", style="dim italic")
    text.append(f"\n    {organisation} · {citation.get('kind', '')} · {date}", style="dim")
    if citation.get("stale"):
        text.append("  ⚠ older than five years", style="bold yellow")
    section = citation.get("section", "").split(" › ")[-1]
    text.append(f"\n    {section if len(section) <= 64 else section[:63] + '…'}", style="italic")
    return text


class SourceList(OptionList):
    """The sources of one answer; Enter opens one, p pins it, c copies the answer."""

    BINDINGS = [
        Binding("p", "pin", "Pin source"),
        Binding("c", "copy_answer", "Copy answer"),
    ]

    def __init__(self, exchange: Exchange) -> None:
        super().__init__(*[Option(source_line(c), id=str(c["n"])) for c in exchange.citations])
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
        return self.app  # type: ignore[return-value]


class ExchangeView(Vertical):
    """One question and its answer (or a "searching" state until it arrives)."""

    def __init__(self, question: str, exchange: Exchange | None = None) -> None:
        super().__init__(classes="exchange")
        self.question = question
        self.exchange = exchange

    def compose(self) -> ComposeResult:
        yield Static(Text(self.question), classes="question")
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
            yield SourceList(exchange)

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
        super().__init__(RichMarkdown(markdown), classes=classes)
        self.source = markdown
        """The Markdown drawn."""


class QuestionInput(Input):
    """The question box, with the questions already asked on ↑ and ↓."""

    BINDINGS = [
        Binding("up", "history(-1)", "Earlier question", show=False),
        Binding("down", "history(1)", "Later question", show=False),
        Binding("tab", "latest_sources", "Latest sources", show=False),
    ]

    def __init__(self, history: list[str]) -> None:
        super().__init__(
            placeholder="Ask about procedures and audit learning (Enter to ask, ↑ for history)",
            id="question",
        )
        self.history = list(history)
        self._position = len(self.history)
        self._draft = ""

    def remember(self, question: str) -> None:
        """Add a question to the history and go back to a blank line."""
        if not self.history or self.history[-1] != question:
            self.history.append(question)
        self._position = len(self.history)
        self._draft = ""

    def action_latest_sources(self) -> None:
        # From the question, Tab goes to the newest answer's sources, not the oldest.
        sources = self.screen.query(SourceList)
        if sources:
            sources.last().focus()
        else:
            self.screen.focus_next()

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(len(self.history), self._position + step))
        if self._position == len(self.history):
            self.value = self._draft
        else:
            self.value = self.history[self._position]
        self.cursor_position = len(self.value)


class FilterPanel(Vertical):
    """Limits on what answers may cite: kind, organisation, year."""

    def compose(self) -> ComposeResult:
        yield Label("Filters", classes="panel-title")
        yield Label("Kind of document")
        yield Select(
            [(kind.capitalize(), kind) for kind in KINDS if kind != "glossary"],
            prompt="Any kind",
            id="filter-kind",
        )
        yield Label("Organisation (words of its name)")
        yield Input(placeholder="e.g. north yorkshire", id="filter-organisation")
        yield Label("Published since (year)")
        yield Input(placeholder="e.g. 2020", id="filter-since", restrict=r"\d{0,4}")
        yield Label('Or type kind:audit org:"…" since:2020 in a question.', classes="hint")

    def filters(self) -> Filters:
        """The filters as set."""
        kind = self.query_one("#filter-kind", Select).value
        since = self.query_one("#filter-since", Input).value
        return Filters(
            kind=kind if isinstance(kind, str) else "",
            organisation=self.query_one("#filter-organisation", Input).value.strip(),
            since=int(since) if len(since) == 4 else None,
        )


class StarterList(OptionList):
    """Questions to try, offered while the transcript is empty."""


class AskScreen(AssistantScreen):
    """The first screen: ask, read the answer, open its sources."""

    BINDINGS = [
        Binding("ctrl+f", "toggle_filters", "Filters"),
        Binding("escape", "focus_question", "Question", show=False),
        Binding("ctrl+l", "clear", "Clear"),
        Binding("pageup", "scroll_transcript(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_transcript(1)", "Scroll down", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._previous: Any = None
        """The last question as it was read, for follow-ups."""
        self._asked_at: dict[str, float] = {}
        self.answer_seconds: list[float] = []
        """Seconds from Enter to each answer on screen."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with VerticalScroll(id="transcript", can_focus=False):
                exchanges = self.app_instance.conversation.exchanges
                earlier = len(exchanges) - ON_SCREEN
                if earlier > 0:
                    yield Label(
                        f"{earlier} earlier answer(s) are kept in the conversation "
                        "(ctrl+s exports them all).",
                        id="earlier",
                        classes="note",
                    )
                for exchange in exchanges[-ON_SCREEN:]:
                    yield ExchangeView(exchange.question, exchange)
                with Vertical(id="starters"):
                    yield Label("Try one of these, or type your own question below:")
                    yield StarterList(id="starter-list")
            yield FilterPanel(id="filters", classes="hidden")
        with Vertical(id="bottom"):
            with Horizontal(id="status-bar"):
                yield Static("", id="status")
                yield ProgressBar(id="indexing", show_eta=False, classes="hidden")
            yield QuestionInput(self.app_instance.conversation.questions)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QuestionInput).focus()
        self._update_starters()
        self.query_one("#transcript").scroll_end(animate=False)
        self.app_instance.start()

    @work(thread=True, exclusive=True, group="starters", exit_on_error=False)
    def _load_starters(self) -> None:
        questions = self.app_instance.assistant.starter_questions()
        self.app.call_from_thread(self._show_starters, questions)

    def _show_starters(self, questions: list[str]) -> None:
        starters = self.query_one(StarterList)
        starters.clear_options()
        starters.add_options([Option(question) for question in questions])
        if questions:
            starters.highlighted = 0

    def _update_starters(self) -> None:
        empty = not self.app_instance.conversation.exchanges
        self.query_one("#starters").set_class(not empty, "hidden")
        if empty and not self.query_one(StarterList).option_count:
            self._load_starters()

    @on(OptionList.OptionSelected, "#starter-list")
    def _ask_starter(self, event: OptionList.OptionSelected) -> None:
        self.ask(str(event.option.prompt))

    @on(Input.Submitted, "#question")
    def _submitted(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if question:
            self.ask(question)

    def ask(self, question: str) -> None:
        """Show the question with a searching state and look for the answer in a worker."""
        box = self.query_one(QuestionInput)
        box.remember(question)
        box.value = ""
        self.query_one("#starters").add_class("hidden")
        for waiting in self.query(ExchangeView):
            if waiting.pending:
                waiting.stop()  # its worker is cancelled by the new one (exclusive)
        self._asked_at[question] = time.perf_counter()
        view = ExchangeView(question)
        self.query_one("#transcript").mount(view, before="#starters")
        shown = self.query(ExchangeView)
        if len(shown) > ON_SCREEN:
            # Older answers leave the screen (they stay in the conversation and exports).
            shown.first().remove()
        view.scroll_visible(animate=False)
        self._answer(question, self.query_one(FilterPanel).filters())

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _answer(self, question: str, filters: Filters) -> None:
        answer = self.app_instance.assistant.ask(question, filters, previous=self._previous)
        if not get_current_worker().is_cancelled:
            self.post_message(Answered(question, answer))

    async def on_answered(self, message: Answered) -> None:
        self._previous = message.answer.asked
        exchange = Exchange.from_answer(message.question, message.answer)
        self.app_instance.keep(exchange)
        for view in self.query(ExchangeView):
            if view.pending and view.question == message.question:
                await view.show(exchange)
                # The question at the top, the answer below it: read from the start.
                self.call_after_refresh(view.scroll_visible, animate=False, top=True)
                self.call_after_refresh(self._drawn, message.question)
                break

    def _drawn(self, question: str) -> None:
        # How long from Enter to the answer painted, kept for the benchmark.
        asked = self._asked_at.pop(question, None)
        if asked is not None:
            self.answer_seconds.append(time.perf_counter() - asked)

    def on_open_citation(self, message: OpenCitation) -> None:
        self.app_instance.open_citation(message.citation, message.question)

    def action_toggle_filters(self) -> None:
        panel = self.query_one(FilterPanel)
        panel.toggle_class("hidden")
        if not panel.has_class("hidden"):
            panel.query_one(Select).focus()
        else:
            self.action_focus_question()

    def action_scroll_transcript(self, direction: int) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        if direction < 0:
            transcript.scroll_page_up()
        else:
            transcript.scroll_page_down()

    def action_focus_question(self) -> None:
        self.query_one(QuestionInput).focus()

    def action_clear(self) -> None:
        self.app_instance.clear_conversation()

    async def clear_transcript(self) -> None:
        """Remove every exchange from the screen and offer the starters again."""
        await self.query(ExchangeView).remove()
        self._previous = None
        self._update_starters()

    def show_status(self, text: str) -> None:
        """Set the status line (index state and problems)."""
        self.query_one("#status", Static).update(text)

    def show_progress(self, done: int | None, total: int | None) -> None:
        """Show indexing progress, or hide the bar when ``done`` is None."""
        bar = self.query_one("#indexing", ProgressBar)
        bar.set_class(done is None, "hidden")
        if done is not None:
            bar.update(total=total, progress=done)
