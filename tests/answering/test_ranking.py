"""Re-ranking's shortcuts: each gives the ranking that reading everything gives."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest

from assistant.answering import _ranking
from assistant.answering._ranking import _joint_bound, _sentences, coverage
from assistant.answering.asking import answer_question
from assistant.corpus.sentences import split_sentences
from assistant.corpus.words import Stems, word_count
from assistant.facade import Assistant
from tests.conftest import REPO

_DEV = [
    root / "shared" / "eval" / "dev-questions.jsonl" for root in (REPO.parent.parent, REPO.parent)
]
DEV = next((path for path in _DEV if path.exists()), None)
"""The dev questions, where the shared folder is beside the checkout (as in CI)."""
QUESTIONS = [
    "who signs off a 3rd CP plan",
    "how often should the core group meet",
    "what does disguised compliance look like",
    "how many children had a 2nd plan within 2 years",
    "what should happen before a second child protection plan",
    "missed health appointments as a sign of DC",
]


def _questions() -> list[str]:
    if DEV is not None:
        return QUESTIONS + [json.loads(line)["question"] for line in DEV.read_text().splitlines()]
    return QUESTIONS


def _ranked(bundled: Assistant, text: str) -> list[tuple[str, float, list[Any]]]:
    question = bundled.read(text)
    _answer, ranked = answer_question(bundled.index, question)
    return [
        (
            item.hit.pid,
            item.score,
            [(s.text, s.coverage, s.own, s.needs_previous) for s in item.sentences],
        )
        for item in ranked
    ]


def test_pairs_left_unread_would_not_have_changed_the_ranking(
    bundled: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = _questions()
    quick = [_ranked(bundled, text) for text in questions]
    # Every pair of sentences read together, as before the bound.
    monkeypatch.setattr(_ranking, "_joint_bound", lambda *_args: float("inf"))
    assert [_ranked(bundled, text) for text in questions] == quick


def test_the_bound_is_never_below_what_a_pair_covers(bundled: Assistant) -> None:
    checked = 0
    for text in _questions():
        question = bundled.read(text)
        total = question.total_weight
        for item in answer_question(bundled.index, question)[1]:
            sentences = _sentences(item.hit.text)
            for (_p, _t, first), (_q, _u, second) in zip(sentences, sentences[1:], strict=False):
                joined = Stems.joined(first, second)
                covered = coverage(question, joined, item.context, total)
                assert _joint_bound(question, first, second, item.context, total) >= covered
                checked += covered > 0
    assert checked > 100


def test_a_passage_s_sentences_are_its_sentences_of_four_words_or_more() -> None:
    text = "Too short here. The core group meets every ten working days.\nA list item of words"
    expected = [
        (n, s, Stems(s).positions)
        for n, s in enumerate(split_sentences(text))
        if word_count(s) >= _ranking.SENTENCE_WORDS
    ]
    assert [(n, s, stems.positions) for n, s, stems in _sentences(text)] == expected
    assert [n for n, _s, _stems in _sentences(text)] == [1, 2]


def test_remembered_stems_are_left_alone_by_the_garbage_collector() -> None:
    # Tens of thousands are remembered; a full collection that walked each would stall an
    # answer now and then (lists of positions are always walked, tuples of numbers not).
    stems = Stems.of("the core group meets and the core group plans")
    gc.collect()
    assert not gc.is_tracked(stems.positions)
