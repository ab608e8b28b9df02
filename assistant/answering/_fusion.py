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
    question: Question, passages: int, frequency: Callable[[str, str], int], budget_share: float
) -> list[Clause]:
    """A plain query: each typed word once, in the passage text, unweighted, rarest first
    within the same budget of postings as the weighted query."""
    typed = dict.fromkeys(word for concept in question.concepts for word in concept.alternatives[0])
    counted = sorted((frequency("body", word), word) for word in typed)
    budget = max(passages * budget_share, 2000)
    clauses, spent = [], 0
    for taken, (count, word) in enumerate(counted):
        if taken >= 3 and spent + count > budget:
            break
        clauses.append(Clause("body", (word,)))
        spent += count
    return clauses


def fuse(weighted: list[Hit], plain: list[Hit]) -> list[Hit]:
    """Both lists' passages, each scored by the better of its two scores as a share of its
    list's best (so a passage the plain query ranks first is never lost), best first."""
    scores: dict[str, float] = {}
    hits: dict[str, Hit] = {}
    for results in (weighted, plain):
        top = max((hit.score for hit in results), default=0.0) or 1.0
        for hit in results:
            scores[hit.pid] = max(scores.get(hit.pid, 0.0), hit.score / top)
            hits.setdefault(hit.pid, hit)
    ordered = sorted(scores, key=lambda pid: scores[pid], reverse=True)
    return [replace(hits[pid], score=scores[pid]) for pid in ordered]
