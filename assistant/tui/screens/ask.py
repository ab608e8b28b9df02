"""The Ask screen: a transcript of questions and cited answers, and the question box."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from assistant.answering.conversation import Exchange
from assistant.search.model import Filters
from assistant.terminal import printable
from assistant.tui.messages import Answered, OpenCitation
from assistant.tui.screens.base import AssistantScreen
from assistant.tui.widgets.filters import FilterPanel
from assistant.tui.widgets.footer import KeysFooter
from assistant.tui.widgets.question import QuestionInput
from assistant.tui.widgets.transcript import ExchangeView, StarterList
from assistant.wording import counted

ON_SCREEN = 12
"""How many exchanges the transcript keeps on screen."""


class AskScreen(AssistantScreen):
    """The first screen: ask, read the answer, open its sources."""

    ACTION = "ask"

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

    @property
    def stale_years(self) -> int:
        """The age past which sources are flagged, from the settings."""
        return self.app_instance.assistant.settings.stale_after_years

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with VerticalScroll(id="transcript", can_focus=False):
                exchanges = self.app_instance.conversation.exchanges
                earlier = len(exchanges) - ON_SCREEN
                if earlier > 0:
                    yield Label(
                        f"{counted(earlier, 'earlier answer')} kept in the conversation "
                        "(ctrl+s exports them all).",
                        id="earlier",
                        classes="note",
                    )
                for exchange in exchanges[-ON_SCREEN:]:
                    yield ExchangeView(exchange.question, self.stale_years, exchange)
                with Vertical(id="starters"):
                    yield Label("Try one of these, or type your own question below:")
                    yield StarterList(id="starter-list")
            yield FilterPanel(id="filters", classes="hidden")
        with Vertical(id="bottom"):
            with Horizontal(id="status-bar"):
                yield Static("", id="status")
                yield ProgressBar(id="indexing", show_eta=False, classes="hidden")
            yield QuestionInput(self.app_instance.conversation.questions)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(QuestionInput).focus()
        self.query_one("#starters").add_class("hidden")
        # A conversation brought back opens at its latest answer, once the answers are laid out.
        self.call_after_refresh(self._show_latest)
        self.app_instance.start()

    def _show_latest(self) -> None:
        views = self.query(ExchangeView)
        if views:
            views.last().scroll_visible(animate=False, top=True)

    def index_ready(self) -> None:
        """The index is up to date: offer starters if the transcript is empty."""
        self._update_starters()

    @work(thread=True, exclusive=True, group="starters", exit_on_error=False)
    def _load_starters(self) -> None:
        questions = self.app_instance.assistant.starter_questions()
        self.app.call_from_thread(self._show_starters, questions)

    def _show_starters(self, questions: list[str]) -> None:
        starters = self.query_one(StarterList)
        starters.clear_options()
        starters.add_options([Option(Text(printable(question))) for question in questions])
        if questions:
            starters.highlighted = 0
        self._update_starters(load=False)

    def _update_starters(self, load: bool = True) -> None:
        # Shown while the transcript is empty, once there are starters to show.
        empty = not self.app_instance.conversation.exchanges
        offered = self.query_one(StarterList).option_count > 0
        self.query_one("#starters").set_class(not (empty and offered), "hidden")
        if empty and not offered and load:
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
        view = ExchangeView(question, self.stale_years)
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

    async def action_toggle_filters(self) -> None:
        panel = self.query_one(FilterPanel)
        await panel.show_fields()
        panel.toggle_class("hidden")
        if not panel.has_class("hidden"):
            panel.query_one("#filter-kind").focus()
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
        """Set the status line (index state and problems), shown as text, never as markup."""
        self.query_one("#status", Static).update(Text(printable(text)))

    def show_progress(self, done: int | None, total: int | None) -> None:
        """Show indexing progress, or hide the bar when ``done`` is None."""
        bar = self.query_one("#indexing", ProgressBar)
        bar.set_class(done is None, "hidden")
        if done is not None:
            bar.update(total=total, progress=done)
