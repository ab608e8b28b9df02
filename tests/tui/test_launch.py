"""What the app makes at launch: the question box, not the fields of panels not yet shown."""

from __future__ import annotations

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
