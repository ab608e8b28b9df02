"""The filter panel: limits on what answers may cite (kind, organisation, year)."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label

from assistant.corpus.documents import KINDS
from assistant.search.model import Filters


class FilterPanel(Vertical):
    """Limits on what answers may cite: kind, organisation, year.

    Its fields are made when it is first shown: most sessions never open it, and making them
    (a drop-down list above all) is a good part of the app's start.
    """

    async def show_fields(self) -> None:
        """Make the fields, the first time the panel is shown."""
        if not self.children:
            await self.mount_all(self._fields())

    def _fields(self) -> list[Widget]:
        from textual.widgets import Select

        return [
            Label("Filters", classes="panel-title"),
            Label("Kind of document"),
            Select(
                [(kind.capitalize(), kind) for kind in KINDS if kind != "glossary"],
                prompt="Any kind",
                id="filter-kind",
            ),
            Label("Organisation (words of its name)"),
            Input(placeholder="e.g. north yorkshire", id="filter-organisation"),
            Label("Published since (year)"),
            Input(placeholder="e.g. 2020", id="filter-since", restrict=r"\d{0,4}"),
            Label('Or type kind:audit org:"…" since:2020 in a question.', classes="hint"),
        ]

    def filters(self) -> Filters:
        """The filters as set (none until the panel has been shown)."""
        if not self.children:
            return Filters()
        from textual.widgets import Select

        kind = self.query_one("#filter-kind", Select).value
        since = self.query_one("#filter-since", Input).value
        return Filters(
            kind=kind if isinstance(kind, str) else "",
            organisation=self.query_one("#filter-organisation", Input).value.strip(),
            since=int(since) if len(since) == 4 else None,
        )
