"""The problems screen: knowledge files the index left out or read with a warning."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from assistant.corpus.documents import Problem
from assistant.terminal import printable
from assistant.tui.plain import plain, shown_path
from assistant.tui.screens.base import AssistantScreen
from assistant.tui.widgets.footer import KeysFooter
from assistant.wording import counted


def problem_lines(problem: Problem) -> Text:
    """A problem as the list shows it: the file and line, what is wrong, and where the file is.

    Shown as Text, never as markup: file names and messages are shown as written.
    """
    path = Path(problem.path)
    text = Text()
    text.append(printable(path.name), style="bold")
    if problem.line:
        text.append(f", line {problem.line}", style="bold")
    text.append(" · left out of the index" if problem.skipped else " · indexed anyway")
    text.append(f"\n{printable(problem.message)}")
    text.append(f"\n{printable(shown_path(path))}", style="dim")
    return text


class ProblemsScreen(AssistantScreen):
    """Every problem found in the knowledge files, with file and line."""

    ACTION = "problems"

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="problems-summary")
        yield OptionList(id="problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Problems"
        problems = self.app_instance.all_problems()
        listing = self.query_one(OptionList)
        listing.add_options([Option(problem_lines(problem)) for problem in problems])
        self.query_one("#problems-summary", Label).update(
            plain(
                f"{counted(len(problems), 'problem')}. Fix the file, then re-index (ctrl+r)."
                if problems
                else "No problems: every knowledge file was read."
            )
        )
        if problems:
            listing.highlighted = 0
        listing.focus()
