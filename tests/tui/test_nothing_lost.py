"""Nothing entered is lost and nothing unread is written: the Briefing and Training screens.

A file the screen could not read is never its save target; an untouched file is never rewritten;
what is saved is the file as it was with only the user's changes; every way of leaving saves.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from assistant.briefing.findings import read_findings
from assistant.config import Settings
from assistant.facade import Assistant
from assistant.publishing.checks import Issue
from assistant.training.evidence import gather
from assistant.training.pack import PackReport, check_pack_file, draft_pack, pack_yaml
from assistant.tui.app import AssistantApp
from assistant.tui.screens.briefing import BriefingScreen
from assistant.tui.screens.dialogs import PathScreen
from assistant.tui.screens.training import TrainingScreen
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "briefings" / "north-yorkshire-repeat-plans.yaml"
BAR_FINDINGS = """\
title: Learning about checklists
background: The audit looked at the checklists.
actions:
  - action: Use the A | B checklist at every visit
    owner: Team managers
    by: 2025-01
resources:
  - title: The checklist | annotated
    link: https://example.org/lists?a=1|2
"""


@pytest.fixture
def briefings(tui_settings: Settings) -> Path:
    folder = tui_settings.data_dir / "briefings"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def app(tui_settings: Settings) -> AssistantApp:
    return AssistantApp(Assistant(tui_settings))


async def open_briefing(pilot) -> BriefingScreen:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.press("f6")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BriefingScreen)
    return screen


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a field and type at its end, as a person would."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()  # focusing selects a field's text: type after it, not over it
    if isinstance(widget, Input):
        widget.cursor_position = len(widget.value)
    else:
        assert isinstance(widget, TextArea)
        widget.move_cursor(widget.document.end)
    keys = [key for part in text.split("\n") for key in ("enter", *part)][1:]
    await pilot.press(*keys)
    await pilot.pause()


async def open_with_ctrl_o(pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Open a file from the screen's Open dialog, as a person would."""
    await pilot.press("ctrl+o")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PathScreen)
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


# -- findings ---------------------------------------------------------------------------------


async def test_a_findings_file_with_a_bad_date_is_never_written(
    app: AssistantApp, briefings: Path
) -> None:
    broken = briefings / "broken.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("published: 2022-09", "published: 2022-13")
    broken.write_text(text, encoding="utf-8")
    backup = broken.with_suffix(".yaml.bak")
    backup.write_text("an older backup\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot)
        await type_into(pilot, "#f-audience", "xyz")
        screen.autosave()
        await pilot.press("escape")
        await pilot.pause()
    assert broken.read_text(encoding="utf-8") == text
    assert backup.read_text(encoding="utf-8") == "an older backup\n"


async def test_opening_a_broken_file_keeps_the_open_one(app: AssistantApp, briefings: Path) -> None:
    good = briefings / "good.yaml"
    shutil.copy(EXAMPLE, good)
    broken = briefings / "other.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    os.utime(good, (broken.stat().st_mtime + 10,) * 2)  # F6 opens the latest: the good one
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot)
        await open_with_ctrl_o(pilot, broken)
        assert screen.path == good
        assert "good.yaml" in str(screen.query_one("#briefing-file").render())
        await type_into(pilot, "#f-audience", " and volunteers")
        screen.autosave()
    assert broken.read_text(encoding="utf-8") == "title: [unclosed\n"
    saved = read_findings(good.read_text(encoding="utf-8")).findings
    assert saved is not None and saved.audience.endswith("and volunteers")


async def test_the_backup_is_the_file_as_it_was_opened(app: AssistantApp, briefings: Path) -> None:
    findings = briefings / "ny.yaml"
    shutil.copy(EXAMPLE, findings)
    backup = findings.with_suffix(".yaml.bak")
    backup.write_text("title: a backup from last year\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot)
        await type_into(pilot, "#f-title", " (revised)")
        assert screen.save_now()
    assert backup.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


async def test_a_bar_inside_an_action_or_a_link_survives(
    app: AssistantApp, briefings: Path
) -> None:
    findings = briefings / "bars.yaml"
    findings.write_text(BAR_FINDINGS, encoding="utf-8")
    original = read_findings(BAR_FINDINGS).findings
    assert original is not None
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot)
        await type_into(pilot, "#f-title", " again")
        assert screen.save_now()
        saved = read_findings(findings.read_text(encoding="utf-8")).findings
        assert saved is not None
        assert saved.actions == original.actions and saved.resources == original.resources
        # Editing the rows themselves keeps the bars in the text too.
        await type_into(pilot, "#f-actions", "\nShare the A \\| B list | Leads | 2025-02")
        assert screen.save_now()
    saved = read_findings(findings.read_text(encoding="utf-8")).findings
    assert saved is not None
    assert saved.actions[0] == original.actions[0]
    assert (saved.actions[1].action, saved.actions[1].owner) == ("Share the A | B list", "Leads")
    assert saved.resources == original.resources


async def test_leaving_an_untouched_briefing_leaves_its_file_alone(
    app: AssistantApp, briefings: Path
) -> None:
    findings = briefings / "ny.yaml"
    shutil.copy(EXAMPLE, findings)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot)
        await pilot.pause(0.5)  # the fill's own change events have all arrived
        screen.autosave()
        await pilot.press("escape")
        await pilot.pause()
    assert findings.read_bytes() == EXAMPLE.read_bytes()
    assert not findings.with_suffix(".yaml.bak").exists()


