"""Composing an answer: the lead and supporting sentences, numbered citations, or a decline."""

from __future__ import annotations

import re
from typing import Any

from assistant.answering._ranking import (
    Scored,
    ScoredSentence,
    best_sentences,
    concept_match,
    diversify,
    type_bonus,
)
from assistant.answering.answers import Answer, Citation, Quote
from assistant.answering.question import Question
from assistant.corpus.sentences import split_sentences
from assistant.corpus.sources import describe_source
from assistant.corpus.words import Stems, word_count
from assistant.search.model import Hit

DECLINE_BELOW = 0.33
"""Confidence under which the assistant says the knowledge base does not cover a question."""
_ANAPHORA = re.compile(
    r"^(however|this|these|those|that|it|they|both|of these|of this|in both|therefore|"
    r"similarly|also|further|furthermore|additionally|in addition|again|such)\b",
    re.IGNORECASE,
)


def compose(
    question: Question, ranked: list[Scored], stale_years: int, definition: Hit | None = None
) -> Answer:
    """Pick the lead and supporting sentences, number the citations, decide whether to decline."""
    ranked = diversify(ranked, per_document=question.across_documents)
    sentences = best_sentences(question, ranked)
    confidence = _confidence(question, ranked, sentences)
    declined = (confidence < DECLINE_BELOW or not sentences) and definition is None
    citations: dict[str, Citation] = {}

    def cite(hit: Hit, quoted: bool = True) -> int:
        if hit.pid not in citations:
            source = describe_source(
                hit.title, hit.organisation, hit.kind, hit.published, stale_years
            )
            citations[hit.pid] = Citation(len(citations) + 1, hit, source, quoted)
        elif quoted:
            citations[hit.pid].quoted = True
        return citations[hit.pid].n

    if declined:
        for scored in ranked[:3]:
            cite(scored.hit, quoted=False)
        return Answer(question.text, [], [], list(citations.values()), True, confidence)
    if definition is not None:
        meaning, usage = _definition_quotes(question, definition, sentences, cite)
        return Answer(
            question.text, meaning, usage, list(citations.values()), False, max(confidence, 0.9)
        )

    # The lead is the best sentence of the leading passages; its passage is cited first, then
    # the other strong passages in rank order, each with its best sentences.
    leading = ranked[:3]
    best = max((s for s in sentences if s.passage in leading), key=lambda s: s.score)
    order = [best.passage] + [p for p in ranked if p is not best.passage]
    if question.across_documents:
        # One passage a document, for as many documents as have something to say.
        leaders = {p.hit.doc_id: p for p in reversed(order) if p.score >= 0.25 * order[0].score}
        chosen = [p for p in order if leaders.get(p.hit.doc_id) is p][:6]
    else:
        floor = 0.6 * order[0].score
        chosen = [p for p in order[:5] if p.score >= floor or p is best.passage]
    by_passage: dict[int, list[ScoredSentence]] = {id(p): [] for p in chosen}
    for sentence in sentences:
        if id(sentence.passage) in by_passage:
            by_passage[id(sentence.passage)].append(sentence)

    lead_sentences = [best]
    for other in by_passage[id(best.passage)]:
        if len(lead_sentences) >= 2:
            break
        if (
            other is not best
            and other.score >= 0.85 * best.score
            and other.coverage >= 0.85 * best.coverage
        ):
            lead_sentences.append(other)
    # The sentence right after the best one often finishes its thought ("The CPC and the
    # Social Worker will need to discuss the timescales…"): keep it when it is on the subject.
    if len(lead_sentences) < 2:
        following = [
            s
            for s in best.passage.sentences
            if s.position == best.position + 1 and s.own >= 0.4 * best.coverage
        ]
        lead_sentences.extend(following)
    lead_sentences.sort(key=lambda s: s.position)
    lead: list[Quote] = []
    used: set[tuple[int, int]] = set()
    for sentence in _with_context(lead_sentences):
        used.add((id(sentence.passage), sentence.position))
        lead.append(Quote(sentence.text, cite(sentence.passage.hit)))
        if sentence.text.rstrip().endswith((":", ":-")):
            # "…it is important to review:" — the list that follows is the answer.
            for item in _list_after(sentence):
                used.add((id(sentence.passage), item.position))
                lead.append(Quote(item.text, cite(sentence.passage.hit), item=True))

    points: list[Quote] = []
    threshold = 0.5 * best.score
    for passage in chosen:
        taken = 0
        for sentence in by_passage[id(passage)]:
            # A question across documents wants more from each; otherwise the lead's passage
            # gives two points and the others one.
            allowed = 2 if passage is best.passage or question.across_documents else 1
            if taken >= allowed or len(points) >= 2 * len(chosen) + 1:
                break
            key = (id(passage), sentence.position)
            # "Which documents…": each document's own best sentence, however it scores overall.
            enough = (sentence.score >= threshold and sentence.coverage >= 0.5 * best.coverage) or (
                question.across_documents and sentence.coverage >= 0.5 * best.coverage
            )
            if key in used or not enough:
                continue
            if any(_near_duplicate(sentence.text, quote.text) for quote in lead + points):
                continue
            used.add(key)
            taken += 1
            points.append(Quote(sentence.text, cite(passage.hit)))
    # Strong passages with nothing quoted are listed too, so the reader can go further.
    for passage in chosen:
        if len(citations) >= 5:
            break
        cite(passage.hit, quoted=False)
    return Answer(question.text, lead, points, list(citations.values()), False, confidence)


