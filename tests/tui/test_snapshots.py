"""Snapshots of every screen with something in it, at 80x24 and 120x40; the briefing form at
each of its seven points (update only after reading the report)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from assistant.answering.pins import Pin
from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.screens.ask import QuestionInput
from assistant.tui.screens.base import EditingScreen
from assistant.tui.widgets.evidence import EvidenceList
from tests.conftest import REPO, write_knowledge

SIZES = [(80, 24), (120, 40)]
IDS = ["80x24", "120x40"]
EXAMPLE = REPO / "examples" / "briefings" / "north-yorkshire-repeat-plans.yaml"
PIN = {
    "pid": "003_18bfe3a9f94b0d35#third-child-protection-plan",
    "doc_id": "003_18bfe3a9f94b0d35",
    "title": "Repeat Child Protection Plans",
    "kind": "procedure",
    "section": "Third Child Protection Plan",
    "anchor": "third-child-protection-plan",
    "text": "Where considering the third period (or higher) of CP planning, the decision for a "
    "further CP Plan needs to be agreed by the Head of Service.",
}


@pytest.fixture
def make_app(tui_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    # Paths on screen are shown from the home folder ("~/…"): the same in every run; and no
    # autosave happens while a slow machine takes the picture.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(EditingScreen, "AUTOSAVE_SECONDS", 3600.0)

    def make(settings: Settings = tui_settings) -> AssistantApp:
        return AssistantApp(Assistant(settings))

    return make


async def settle(pilot: Any) -> None:
    """Wait for workers, then stop every cursor blinking so every run draws the same."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause(0.5)  # previews are redrawn after a pause in typing
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()  # they say how long indexing took
    await pilot.pause()


async def ask(pilot: Any, question: str) -> None:
    await settle(pilot)
    pilot.app.query_one(QuestionInput).value = question
    await pilot.press("enter")
    await settle(pilot)


async def press(pilot: Any, *keys: str) -> None:
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_first_screen_offers_starters(snap_compare: Any, make_app: Any, size: Any) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_answer_with_sources(snap_compare: Any, make_app: Any, size: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ask(pilot, "What did audits find about disguised compliance?")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_passage_reader(snap_compare: Any, make_app: Any, size: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ask(pilot, "Who has to agree a 3rd CP plan?")
        await press(pilot, "tab", "enter")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_document_at_a_heading(snap_compare: Any, make_app: Any, size: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ask(pilot, "Who has to agree a 3rd CP plan?")
        await press(pilot, "tab", "enter")
        await press(pilot, "o")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_library(snap_compare: Any, make_app: Any, size: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await press(pilot, "f3")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_pins(snap_compare: Any, make_app: Any, size: Any) -> None:
    app = make_app()
    app.pins.add(Pin.from_citation(PIN, "who agrees a third plan?"))

    async def run_before(pilot: Any) -> None:
        await press(pilot, "f4")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_problems(snap_compare: Any, make_app: Any, size: Any, tmp_path: Path) -> None:
    folder = tmp_path / "problems"
    write_knowledge(folder, "escalation", "## Gaps\n\nGaps in services should be escalated.\n")
    (folder / "broken.md").write_text("---\ntitle: Broken\n---\n\nText\n", encoding="utf-8")
    (folder / "dates.md").write_text(
        "---\ntitle: Dates\nkind: audit\npublished: 2021-13\n---\n\nText\n", encoding="utf-8"
    )
    settings = Settings(
        knowledge_dirs=[folder],
        user_knowledge_dir=folder,
        index_dir=tmp_path / "problems-index",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )

    async def run_before(pilot: Any) -> None:
        await press(pilot, "f5")

    assert snap_compare(make_app(settings), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_help(snap_compare: Any, make_app: Any, size: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await press(pilot, "f1")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def briefing_app(make_app: Any, tui_settings: Settings) -> AssistantApp:
    folder = tui_settings.data_dir / "briefings"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "north-yorkshire.yaml")
    return make_app()  # type: ignore[no-any-return]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_briefing_form(snap_compare: Any, make_app: Any, tui_settings: Settings, size: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await press(pilot, "f6")

    app = briefing_app(make_app, tui_settings)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


POINTS = [
    "background",
    "why_it_matters",
    "working_well",
    "to_improve",
    "key_learning",
    "actions",
    "reflection_questions",
]


@pytest.mark.parametrize("point", POINTS, ids=[f"{n}-{p}" for n, p in enumerate(POINTS, 1)])
def test_briefing_form_at_each_point(
    snap_compare: Any, make_app: Any, tui_settings: Settings, point: str
) -> None:
    async def run_before(pilot: Any) -> None:
        await press(pilot, "f6")
        field = pilot.app.screen.query_one(f"#f-{point}", TextArea)
        field.focus()  # the form scrolls to the field with the cursor
        await settle(pilot)

    app = briefing_app(make_app, tui_settings)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_training_evidence_ticked_and_not(snap_compare: Any, make_app: Any, size: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await press(pilot, "f7")
        listing = pilot.app.screen.query_one(EvidenceList)
        listing.focus()
        await press(pilot, "space")  # the first row unticked, the second ticked, told apart
        pilot.app.screen.query_one("#t-theme", Input).cursor_blink = False

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
