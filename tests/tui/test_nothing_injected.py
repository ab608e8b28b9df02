"""Text from files reaches the screen as written: no escape sequence, no markup interpreted.

Every screen is drawn over knowledge files, findings and pins carrying terminal escapes (OSC 52
clipboard writes, OSC 8 links, window titles, CSI screen clears, 8-bit C1 controls) and Rich
markup; each redraw must send nothing but Textual's own sequences, and the brackets must show.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.screens.briefing import BriefingScreen
from assistant.tui.screens.document import DocumentScreen
from assistant.tui.screens.import_screen import ImportScreen
from assistant.tui.screens.passage import PassageScreen
from assistant.tui.screens.training import TrainingScreen
from assistant.tui.widgets.question import QuestionInput
from tests.tui.screen import assert_clean

OSC52 = "\x1b]52;c;cm0gLXJmIH4vKg==\x07"  # sets the clipboard to "rm -rf ~/*"
LINK = "\x1b]8;;file:///etc/passwd\x1b\\click here\x1b]8;;\x1b\\"
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x1b[31;5m"
C1 = "\x9b2J\x9d0;pwned\x07\x85"
EVERY_ESCAPE = OSC52 + LINK + TITLE + CLEAR + C1

HOSTILE = f"""\
---
title: "Minutes [draft] of the [reverse]core[/reverse] group \\e]0;pwned\\a"
kind: audit
organisation: "Broken [/] SCP \\e[2J"
published: 2021-05
---

## Sprocket findings [/] and [link=file:///etc/passwd]bruising[/link]

Widget sprockets were checked at every core group meeting {EVERY_ESCAPE} and the [bold]plan[/]
was reviewed. A [disguised link](file:///etc/passwd) sat beside the sprockets [reverse]too[/].

## Sprocket actions [/] for [link=file:///etc/passwd]x[/link]

Practitioners should record widget sprockets in the [red]chronology[/red] {OSC52}every time.
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (folder / "[reverse]minutes [draft].md").write_text(
        "---\ntitle: No kind [/]\n---\n\nText\n", encoding="utf-8"
    )
    return Settings(
        knowledge_dirs=[folder],
        user_knowledge_dir=folder,
        index_dir=tmp_path / "index",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def asked(pilot) -> None:  # type: ignore[no-untyped-def]
    """Ask about the hostile document and wait for the answer."""
    await settle(pilot)
    pilot.app.query_one(QuestionInput).value = "what about widget sprockets?"
    await pilot.press("enter")
    await settle(pilot)


async def reading(pilot) -> None:  # type: ignore[no-untyped-def]
    """Open the answer's first source."""
    await asked(pilot)
    await pilot.press("tab", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PassageScreen)


async def test_the_answer_and_its_sources(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await asked(pilot)
        text = assert_clean(app)
        assert "Broken [/] SCP" in text and "Minutes [draft] of the [reverse]core" in text
        assert "[bold]plan[/]" in text


async def test_the_copied_answer(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await asked(pilot)
        await pilot.press("tab", "c")
        await pilot.pause()
        assert "\x1b" not in app.clipboard and "\x9b" not in app.clipboard
        assert "[red]chronology[/red]" in app.clipboard


async def test_the_passage_reader(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await reading(pilot)
        text = assert_clean(app)
        assert "Sprocket actions [/] for [link=file:///etc/passwd]x[/link]" in text


async def test_the_pin_notice_and_the_pins(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await reading(pilot)
        await pilot.press("p")  # the notice names the heading, "[/]" and all
        await settle(pilot)
        text = assert_clean(app)
        assert "Pinned “Sprocket actions [/] for" in text  # the notice wraps here
        assert "[link=file:///etc/passwd]x[/link]”." in text
        await pilot.press("f4")
        await settle(pilot)
        text = assert_clean(app)
        assert "Broken [/] SCP" in text and "Sprocket actions [/]" in text


async def test_the_document_viewer(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await reading(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        text = assert_clean(app)
        assert "[bold]plan[/]" in text and "Minutes [draft]" in text


async def test_the_library(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        text = assert_clean(app)
        assert "Broken [/] SCP" in text and "Minutes [draft] of the [reverse]core" in text


async def test_the_problems(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        text = assert_clean(app)
        assert "[reverse]minutes [draft].md" in text


async def test_training_evidence_and_plan_show_text_as_written(settings: Settings) -> None:
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        theme = screen.query_one("#t-theme", Input)
        theme.value = "widget sprockets"
        theme.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.5)  # the preview is redrawn after a pause in typing
        text = assert_clean(app)
        assert "[red]chronology[/red]" in text


async def test_briefing_form_preview_and_messages_show_text_as_written(
    settings: Settings,
) -> None:
    folder = settings.data_dir / "briefings"
    folder.mkdir(parents=True)
    escapes = folder / "escapes.yaml"
    escapes.write_text(
        'title: "Learning \\e]52;c;cm0gLXJmIH4vKg==\\a from audits"\nbackground: Seen.\n',
        encoding="utf-8",
    )
    marked = folder / "markup.yaml"
    marked.write_text(
        'title: "Learning [draft] from [reverse]audits[/]"\n'
        "background: Mrs [bold]Smith[/bold] of 14 Acacia Avenue was seen.\n"
        "why_it_matters: '[link=file:///etc/passwd]it matters[/link]'\n"
        "working_well: ['[/] went well']\n"
        "resources: [{title: See this, link: 'https://example.org/[/]'}]\n",
        encoding="utf-8",
    )
    os.utime(escapes, (marked.stat().st_mtime + 10,) * 2)  # F6 opens the latest
    before = escapes.read_bytes()
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.path is None  # escapes in a findings file: refused, never written over
        assert_clean(app)
        screen.load(marked)
        screen.refresh_preview()
        await settle(pilot)
        text = assert_clean(app)
        assert "Learning [draft] from [reverse]audits[/]" in text
        assert "Mrs [bold]Smith[/bold]" in text  # in the field, the preview and the message
        assert "[/] went well" in text and "See this (https://example.org/%5B/%5D)" in text
    assert escapes.read_bytes() == before


async def test_the_import_screen(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "incoming [draft]"
    folder.mkdir()
    (folder / "[reverse]minutes [draft].txt").write_text(
        "Minutes [bold]of the[/] group\n\nWidgets must be counted \x1b]52;c;cm0gLXJmIH4vKg==\x07"
        "at every visit.\n",
        encoding="utf-8",
    )
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(folder)
        screen.start()
        await settle(pilot)
        text = assert_clean(app)
        assert text.count("[reverse]minutes [draft].txt") >= 2  # in the table and in the log
