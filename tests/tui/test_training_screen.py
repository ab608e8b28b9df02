"""The Training screen: gather, choose, add pins, edit, save and export a session pack."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from assistant.answering.pins import Pin
from assistant.config import Settings
from assistant.facade import Assistant
from assistant.training.pack import check_pack_file
from assistant.training.render import OUTPUTS
from assistant.tui.app import AssistantApp
from assistant.tui.screens.training import TrainingScreen
from assistant.tui.widgets.evidence import EvidenceList


async def test_training_flow(tui_settings: Settings, tmp_path: Path) -> None:
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        app.pins.add(
            Pin.from_citation(
                {
                    "pid": "003_18bfe3a9f94b0d35#third-child-protection-plan",
                    "doc_id": "003_18bfe3a9f94b0d35",
                    "title": "Repeat Child Protection Plans",
                    "kind": "procedure",
                    "section": "Third Child Protection Plan",
                    "anchor": "third-child-protection-plan",
                    "text": "the decision for a further CP Plan needs to be agreed by the Head of "
                    "Service",
                },
                "who agrees a third plan?",
            )
        )
        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        listing = screen.query_one(EvidenceList)
        assert listing.option_count >= 10
        ticked = set(listing.ticked)
        assert len(ticked) >= 7
        # The pin from Ask is listed last, not ticked until the trainer ticks it.
        assert screen.rows[-1].choice.id == "003_18bfe3a9f94b0d35#third-child-protection-plan"
        assert listing.option_count - 1 not in ticked
        # Untick the first piece of evidence: the plan no longer quotes it.
        first_quote = screen.rows[0].choice.quote[:50]
        assert 0 in ticked
        listing.focus()
        await pilot.press("space")  # the first row is highlighted on arriving
        screen.refresh_preview()
        assert screen.pack is not None
        assert all(first_quote not in choice.quote for choice in screen.pack.evidence)
        # Tick the pin.
        listing.highlighted = listing.option_count - 1
        await pilot.press("space")
        assert listing.option_count - 1 in listing.ticked
        screen.query_one("#t-outcomes", TextArea).text = "Spot the signs.\nAct on them."
        screen.query_one("#t-minutes", Input).value = "60"
        screen.refresh_preview()
        assert screen.pack.learning_outcomes == ["Spot the signs.", "Act on them."]
        assert sum(s.minutes for s in screen.pack.segments) == 60
        await pilot.press("ctrl+s")
        report = check_pack_file(screen.path)
        assert report.ok and report.pack is not None
        assert any("Head of Service" in e.quote for e in report.pack.evidence)
        written = screen.export_to(tmp_path / "out")
        assert sorted(p.name for p in written) == sorted(
            f"disguised-compliance.{output}" for output in OUTPUTS
        )
        # A second theme, with no change to anything but the words typed.
        theme = screen.query_one("#t-theme", Input)
        theme.value = "toxic trio"
        theme.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.theme == "toxic trio" and listing.option_count >= 3
        assert screen.path is not None and screen.path.name == "toxic-trio.yaml"


async def test_export_uses_the_partnerships_own_templates(
    tui_settings: Settings, tmp_path: Path
) -> None:
    folder = tui_settings.data_dir / "templates" / "training"
    folder.mkdir(parents=True)
    (folder / "plan.md.j2").write_text(
        '{% extends "default:training/plan.md.j2" %}', encoding="utf-8"
    )
    (folder / "handout.html.j2").write_text(
        "<p>Westshire handout: {{ pack.title }}</p>", encoding="utf-8"
    )
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        written = {path.name: path for path in screen.export_to(tmp_path / "out")}
        handout = written["disguised-compliance.handout.html"].read_text(encoding="utf-8")
        assert handout.startswith("<p>Westshire handout: ")
        assert "Facilitator plan" in written["disguised-compliance.plan.md"].read_text("utf-8")


async def test_letters_typed_on_the_evidence_do_nothing(tui_settings: Settings) -> None:
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        listing = screen.query_one(EvidenceList)
        listing.focus()
        ticked = set(listing.ticked)
        await pilot.press(*"addpinsnow")
        await pilot.pause()
        assert listing.ticked == ticked and isinstance(app.screen, TrainingScreen)
        assert not app._notifications
