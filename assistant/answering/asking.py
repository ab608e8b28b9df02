"""Asking: a read question searched, re-ranked and composed into an answer."""

from __future__ import annotations

from assistant.answering._composing import compose
from assistant.answering._ranking import CANDIDATES, Scored, rank_passages, search_clauses
from assistant.answering.answers import Answer
from assistant.answering.question import Question
from assistant.corpus.words import TOKEN, analyse
from assistant.search.model import Clause, Filters, Hit, PassageSearch


def find_definition(index: PassageSearch, names: list[str]) -> Hit | None:
    """The glossary's entry for one of ``names`` (terms as the glossary writes them), or None.

    Found by the term's name in the heading: a small query, whatever the index's size.
    """
    clauses = [Clause("heading", tuple(analyse(name))) for name in names if analyse(name)]
    wanted = {name.lower() for name in names}
    found = index.search(clauses, Filters(kind="glossary"), limit=20)
    return next((hit for hit in found if hit.section.lower() in wanted), None)


def answer_question(
    index: PassageSearch,
    question: Question,
    stale_years: int = 5,
    defined: list[str] | None = None,
) -> tuple[Answer, list[Scored]]:
    """Search, re-rank and compose an answer; ``defined`` names glossary terms asked about."""
    clauses = search_clauses(question, index.passage_count(), index.document_frequency)
    if not clauses:
        return Answer(question.text, [], [], [], True, 0.0), []
    # The glossary is our own wording: it answers "what does X mean", not practice questions.
    only_glossary = question.filters.kind == "glossary"
    hits = index.search(
        clauses,
        question.filters,
        limit=CANDIDATES,
        exclude_kind="" if only_glossary else "glossary",
    )
    ranked = rank_passages(question, hits)
    definition = find_definition(index, defined) if defined and not only_glossary else None
    return compose(question, ranked, stale_years, definition), ranked


def matching_spans(text: str, question: Question) -> list[tuple[int, int]]:
    """Where the question's words (any way of saying them) occur in ``text``, to highlight."""
    wanted = {word for concept in question.concepts for alt in concept.alternatives for word in alt}
    spans = []
    for match in TOKEN.finditer(text):
        stems = analyse(match.group(0))
        if stems and stems[0] in wanted:
            spans.append((match.start(), match.end()))
    return spans
