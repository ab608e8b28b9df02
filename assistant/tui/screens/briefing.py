"""The Briefing screen: a findings form with a live preview, checks beside the fields, autosave."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.markdown import Markdown as RichMarkdown
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, Static, Switch, TextArea

from assistant.briefing.findings import (
    CheckReport,
    findings_values,
    findings_yaml,
    read_findings,
    save_findings,
    starter,
)
from assistant.briefing.render import render
from assistant.publishing.rendered import PrivacyBlocked, RenderError
from assistant.tui.plain import plain
from assistant.tui.screens.base import EditingScreen
from assistant.tui.screens.dialogs import PathScreen, RenderChoice, RenderScreen

# The form: field, label, widget ("line", "text", "list", or "rows" with its columns).
SINGLE = [
    ("title", "Title", "line"),
    ("partnership", "Partnership", "line"),
    ("published", "Published (YYYY-MM)", "line"),
    ("audience", "Audience", "line"),
    ("source", "Source (audit, rapid review…)", "line"),
    ("audit.method", "Audit method", "line"),
    ("audit.sample", "Audit sample", "line"),
    ("audit.period", "Audit period", "line"),
]
HEADED = [
    ("background", "1 Background", "text"),
    ("why_it_matters", "2 Why it matters", "text"),
    ("working_well", "3 What worked well (one a line)", "list"),
    ("to_improve", "4 What needs to improve (one a line)", "list"),
    ("key_learning", "5 Key learning (one a line)", "list"),
    ("actions", "6 What to do: action | owner | by (YYYY-MM)", "rows:action,owner,by"),
    ("reflection_questions", "7 Questions for reflection (one a line)", "list"),
    ("resources", "7 Resources: title | link", "rows:title,link"),
]
ACKNOWLEDGED = (
    "acknowledged",
    "Allowed after the privacy check: text | reason",
    "rows:text,reason",
)


def _rows(text: str, columns: list[str]) -> list[dict[str, str]]:
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        rows.append({key: value for key, value in zip(columns, cells, strict=False) if value})
    return rows


def _message_key(field: str) -> str:
    """The form field a message belongs beside: "points[3]" → "points-3", "audit.method" →
    "audit-method", "working_well[2]" → "working_well"."""
    base, _, rest = field.partition("[")
    if base == "points" and rest:
        return f"points-{rest.rstrip(']')}"
    return (base or "title").replace(".", "-")


def _lines(rows: list[dict[str, Any]], columns: list[str]) -> str:
    return "\n".join(" | ".join(str(row.get(c, "")) for c in columns).rstrip(" |") for row in rows)


class BriefingScreen(EditingScreen):
    """Enter what an audit found; see the briefing as it will read; render it."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save now"),
        Binding("f9", "render", "Render"),
        Binding("ctrl+o", "open", "Open"),
        Binding("ctrl+n", "new", "New"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.findings_path = path
        self.dirty = False
        self.report: CheckReport | None = None
        self._preview_timer: Timer | None = None

    @property
    def path(self) -> Path:
        """The findings file being edited."""
        return self.findings_path

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="briefing"):
            with VerticalScroll(id="briefing-form"):
                yield Label("", id="briefing-file")
                for name, label, _kind in SINGLE:
                    yield from self._field(name, label, "line")
                with Horizontal(classes="switch-row"):
                    yield Switch(id="free-text")
                    yield Label("Write the seven points in full instead")
                with Vertical(id="headed"):
                    for name, label, kind in HEADED:
                        yield from self._field(name, label, kind)
                with Vertical(id="points", classes="hidden"):
                    for number in range(1, 8):
                        yield from self._field(f"points.{number}", f"Point {number}", "text")
                yield from self._field(*ACKNOWLEDGED)
            with VerticalScroll(id="briefing-preview"):
                yield Label("", id="briefing-summary")
                yield Static("", id="preview")
        yield Footer()

    def _field(self, name: str, label: str, kind: str) -> ComposeResult:
        ident = name.replace(".", "-")
        yield Label(label, classes="field-label")
        if kind == "line":
            yield Input(id=f"f-{ident}", classes="field")
        else:
            yield TextArea(id=f"f-{ident}", classes="field field-text", soft_wrap=True)
        yield Label("", id=f"m-{ident}", classes="field-message")

    def on_mount(self) -> None:
        self.sub_title = "7 minute briefing"
        self.load(self.path)

    # -- loading and saving ---------------------------------------------------------------

    def load(self, path: Path) -> None:
        """Fill the form from a findings file (a new file starts from the commented starter)."""
        self.findings_path = path
        if path.exists():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                self.notify(f"{path} cannot be read: {error}", severity="error")
                return
        else:
            text = starter(path.name, self.app_instance.assistant.settings.partnership.name)
        report = read_findings(text)
        if report.findings is None:
            problems = "; ".join(str(p) for p in report.problems[:3])
            self.notify(
                f"{path.name} has problems ({problems}); fix them in the file first, or start "
                "a new one (ctrl+n).",
                title="Cannot open the findings",
                severity="error",
                timeout=12,
            )
            return
        self._fill(findings_values(report.findings))
        self.dirty = not path.exists()
        self.query_one("#briefing-file", Label).update(plain(f"Findings file: {path}"))
        self.refresh_preview()

    def _fill(self, values: dict[str, Any]) -> None:
        for name, _label, kind in [*SINGLE, *HEADED, ACKNOWLEDGED]:
            if name.startswith("audit."):
                value: Any = values.get("audit", {}).get(name.split(".")[1], "")
            else:
                value = values.get(name, "")
            widget = self.query_one(f"#f-{name.replace('.', '-')}")
            if kind == "line":
                assert isinstance(widget, Input)
                widget.value = str(value)
            elif kind == "list":
                assert isinstance(widget, TextArea)
                widget.text = "\n".join(value)
            elif kind.startswith("rows:"):
                assert isinstance(widget, TextArea)
                widget.text = _lines(value or [], kind[5:].split(","))
            else:
                assert isinstance(widget, TextArea)
                widget.text = str(value)
        points = values.get("points", [])
        for number in range(1, 8):
            area = self.query_one(f"#f-points-{number}", TextArea)
            area.text = points[number - 1] if number <= len(points) else ""
        self.query_one("#free-text", Switch).value = bool(points)

    def values(self) -> dict[str, Any]:
        """What the form holds, as findings values."""
        values: dict[str, Any] = {}
        audit: dict[str, str] = {}
        free = self.query_one("#free-text", Switch).value
        for name, _label, kind in [*SINGLE, *HEADED, ACKNOWLEDGED]:
            if free and (name, _label, kind) in HEADED:
                continue
            widget = self.query_one(f"#f-{name.replace('.', '-')}")
            text = widget.value if isinstance(widget, Input) else widget.text  # type: ignore[attr-defined]
            text = str(text).strip()
            if not text:
                continue
            if name.startswith("audit."):
                audit[name.split(".")[1]] = text
            elif kind == "list":
                values[name] = [line.strip() for line in text.splitlines() if line.strip()]
            elif kind.startswith("rows:"):
                values[name] = _rows(text, kind[5:].split(","))
            else:
                values[name] = text
        if audit:
            values["audit"] = audit
        if free:
            values["points"] = [
                self.query_one(f"#f-points-{n}", TextArea).text.strip() for n in range(1, 8)
            ]
        return values

    def save_now(self) -> bool:
        """Write the form to the findings file (atomically); False when that failed."""
        try:
            save_findings(self.path, findings_yaml(self.values()))
        except OSError as error:
            self.notify(f"Could not save {self.path}: {error}", severity="error")
            return False
        self.dirty = False
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        self.query_one("#briefing-file", Label).update(
            plain(f"Findings file: {self.path} · saved {stamp}")
        )
        return True

    # -- keeping the preview and the messages up to date ---------------------------------

    @on(Input.Changed, ".field")
    @on(TextArea.Changed, ".field")
    def _changed(self) -> None:
        self.dirty = True
        if self._preview_timer is not None:
            self._preview_timer.stop()
        # Wait for a pause in typing before redrawing the preview.
        self._preview_timer = self.set_timer(0.3, self.refresh_preview)

    @on(Switch.Changed, "#free-text")
    def _form_changed(self, event: Switch.Changed) -> None:
        self.query_one("#headed").set_class(event.value, "hidden")
        self.query_one("#points").set_class(not event.value, "hidden")
        self._changed()

    def refresh_preview(self) -> None:
        """Check the form, show the messages beside their fields, and redraw the preview."""
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
        for key, label in labels.items():
            assert isinstance(label, Label)
            text = "\n".join(messages.get(key, []))
            label.update(text)
            label.set_class(not text, "hidden")
        summary = self.query_one("#briefing-summary", Label)
        preview = self.query_one("#preview", Static)
        if self.report.findings is None:
            summary.update(f"{len(self.report.problems)} problem(s) to fix before a preview")
            preview.update("")
            return
        findings = self.report.findings
        summary.update(
            f"{findings.words} words · about {findings.minutes:.1f} minutes to read aloud · "
            f"{len(self.report.unacknowledged)} privacy finding(s) to resolve"
        )
        markdown = render(self.report, "md", self.app_instance.assistant.settings).content
        preview.update(RichMarkdown(str(markdown)))

    # -- actions ------------------------------------------------------------------------

    def action_render(self) -> None:
        self.autosave()

        def chosen(choice: RenderChoice | None) -> None:
            if choice is not None:
                self.render_to(choice)

        self.app.push_screen(RenderScreen(self.path), chosen)

    def render_to(self, choice: RenderChoice) -> bool:
        """Render the briefing to a file; a notice says where, or why not."""
        self.refresh_preview()
        assert self.report is not None
        try:
            rendered = render(
                self.report,
                choice.format,
                self.app_instance.assistant.settings,
                allow_identifying=choice.allow_identifying,
            )
            rendered.write(choice.path, inputs=[self.path])
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

        self.app.push_screen(PathScreen("Open the findings file:", self.path), chosen)

    def action_new(self) -> None:
        suggested = self.path.with_name("new-findings.yaml")

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists():
                self.notify(f"{path} already exists: open it with ctrl+o.", severity="warning")
                return
            self.autosave()
            self.load(path)
            self.save_now()

        self.app.push_screen(PathScreen("Start a new findings file at:", suggested), chosen)
