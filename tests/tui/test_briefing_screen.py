"""The Briefing screen: form, live checks beside fields, autosave, render; and crash-safe saves."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.events import Key
from textual.widgets import Input, Label, Switch, TextArea

from assistant.briefing.findings import read_findings
from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.screens.briefing import BriefingScreen
from assistant.tui.screens.dialogs import RenderChoice
from tests.conftest import REPO
from tests.tui.screen import screen_text

EXAMPLE = REPO / "examples" / "briefings" / "north-yorkshire-repeat-plans.yaml"


@pytest.fixture
def findings(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "briefings" / "ny.yaml"
    path.parent.mkdir(parents=True)
    shutil.copy(EXAMPLE, path)
    return path


@pytest.fixture
def app(tmp_path: Path) -> AssistantApp:
    settings = Settings(
        knowledge_dirs=[],
        user_knowledge_dir=tmp_path / "knowledge",
        index_dir=tmp_path / "index",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )
    return AssistantApp(Assistant(settings))


async def open_briefing(pilot, app: AssistantApp) -> BriefingScreen:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.press("f6")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, BriefingScreen)
    return screen


async def test_form_is_filled_checked_saved_and_rendered(
    app: AssistantApp, findings: Path, tmp_path: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot, app)
        assert screen.path == findings
        assert screen.query_one("#f-title", Input).value.startswith("Multi-agency response")
        assert "words" in str(screen.query_one("#briefing-summary", Label).render())
        background = screen.query_one("#f-background", TextArea)
        background.text += " Mrs Patel moved to 14 Acacia Avenue."
        screen.refresh_preview()
        message = str(screen.query_one("#m-background", Label).render())
        assert "could identify someone" in message and "Mrs Patel" in message
        await pilot.press("ctrl+s")
        saved = read_findings(findings.read_text(encoding="utf-8"))
        assert saved.findings is not None and "Acacia Avenue" in saved.findings.background
        assert findings.with_suffix(".yaml.bak").exists()  # the original, kept once
        html = tmp_path / "out.html"
        assert not screen.render_to(RenderChoice("html", html))  # refused: identifying details
        assert not html.exists()
        assert screen.render_to(RenderChoice("html", html, "named with consent"))
        assert "named with consent" in html.read_text(encoding="utf-8")
        screen.query_one("#f-title", Input).value = ""
        screen.refresh_preview()
        assert "missing" in str(screen.query_one("#m-title", Label).render())


async def test_free_text_form_and_save_on_quit(app: AssistantApp, findings: Path) -> None:
    findings.unlink()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot, app)
        assert screen.path.name == "findings.yaml"  # no findings yet: a new file from the starter
        screen.query_one("#free-text", Switch).value = True
        await pilot.pause()
        assert not screen.query_one("#points").has_class("hidden")
        for number in range(1, 8):
            screen.query_one(f"#f-points-{number}", TextArea).text = f"Point number {number}."
        screen.query_one("#f-title", Input).value = "Written in full"
        await pilot.press("ctrl+q")
    saved = read_findings(
        (app.assistant.settings.data_dir / "briefings" / "findings.yaml").read_text()
    )
    assert saved.findings is not None and saved.findings.free_text
    assert saved.findings.title == "Written in full"
    assert saved.findings.points[6] == "Point number 7."


WRITER = """
import sys
from pathlib import Path
from assistant.briefing.findings import save_findings
path = Path(sys.argv[1])
versions = [Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text()]
print("ready", flush=True)
n = 0
while True:
    save_findings(path, versions[n % 2])
    n += 1
