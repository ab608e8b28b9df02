"""The help screen: what the assistant does and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from assistant.corpus.markdown import make_parser

HELP = """\
# Briefing Assistant

Ask a question in your own words (acronyms and typos are fine). Every sentence of an answer is
quoted from a source and marked [n]; the sources are listed under it with their organisation,
kind and date. Sources older than the age set in the configuration (five years unless
changed) are flagged.

Type filters into a question (`kind:procedure`, `org:"north yorkshire"`, `since:2020`) or set
them in the filter panel (ctrl+f). A question starting "and…" or "what about…" is read with the
one before it.

## Keys

| Key | Does |
|---|---|
{rows}

Every action is also in the command palette (ctrl+p). The mouse works too: click a source to
read it, click a starter question to ask it.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and a short guide."""

    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        rows = "\n".join(f"| {key} | {description} |" for key, description in self.keys)
        with VerticalScroll(id="help"):
            yield Markdown(HELP.format(rows=rows), parser_factory=make_parser)
