"""The Training screen: gather evidence for a theme, choose it, shape the session, export."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection
from textual.worker import get_current_worker

from assistant.publishing.rendered import RenderError
from assistant.terminal import printable
from assistant.training.evidence import ROLE_TITLES, Evidence, EvidenceItem, gather, pinned_item
from assistant.training.export import export_pack, targets_in
from assistant.training.pack import Pack, check_pack_file, default_choice, draft_pack, save_pack
from assistant.training.render import render_pack
from assistant.tui.plain import plain
from assistant.tui.screens.base import EditingScreen
from assistant.tui.screens.dialogs import PathScreen


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "session"


def evidence_label(item: EvidenceItem) -> Text:
    """An item as the evidence list shows it: role, quote, source and date."""
    text = Text()
    text.append(f"[{ROLE_TITLES[item.role]}] ", style="bold")
    quote = printable(item.quote)
    text.append(f"“{quote if len(quote) <= 180 else quote[:179] + '…'}”")
    text.append(f"\n  {printable(item.source.line())}", style="dim")
    return text


class TrainingScreen(EditingScreen):
    """A trainer's workbench: the evidence for a theme, ticked, and the session around it."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "add_pins", "Add pins"),
        Binding("ctrl+s", "save", "Save now"),
        Binding("f9", "export", "Export"),
    ]

    def __init__(self, theme: str = "disguised compliance") -> None:
        super().__init__()
        self.theme = theme
        self.evidence: Evidence | None = None
        self.items: list[EvidenceItem] = []
        self.pack: Pack | None = None
        self.dirty = False
        self._preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="training"):
            with VerticalScroll(id="training-form"):
                yield Label("Theme (Enter to gather the evidence)", classes="field-label")
                yield Input(self.theme, id="t-theme")
                yield Label("", id="t-status", classes="hint")
                yield Label("Evidence (space ticks; a adds your pins)", classes="field-label")
                yield SelectionList[int](id="t-evidence")
                yield Label("Title", classes="field-label")
                yield Input(id="t-title", classes="pack-field")
                yield Label("Minutes", classes="field-label")
                yield Input(id="t-minutes", restrict=r"\d{0,3}", classes="pack-field")
                yield Label("Audience", classes="field-label")
                yield Input(id="t-audience", classes="pack-field")
                yield Label("Learning outcomes (one a line)", classes="field-label")
                yield TextArea(id="t-outcomes", classes="pack-field field-text")
                yield Label("Case study", classes="field-label")
                yield TextArea(id="t-case", classes="pack-field field-text")
                yield Label("Reflective questions (one a line)", classes="field-label")
                yield TextArea(id="t-questions", classes="pack-field field-text")
                yield Label("Facilitator notes", classes="field-label")
                yield TextArea(id="t-notes", classes="pack-field field-text")
            with VerticalScroll(id="training-preview"):
                yield Static("", id="t-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Training session"
        self.gather_evidence(self.theme)

    @property
    def path(self) -> Path:
        """Where this theme's pack is kept."""
        return self.app_instance.assistant.settings.data_dir / "packs" / f"{_slug(self.theme)}.yaml"

    # -- gathering -------------------------------------------------------------------------

    @on(Input.Submitted, "#t-theme")
    def _theme(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.autosave()
            self.gather_evidence(event.value.strip())

    @work(thread=True, exclusive=True, group="gather", exit_on_error=False)
    def gather_evidence(self, theme: str) -> None:
        """Gather in a thread; the list is filled when it is done."""
        evidence = gather(self.app_instance.assistant, theme)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_evidence, theme, evidence)

    def _show_evidence(self, theme: str, evidence: Evidence) -> None:
        self.theme = theme
        self.evidence = evidence
        self.items = list(evidence.items)
        saved = check_pack_file(self.path).pack if self.path.exists() else None
        chosen_ids = (
            {choice.id for choice in saved.evidence}
            if saved
            else {item.hit.pid for item in default_choice(evidence)}
        )
        listing = self.query_one("#t-evidence", SelectionList)
        listing.clear_options()
        listing.add_options(
            [
                Selection(evidence_label(item), number, item.hit.pid in chosen_ids)
                for number, item in enumerate(self.items)
            ]
        )
        status = (
            f"{len(self.items)} passages bear on “{theme}”"
            if self.items
            else f"Nothing in the knowledge base names or describes “{theme}”."
        )
        self.query_one("#t-status", Label).update(plain(status))
        pack = saved or draft_pack(
            evidence, chosen=[i for i in self.items if i.hit.pid in chosen_ids]
        )
        self._fill(pack)
        self.dirty = saved is None and bool(self.items)
        self.refresh_preview()

    def _fill(self, pack: Pack) -> None:
        self.query_one("#t-title", Input).value = pack.title
        self.query_one("#t-minutes", Input).value = str(pack.minutes)
        self.query_one("#t-audience", Input).value = pack.audience
        self.query_one("#t-outcomes", TextArea).text = "\n".join(pack.learning_outcomes)
        self.query_one("#t-case", TextArea).text = pack.case_study
        self.query_one("#t-questions", TextArea).text = "\n".join(pack.reflective_questions)
        self.query_one("#t-notes", TextArea).text = pack.facilitator_notes

    def action_add_pins(self) -> None:
        """Put the passages pinned from answers into the evidence, ticked."""
        listing = self.query_one("#t-evidence", SelectionList)
        known = {item.hit.pid for item in self.items}
        added = 0
        for pin in self.app_instance.pins.pins:
            if pin.pid in known:
                listing.select(next(n for n, i in enumerate(self.items) if i.hit.pid == pin.pid))
                continue
            item = pinned_item(pin, self.app_instance.assistant.settings.stale_after_years)
            self.items.append(item)
            listing.add_option(Selection(evidence_label(item), len(self.items) - 1, True))
            added += 1
        self.notify(f"Added {added} pinned passage(s)." if added else "No new pins to add.")
        self._changed()

    # -- the pack ------------------------------------------------------------------------------

    def current_pack(self) -> Pack | None:
        """The pack as the screen stands: ticked evidence, edited fields, timings redone."""
        if self.evidence is None:
            return None
        ticked = self.query_one("#t-evidence", SelectionList).selected
        chosen = [self.items[n] for n in sorted(ticked)]
        minutes_text = self.query_one("#t-minutes", Input).value
        minutes = int(minutes_text) if minutes_text.isdigit() and int(minutes_text) >= 10 else 90
        pack = draft_pack(self.evidence, minutes, chosen=chosen)
        pack.title = self.query_one("#t-title", Input).value.strip() or pack.title
        pack.audience = self.query_one("#t-audience", Input).value.strip()

        def lines(ident: str) -> list[str]:
            text = self.query_one(ident, TextArea).text
            return [line.strip() for line in text.splitlines() if line.strip()]

        pack.learning_outcomes = lines("#t-outcomes")
        pack.reflective_questions = lines("#t-questions")
        pack.case_study = self.query_one("#t-case", TextArea).text.strip()
        pack.facilitator_notes = self.query_one("#t-notes", TextArea).text.strip()
        return pack

    @on(Input.Changed, ".pack-field")
    @on(TextArea.Changed, ".pack-field")
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        self.dirty = True
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(0.4, self.refresh_preview)

    def refresh_preview(self) -> None:
        """Redraw the facilitator plan beside the form."""
        self.pack = self.current_pack()
        preview = self.query_one("#t-preview", Static)
        if self.pack is None:
            preview.update("Gathering the evidence…")
            return
        try:
            rendered, warnings = render_pack(self.pack, "plan.md", self.app_instance.assistant)
        except RenderError as error:
            preview.update(f"The plan cannot be drawn: {error}")
            return
        note = "\n\n".join(f"_{warning}_" for warning in warnings)
        preview.update(RichMarkdown(str(rendered.content) + ("\n\n" + note if note else "")))

    def save_now(self) -> bool:
        """Write the pack file atomically."""
        pack = self.current_pack()
        if pack is None:
            return False
        try:
            save_pack(self.path, pack)
        except OSError as error:
            self.notify(f"Could not save {self.path}: {error}", severity="error")
            return False
        self.dirty = False
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        self.query_one("#t-status", Label).update(plain(f"Saved {self.path} at {stamp}"))
        return True

    def action_export(self) -> None:
        self.autosave()
        folder = self.path.parent / "exports"

        def chosen(target: Path | None) -> None:
            if target is not None:
                self.export_to(target)

        self.app.push_screen(
            PathScreen("Write the plan, handout and slides into the folder:", folder), chosen
        )

    def export_to(self, folder: Path) -> list[Path]:
        """Render every output of the pack into ``folder`` (the user's templates first)."""
        pack = self.current_pack()
        if pack is None:
            return []
        targets = targets_in(folder, _slug(self.theme))
        try:
            written, _warnings = export_pack(pack, self.app_instance.assistant, targets)
        except (RenderError, OSError) as error:
            self.notify(str(error), title="Not exported", severity="error")
            return []
        self.notify(f"Wrote {len(written)} files to {folder}.")
        return written
