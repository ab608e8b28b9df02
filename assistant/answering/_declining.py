"""Declining: whether the sentences chosen to answer hold what the question is about."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering._ranking import (
    Scored,
    ScoredSentence,
    concept_match,
    holds_what_is_asked,
)
from assistant.answering.question import Concept, Question
from assistant.corpus.words import Stems

PRESENT_ENOUGH = 0.25
"""The share of what the question turns on (its words the knowledge base uses, weighted by
rarity, any way of saying them) that the chosen sentences and their headings must hold.
Calibrated on the seeds and the real documents together: no unanswerable question there is
declined by this rule alone, and 0.3 declined a cross question the documents answer."""


@dataclass
class Verdict:
    """Whether to answer with the chosen sentences, and how sure that is."""

    confidence: float
    declined: bool
    missing: list[str] = field(default_factory=list)
    """What the question asks about that the chosen sentences do not hold."""
    rules: list[str] = field(default_factory=list)
    """Which rules declined: "nothing chosen", "unknown words", "too little held", "a name",
    "a stated figure", "a term", "what is asked for"."""
    unnamed: list[str] = field(default_factory=list)
    """For an answer across documents: the places or bodies asked about that it has nothing on."""


def presence(question: Question, chosen: list[ScoredSentence]) -> list[float]:
    """For each concept of the question, how far the chosen sentences (or the headings and
    document they sit in) hold it: 1 as typed, less for another way of saying it, and little
    for some words of a phrase ("disclosure" is not "Domestic Violence Disclosure Scheme")."""
    found = [0.0] * len(question.concepts)
    for sentence in chosen:
        stems = Stems.of(sentence.text)
        around = sentence.passage.context.scores
        for number, concept in enumerate(question.concepts):
            here = max(concept_match(concept, stems), around[number])
            if here < PARTIAL:
                here /= 2
            found[number] = max(found[number], here)
    return found


PARTIAL = 0.5
"""Matches below this are some of a phrase's words, not the phrase."""
TERM_SHARE = 0.15
"""A glossary term carrying this share of a question's weight must be in the answer."""


def _in_documents(concept: Concept, chosen: list[ScoredSentence], ranked: list[Scored]) -> bool:
    """Whether the documents the chosen sentences come from have the concept anywhere (in any
    of their passages that were found)."""
    documents = {s.passage.hit.doc_id for s in chosen}
    return any(
        concept_match(concept, p.stems) >= PARTIAL for p in ranked if p.hit.doc_id in documents
    )


def _nation(concept: Concept) -> bool:
    """A nation of the UK ("in Wales"): its law differs, so documents that do not name it do
    not answer, whether or not the knowledge base names it anywhere."""
    return any(term.category == "nation" for term in concept.glossary)


def _counts(concept: Concept) -> bool:
    """Whether a concept can show that the knowledge base covers the question: an everyday
    word no passage uses says nothing either way (paraphrases are full of them), nor does a
    place or publisher no passage names (a page rarely names its own publisher: "the York
    guide"), but a glossary term, a nation or another name that no passage uses says the
    thing asked about is not here."""
    if not concept.unknown:
        return True
    if _nation(concept):
        return True
    places = [term for term in concept.glossary if term.category in ("place", "organisation")]
    if places or (concept.proper and not concept.glossary):
        return False
    return bool(concept.glossary) or concept.proper


def judge(question: Question, chosen: list[ScoredSentence], ranked: list[Scored]) -> Verdict:
    """Decline unless the chosen sentences (from ``ranked``) hold what the question turns on."""
    if not chosen or not question.concepts:
        return Verdict(0.0, True, rules=["nothing chosen"])
    found = presence(question, chosen)
    counted = [(c, f) for c, f in zip(question.concepts, found, strict=True) if _counts(c)]
    weight = sum(concept.weight for concept, _found in counted)
    if not weight:
        # Nothing in the question is a word the knowledge base uses.
        return Verdict(0.0, True, [c.surface for c in question.concepts], ["unknown words"])
    held = sum(concept.weight * value for concept, value in counted) / weight
    missing = [concept.surface for concept, value in counted if not value]
    confidence = held
    declined = held < PRESENT_ENOUGH
    rules = ["too little held"] if declined else []
    # A name (a place, a scheme) that the chosen sentences' documents do not have means they
    # are about something else; but a question across documents ("…in Barnet and Greater
    # Manchester") is answered for the names that are there, saying which are not.
    names = [(concept, value) for concept, value in counted if concept.proper]
    unnamed = [concept.surface for concept, value in names if not value]
    partly = question.across_documents and len(unnamed) < len(names)
    if unnamed and not partly:
        confidence *= 0.5
        declined = True
        rules.append("a name")
    # A figure the question states ("within 15 working days", "every 6 weeks", "2016/17")
    # is what it asks to be confirmed; an age ("a 15-year-old") only sets the scene.
    stated = [
        concept
        for concept, value in counted
        if value < PARTIAL
        and (concept.figure or (concept.surface.isdigit() and concept.surface not in question.ages))
    ]
    # So is a term of the field it names ("Claire's Law"): sentences from passages that do not
    # mention it are about something else.
    terms = [
        concept
        for concept, value in counted
        if concept.glossary
        and not concept.meta
        and value < PARTIAL
        and concept.weight >= TERM_SHARE * weight
        and not _in_documents(concept, chosen, ranked)
    ]
    if stated or terms:
        confidence *= 0.5
        declined = True
        rules += (["a stated figure"] if stated else []) + (["a term"] if terms else [])
        missing += [c.surface for c in stated + terms if c.surface not in missing]
    # A question asking for a number, a time or a telephone number is answered only by a
    # sentence that gives one.
    if not any(holds_what_is_asked(question, sentence.text) for sentence in chosen):
        confidence *= 0.5
        declined = True
        missing.append(f"({question.qtype})")
        rules.append("what is asked for")
    return Verdict(
        max(0.0, min(1.0, confidence)), declined, missing, rules, unnamed if partly else []
    )
