"""The Textual app: screens, keys, commands and the index kept up to date in a worker."""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from assistant.answering.conversation import Conversation, Exchange
from assistant.answering.pins import Pin, PinBoard
from assistant.config import ConfigError
from assistant.corpus.documents import Problem
from assistant.errors import AssistantError
from assistant.facade import Assistant
from assistant.search.model import IndexReport
from assistant.terminal import printable
from assistant.tui.messages import IndexFailed, IndexFinished, IndexProgress
from assistant.tui.screens.ask import AskScreen
from assistant.wording import counted


class AssistantApp(App[None]):
    """Ask questions, read the sources behind answers, keep what matters."""

    TITLE = "Briefing Assistant"
    CSS_PATH = "app.tcss"
    # The screens' keys work wherever the cursor is (a text box would otherwise take F6 and F7),
    # and each main screen appears once in the stack: its key goes back to it.
    BINDINGS = [
        Binding("f1", "help", "Help", priority=True),
        Binding("f2", "ask", "Ask", priority=True),
        Binding("f3", "library", "Library", priority=True),
        Binding("f4", "pins", "Pins", priority=True),
        Binding("f5", "problems", "Problems", show=False, priority=True),
        Binding("f6", "briefing", "Briefing", priority=True),
        Binding("f7", "training", "Training", priority=True),
        Binding("f8", "import_documents", "Import", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+r", "reindex", "Re-index", show=False),
        Binding("ctrl+s", "export", "Export", show=False),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
    ]

    def __init__(self, assistant: Assistant) -> None:
        super().__init__()
        self.assistant = assistant
        data = assistant.settings.data_dir
        self.conversation = Conversation(data / "conversation.jsonl")
        self.pins = PinBoard(data / "pins.json")
        self.report: IndexReport | None = None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notice. Notices often name files and quote them, so they are always shown as
        plain, sanitised text: never as markup, never with a terminal escape."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        # A mistake of ours should not throw away someone's session: the details go to a log
        # and the screen gets a notice. Tests (headless) and start-up still fail loudly.
        if self.is_headless or not getattr(self, "_running", False):
            super()._handle_exception(error)
            return
        log = self.assistant.settings.data_dir / "errors.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
                handle.write("".join(traceback.format_exception(error)))
        except OSError:
            log = Path("(the log could not be written)")
        self.notify(
            f"{type(error).__name__}: {error}. Details are in {log}.",
            title="Something went wrong",
            severity="error",
            timeout=15,
        )

    # -- start-up and the index ----------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return AskScreen()

    def start(self) -> None:
        """Called by the Ask screen once it is on screen: report damage, bring the index up."""
        for problem in (self.conversation.problem, self.pins.problem):
            if problem:
                self.notify(problem, title="A saved file was damaged", severity="warning")
        # The counts come when the check ends: opening the index here would hold the screen.
        self.ask_screen.show_status("Checking the index…")
        self.index(rebuild=False)

    @property
    def ask_screen(self) -> AskScreen:
        """The Ask screen, at the bottom of the stack."""
        screen = self.screen_stack[0]
        assert isinstance(screen, AskScreen)
        return screen

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index(self, rebuild: bool) -> None:
        """Build or update the index in a thread; progress and the result arrive as messages."""

        def progress(done: int, total: int, path: str) -> None:
            self.post_message(IndexProgress(done, total, Path(path).name))

        report: IndexReport | None
        try:
            if rebuild:
                report = self.assistant.update_index(rebuild=True, progress=progress)
            else:
                report = self.assistant.ensure_index(progress=progress)
        except (AssistantError, OSError) as error:
            self.post_message(IndexFailed(str(error)))
            return
        # Loaded here, not by the status line: it counts the glossaries' problems, and
        # loading them on the screen's thread held the question box for several frames.
        self.assistant.glossary  # noqa: B018
        self.post_message(IndexFinished(report))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.ask_screen.show_progress(message.done, message.total)
        self.ask_screen.show_status(f"Indexing {message.done}/{message.total}: {message.name}")

    def on_index_finished(self, message: IndexFinished) -> None:
        self.ask_screen.show_progress(None, None)
        if message.report is not None:
            self.report = message.report
            report = message.report
            if report.changed:
                self.notify(
                    f"{counted(report.documents, 'document')}, "
                    f"{counted(report.passages, 'passage')} in {report.seconds:.1f} s; "
                    f"{counted(len(report.problems), 'problem')}.",
                    title="Index rebuilt" if report.rebuilt else "Index updated",
                )
        self.show_index_status()
        self.ask_screen.index_ready()

    def on_index_failed(self, message: IndexFailed) -> None:
        self.ask_screen.show_progress(None, None)
        self.ask_screen.show_status(f"The index could not be built: {message.error}")
        self.notify(message.error, title="Indexing failed", severity="error", timeout=10)

    def show_index_status(self) -> None:
        """The status line: documents, passages and problems."""
        documents = self.assistant.documents()
        passages = sum(d.passages for d in documents)
        problems = len(self.all_problems())
        status = f"{counted(len(documents), 'document')} · {counted(passages, 'passage')}"
        status += f" · {counted(problems, 'problem')}: F5 to read" if problems else " · no problems"
        self.ask_screen.show_status(status)

    def all_problems(self) -> list[Problem]:
        """Problems in knowledge files and glossaries."""
        return self.assistant.problems()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Errors become notices: a traceback never reaches the screen.
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}",
                title="Something went wrong",
                severity="error",
                timeout=10,
            )

    # -- what screens ask of the app -----------------------------------------------------

    def keep(self, exchange: Exchange) -> None:
        """Keep an answered question in the conversation; the file is written in a thread."""
        self.conversation.remember(exchange)
        self.save_conversation_soon()

    @work(thread=True, group="conversation", exit_on_error=False)
    def save_conversation_soon(self) -> None:
        """Write what the conversation file does not have yet, away from the screen."""
        self.save_conversation(from_thread=True)

    def save_conversation(self, from_thread: bool = False) -> None:
        """Write what the conversation file does not have yet; a notice if that failed."""
        try:
            self.conversation.save()
        except OSError as error:
            message = f"The conversation could not be saved: {error.strerror or error}"
            if from_thread:
                self.call_from_thread(self.notify, message, severity="error")
            else:
                self.notify(message, severity="error")

    def pin(self, citation: dict[str, Any], question: str) -> None:
        """Keep a cited passage in the pins."""
        try:
            added = self.pins.add(Pin.from_citation(citation, question))
        except OSError as error:
            self.notify(f"The pin could not be saved: {error}", severity="error")
            return
        where = citation.get("section", "")
        self.notify(f"Pinned “{where}”." if added else "That passage is pinned already.")

    def copy_exchange(self, exchange: Exchange) -> None:
        """Put an answer with its sources on the clipboard."""
        # What is pasted from here goes into other programs, terminals among them: no escapes.
        self.copy_to_clipboard(printable(exchange.markdown()))
        self.notify("Answer and sources copied (where the terminal allows it).")

    def open_citation(self, citation: dict[str, Any], question: str) -> None:
        """Read a cited passage."""
        from assistant.tui.screens.passage import PassageScreen

        self.push_screen(PassageScreen(citation, question))

    def open_document(self, path: Path, anchor: str = "", title: str = "") -> None:
        """Read a whole document, at a heading."""
        from assistant.tui.screens.document import DocumentScreen

        self.push_screen(DocumentScreen(path, anchor, title))

    def clear_conversation(self) -> None:
        """Start a new conversation (the old one is kept beside it)."""
        try:
            kept = self.conversation.clear()
        except OSError as error:
            self.notify(f"The conversation could not be cleared: {error}", severity="error")
            return
        self.call_later(self.ask_screen.clear_transcript)
        if kept:
            self.notify(f"Cleared. The previous conversation is kept in {kept}.")

    def copy_latest(self) -> None:
        """Copy the most recent answer."""
        if self.conversation.exchanges:
            self.copy_exchange(self.conversation.exchanges[-1])

    def open_latest_source(self) -> None:
        """Read the first source of the most recent answer."""
        latest = self.conversation.exchanges[-1] if self.conversation.exchanges else None
        if latest and latest.citations:
            self.open_citation(latest.citations[0], latest.question)

    def pin_latest_source(self) -> None:
        """Pin the first source of the most recent answer."""
        latest = self.conversation.exchanges[-1] if self.conversation.exchanges else None
        if latest and latest.citations:
            self.pin(latest.citations[0], latest.question)

    # -- actions -------------------------------------------------------------------------

    def action_help(self) -> None:
        from assistant.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.key_list()))

    def action_ask(self) -> None:
        self.go_to(AskScreen, AskScreen)
        self.ask_screen.action_focus_question()

    def action_library(self) -> None:
        from assistant.tui.screens.library import LibraryScreen

        self.go_to(LibraryScreen, LibraryScreen)

    def action_pins(self) -> None:
        from assistant.tui.screens.pins import PinsScreen

        self.go_to(PinsScreen, PinsScreen)

    def action_problems(self) -> None:
        from assistant.tui.screens.problems import ProblemsScreen

        self.go_to(ProblemsScreen, ProblemsScreen)

    def action_training(self) -> None:
        from assistant.tui.screens.training import TrainingScreen

        self.go_to(TrainingScreen, TrainingScreen)

    def action_briefing(self) -> None:
        from assistant.tui.screens.briefing import BriefingScreen

        self.go_to(BriefingScreen, lambda: BriefingScreen(self.latest_findings()))

    def latest_findings(self) -> Path:
        """The findings file changed most recently, or where a first one would go."""
        folder = self.assistant.settings.data_dir / "briefings"
        existing = (
            sorted(folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime)
            if folder.is_dir()
            else []
        )
        return existing[-1] if existing else folder / "findings.yaml"

    def go_to(self, kind: type[Screen[Any]], make: Callable[[], Screen[Any]]) -> None:
        """Show a main screen: back down to it when it is open already, else on top (a dialog
        or the help open over the screen is closed first, as if cancelled)."""
        while isinstance(self.screen, ModalScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, kind):
            return
        for depth, screen in enumerate(self.screen_stack):
            if isinstance(screen, kind):
                while len(self.screen_stack) > depth + 1:
                    self.leave_screen()
                return
        self.push_screen(make())

    def leave_screen(self) -> None:
        """Close the screen on top, saving what it was editing first."""
        from assistant.tui.screens.base import EditingScreen

        screen = self.screen
        if isinstance(screen, EditingScreen):
            screen.autosave()
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer leaves out the key of the screen already showing.
        return action != getattr(self.screen, "ACTION", None)

    def action_import_documents(self) -> None:
        from assistant.tui.screens.import_screen import ImportScreen

        self.go_to(ImportScreen, ImportScreen)

    def action_reindex(self) -> None:
        self.notify("Re-indexing the knowledge folders…")
        self.index(rebuild=False)

    def action_rebuild(self) -> None:
        self.notify("Rebuilding the index from nothing…")
        self.index(rebuild=True)

    async def action_quit(self) -> None:
        # Quitting saves any briefing or pack being written, and the conversation: nothing
        # typed is lost.
        from assistant.tui.screens.base import EditingScreen

        for screen in self.screen_stack:
            if isinstance(screen, EditingScreen):
                screen.autosave()
        self.save_conversation()
        await super().action_quit()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_clear(self) -> None:
        self.clear_conversation()

    def action_export(self) -> None:
        if not self.conversation.exchanges:
            self.notify("Nothing to export yet: ask a question first.", severity="warning")
            return
        stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
        suggested = self.assistant.settings.data_dir / "exports" / f"conversation-{stamp}.md"

        def save(path: Path | None) -> None:
            if path is None:
                return
            try:
                self.conversation.export(path)
            except OSError as error:
                self.notify(f"Could not write {path}: {error}", severity="error")
                return
            self.notify(f"Saved {len(self.conversation.exchanges)} answers to {path}.")

        from assistant.tui.screens.dialogs import PathScreen

        prompt = "Export the conversation (answers and sources) as Markdown to:"
        self.push_screen(PathScreen(prompt, suggested), save)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Ask", "Back to the question box (F2)", self.action_ask)
        yield SystemCommand("Library", "Browse the documents (F3)", self.action_library)
        yield SystemCommand("Pins", "The passages you pinned (F4)", self.action_pins)
        yield SystemCommand("Problems", "Knowledge files with problems (F5)", self.action_problems)
        yield SystemCommand(
            "Briefing", "Write a 7 minute briefing from findings (F6)", self.action_briefing
        )
        yield SystemCommand(
            "Training", "Prepare a training session from the evidence (F7)", self.action_training
        )
        yield SystemCommand(
            "Import documents",
            "PDF, Word, web pages or text, or a folder of them (F8)",
            self.action_import_documents,
        )
        yield SystemCommand(
            "Re-index", "Update the index from the files (ctrl+r)", self.action_reindex
        )
        yield SystemCommand(
            "Rebuild index", "Build the index again from nothing", self.action_rebuild
        )
        yield SystemCommand(
            "Export conversation", "Save it as Markdown (ctrl+s)", self.action_export
        )
        yield SystemCommand("Clear conversation", "Start again (ctrl+l)", self.action_clear)
        yield SystemCommand(
            "Filters", "Show or hide the filters (ctrl+f)", self.ask_screen.action_toggle_filters
        )
        yield SystemCommand("Light or dark", "Switch the theme (ctrl+t)", self.action_toggle_theme)
        yield SystemCommand("Help", "Keys and a short guide (F1)", self.action_help)
        if self.conversation.exchanges:
            yield SystemCommand(
                "Copy the latest answer", "With its sources (c on a source list)", self.copy_latest
            )
            yield SystemCommand(
                "Read the latest answer's first source",
                "Open the passage (Enter on a source list)",
                self.open_latest_source,
            )
            yield SystemCommand(
                "Pin the latest answer's first source",
                "Keep it in the pins (p on a source list)",
                self.pin_latest_source,
            )

    def key_list(self) -> list[tuple[str, str]]:
        """Every key binding of the app and its screens, for the help screen."""
        from assistant.tui.screens.briefing import BriefingScreen
        from assistant.tui.screens.document import DocumentScreen
        from assistant.tui.screens.passage import PassageScreen
        from assistant.tui.screens.pins import PinsScreen
        from assistant.tui.screens.training import TrainingScreen
        from assistant.tui.widgets.evidence import EvidenceList
        from assistant.tui.widgets.question import QuestionInput
        from assistant.tui.widgets.transcript import SourceList

        keys: list[tuple[str, str]] = [
            ("Enter", "ask the question / open the selected source or starter"),
            ("↑ ↓ (in the question box)", "earlier and later questions"),
            ("Tab / shift+Tab", "move between the question, answers' sources and panels"),
        ]
        owners: list[tuple[type[Any], str]] = [
            (AssistantApp, "anywhere"),
            (AskScreen, "Ask"),
            (SourceList, "a source list"),
            (QuestionInput, "the question box"),
            (PassageScreen, "passage"),
            (DocumentScreen, "document"),
            (PinsScreen, "pins"),
            (BriefingScreen, "briefing"),
            (TrainingScreen, "training"),
            (EvidenceList, "the training evidence"),
        ]
        for owner, label in owners:
            for binding in owner.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    key = binding.key.replace(",", " / ")
                    keys.append((f"{key} ({label})", binding.description))
        keys.append(("ctrl+p", "command palette: every action by name"))
        return keys


def run() -> int:
    """Open the app on the configured knowledge base."""
    try:
        assistant = Assistant()
    except ConfigError as error:
        print(f"error: {error}")
        return 1
    AssistantApp(assistant).run()
    return 0
