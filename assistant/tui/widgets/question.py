"""The question box: the questions already asked come back on ↑ and ↓."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


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
        sources = self.screen.query("SourceList")
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
