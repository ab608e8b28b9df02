"""The Briefing screen: a findings form with a live preview, checks beside the fields, autosave."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Header, Input, Label, Static, Switch, TextArea

from assistant.briefing.findings import (
    CheckReport,
    FindingsError,
    check_file,
    findings_values,
    findings_yaml,
    read_findings,
    reading_time,
    save_findings,
    starter,
)
from assistant.briefing.render import render
from assistant.publishing.rendered import PrivacyBlocked, RenderError
from assistant.terminal import printable
from assistant.tui.plain import markdown, plain, shown_path
from assistant.tui.screens.base import EditingScreen
from assistant.tui.screens.dialogs import PathScreen, RenderChoice, RenderScreen
from assistant.tui.widgets.fields import FieldInput, FieldText
from assistant.tui.widgets.footer import KeysFooter
from assistant.wording import counted

NARROW = 100
"""Below this many columns the preview takes the form's place (ctrl+g) instead of sitting beside
it."""


@dataclass(frozen=True)
class Field:
    """A field of the form: its name in the findings file, its label, and how it is edited
    ("line", "text", "list", or "rows:" with the columns of a row)."""

    name: str
    label: str
    kind: str

    @property
    def ident(self) -> str:
        """The widget's id."""
        return "f-" + self.name.replace(".", "-")

    @property
    def short_label(self) -> str:
        """The label without its explanation: "6 What to do"."""
        return re.split(r"[,(:]", self.label)[0].strip()

    @property
    def columns(self) -> list[str]:
        """The columns of a "rows:" field."""
        return self.kind[5:].split(",")


SINGLE = [
    Field("title", "Title", "line"),
    Field("partnership", "Partnership", "line"),
    Field("published", "Published (YYYY-MM)", "line"),
    Field("audience", "Audience", "line"),
    Field("source", "Source (audit, rapid review…)", "line"),
    Field("audit.method", "Audit method", "line"),
    Field("audit.sample", "Audit sample", "line"),
    Field("audit.period", "Audit period", "line"),
]
HEADED = [
    Field("background", "1 Background", "text"),
    Field("why_it_matters", "2 Why it matters", "text"),
    Field("working_well", "3 What worked well (one a line)", "list"),
    Field("to_improve", "4 What needs to improve (one a line)", "list"),
    Field("key_learning", "5 Key learning (one a line)", "list"),
    Field(
        "actions",
        "6 What to do, one a line: action | owner | by (YYYY-MM); \\| for a bar in the text",
        "rows:action,owner,by",
    ),
    Field("reflection_questions", "7 Questions for reflection (one a line)", "list"),
    Field("resources", "7 Resources, one a line: title | link", "rows:title,link"),
]
POINTS = [Field(f"points.{n}", f"Point {n}", "text") for n in range(1, 8)]
ACKNOWLEDGED = Field(
    "acknowledged", "Allowed after the privacy check, one a line: text | reason", "rows:text,reason"
)
FIELDS = [*SINGLE, *HEADED, *POINTS, ACKNOWLEDGED]

_BAR = re.compile(r"(?<!\\)\|")


def rows_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Rows as the form shows them: one a line, cells between " | ", a bar inside a cell as
    "\\|" so that it stays inside its cell."""
    lines = []
    for row in rows:
        cells = [" ".join(str(row.get(column) or "").split()) for column in columns]
        while cells and not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cell.replace("|", "\\|") for cell in cells))
    return "\n".join(lines)


def text_rows(text: str, columns: list[str]) -> list[dict[str, str]]:
    """Rows typed in the form (the inverse of ``rows_text``)."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = [cell.replace("\\|", "|").strip() for cell in _BAR.split(line)]
        rows.append({key: value for key, value in zip(columns, cells, strict=False) if value})
    return rows


def _message_key(field: str) -> str:
    """The form field a message belongs beside: "points[3]" → "points-3", "audit.method" →
    "audit-method", "working_well[2]" → "working_well"."""
    base, _, rest = field.partition("[")
    if base == "points" and rest:
        return f"points-{rest.rstrip(']')}"
    return (base or "title").replace(".", "-")


