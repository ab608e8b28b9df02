"""Skipping postings that cannot reach the top never changes the best passages or their scores."""

from __future__ import annotations

import heapq

from hypothesis import given
from hypothesis import strategies as st

from assistant.search._word_scores import Block, WordList, best_scores, bm25

K1, B = 1.2, 0.75
NORMS = [K1 * ((1 - B) + B * size / 20) for size in range(256)]
PASSAGES = 400


def word_list(postings: dict[int, int], idf: float, boost: float, lengths: bytes) -> WordList:
    """One segment's postings as blocks of four, with the bound ``_word_lists`` gives."""
    ids = sorted(postings)
    weights = [float(postings[n]) for n in ids]
    blocks = [
        Block(ids[i : i + 4][-1], lambda i=i: (ids[i : i + 4], weights[i : i + 4]))
        for i in range(0, len(ids), 4)
    ]
    shortest = min((NORMS[lengths[n]] for n in ids), default=NORMS[0])
    bound = bm25(idf, boost, K1, max(weights, default=0.0), shortest)
    return WordList(0, lambda: iter(blocks), idf, boost, K1, NORMS, lengths, frozenset(), bound)


clause = st.tuples(
    st.dictionaries(st.integers(0, PASSAGES - 1), st.integers(1, 9), max_size=120),
    st.floats(0.5, 8.0),
    st.sampled_from([1.0, 0.6, 1.5, 2.64]),
)


@given(
    st.lists(clause, min_size=1, max_size=8),
    st.binary(min_size=PASSAGES, max_size=PASSAGES),
    st.integers(1, 30),
    st.sets(st.integers(0, PASSAGES - 1)) | st.none(),
    st.sets(st.integers(0, PASSAGES - 1), max_size=40),
)
def test_best_scores_keep_the_best_with_their_exact_scores(
    clauses: list[tuple[dict[int, int], float, float]],
    lengths: bytes,
    limit: int,
    allowed: set[int] | None,
    excluded: set[int],
) -> None:
    lists = [[word_list(postings, idf, boost, lengths)] for postings, idf, boost in clauses]
    exact: dict[int, float] = {}
    for postings, idf, boost in clauses:
        for docnum, weight in postings.items():
            if (allowed is None or docnum in allowed) and docnum not in excluded:
                score = bm25(idf, boost, K1, float(weight), NORMS[lengths[docnum]])
                exact[docnum] = exact.get(docnum, 0.0) + score
    found = best_scores(lists, limit, allowed, excluded).scores
    top = heapq.nlargest(limit, exact.values())
    floor = top[-1] if top else 0.0
    # Every passage that could be among the best is there, with its exact score...
    for docnum, score in exact.items():
        if score >= floor * (1 - 1e-9):
            assert abs(found[docnum] - score) <= 1e-9 * score
    # ...and nothing is scored that no clause holds or the filters leave out.
    assert set(found) <= set(exact)


def test_rare_words_first_then_only_their_passages_are_read_from_common_ones() -> None:
    # A rare word of high weight and common ones of low weight: the common words' blocks
    # without a passage that could win are skipped, and the best stay exact.
    import random

    rng = random.Random(7)
    skipped = 0
    for _trial in range(200):
        lengths = bytes(rng.randrange(1, 60) for _ in range(PASSAGES))
        rare = {rng.randrange(PASSAGES): rng.randrange(1, 4) for _ in range(rng.randrange(5, 40))}
        common = [
            {n: rng.randrange(1, 3) for n in range(PASSAGES) if rng.random() < 0.5}
            for _ in range(rng.randrange(1, 4))
        ]
        clauses = [(rare, 9.0, 2.0)] + [(postings, 0.3, 1.0) for postings in common]
        lists = [[word_list(postings, idf, boost, lengths)] for postings, idf, boost in clauses]
        exact: dict[int, float] = {}
        for postings, idf, boost in clauses:
            for docnum, weight in postings.items():
                score = bm25(idf, boost, K1, float(weight), NORMS[lengths[docnum]])
                exact[docnum] = exact.get(docnum, 0.0) + score
        limit = rng.randrange(1, 10)
        found = best_scores(lists, limit, None)
        floor = heapq.nlargest(limit, exact.values())[-1]
        for docnum, score in exact.items():
            if score >= floor:
                assert abs(found.scores[docnum] - score) <= 1e-9 * score
        skipped += found.skipped
    assert skipped > 0
