"""The library: every indexed document, grouped by kind and organisation, with its date."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Tree

from assistant.corpus.documents import KINDS
from assistant.corpus.sources import UNDATED, month_text
from assistant.search.model import DocumentInfo
from assistant.terminal import printable
from assistant.tui.screens.base import AssistantScreen
from assistant.tui.widgets.footer import KeysFooter


class LibraryScreen(AssistantScreen):
    """Browse the knowledge base and open a document."""

    ACTION = "library"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("i", "app.import_documents", "Import"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tree[DocumentInfo | None]("Knowledge base", id="library")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Library"
        self.refresh_documents()

    def refresh_documents(self) -> None:
        """Fill the tree from the index's list of documents."""
        tree = self.query_one(Tree)
        tree.clear()
        groups: dict[str, dict[str, list[DocumentInfo]]] = defaultdict(lambda: defaultdict(list))
        for document in self.app_instance.assistant.documents():
            organisation = printable(document.organisation).strip() or "Organisation not stated"
            groups[document.kind][organisation].append(document)
        for kind in sorted(groups, key=lambda k: KINDS.index(k) if k in KINDS else 99):
            label = Text(f"{printable(kind).capitalize()} ({_count(groups[kind])})")
            kind_node = tree.root.add(label, expand=True)
            for organisation in sorted(groups[kind]):
                # Labels as Text, never markup: a name with "[/]" in it is shown as written.
                org_node = kind_node.add(Text(organisation), expand=True)
                for document in sorted(
                    groups[kind][organisation], key=lambda d: d.published, reverse=True
                ):
                    date = month_text(document.published) if document.published else UNDATED
                    # The date first: at 80 columns a long title is cut, its date never is.
                    title = printable(document.title).strip()
                    org_node.add_leaf(Text(f"{date} · {title}"), data=document)
        tree.root.expand()
        tree.focus()

    def on_tree_node_selected(self, event: Tree.NodeSelected[DocumentInfo | None]) -> None:
        document = event.node.data
        if document is not None:
            self.app_instance.open_document(Path(document.path), title=document.title)


def _count(organisations: dict[str, list[DocumentInfo]]) -> int:
    return sum(len(documents) for documents in organisations.values())
