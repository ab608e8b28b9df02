"""The problems screen: knowledge files the index left out or read with a warning."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label

from assistant.terminal import printable
from assistant.tui.plain import counted, plain
from assistant.tui.screens.base import AssistantScreen


class ProblemsScreen(AssistantScreen):
    """Every problem found in the knowledge files, with file and line."""

    ACTION = "problems"

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="problems-summary")
        yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Problems"
        problems = self.app_instance.all_problems()
        table = self.query_one(DataTable)
        table.add_columns("File", "Line", "Problem", "Indexed?")
        for problem in problems:
            # Cells as Text: file names and messages are shown as written, never as markup.
            table.add_row(
                Text(printable(problem.path)),
                Text(str(problem.line or "")),
                Text(printable(problem.message)),
                Text("no" if problem.skipped else "yes"),
            )
        self.query_one("#problems-summary", Label).update(
            plain(
                f"{counted(len(problems), 'problem')}. Fix the file, then re-index (ctrl+r)."
                if problems
                else "No problems: every knowledge file was read."
            )
        )
        table.focus()
