"""Evaluation: the figures are computed as documented, beside the baseline."""

from __future__ import annotations

import json
from pathlib import Path

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
    table = format_table(report)
    assert "OVERALL" in table and "baseline" in table and "recall@3" in table


def test_bad_gold_lines_are_named(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"question": "ok"}\n{"id": 2}\n', encoding="utf-8")
    try:
        load_gold(path)
    except ValueError as error:
        assert str(error).startswith("line 2")
    else:
        raise AssertionError("a line without a question was accepted")
