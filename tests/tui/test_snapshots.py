"""Snapshots of the screens worth looking at, at 80x24 (update only after reading the report)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.screens.ask import QuestionInput

SIZE = (80, 24)


@pytest.fixture
def make_app(tui_settings: Settings) -> Any:
    def make() -> AssistantApp:
        return AssistantApp(Assistant(tui_settings))

    return make


async def settle(pilot: Any) -> None:
    """Wait for workers, then stop the cursor blinking so every run draws the same."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.query_one(QuestionInput).cursor_blink = False
    await pilot.pause()


async def ask(pilot: Any, question: str) -> None:
    await settle(pilot)
    pilot.app.query_one(QuestionInput).value = question
    await pilot.press("enter")
    await settle(pilot)


def test_first_screen_offers_starters(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)


def test_answer_with_sources(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ask(pilot, "Who has to agree a 3rd CP plan?")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_passage_reader(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await ask(pilot, "Who has to agree a 3rd CP plan?")
        await pilot.press("tab", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_library(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
