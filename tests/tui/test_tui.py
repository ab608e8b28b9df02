"""The terminal app, driven by Pilot: each flow a practitioner uses, on a small corpus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Input, Markdown, OptionList, Select, Tree

from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.screens.dialogs import PathScreen
from assistant.tui.screens.document import DocumentScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.library import LibraryScreen
from assistant.tui.screens.passage import PassageScreen
from assistant.tui.screens.pins import PinsScreen
from assistant.tui.screens.problems import ProblemsScreen
from assistant.tui.widgets.question import QuestionInput
from assistant.tui.widgets.transcript import AnswerBody, ExchangeView, SourceList, StarterList
from tests.conftest import write_knowledge
from tests.tui.screen import screen_text


@pytest.fixture
def settings(tui_settings: Settings) -> Settings:
    return tui_settings


@pytest.fixture
def app(settings: Settings) -> Iterator[AssistantApp]:
    assistant = Assistant(settings)
    yield AssistantApp(assistant)
    assistant.close()


async def ask(pilot, question: str) -> ExchangeView:  # type: ignore[no-untyped-def]
    """Type a question, press Enter, wait for the worker and the answer."""
    box = pilot.app.query_one(QuestionInput)
    box.focus()
    box.value = question
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.query(ExchangeView).last()


def answer_text(view: ExchangeView) -> str:
    return view.query_one(AnswerBody).source


async def test_ask_shows_a_cited_answer_and_keeps_it(app: AssistantApp, settings: Settings) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        assert isinstance(app.focused, QuestionInput)
        view = await ask(pilot, "Who has to agree a 3rd CP plan?")
        assert "Head of Service" in answer_text(view)
        sources = view.query_one(SourceList)
        assert sources.option_count >= 1
        assert sources.exchange.citations[0]["title"] == "Repeat Child Protection Plans"
        assert "Repeat Child Protection Plans" in screen_text(app)
        assert app.query_one(QuestionInput).value == ""
    # The conversation persists across runs.
    again = AssistantApp(Assistant(settings))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        views = list(again.query(ExchangeView))
        assert [v.question for v in views] == ["Who has to agree a 3rd CP plan?"]
        assert again.query_one("#starters").has_class("hidden")
        await pilot.press("up")
        assert again.query_one(QuestionInput).value == "Who has to agree a 3rd CP plan?"


async def test_follow_up_question(app: AssistantApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        first = await ask(pilot, "who records the rationale for a second CP plan?")
        assert "Service Manager" in answer_text(first)
        follow = await ask(pilot, "and for a third plan?")
        assert "Head of Service" in answer_text(follow)
        assert "Read with the question before" in answer_text(follow)


async def test_filters_from_the_panel_and_inline(app: AssistantApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+f")
        assert not app.query_one("#filters").has_class("hidden")
        app.query_one("#filter-kind", Select).value = "audit"
        view = await ask(pilot, "disguised compliance")
        kinds = {c["kind"] for c in view.exchange.citations}  # type: ignore[union-attr]
        assert kinds == {"audit"}
        assert "Searched only: kind audit." in answer_text(view)
        app.query_one("#filter-kind", Select).value = Select.NULL
        view = await ask(pilot, "disguised compliance kind:procedure")
        assert {c["kind"] for c in view.exchange.citations} == {"procedure"}  # type: ignore[union-attr]


async def test_open_a_citation_then_the_document(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await ask(pilot, "Who has to agree a 3rd CP plan?")
        await pilot.press("tab")
        assert isinstance(app.focused, SourceList)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PassageScreen)
        text = app.screen.highlighted()
        assert "Head of Service" in text.plain
        marked = {text.plain[span.start : span.end] for span in text.spans}
        assert {"third", "CP", "agreed"} <= marked
        assert text.plain in app.screen.section().plain  # shown inside its section
        await pilot.press("o")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.heading_anchor == "third-child-protection-plan"
        await pilot.press("ctrl+f")
        find = app.screen.query_one("#find", Input)
        assert find.display
        find.value = "head of service"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.matches and app.screen.match == 0
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, PassageScreen)


async def test_pin_and_list_pins(app: AssistantApp, settings: Settings) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await ask(pilot, "Who has to agree a 3rd CP plan?")
        await pilot.press("tab", "p")
        await pilot.pause()
        assert len(app.pins.pins) == 1
        assert (settings.data_dir / "pins.json").exists()
        await pilot.press("p")  # pinning twice keeps one
        assert len(app.pins.pins) == 1
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, PinsScreen)
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PassageScreen)
        await pilot.press("escape", "d")
        await pilot.pause()
        assert app.pins.pins == []


async def test_export_and_clear(app: AssistantApp, tmp_path: Path) -> None:
    target = tmp_path / "export" / "talk.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await ask(pilot, "toxic trio meaning")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        text = target.read_text(encoding="utf-8")
        assert "## toxic trio meaning" in text and "**Sources**" in text
        assert "assistant's glossary" in text
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not list(app.query(ExchangeView))
        assert app.conversation.exchanges == []
        assert not app.query_one("#starters").has_class("hidden")


async def test_starter_questions_are_offered_and_asked(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        starters = app.query_one(StarterList)
        assert starters.option_count >= 3
        starters.focus()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.query(ExchangeView)) == 1


async def test_first_run_indexes_a_tiny_corpus_and_lists_problems(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    write_knowledge(folder, "escalation", "## Gaps\n\nGaps in services should be escalated.\n")
    (folder / "broken.md").write_text("---\ntitle: Broken\n---\n\nText\n", encoding="utf-8")
    settings = Settings(
        knowledge_dirs=[folder],
        user_knowledge_dir=folder,
        index_dir=tmp_path / "index",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )
    app = AssistantApp(Assistant(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.query_one("#status").render())
        assert "1 document ·" in status and "1 problem:" in status
        assert app.query_one("#indexing").has_class("hidden")
        view = await ask(pilot, "what should happen to gaps in services?")
        assert "escalated" in answer_text(view)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        shown = screen_text(app)
        assert "broken.md, line 2 · left out of the index" in shown
        assert "'kind:' must be one of" in shown


async def test_library_help_and_theme(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        tree = app.screen.query_one(Tree)
        labels = [str(node.label) for node in tree.root.children]
        assert labels[0].startswith("Procedure") and any(x.startswith("Audit") for x in labels)
        audits = next(n for n in tree.root.children if str(n.label).startswith("Audit"))
        leaf = audits.children[0].children[0]
        tree.select_node(leaf)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("f2")
        assert len(app.screen_stack) == 1
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+s" in app.screen.query_one(Markdown).source
        await pilot.press("escape")
        theme = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != theme


async def test_palette_lists_every_action(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await ask(pilot, "toxic trio meaning")
        commands = list(app.get_system_commands(app.screen))
        # Every key of the app (each screen, re-index, export, theme) is in the palette too.
        callbacks = {command.callback for command in commands}
        for binding in AssistantApp.BINDINGS:
            assert isinstance(binding, Binding)
            action = getattr(app, f"action_{binding.action}")
            assert action in callbacks, f"{binding.key} ({binding.action}) is not in the palette"
        titles = {command.title for command in commands}
        assert {
            "Ask",
            "Library",
            "Pins",
            "Problems",
            "Briefing",
            "Training",
            "Re-index",
            "Rebuild index",
            "Export conversation",
            "Clear conversation",
            "Filters",
            "Light or dark",
            "Help",
            "Copy the latest answer",
            "Read the latest answer's first source",
            "Pin the latest answer's first source",
        } <= titles
        app.pin_latest_source()
        assert len(app.pins.pins) == 1
        app.open_latest_source()
        await pilot.pause()
        assert isinstance(app.screen, PassageScreen)


def test_source_lines_and_the_passage_header_use_the_configured_age() -> None:
    from assistant.tui.screens.passage import describe
    from assistant.tui.widgets.transcript import source_line

    citation = {"n": 1, "title": "Analysis", "organisation": "Southampton", "kind": "audit"}
    citation["published"] = "2024"
    assert "older than 1 year" in source_line(citation, 1).plain
    assert "older than" not in source_line(citation, 10).plain
    assert "older than 1 year" in describe(citation, 1).plain
    assert "five" not in describe(citation, 1).plain


def test_starters_show_what_the_assistant_is_for_and_each_is_answered(
    settings: Settings,
) -> None:
    assistant = Assistant(settings)
    starters = assistant.starter_questions()
    assert len(starters) == 4
    assert sum(s.startswith("What does ") and s.endswith(" mean?") for s in starters) == 1
    assert any("procedure" in s for s in starters)  # what a procedure says
    assert any(s.startswith("What did audits find") for s in starters)  # a finding
    assert any("figures" in s for s in starters)  # a figure
    for starter in starters:
        assert not assistant.ask(starter).declined, starter


def test_starters_read_a_handful_of_documents_however_many_there_are(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    for number in range(60):
        kind = ("procedure", "audit", "briefing")[number % 3]
        body = f"## Plans {number}\n\nPlans should be reviewed every {number} weeks.\n"
        write_knowledge(folder, f"doc-{number}", body, kind=kind, topics="[plans, reviews]")
    settings = Settings(
        knowledge_dirs=[folder],
        user_knowledge_dir=folder,
        index_dir=tmp_path / "index",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )
    assistant = Assistant(settings)
    assistant.update_index()
    read: list[str] = []
    passages_of = assistant.index.passages_of

    def counting(doc_id: str) -> list:  # type: ignore[type-arg]
        read.append(doc_id)
        return passages_of(doc_id)

    assistant.index.passages_of = counting  # type: ignore[method-assign]
    assistant.ensure_index = None  # type: ignore[assignment,method-assign]  # never called
    assert assistant.starter_questions()
    assert len(set(read)) <= 19  # one procedure, six audits and briefings, twelve for topics


async def test_the_document_viewer_is_named_by_the_documents_title(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await ask(pilot, "Who has to agree a 3rd CP plan?")
        await pilot.press("tab", "enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.sub_title == "Repeat Child Protection Plans"


async def test_the_ask_footer_shows_every_screen_and_quitting_at_80_columns(
    app: AssistantApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for key in ("^q Quit", "f1 Help", "f3 Library", "f4 Pins", "f6 Briefing", "f7 Training"):
            assert key in footer


async def test_a_screen_key_from_the_help_closes_it_first(app: AssistantApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert not any(isinstance(screen, HelpScreen) for screen in app.screen_stack)
        await pilot.press("f3")  # already there: nothing opens twice
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["AskScreen", "LibraryScreen"]


async def test_the_app_builds_an_index_of_many_files(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many files and processors would have them read in worker processes; the app captures
    # standard error with no file behind it, which starting them cannot hand on, so the app
    # reads them itself rather than fail its first build.
    from assistant.search import _manifest

    monkeypatch.setattr(_manifest, "PARALLEL_FROM", 1)
    monkeypatch.setattr(_manifest, "_processors", lambda: 2)
    assistant = Assistant(replace(settings, index_dir=tmp_path / "index"))
    app = AssistantApp(assistant)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.report is not None and app.report.rebuilt and app.report.passages > 100
        assert "went wrong" not in screen_text(app)
    assistant.close()