def _definition_quotes(
    question: Question, definition: Hit, sentences: list[ScoredSentence], cite: Any
) -> tuple[list[Quote], list[Quote]]:
    """The glossary's definition first, then the term as the knowledge base uses it."""
    lead = [
        Quote(text, cite(definition))
        for text in split_sentences(definition.text)
        if not text.startswith("(Source:")
    ]
    points: list[Quote] = []
    term_concepts = [c for c in question.concepts if c.glossary]
    for sentence in sentences:
        if len(points) >= 3:
            break
        if term_concepts and not any(
            concept_match(c, Stems.of(sentence.text)) for c in term_concepts
        ):
            continue
        if any(_near_duplicate(sentence.text, quote.text) for quote in points):
            continue
        points.append(Quote(sentence.text, cite(sentence.passage.hit)))
    return lead, points


def _list_after(sentence: ScoredSentence, limit: int = 8) -> list[ScoredSentence]:
    """The short lines (list items) that follow a sentence introducing them."""
    following = split_sentences(sentence.passage.hit.text)[sentence.position + 1 :]
    items: list[ScoredSentence] = []
    for offset, text in enumerate(following[:limit]):
        # Items of one list end alike; a line ending differently starts the next paragraph.
        if word_count(text) > 40 or (items and text.endswith(".") != items[0].text.endswith(".")):
            break
        items.append(ScoredSentence(text, sentence.passage, sentence.position + 1 + offset, 0.0))
    return items


def _with_context(chosen: list[ScoredSentence]) -> list[ScoredSentence]:
    """Add the sentence before one starting "However," or "These…": it needs that to make sense."""
    result: list[ScoredSentence] = []
    for sentence in chosen:
        if sentence.position > 0 and (sentence.needs_previous or _ANAPHORA.match(sentence.text)):
            previous = split_sentences(sentence.passage.hit.text)[sentence.position - 1]
            before = ScoredSentence(previous, sentence.passage, sentence.position - 1, 0.0)
            if all(
                s.position != before.position or s.passage is not before.passage for s in result
            ):
                result.append(before)
        if all(
            s.position != sentence.position or s.passage is not sentence.passage for s in result
        ):
            result.append(sentence)
    return result


def _near_duplicate(one: str, other: str) -> bool:
    a, b = set(one.lower().split()), set(other.lower().split())
    return bool(a and b) and len(a & b) / min(len(a), len(b)) > 0.8


def _confidence(question: Question, ranked: list[Scored], sentences: list[ScoredSentence]) -> float:
    """How sure we are that the best sentences answer the question (0..1)."""
    if not ranked or not sentences or not question.concepts:
        return 0.0
    best = max(sentences[:5], key=lambda s: s.coverage)
    confidence = 0.7 * best.coverage + 0.3 * ranked[0].coverage
    # A name the question turns on (a place, a scheme, an organisation) that the best passage
    # does not mention means the passage is about something else.
    total = question.total_weight or 1.0
    for concept in question.concepts:
        if concept.proper and not any(
            max(concept_match(concept, p.stems), p.context.match(concept)) for p in ranked[:3]
        ):
            confidence *= 0.5
        elif concept.unknown and concept.weight / total >= 0.2:
            # A content word that no passage uses at all: the thing asked about is not here.
            confidence *= 0.7
    if question.qtype in ("number", "time") and not any(
        type_bonus(question.qtype, s.text) for s in sentences[:3]
    ):
        confidence *= 0.8
    return max(0.0, min(1.0, confidence))
