"""Asking: a question read (every reading of it), searched, re-ranked and composed into an
answer that says how the question was read."""

from __future__ import annotations

from assistant.answering._composing import compose, gives_what_is_asked
from assistant.answering._fusion import PLAIN_CANDIDATES, fuse, plain_clauses
from assistant.answering._ranking import (
    CANDIDATES,
    COMMON_SHARE,
    POSTINGS_SHARE,
    Scored,
    rank_passages,
    search_clauses,
)
from assistant.answering.answers import Answer
from assistant.answering.question import (
    Question,
    check_filters,
    is_follow_up,
    near_miss_readings,
    read_question,
    with_context,
)
from assistant.corpus.glossary import Glossary
from assistant.corpus.words import TOKEN, analyse
from assistant.search.model import Filters, Hit, PassageSearch

READING_MARGIN = 0.05
"""How much more sure another reading of a question must be to be preferred to the words as
typed."""


def find_definition(index: PassageSearch, names: list[str]) -> Hit | None:
    """The glossary's entry for one of ``names`` (terms as the glossary writes them), or None."""
    found = find_definitions(index, names)
    return found[0] if found else None


def find_definitions(index: PassageSearch, names: list[str]) -> list[Hit]:
    """The glossary's entries for ``names`` (terms as the glossary writes them), the meaning
    the knowledge base uses most first ("CPC": the conference, then the co-ordinator).

    Looked up by the term itself, whatever the index's size.
    """
    entries = {name.lower(): index.glossary_entry(name) for name in names}
    hits = [entry for name in dict.fromkeys(names) if (entry := entries[name.lower()])]

    def used(hit: Hit) -> int:
        # A phrase is as common as its rarest word.
        return min((index.document_frequency("body", w) for w in analyse(hit.section)), default=0)

    return sorted(hits, key=used, reverse=True)


def read(
    index: PassageSearch, glossary: Glossary, text: str, filters: Filters | None = None
) -> Question:
    """A question read against the glossary and the index's words; inline filters in the text
    add to ``filters``."""
    question = read_question(
        text,
        glossary,
        frequency=lambda word: index.document_frequency("body", word),
        passages=index.passage_count(),
        suggest=index.suggest,
    )
    if filters:
        question.filters.kind = filters.kind or question.filters.kind
        question.filters.organisation = filters.organisation or question.filters.organisation
        question.filters.since = filters.since or question.filters.since
    check_filters(question.filters)
    return question


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
    exclude = "" if only_glossary else "glossary"
    hits = index.search(clauses, question.filters, limit=CANDIDATES, exclude_kind=exclude)
    plain = plain_clauses(
        question, index.passage_count(), index.document_frequency, POSTINGS_SHARE, COMMON_SHARE
    )
    # When the weighted query already asks for every word the plain one would, the plain
    # one can only find the same passages; it runs when the weighted query had to leave a
    # typed word out.
    asked = {clause.words for clause in clauses if clause.field == "body"}
    if plain and not all(clause.words in asked for clause in plain):
        found = index.search(plain, question.filters, limit=PLAIN_CANDIDATES, exclude_kind=exclude)
        hits = fuse(hits, found)
    ranked = rank_passages(question, hits)
    definitions = find_definitions(index, defined) if defined and not only_glossary else []
    return compose(question, ranked, stale_years, definitions), ranked


def plain_passages(
    index: PassageSearch, glossary: Glossary, text: str, limit: int = 10
) -> list[Hit]:
    """The passages a plain BM25 query of every word of the question finds, as it ranks
    them: the baseline the assistant's re-ranking is measured against."""
    question = read(index, glossary, text)
    clauses = plain_clauses(question, index.passage_count(), index.document_frequency, 1.0, 1.1)
    return index.search(clauses, question.filters, limit=limit, exclude_kind="glossary")


def defined_terms(glossary: Glossary, question: Question) -> list[str]:
    """The glossary terms a "what does X mean" question asks about."""
    if not question.definition_of:
        return []
    defined = [term.term for term in glossary.lookup(question.definition_of)]
    if not defined:
        # "what is a core group meeting": the glossary may know a shorter form of it.
        for _start, _end, concept in glossary.concepts(question.definition_of):
            defined.extend(term.term for term in concept.terms)
    return defined


def ask(
    index: PassageSearch,
    glossary: Glossary,
    text: str,
    filters: Filters | None = None,
    previous: Question | None = None,
    stale_years: int = 5,
) -> Answer:
    """The answer to a question, from the reading of it that the knowledge base answers best.

    ``previous`` is the question before: a question that says it follows on ("and for a
    third plan?", "what about Southampton?") is read with it.
    """
    best: Answer | None = None
    for number, (reading, changed) in enumerate([(text, {}), *near_miss_readings(text, glossary)]):
        question = read(index, glossary, reading, filters)
        question.spelling = {**changed, **question.spelling}
        question.text = text
        follow_up = previous is not None and is_follow_up(text, question)
        if previous is not None and follow_up:
            question = with_context(previous, question)
        answer, _ranked = answer_question(
            index, question, stale_years, defined_terms(glossary, question)
        )
        answer.asked = question
        answer.notes = reading_notes(question, answer, previous if follow_up else None)
        if best is None or _better(answer, best, typed_first=number == 0):
            best = answer
    assert best is not None
    return best


def _better(answer: Answer, than: Answer, typed_first: bool) -> bool:
    """Whether another reading's answer beats the answer to the words as typed: it answers
    where that declines, its lead gives what is asked (a role for "who…") where that one's
    does not, or it is clearly surer."""
    if typed_first:
        return True
    if than.declined != answer.declined:
        return than.declined
    gives, gave = _gives(answer), _gives(than)
    if gives != gave:
        return gives
    return answer.confidence >= than.confidence + READING_MARGIN


def _gives(answer: Answer) -> bool:
    return (
        answer.asked is not None
        and bool(answer.lead)
        and gives_what_is_asked(answer.asked, answer.lead[0].text)
    )


def reading_notes(question: Question, answer: Answer, previous: Question | None) -> list[str]:
    """How the question was read: spelling, filters, the question it follows."""
    notes = []
    if question.spelling:
        fixed = ", ".join(f"“{typed}” as “{read}”" for typed, read in question.spelling.items())
        notes.append(f"Read {fixed}.")
    if previous is not None:
        notes.append(f"Read with the question before: “{previous.text.split(' → ')[-1]}”.")
    if answer.missing and not answer.declined:
        named = ", ".join(f"“{name}”" for name in answer.missing)
        notes.append(f"No passage quoted names {named}.")
    filters = question.filters
    if filters:
        parts = []
        if filters.kind:
            parts.append(f"kind {filters.kind}")
        if filters.organisation:
            parts.append(f"organisation “{filters.organisation}”")
        if filters.since:
            parts.append(f"published since {filters.since}")
        inherited = previous is not None and question.inherited_filters
        undated = filters.since and any(not c.hit.published for c in answer.citations)
        notes.append(
            ("Searched only (as the question before): " if inherited else "Searched only: ")
            + ", ".join(parts)
            + (" (documents without a date are kept, shown as undated)" if undated else "")
            + "."
        )
    return notes


def matching_spans(text: str, question: Question) -> list[tuple[int, int]]:
    """Where the question's words (any way of saying them) occur in ``text``, to highlight."""
    wanted = {word for concept in question.concepts for alt in concept.alternatives for word in alt}
    spans = []
    for match in TOKEN.finditer(text):
        stems = analyse(match.group(0))
        if stems and stems[0] in wanted:
            spans.append((match.start(), match.end()))
    return spans
