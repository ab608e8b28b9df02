"""The conversation file: one answer a line, added at the end, repaired when cut short, carried
over from the older whole-list file; written by the app away from the screen's thread."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from assistant.answering.conversation import Conversation, Exchange
from assistant.config import Settings
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.widgets.question import QuestionInput
from assistant.tui.widgets.transcript import ExchangeView


def exchange(number: int) -> Exchange:
    return Exchange(f"Question {number}?", f"“Answer {number}.” [1]", "**Sources**")


def test_each_answer_is_added_at_the_end_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "conversation.jsonl"
    talk = Conversation(path)
    talk.add(exchange(1))
    first = path.read_bytes()
    talk.add(exchange(2))
    assert path.read_bytes().startswith(first)  # the first line was not written again
    assert [json.loads(line)["question"] for line in path.read_text().splitlines()] == [
        "Question 1?",
        "Question 2?",
    ]
    assert Conversation(path).questions == ["Question 1?", "Question 2?"]


def test_a_line_cut_short_by_a_crash_is_left_out_and_the_file_repaired(tmp_path: Path) -> None:
    path = tmp_path / "conversation.jsonl"
    talk = Conversation(path)
    talk.add(exchange(1))
    talk.add(exchange(2))
    whole = path.read_text(encoding="utf-8")
    path.write_text(whole + whole.splitlines()[0][:30], encoding="utf-8")  # a torn third line
    again = Conversation(path)
    assert again.questions == ["Question 1?", "Question 2?"] and again.problem == ""
    again.add(exchange(3))
    assert Conversation(path).questions == ["Question 1?", "Question 2?", "Question 3?"]


def test_a_damaged_line_is_kept_aside_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "conversation.jsonl"
    talk = Conversation(path)
    talk.add(exchange(1))
    talk.add(exchange(2))
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "{not json", lines[1]]) + "\n", encoding="utf-8")
    again = Conversation(path)
    assert again.questions == ["Question 1?", "Question 2?"]
    assert "line 2" in again.problem
    assert "{not json" in (tmp_path / "conversation.damaged.jsonl").read_text(encoding="utf-8")


def test_an_answer_with_a_line_separator_inside_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "conversation.jsonl"
    talk = Conversation(path)
    talk.add(Exchange("Odd?", "one\u2028two\x85three", ""))
    assert Conversation(path).exchanges[0].body == "one\u2028two\x85three"


def test_the_older_whole_list_file_is_carried_over(tmp_path: Path) -> None:
    older = tmp_path / "conversation.json"
    older.write_text(
        json.dumps([{"question": "Old?", "body": "“Old.” [1]", "sources": ""}]), encoding="utf-8"
    )
    talk = Conversation(tmp_path / "conversation.jsonl")
    assert talk.questions == ["Old?"]
    talk.add(exchange(1))
    assert Conversation(tmp_path / "conversation.jsonl").questions == ["Old?", "Question 1?"]
    assert not older.exists()  # kept as conversation.json.carried-over, never read again
    assert (tmp_path / "conversation.json.carried-over").exists()
    talk.clear()
    assert Conversation(tmp_path / "conversation.jsonl").questions == []


async def test_the_app_writes_the_conversation_off_the_screens_thread(
    tui_settings: Settings,
) -> None:
    app = AssistantApp(Assistant(tui_settings))
    writers: list[str] = []
    save = app.conversation.save

    def recording_save() -> None:
        writers.append(threading.current_thread().name)
        save()

    app.conversation.save = recording_save  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        for question in ("Who has to agree a 3rd CP plan?", "toxic trio meaning"):
            app.query_one(QuestionInput).value = question
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert writers and threading.main_thread().name not in writers[:2]
    path = tui_settings.data_dir / "conversation.jsonl"
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


async def test_a_conversation_brought_back_opens_at_its_latest_answer(
    tui_settings: Settings,
) -> None:
    talk = Conversation(tui_settings.data_dir / "conversation.jsonl")
    for number in range(1, 9):
        talk.add(Exchange(f"Question {number}?", "“A long answer.”\n\n" * 6, ""))
    app = AssistantApp(Assistant(tui_settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        transcript = app.screen.query_one("#transcript")
        latest = list(app.query(ExchangeView))[-1]
        assert transcript.scroll_y > 0
        assert transcript.region.contains_region(latest.query_one(".question").region)
