"""The document viewer: a whole knowledge file, with its contents and find-in-document."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, MarkdownViewer

from assistant.corpus.documents import KnowledgeError, read_text
from assistant.corpus.markdown import Heading, headings, make_parser
from assistant.terminal import printable
from assistant.tui.widgets.footer import KeysFooter


class DocumentScreen(Screen[None]):
    """A knowledge file in the Markdown viewer, opened at a heading."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+f,slash", "find", "Find"),
        Binding("n", "find_next(1)", "Next match"),
        Binding("N", "find_next(-1)", "Previous match", show=False),
        Binding("t", "toggle_contents", "Contents"),
    ]

    def __init__(self, path: Path, anchor: str = "", title: str = "") -> None:
        super().__init__()
        self.path = path
        self.heading_anchor = anchor
        self.document_title = title
        """The document's title (its file name when not given)."""
        self.text = ""
        self.headings: list[Heading] = []
        self.matches: list[int] = []
        self.match = -1

    def compose(self) -> ComposeResult:
        yield Header()
        # The contents list beside the text only where there is room for both.
        yield MarkdownViewer(
            show_table_of_contents=self.app.size.width >= 110,
            parser_factory=make_parser,
            open_links=False,
        )
        yield Input(placeholder="Find in this document (Enter: next match)", id="find")
        yield KeysFooter()

    async def on_mount(self) -> None:
        self.sub_title = printable(self.document_title or self.path.name)
        self.query_one("#find").display = False
        try:
            text, _data, _warnings = read_text(self.path)
        except KnowledgeError as error:
            self.notify(str(error), title="Cannot open the document", severity="error")
            self.app.pop_screen()
            return
        # What the viewer draws goes to the terminal: escape sequences out first.
        self.text = printable(text)
        self.headings = headings(make_parser().parse(self.text))
        viewer = self.query_one(MarkdownViewer)
        await viewer.document.update(self.text)
        viewer.focus()
        if self.heading_anchor:
            self.call_after_refresh(self.goto, self.heading_anchor)

    def goto(self, anchor: str) -> bool:
        """Scroll to the heading with this anchor."""
        return self.query_one(MarkdownViewer).document.goto_anchor(anchor)

    def action_back(self) -> None:
        find = self.query_one("#find", Input)
        if find.display:
            find.display = False
            self.query_one(MarkdownViewer).focus()
        else:
            self.app.pop_screen()

    def action_toggle_contents(self) -> None:
        viewer = self.query_one(MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_find(self) -> None:
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()

    @on(Input.Submitted, "#find")
    def _find(self, event: Input.Submitted) -> None:
        words = event.value.strip().lower()
        if not words:
            return
        lines = self.text.lower().splitlines()
        found = [number for number, line in enumerate(lines) if words in line]
        if found != self.matches:
            self.matches, self.match = found, -1
        self.action_find_next(1)

    def action_find_next(self, step: int) -> None:
        if not self.matches:
            self.notify("No matches in this document.", severity="warning")
            return
        self.match = (self.match + step) % len(self.matches)
        line = self.matches[self.match]
        before = [h for h in self.headings if h.line <= line]
        where = before[-1].text if before else "the start"
        if before:
            self.goto(before[-1].anchor)
        else:
            self.query_one(MarkdownViewer).scroll_home()
        self.notify(f"Match {self.match + 1} of {len(self.matches)}, under “{where}”.")
