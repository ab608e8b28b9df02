"""What the app makes at launch: the question box, not the fields of panels not yet shown."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input, Select

from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.widgets.filters import FilterPanel


async def test_the_filter_fields_are_made_when_the_panel_is_first_shown(
    tui_settings: Settings,
) -> None:
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        panel = app.query_one(FilterPanel)
        assert not panel.query(Select) and not panel.query(Input)
        assert panel.filters().kind == "" and panel.filters().since is None
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, Select)
        await pilot.press("ctrl+f")  # hidden again; the fields are kept, not made twice
        await pilot.press("ctrl+f")
        assert len(panel.query(Select)) == 1 and len(panel.query(Input)) == 2


async def test_the_glossary_is_loaded_away_from_the_screen(
    tui_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The status line counts the glossaries' problems when the index check ends: loading
    # them there, on the screen's thread, held the question box at launch.
    loaded_in: list[threading.Thread] = []
    load = Assistant._load_glossaries

    def noting(self: Assistant) -> Any:
        loaded_in.append(threading.current_thread())
        return load(self)

    monkeypatch.setattr(Assistant, "_load_glossaries", noting)
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(100, 40)):
        await app.workers.wait_for_complete()
        assert "document" in str(app.ask_screen.query_one("#status").render())
    assert loaded_in and threading.main_thread() not in loaded_in
