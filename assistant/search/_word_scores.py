"""One-word clauses' BM25F scores summed a posting block at a time, skipping what cannot win."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Collection, Container, Iterator, Sequence
from dataclasses import dataclass

MARGIN = 1e-6
"""How far below the best ``limit`` scores a passage is still kept: scores are compared once
rounded to ten significant digits, and sums made in another order differ far less than this."""


@dataclass
class Block:
    """A run of postings: the highest passage number in it, and how to decode it."""

    last: int
    read: Callable[[], tuple[Sequence[int], Sequence[float]]]


@dataclass
class WordList:
    """One clause's postings in one segment, with what scoring them needs."""

    offset: int
    blocks: Callable[[], Iterator[Block]]
    idf: float
    boost: float
    k1: float
    norms: Sequence[float]
    lengths: bytes
    deleted: frozenset[int]
    bound: float
    """No passage gets more than this from the list (its greatest weight, shortest length)."""


@dataclass
class Scores:
    """The summed scores of every passage that could be among the best, and the blocks left
    unread because no passage that could be was in them."""

    scores: dict[int, float]
    skipped: int = 0


def best_scores(
    clauses: Sequence[Sequence[WordList]],
    limit: int,
    allowed: Container[int] | None,
    excluded: Collection[int] = frozenset(),
) -> Scores:
    """Each passage's summed score, for every passage that could be among the best ``limit``,
    of those ``allowed`` (all when None) less those ``excluded``.

    Clauses are read from the one that can add most (MaxScore, term at a time): once the
    clauses still to read could not lift a passage not yet seen to the ``limit``-th best score,
    only passages already seen are scored, and blocks holding none of them are skipped.
    """
    order = sorted(clauses, key=lambda lists: -max((wl.bound for wl in lists), default=0.0))
    bounds = [max((wl.bound for wl in lists), default=0.0) for lists in order]
    rest = [sum(bounds[i:]) for i in range(len(bounds))]
    found = Scores({})
    candidates: list[int] | None = None
    for i, lists in enumerate(order):
        if len(found.scores) >= limit:
            floor = heapq.nlargest(limit, found.scores.values())[-1] * (1 - MARGIN)
            if candidates is not None or rest[i] < floor:
                pool = candidates if candidates is not None else found.scores
                candidates = sorted(k for k in pool if found.scores[k] + rest[i] >= floor)
                found.scores = {k: found.scores[k] for k in candidates}
        for word_list in lists:
            if candidates is None:
                _add_all(word_list, found.scores, allowed)
                # A few passages left out (the glossary's) cost less taken away after the list
                # than looked for at each posting; none is counted in deciding what can win.
                for key in excluded:
                    found.scores.pop(key, None)
            else:
                found.skipped += _add_to(word_list, found.scores, candidates)
    return found


def _add_all(word_list: WordList, scores: dict[int, float], allowed: Container[int] | None) -> None:
    """Every posting's score added to its passage's."""
    idf, k1, norms, raw = word_list.idf, word_list.k1, word_list.norms, word_list.lengths
    deleted, offset, boost = word_list.deleted, word_list.offset, word_list.boost
    get = scores.get
    for block in word_list.blocks():
        ids, weights = block.read()
        for docnum, weight in zip(ids, weights, strict=True):
            if deleted and docnum in deleted:
                continue
            key = offset + docnum
            if allowed is not None and key not in allowed:
                continue
            # ``bm25`` written out: this loop is most of a search's time.
            score = idf * ((weight * (k1 + 1)) / (weight + norms[raw[docnum]]))
            if boost != 1.0:
                score = score * boost
            scores[key] = get(key, 0.0) + score


def _add_to(word_list: WordList, scores: dict[int, float], candidates: list[int]) -> int:
    """The scores of the candidates this list holds added to theirs, reading only the blocks
    that may hold one; how many blocks were skipped."""
    offset = word_list.offset
    start = bisect_left(candidates, offset)
    end = bisect_left(candidates, offset + len(word_list.lengths))
    wanted = [key - offset for key in candidates[start:end]]
    skipped, j = 0, 0
    for block in word_list.blocks():
        if j == len(wanted):
            break
        if wanted[j] > block.last:
            skipped += 1
            continue
        ids, weights = block.read()
        while j < len(wanted) and wanted[j] <= block.last:
            docnum = wanted[j]
            at = bisect_left(ids, docnum)
            if at < len(ids) and ids[at] == docnum:
                norm = word_list.norms[word_list.lengths[docnum]]
                scores[offset + docnum] += bm25(
                    word_list.idf, word_list.boost, word_list.k1, weights[at], norm
                )
            j += 1
    return skipped


def bm25(idf: float, boost: float, k1: float, weight: float, norm: float) -> float:
    """A posting's score as whoosh.scoring.bm25 gives it, ``norm`` being the length part
    (``k1 * ((1 - b) + b * length / average)``), then the clause's boost."""
    score = idf * ((weight * (k1 + 1)) / (weight + norm))
    return score * boost if boost != 1.0 else score
