"""The Import screen: from the Library or the palette, a folder read in a worker, a summary."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Log

from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.screens.import_screen import ImportScreen
from tests.tui.screen import screen_text

TEXT = """Home Visits

Home visits must be unannounced where there are concerns about the safety of a child
in the household.
"""


async def test_import_a_folder_from_the_library(tui_settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "visits.txt").write_text(TEXT, encoding="utf-8")
    (folder / "minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        assert "▐ ▌ Dry run" in screen_text(app)  # ticked or not, told apart without colour
        screen.query_one("#import-dry-run", Checkbox).value = True
        await pilot.pause()
        assert "▐✓▌ Dry run" in screen_text(app)
        screen.query_one("#import-path", Input).value = str(folder)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not (tui_settings.user_knowledge_dir / "visits.md").exists()  # a dry run
        screen.query_one("#import-dry-run", Checkbox).value = False
        screen.start()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert [row[0] for row in rows] == ["minutes.doc", "visits.txt"]
        assert rows[1][1] == "Home Visits"
        assert "save it as .docx" in rows[0][-1]
        log = "\n".join(screen.query_one(Log).lines)
        assert "not imported:" in log and "imported " in log
        assert (tui_settings.user_knowledge_dir / "visits.md").exists()


async def test_import_is_in_the_command_palette(tui_settings: Settings) -> None:
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Import documents" in titles
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