"""


def test_killing_an_autosave_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    old = EXAMPLE.read_text(encoding="utf-8")
    new = old.replace("Multi-agency response", "Multi-agency RESPONSE") * 1
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new + "\n# " + "x" * 200_000 + "\n", encoding="utf-8")
    target = tmp_path / "findings.yaml"
    target.write_text(old, encoding="utf-8")
    rng = random.Random(7)
    for _ in range(12):
        with subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(target),
                str(tmp_path / "old.yaml"),
                str(tmp_path / "new.yaml"),
            ],
            stdout=subprocess.PIPE,
            env={**os.environ},
        ) as writer:
            assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.001, 0.05))  # a random moment in the middle of saving
            writer.send_signal(signal.SIGKILL)
            writer.wait()
        text = target.read_text(encoding="utf-8")
        assert text in (old, (tmp_path / "new.yaml").read_text(encoding="utf-8"))
        assert read_findings(text).ok
    # What killed saves leave behind is only their own temporary files, beside the real one.
    names = {p.name for p in tmp_path.iterdir()}
    leftovers = {name for name in names if name.startswith(".")}
    assert "findings.yaml" in names
    assert all(re.fullmatch(r"\.findings\.yaml\.\w+\.tmp", name) for name in leftovers), leftovers


SEVEN = [
    ("f-background", "1 Background"),
    ("f-why_it_matters", "2 Why it matters"),
    ("f-working_well", "3 What worked well"),
    ("f-to_improve", "4 What needs to improve"),
    ("f-key_learning", "5 Key learning"),
    ("f-actions", "6 What to do"),
    ("f-reflection_questions", "7 Questions for reflection"),
]


async def tab_to(pilot, ident: str, limit: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the field has the cursor, as a person finds it."""
    for _ in range(limit):
        if pilot.app.focused is not None and pilot.app.focused.id == ident:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {ident}")


@pytest.mark.parametrize("free_text", [False, True], ids=["headed", "in-full"])
async def test_each_of_the_seven_points_is_reached_typed_and_seen_at_80x24(
    app: AssistantApp, free_text: bool
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_briefing(pilot, app)
        assert app.focused is screen.query_one("#f-title")  # the form opens ready to type
        if free_text:
            await tab_to(pilot, "free-text")
            await pilot.press("space")
            await pilot.pause()
        points = [(f"f-points-{n}", f"Point {n}") for n in range(1, 8)] if free_text else SEVEN
        for number, (ident, label) in enumerate(points, 1):
            await tab_to(pilot, ident)
            area = screen.query_one(f"#{ident}", TextArea)
            area.move_cursor(area.document.end)
            await pilot.press("enter", *f"Typed{number}", "space", *"here")
            await pilot.pause()
            shown = screen_text(app)
            assert label in shown, f"the label of {ident} is off screen"
            assert f"Typed{number} here" in shown, f"what was typed in {ident} is off screen"
        # A problem in a point shows beside it, on screen, and in the line at the bottom.
        if not free_text:
            await tab_to(pilot, "f-actions")
            await pilot.press("enter", *"Brief the team | Leads | 2026-13")
            screen.refresh_preview()
            await pilot.pause()
            await pilot.pause()
            shown = screen_text(app)
            assert (
                "✗ action 3: 'by:' has no month 13" in shown
                and "1 problem to fix" in shown
                and "1 problem to fix" in shown
            )
        await pilot.press("ctrl+s")
    text = (app.assistant.settings.data_dir / "briefings" / "findings.yaml").read_text("utf-8")
    for number in range(1, 8):
        assert f"Typed{number} here" in text


async def test_fast_tabs_keep_each_value_in_its_own_field(
    app: AssistantApp, findings: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_briefing(pilot, app)
        await tab_to(pilot, "f-audience")
        for field in ("#f-audience", "#f-source", "#f-audit-method", "#f-audit-sample"):
            screen.query_one(field, Input).value = ""
        # Every key at once, before the screen has handled any: as when the machine is busy.
        for key in ["A", "A", "A", "tab", "B", "B", "B", "tab", "C", "C", "C", "tab", "D", "D"]:
            app._driver.send_message(Key(key, key if len(key) == 1 else None))  # type: ignore[union-attr]
        await pilot.pause()
        await pilot.pause()
        assert screen.save_now()
    saved = read_findings(findings.read_text(encoding="utf-8")).findings
    assert saved is not None
    assert (saved.audience, saved.source) == ("AAA", "BBB")
    assert saved.audit == {"method": "CCC", "sample": "DD", "period": "2022"}


async def test_screen_keys_work_from_a_multi_line_field(app: AssistantApp, findings: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_briefing(pilot, app)
        screen.query_one("#f-background", TextArea).focus()
        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "TrainingScreen"
        await pilot.press("f6")  # back to the briefing already open, not a second one
        await pilot.pause()
        assert app.screen is screen
        assert sum(isinstance(s, BriefingScreen) for s in app.screen_stack) == 1
