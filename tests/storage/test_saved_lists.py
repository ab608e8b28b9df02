"""The conversation and the pins: saved atomically, damaged files kept aside."""

from __future__ import annotations

from pathlib import Path

from assistant.answering.conversation import Conversation, Exchange
from assistant.answering.pins import Pin, PinBoard


def test_conversation_round_trip_clear_and_export(tmp_path: Path) -> None:
    path = tmp_path / "conversation.json"
    talk = Conversation(path)
    talk.add(Exchange("Who agrees a third plan?", "“The Head of Service.” [1]", "**Sources**"))
    again = Conversation(path)
    assert again.questions == ["Who agrees a third plan?"]
    exported = again.export(tmp_path / "out" / "talk.md").read_text(encoding="utf-8")
    assert "## Who agrees a third plan?" in exported and "**Sources**" in exported
    kept = again.clear()
    assert kept is not None and "Head of Service" in kept.read_text(encoding="utf-8")
    assert Conversation(path).exchanges == []


def test_damaged_files_are_kept_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "conversation.json"
    path.write_text("[{not json", encoding="utf-8")
    talk = Conversation(path)
    assert talk.exchanges == [] and "could not be read" in talk.problem
    assert (tmp_path / "conversation.damaged.json").read_text(encoding="utf-8") == "[{not json"
    wrong = tmp_path / "pins.json"
    wrong.write_text('{"a": 1}', encoding="utf-8")
    board = PinBoard(wrong)
    assert board.pins == [] and "list of entries" in board.problem
    assert (tmp_path / "pins.damaged.json").exists()


def test_pins_add_once_and_remove(tmp_path: Path) -> None:
    board = PinBoard(tmp_path / "pins.json")
    citation = {"pid": "a#b", "doc_id": "a", "anchor": "b", "title": "T", "text": "Passage."}
    assert board.add(Pin.from_citation(citation, "why?"))
    assert not board.add(Pin.from_citation(citation, "again"))
    assert PinBoard(tmp_path / "pins.json").pins[0].question == "why?"
    assert board.remove("a#b") and not board.remove("a#b")