async def test_an_untouched_new_briefing_makes_no_file(app: AssistantApp, briefings: Path) -> None:
    other = briefings / "ny.yaml"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot)  # no findings yet: the starter, not on disk
        await pilot.pause(0.5)
        starter_path = screen.path
        assert starter_path is not None and not starter_path.exists()
        screen.autosave()
        shutil.copy(EXAMPLE, other)
        await open_with_ctrl_o(pilot, other)
        assert screen.path == other
        await pilot.press("escape")
        await pilot.pause()
    assert not starter_path.exists()
    assert other.read_bytes() == EXAMPLE.read_bytes()


async def test_a_findings_file_saved_as_utf16_opens_and_is_backed_up_as_it_was(
    app: AssistantApp, briefings: Path
) -> None:
    findings = briefings / "unicode.yaml"
    original = EXAMPLE.read_text(encoding="utf-8").encode("utf-16")  # with its mark
    findings.write_bytes(original)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_briefing(pilot)
        assert screen.path == findings
        await type_into(pilot, "#f-title", " (revised)")
        assert screen.save_now()
    assert findings.with_suffix(".yaml.bak").read_bytes() == original
    saved = read_findings(findings.read_text(encoding="utf-8")).findings
    assert saved is not None and saved.title.endswith("(revised)")


async def test_going_to_another_screen_saves_what_was_typed(
    app: AssistantApp, briefings: Path
) -> None:
    findings = briefings / "ny.yaml"
    shutil.copy(EXAMPLE, findings)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_briefing(pilot)
        await type_into(pilot, "#f-audience", " and volunteers")
        await pilot.press("f2")  # straight back to Ask, well inside the autosave interval
        await pilot.pause()
    saved = read_findings(findings.read_text(encoding="utf-8")).findings
    assert saved is not None and saved.audience.endswith("and volunteers")


# -- packs -------------------------------------------------------------------------------------


def hand_edited_pack(settings: Settings) -> Path:
    """A saved pack whose segments and exercises a trainer has rewritten by hand."""
    pack = draft_pack(gather(Assistant(settings), "disguised compliance"))
    pack.segments[3].content = "Fishbowl, two volunteers role-play."
    pack.exercises[0].title = "Our own exercise"
    path = settings.data_dir / "packs" / "disguised-compliance.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(pack_yaml(pack) + "# kept by hand\n", encoding="utf-8")
    assert errors(check_pack_file(path)) == []
    return path


def errors(report: PackReport) -> list[Issue]:
    """Problems other than what is still to fill in or to check for privacy."""
    return [issue for issue in report.problems if issue.severity == "error"]


async def open_training(pilot) -> TrainingScreen:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.press("f7")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TrainingScreen)
    return screen


async def test_leaving_a_saved_pack_untouched_keeps_it(
    app: AssistantApp, tui_settings: Settings
) -> None:
    path = hand_edited_pack(tui_settings)
    before = path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_training(pilot)
        await pilot.pause(0.5)
        screen.autosave()
        await pilot.press("escape")
        await pilot.pause()
    assert path.read_bytes() == before


async def test_editing_a_saved_pack_changes_only_what_was_changed(
    app: AssistantApp, tui_settings: Settings
) -> None:
    path = hand_edited_pack(tui_settings)
    before = check_pack_file(path).pack
    assert before is not None
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_training(pilot)
        await type_into(pilot, "#t-title", " (spring)")
        assert screen.save_now()
        after = check_pack_file(path).pack
        assert after is not None and after.title == before.title + " (spring)"
        assert after.segments == before.segments and after.exercises == before.exercises
        assert after.evidence == before.evidence
        # Unticking evidence takes it out of the segments that used it, and nothing else.
        listing = screen.query_one("#t-evidence")
        first = next(n for n, row in enumerate(screen.rows) if row.choice == before.evidence[0])
        listing.toggle(first)
        assert screen.save_now()
    report = check_pack_file(path)
    assert errors(report) == [] and report.pack is not None
    after = report.pack
    assert after.evidence == before.evidence[1:]
    for old, new in zip(before.segments, after.segments, strict=True):
        assert (new.title, new.minutes, new.content) == (old.title, old.minutes, old.content)
        assert new.evidence == [n - 1 for n in old.evidence if n != 1]
    assert after.exercises == before.exercises


async def test_a_pack_file_with_problems_is_never_written(
    app: AssistantApp, tui_settings: Settings
) -> None:
    path = tui_settings.data_dir / "packs" / "disguised-compliance.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("title: Our pack\nminutes: ninety\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_training(pilot)
        await type_into(pilot, "#t-audience", "Everyone")
        screen.autosave()
        await pilot.press("escape")
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == "title: Our pack\nminutes: ninety\n"


async def test_a_case_study_typed_into_a_pack_is_saved_on_leaving(
    app: AssistantApp, tui_settings: Settings
) -> None:
    path = hand_edited_pack(tui_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_training(pilot)
        await type_into(pilot, "#t-case", " Child A's school saw it first.")
        await pilot.press("f3")  # another screen on top: the pack is saved
        await pilot.pause()
        pack = check_pack_file(path).pack
        assert pack is not None and pack.case_study.endswith("Child A's school saw it first.")
        assert pack.segments[3].content == "Fishbowl, two volunteers role-play."
