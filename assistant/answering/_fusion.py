"""Candidates from two searches: the question's concepts weighted by rarity and every way of
saying them, and a plain BM25 query of the words as typed, fused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assistant.answering.question import Question
from assistant.search.model import Clause, Hit

PLAIN_CANDIDATES = 20
"""Passages the plain query contributes."""


def plain_clauses(
    question: Question,
    passages: int,
    frequency: Callable[[str, str], int],
    budget_share: float,
    common_share: float,
) -> list[Clause]:
    """A plain query: each typed word once, in the passage text, unweighted, rarest first,
    within a budget of postings to read (words in more than ``common_share`` of the passages
    left out), so that it costs little beside the weighted query."""
    typed = dict.fromkeys(word for concept in question.concepts for word in concept.alternatives[0])
    counted = sorted((frequency("body", word), word) for word in typed)
    budget = max(passages * budget_share, 2000)
    common = max(passages * common_share, 50)
    clauses: list[Clause] = []
    spent = 0
    for count, word in counted:
        # A word most passages have tells plain BM25 little and costs the most to score.
        if count > common or spent + count > budget:
            break
        clauses.append(Clause("body", (word,)))
        spent += count
    return clauses


def fuse(weighted: list[Hit], plain: list[Hit]) -> list[Hit]:
    """The weighted query's passages as they are, then those only the plain query found, each
    scored as a share of the best of its own list (so a passage the plain query ranks first is
    never lost, and the weighted query's order is kept)."""
    top = max((hit.score for hit in weighted), default=0.0) or 1.0
    top_plain = max((hit.score for hit in plain), default=0.0) or 1.0
    seen = {hit.pid for hit in weighted}
    fused = [replace(hit, score=hit.score / top) for hit in weighted]
    fused += [replace(hit, score=hit.score / top_plain) for hit in plain if hit.pid not in seen]
    return fused