def _loaded_value(values: dict[str, Any], name: str) -> Any:
    """A field's value in findings values ("audit.method" inside "audit", "points.3" inside
    "points"), or None."""
    head, _, tail = name.partition(".")
    value = values.get(head)
    if not tail:
        return value
    if head == "points":
        number = int(tail)
        return value[number - 1] if isinstance(value, list) and number <= len(value) else None
    return value.get(tail) if isinstance(value, dict) else None


def _shown(field: Field, value: Any) -> str:
    """A value as its field shows it, sanitised for the terminal."""
    if value is None:
        return ""
    if field.kind == "list":
        text = "\n".join(str(item) for item in value)
    elif field.kind.startswith("rows:"):
        text = rows_text(value, field.columns)
    else:
        text = str(value)
    return printable(text)


def _typed(field: Field, text: str) -> Any:
    """What is typed in a field as a findings value, or None when it is empty."""
    text = text.strip()
    if not text:
        return None
    if field.kind == "list":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if field.kind.startswith("rows:"):
        return text_rows(text, field.columns) or None
    return text


class BriefingScreen(EditingScreen):
    """Enter what an audit found; see the briefing as it will read; render it."""

    ACTION = "briefing"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
        Binding("f9", "render", "Render"),
        Binding("ctrl+g", "toggle_preview", "Preview"),
        Binding("ctrl+o", "open", "Open"),
        Binding("ctrl+n", "new", "New"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.requested = path
        """The file asked for when the screen was opened."""
        self.findings_path: Path | None = None
        """The file being edited: only ever one that was read without a problem."""
        self.loaded: dict[str, Any] = {}
        """The findings as read (or as last written)."""
        self.shown: dict[str, str] = {}
        """Each field's text as the form was filled, to tell what the user changed."""
        self.loaded_free_text = False
        self.on_disk = False
        """Whether the file exists (a new file from the starter does not, until saved)."""
        self.first_save = True
        self.report: CheckReport | None = None
        self._preview_timer: Timer | None = None
        self._saved_at = ""

    @property
    def path(self) -> Path | None:
        """The findings file being edited."""
        return self.findings_path

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="briefing"):
            with VerticalScroll(id="briefing-form", classes="form-pane"):
                for field in SINGLE:
                    yield from self._field(field)
                with Horizontal(classes="switch-row"):
                    yield Switch(id="free-text")
                    yield Label("Write the seven points in full instead")
                with Vertical(id="headed", classes="point-fields"):
                    for field in HEADED:
                        yield from self._field(field)
                with Vertical(id="points", classes="point-fields hidden"):
                    for field in POINTS:
                        yield from self._field(field)
                yield from self._field(ACKNOWLEDGED)
            with VerticalScroll(id="briefing-preview", classes="preview-pane"):
                yield Static("", id="preview")
        with Vertical(id="briefing-bar", classes="status-bar"):
            yield Label("", id="briefing-file")
            yield Label("", id="briefing-summary")
        yield KeysFooter()

    def _field(self, field: Field) -> ComposeResult:
        yield Label(field.label, classes="field-label", markup=False)
        if field.kind == "line":
            yield FieldInput(id=field.ident, classes="field")
        else:
            yield FieldText(id=field.ident, classes="field field-text")
        yield Label("", id="m-" + field.ident[2:], classes="field-message hidden")

    def on_mount(self) -> None:
        self.sub_title = "7 minute briefing"
        self.set_class(self.app.size.width < NARROW, "-narrow")
        if not self.load(self.requested):
            self.query_one("#briefing-form").disabled = True
        self.query_one("#f-title", Input).focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- loading and saving ---------------------------------------------------------------

    def load(self, path: Path) -> bool:
        """Fill the form from a findings file (a new file starts from the commented starter).

        A file that cannot be read, or has problems, is not opened: the form keeps the file it
        had (or none), and so it is never written over.
        """
        exists = path.exists()
        if exists:
            try:
                # The one careful read (regular files only, a size limit, UTF-16 with its mark).
                report = check_file(path)
            except FindingsError as error:
                self._refuse(path, f"it cannot be read ({error.issue})")
                return False
        else:
            report = read_findings(
                starter(path.name, self.app_instance.assistant.settings.partnership.name)
            )
        if report.findings is None:
            problems = "; ".join(str(p) for p in report.problems[:3])
            self._refuse(path, problems)
            return False
        self.findings_path = path
        self.on_disk = exists
        self.first_save = True
        self._saved_at = ""
        self.loaded = findings_values(report.findings)
        self.loaded_free_text = report.findings.free_text
        self._fill()
        self.query_one("#briefing-form").disabled = False
        self.show_file()
        self.refresh_preview()
        return True

    def _refuse(self, path: Path, why: str) -> None:
        """Say that a file was not opened, and why, where it stays in view."""
        self.notify(
            f"{path.name} was not opened: {why}. Fix it in a text editor and open it again "
            "(ctrl+o), or start a new file (ctrl+n).",
            title="Cannot open the findings",
            severity="error",
            timeout=15,
        )
        if self.findings_path is None:
            self.query_one("#briefing-file", Label).update(
                plain(
                    f"Not opened: {path}: {why}. ctrl+o opens a findings file, ctrl+n starts one."
                )
            )

    def _fill(self) -> None:
        self.shown = {}
        for field in FIELDS:
            text = _shown(field, _loaded_value(self.loaded, field.name))
            self.shown[field.name] = text
            widget = self.query_one(f"#{field.ident}")
            if isinstance(widget, Input):
                widget.value = text
                widget.cursor_position = 0  # the start of a long title, not its end
            else:
                assert isinstance(widget, TextArea)
                widget.text = text
        self.query_one("#free-text", Switch).value = self.loaded_free_text
        self._show_points(self.loaded_free_text)

    def _text_of(self, field: Field) -> str:
        widget = self.query_one(f"#{field.ident}")
        return widget.value if isinstance(widget, Input) else widget.text  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """What the form holds, as findings values: each field as the file had it unless the
        user changed it."""
        free = self.query_one("#free-text", Switch).value
        values: dict[str, Any] = {}
        audit: dict[str, Any] = {}
        points: list[str] = []
        for field in [*SINGLE, *(POINTS if free else HEADED), ACKNOWLEDGED]:
            text = self._text_of(field)
            if text == self.shown.get(field.name):
                value = _loaded_value(self.loaded, field.name)
            else:
                value = _typed(field, text)
            head, _, tail = field.name.partition(".")
            if head == "points":
                points.append(str(value or ""))
            elif tail:
                if value:
                    audit[tail] = value
            elif value:
                values[head] = value
        if audit:
            values["audit"] = audit
        if free:
            values["points"] = points
        return values

    def has_changes(self) -> bool:
        # A new file is the starter until something is typed: saving it untouched would make
        # a file nobody asked for (ctrl+n saves one at once, on purpose).
        return self.values() != self.loaded

    def write(self) -> None:
        assert self.findings_path is not None
        values = self.values()
        save_findings(self.findings_path, findings_yaml(values), fresh_backup=self.first_save)
        # What was written is what the form now stands for; the form itself is left as typed.
        self.loaded = values
        self.shown = {field.name: self._text_of(field) for field in FIELDS}
        self.loaded_free_text = self.query_one("#free-text", Switch).value
        self.on_disk = True
        self.first_save = False

    def saved(self) -> None:
        self._saved_at = dt.datetime.now().strftime("%H:%M:%S")
        self.show_file()

    def show_file(self) -> None:
        """Name the file being edited, and when it was last saved."""
        if self.findings_path is None:
            return
        state = f"saved {self._saved_at}" if self._saved_at else "as opened"
        if not self.on_disk:
            state = "a new file, saved when you type"
        path = self.findings_path
        line = f"Findings: {path.name} · {state} · in {shown_path(path.parent)}"
        self.query_one("#briefing-file", Label).update(plain(line))

    # -- keeping the preview and the messages up to date ---------------------------------

    @on(Input.Changed, ".field")
    @on(TextArea.Changed, ".field")
    def _changed(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        # Wait for a pause in typing before redrawing the preview.
        self._preview_timer = self.set_timer(0.3, self.refresh_preview)

    @on(Switch.Changed, "#free-text")
    def _form_changed(self, event: Switch.Changed) -> None:
        self._show_points(event.value)
        self._changed()

    def _show_points(self, free: bool) -> None:
        self.query_one("#headed").set_class(free, "hidden")
        self.query_one("#points").set_class(not free, "hidden")

    def refresh_preview(self) -> None:
        """Check the form, show the messages beside their fields, and redraw the preview."""
        if self.findings_path is None:
            return
        self.report = read_findings(findings_yaml(self.values()))
        messages: dict[str, list[str]] = {}
        for issue in self.report.problems:
            messages.setdefault(_message_key(issue.field), []).append(f"✗ {issue.message}")
        for issue in self.report.warnings:
            messages.setdefault(_message_key(issue.field), []).append(f"⏱ {issue.message}")
        for privacy in self.report.privacy:
            mark = "✓ allowed" if privacy.acknowledged else "⚠ could identify someone"
            key = _message_key(privacy.field)
            messages.setdefault(key, []).append(f"{mark}: {privacy.finding}")
        labels = {(label.id or "")[2:]: label for label in self.query(".field-message")}
        for key in list(messages):
            if key not in labels:  # a message for no single field goes under the title
                messages.setdefault("title", []).extend(messages.pop(key))
        focused = (self.focused.id or "")[2:] if self.focused else ""
        for key, label in labels.items():
            assert isinstance(label, Label)
            text = "\n".join(messages.get(key, []))
            label.update(plain(text))
            label.set_class(not text, "hidden")
            if text and key == focused:
                # What is wrong with the field being typed in shows beside it, not off screen.
                self.call_after_refresh(label.scroll_visible, animate=False)
        summary = self.query_one("#briefing-summary", Label)
        preview = self.query_one("#preview", Static)
        if self.report.findings is None:
            first = self.report.problems[0]
            where = next(
                (f.short_label for f in FIELDS if f.ident[2:] == _message_key(first.field)), ""
            )
            summary.update(
                plain(
                    f"{counted(len(self.report.problems), 'problem')} to fix before a preview: "
                    f"{first.message}" + (f" (under “{where}”)" if where else "")
                )
            )
            preview.update(plain("The preview comes back when the problems are fixed."))
            return
        findings = self.report.findings
        unresolved = len(self.report.unacknowledged)
        summary.update(
            plain(
                f"{counted(findings.words, 'word')} · about {reading_time(findings.words)} to "
                f"read aloud · {counted(unresolved, 'privacy finding')} to resolve"
            )
        )
        content = render(self.report, "md", self.app_instance.assistant.settings).content
        preview.update(markdown(str(content)))

    # -- actions ------------------------------------------------------------------------

    def action_toggle_preview(self) -> None:
        self.toggle_class("-swap")
        if self.has_class("-narrow") and self.has_class("-swap"):
            self.query_one("#briefing-preview").focus()
        elif not self.query_one("#briefing-form").disabled:
            self.query_one("#f-title", Input).focus()

    def action_render(self) -> None:
        if self.findings_path is None:
            self.notify("Open a findings file first (ctrl+o), or start one (ctrl+n).")
            return
        self.autosave()
        path = self.findings_path

        def chosen(choice: RenderChoice | None) -> None:
            if choice is not None:
                self.render_to(choice)

        self.app.push_screen(RenderScreen(path), chosen)

    def render_to(self, choice: RenderChoice) -> bool:
        """Render the briefing to a file; a notice says where, or why not."""
        self.refresh_preview()
        if self.report is None:
            return False
        try:
            rendered = render(
                self.report,
                choice.format,
                self.app_instance.assistant.settings,
                allow_identifying=choice.allow_identifying,
            )
            # Never written over the findings it was rendered from.
            rendered.write(choice.path, inputs=[self.path] if self.path else [])
        except (RenderError, OSError) as error:
            message = str(error)
            if isinstance(error, PrivacyBlocked):
                message += ". Or give the reason to publish anyway in the render dialog (F9)."
            self.notify(message, title="Not rendered", severity="error", timeout=15)
            return False
        self.notify(f"Wrote {choice.path}.")
        return True

    def action_open(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self.autosave()
                self.load(path)

        suggested = self.findings_path or self.requested
        self.app.push_screen(PathScreen("Open the findings file:", suggested), chosen)

    def action_new(self) -> None:
        suggested = (self.findings_path or self.requested).with_name("new-findings.yaml")

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists():
                self.notify(f"{path} already exists: open it with ctrl+o.", severity="warning")
                return
            self.autosave()
            if self.load(path):
                self.save_now()

        self.app.push_screen(PathScreen("Start a new findings file at:", suggested), chosen)
