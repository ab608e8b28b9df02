"""The evidence list of the Training screen: every row ticked "[✓]" or not "[ ]", in words too."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

TICKED = "[✓] "
UNTICKED = "[ ] "


class EvidenceList(OptionList):
    """Rows of evidence, each shown whole, ticked or not; space (or Enter, or a click) ticks.

    A tick is drawn as a mark, not only as a colour, so it reads the same on any terminal.
    """

    BINDINGS = [Binding("space", "tick", "Tick / untick", show=False)]

    class Changed(Message):
        """The ticks changed."""

        def __init__(self, evidence: EvidenceList) -> None:
            super().__init__()
            self.evidence = evidence

        @property
        def control(self) -> EvidenceList:
            return self.evidence

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.labels: list[Text] = []
        self.ticked: set[int] = set()

    def show(self, labels: list[Text], ticked: set[int]) -> None:
        """Replace the rows (no Changed message: nothing was ticked by anyone)."""
        self.labels = list(labels)
        self.ticked = set(ticked)
        self.clear_options()
        self.add_options([Option(self._prompt(n), id=str(n)) for n in range(len(labels))])
        if labels:
            self.highlighted = 0

    def _prompt(self, number: int) -> Table:
        # The mark in a column of its own: the row's lines wrap under its first word.
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        mark = TICKED if number in self.ticked else UNTICKED
        grid.add_row(Text(mark.strip(), style="bold"), self.labels[number])
        return grid

    def toggle(self, number: int) -> None:
        """Tick a row, or untick it."""
        self.ticked ^= {number}
        self.replace_option_prompt_at_index(number, self._prompt(number))
        self.post_message(self.Changed(self))

    def on_focus(self) -> None:
        # Arriving by Tab, space should tick the first row straight away.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def action_tick(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)
