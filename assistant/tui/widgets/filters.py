"""The filter panel: limits on what answers may cite (kind, organisation, year)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from assistant.corpus.documents import KINDS
from assistant.search.model import Filters


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
