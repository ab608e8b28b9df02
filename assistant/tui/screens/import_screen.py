"""The Import screen: a file or folder in, read in a worker with progress, the summary out."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Header,
    Input,
    Label,
    Log,
    ProgressBar,
)

from assistant.corpus.importing import COLUMNS, ImportResult, import_paths
from assistant.terminal import printable
from assistant.tui.plain import plain, shown_path
from assistant.tui.screens.base import AssistantScreen
from assistant.tui.widgets.fields import MarkedCheckbox
from assistant.tui.widgets.footer import KeysFooter


class ImportScreen(AssistantScreen):
    """Import a PDF, Word file, web page or text file, or a folder of them."""

    ACTION = "import_documents"

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    DEFAULT_CSS = """
    ImportScreen #import-form { height: auto; padding: 0 1; }
    ImportScreen #import-path { width: 1fr; }
    ImportScreen #import-progress { padding: 0 1; }
    ImportScreen #import-results { height: 1fr; }
    ImportScreen #import-log { height: 8; border-top: solid $primary; }
    """

    class Progressed(Message):
        """One more file read."""

        def __init__(self, done: int, total: int, name: str) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.name = name

    class Finished(Message):
        """Every file read: the results, one a file."""

        def __init__(self, results: list[ImportResult], dry_run: bool) -> None:
            super().__init__()
            self.results = results
            self.dry_run = dry_run

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self._initial = path

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="import-form"):
            yield Input(
                self._initial,
                placeholder="A .pdf, .docx, .html or .txt file, or a folder of them",
                id="import-path",
            )
            yield MarkedCheckbox("Dry run", id="import-dry-run")
            yield Button("Import", id="import-start", variant="primary")
        yield Label("", id="import-status")
        yield ProgressBar(id="import-progress", show_eta=False)
        yield DataTable(id="import-results", cursor_type="row", zebra_stripes=True)
        yield Log(id="import-log")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Import"
        destination = self.app_instance.assistant.settings.user_knowledge_dir
        self.query_one("#import-status", Label).update(
            plain(
                f"Documents are written to {shown_path(destination)}; a document already there "
                "is kept as a version and what changed is listed."
            )
        )
        table = self.query_one(DataTable)
        table.add_columns(*(column.capitalize() for column in COLUMNS))
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-start")
    def start(self) -> None:
        """Read the path typed and import it in a worker."""
        text = self.query_one("#import-path", Input).value.strip().strip("'\"")
        if not text:
            self.notify("Type the path of a file or folder to import.", severity="warning")
            return
        path = Path(text).expanduser()
        if not path.exists():
            self.notify(f"There is no file or folder {path}.", severity="error")
            return
        dry_run = self.query_one("#import-dry-run", Checkbox).value
        self.query_one(DataTable).clear()
        self.query_one(Log).clear()
        self.query_one("#import-start", Button).disabled = True
        self.query_one("#import-status", Label).update(plain(f"Reading {path}…"))
        self.run_import(path, dry_run)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self, path: Path, dry_run: bool) -> None:
        """Import in a thread; progress and the results come back as messages."""
        assistant = self.app_instance.assistant

        def progress(done: int, total: int, current: Path) -> None:
            self.post_message(self.Progressed(done, total, current.name))

        try:
            results = import_paths(
                [path],
                assistant.settings.user_knowledge_dir,
                topic_finder=assistant.glossary.topics_in,
                dry_run=dry_run,
                progress=progress,
            )
        except OSError as error:  # the knowledge folder cannot be written, say
            self.app.call_from_thread(
                self.notify, f"Could not import: {error}", severity="error", timeout=10
            )
            results = []
        self.post_message(self.Finished(results, dry_run))

    def on_import_screen_progressed(self, message: Progressed) -> None:
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=message.done)
        if message.done < message.total:
            self.query_one("#import-status", Label).update(
                plain(f"Reading {message.done + 1} of {message.total}: {message.name}")
            )

    def on_import_screen_finished(self, message: Finished) -> None:
        results = message.results
        table = self.query_one(DataTable)
        for result in results:
            row = result.row()
            # Cells as Text: names and titles from the files are shown as written.
            table.add_row(*(plain(str(row[column])) for column in COLUMNS))
        log = self.query_one(Log)
        for result in results:
            log.write_lines([printable(line) for line in result.lines()])
        failed = sum(1 for result in results if result.failed)
        written = [r for r in results if r.status in ("imported", "updated", "replaced")]
        verb = "would be imported" if message.dry_run else "imported or updated"
        reindex = bool(written) and not message.dry_run
        self.query_one("#import-status", Label).update(
            plain(
                f"{len(written)} {verb}, {failed} not imported"
                + (" (see below)" if failed else "")
                + ("; the index is being updated." if reindex else ".")
            )
        )
        self.query_one("#import-start", Button).disabled = False
        if reindex:
            self.app_instance.index(rebuild=False)
        table.focus()
