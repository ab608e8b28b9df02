"""Evaluation: the figures are computed as documented, beside the baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evaluation.imported import imported_documents
from assistant.evaluation.measure import (
    GoldQuestion,
    evaluate,
    format_table,
    load_gold,
    normalise,
    score_answer,
)
from assistant.facade import Assistant

GOLD = [
    {
        "id": "g1",
        "question": "Who has to agree a third CP plan?",
        "kind": "procedure",
        "gold": [
            {
                "quote": "the decision for a further CP Plan needs to be agreed by the Head of "
                "Service",
                "source": "003_18bfe3a9f94b0d35.txt",
            }
        ],
        "answer_facts": ["Head of Service"],
    },
    {
        "id": "g2",
        "question": "What are the legal thresholds for a child protection plan in Wales?",
        "kind": "unanswerable",
        "gold": [],
        "answer_facts": [],
    },
]


def test_normalise_treats_number_words_and_punctuation_alike() -> None:
    assert normalise("Within THREE months, “quoted”!") == normalise("within 3 months quoted")


def test_score_answer() -> None:
    question = GoldQuestion(
        "q", "?", "fact", [("25 children", "a.txt"), ("53 plans", "a.txt")], ["112%", "six"]
    )
    outcome = score_answer(
        question,
        [("b.txt", "53 plans"), ("a.txt", "In all, 25 children.")],
        "an increase of 112% over 6 months",
        declined=False,
        k=3,
    )
    assert outcome.found_quotes == [True, False]  # the second quote is in the wrong source
    assert outcome.recall == 0.5
    assert outcome.facts == 1.0


def test_evaluate_reports_both_systems(bundled: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in GOLD), encoding="utf-8")
    report = evaluate(bundled, load_gold(path), k=3)
    ours = report.figures("assistant")
    assert (ours.recall, ours.facts, ours.decline_recall, ours.false_declines) == (1.0, 1.0, 1.0, 0)
    assert report.figures("baseline").decline_recall == 0.0
    # Plain BM25 over the same passages: what the re-ranking is measured against, per kind.
    assert report.figures("passages", "procedure").recall == 1.0
    table = format_table(report)
    assert "OVERALL" in table and "baseline" in table and "recall@3" in table
    assert "passages" in table and "plain BM25 over the same passages" in table


def test_bad_gold_lines_are_named(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"question": "ok"}\n{"id": 2}\n', encoding="utf-8")
    try:
        load_gold(path)
    except ValueError as error:
        assert str(error).startswith("line 2")
    else:
        raise AssertionError("a line without a question was accepted")


REAL = """SOURCE: a note about where the page came from | to be dropped
Allegations against people who work with children

Every allegation about someone who works with children in Dunmere must go to the Designated
Officer within one working day.
"""


def test_documents_are_imported_into_a_temporary_home(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "01_dunmere_allegations.txt").write_text(REAL, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    line = {
        "id": "r1",
        "question": "how soon do allegations go to the designated officer in dunmere?",
        "kind": "fact",
        "gold": [
            {
                "quote": "must go to the Designated Officer within one working day",
                "source": "01_dunmere_allegations.txt",
            }
        ],
        "answer_facts": ["within one working day"],
    }
    gold.write_text(json.dumps(line), encoding="utf-8")
    with imported_documents(folder, skip_lines=1) as home:
        assert [p.name for p in home.imported] == ["01_dunmere_allegations.md"]
        text = home.imported[0].read_text(encoding="utf-8")
        assert "SOURCE" not in text
        report = evaluate(home.assistant, load_gold(gold), k=3)
        home_folder = home.imported[0].parent
    assert report.figures("assistant").recall == 1.0
    assert report.figures("assistant").facts == 1.0
    assert not home_folder.exists()


def test_eval_imports_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "01_dunmere_allegations.txt").write_text(REAL, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"question": "allegations in dunmere", "kind": "fact"}), "utf-8")
    assert main(["eval", str(gold), "--import", str(folder), "--skip-lines", "1"]) == 0
    captured = capsys.readouterr()
    assert "OVERALL" in captured.out and "imported 1 documents" in captured.err
