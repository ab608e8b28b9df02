"""Composing an answer: the lead and supporting sentences, numbered citations, or a decline."""

from __future__ import annotations

import re
from typing import Any

from assistant.answering._declining import PARTIAL, TERM_SHARE, judge, presence
from assistant.answering._ranking import (
    TYPED,
    Scored,
    ScoredSentence,
    best_sentences,
    concept_match,
    diversify,
    holds_what_is_asked,
    read_sentences,
    type_bonus,
)
from assistant.answering.answers import Answer, Citation, Definition, Quote
from assistant.answering.question import Question
from assistant.corpus.sentences import sentence_lines, split_sentences
from assistant.corpus.sources import describe_source
from assistant.corpus.words import Stems, word_count
from assistant.patterns import Pattern
from assistant.search.model import Hit

_CONTINUES = Pattern(
    r"^(if (this|so|that)\b|in (this|that|such) (case|event)|where this\b|when this\b|"
    r"this (will|may|can|should|must|means|is)\b|otherwise\b|"
    r"(while|whilst|although|though|because|since|unless|even if|even though) "
    r"(this|that|these|it|they|such)\b|(because of|for) (this|that|these|those)( reasons?)?\b|"
    r"as a (result|consequence)\b|that is why\b)",
    re.IGNORECASE,
)
"""A sentence going on from the one before ("If this is the case a review may be…", "While
this may seem harmless, …", "For these reasons…"): often the point of the one before."""
_ANAPHORA = Pattern(
    r"^(however|this|these|those|that|it|they|both|of these|of this|in both|therefore|"
    r"similarly|also|further|furthermore|additionally|in addition|again|such)\b",
    re.IGNORECASE,
)


def compose(
    question: Question, ranked: list[Scored], stale_years: int, definitions: list[Hit] | None = None
) -> Answer:
    """Pick the lead and supporting sentences, decide whether they answer the question, and
    number the citations.

    ``definitions`` are the glossary's entries for a term asked about: shown first, as the
    assistant's own wording, then the term as the knowledge base uses it.
    """
    meanings = [_meaning(hit) for hit in definitions or []]
    ranked = diversify(ranked, per_document=question.across_documents)
    sentences = best_sentences(question, ranked)
    best = _lead_sentence(question, ranked, sentences)
    lead: list[ScoredSentence] = []
    points: list[ScoredSentence] = []
    chosen: list[Scored] = []
    if best is not None:
        lead = _lead_sentences(question, best, sentences)
        chosen = _passages(question, best, ranked)
        points = _points(question, best, lead, chosen, sentences)
    # Across documents, the answer is all of it; otherwise the lead must answer.
    verdict = judge(question, lead + points if question.across_documents else lead, ranked)
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

    if verdict.declined:
        if meanings:
            # The glossary knows the term though no document answers: its meaning, and where
            # the documents use it.
            usage = _usage(question, sentences, cite)
            return Answer(
                question.text, [], usage, list(citations.values()), False, 0.9, definitions=meanings
            )
        for scored in ranked[:3]:
            cite(scored.hit, quoted=False)
        declined = Answer(question.text, [], [], list(citations.values()), True, verdict.confidence)
        declined.missing = verdict.missing
        declined.declined_by = verdict.rules
        return declined

    lead_quotes = [
        Quote(sentence.text, cite(sentence.passage.hit), item=sentence.item) for sentence in lead
    ]
    point_quotes = [Quote(sentence.text, cite(sentence.passage.hit)) for sentence in points]
    # Strong passages with nothing quoted are listed too, so the reader can go further.
    for passage in chosen:
        if len(citations) >= 5:
            break
        cite(passage.hit, quoted=False)
    for passage in ranked[:SEE_ALSO]:
        if len(citations) < SEE_ALSO and passage.score >= SEE_ALSO_SHARE * ranked[0].score:
            cite(passage.hit, quoted=False)
    confidence = max(verdict.confidence, 0.9) if meanings else verdict.confidence
    answer = Answer(
        question.text,
        lead_quotes,
        point_quotes,
        list(citations.values()),
        False,
        confidence,
        definitions=meanings,
    )
    answer.missing = verdict.unnamed
    return answer


BEST_PASSAGE_POINTS = 4
"""Supporting points the lead's passage may give, also when it is the only strong passage."""
PASSAGE_FLOOR = 0.45
"""Passages scoring at least this share of the best may give a supporting point."""
SEE_ALSO = 3
"""An answer lists at least this many passages when there are that many nearly as strong."""
SEE_ALSO_SHARE = 0.4


def _passages(question: Question, best: ScoredSentence, ranked: list[Scored]) -> list[Scored]:
    """The lead's passage first, then the other strong passages in rank order (for a question
    across documents, each document's best and a second nearly as good)."""
    order = [best.passage] + [p for p in ranked if p is not best.passage]
    if question.across_documents:
        # For as many documents as have something to say: each one's best, then the seconds.
        kept: dict[str, list[Scored]] = {}
        names = [n for n, concept in enumerate(question.concepts) if concept.proper]
        for passage in order:
            if passage.score < 0.25 * order[0].score:
                continue
            # "…in Bexley and Lewisham": documents that name neither have nothing to add.
            if names and not any(passage.context.scores[n] for n in names):
                continue
            mine = kept.setdefault(passage.hit.doc_id, [])
            if not mine or (len(mine) < 2 and passage.score >= 0.6 * mine[0].score):
                mine.append(passage)
        firsts = [mine[0] for mine in kept.values()]
        seconds = [p for mine in kept.values() for p in mine[1:]]
        return (firsts + seconds)[:8]
    floor = PASSAGE_FLOOR * order[0].score
    return [p for p in order[:5] if p.score >= floor or p is best.passage]


def _points(
    question: Question,
    best: ScoredSentence,
    lead: list[ScoredSentence],
    chosen: list[Scored],
    sentences: list[ScoredSentence],
) -> list[ScoredSentence]:
    """Supporting sentences: two from the lead's passage and one from each other passage (more
    from each for a question across documents), none repeating the lead."""
    by_passage: dict[int, list[ScoredSentence]] = {id(p): [] for p in chosen}
    for sentence in sentences:
        if id(sentence.passage) in by_passage:
            by_passage[id(sentence.passage)].append(sentence)
    used = {(id(s.passage), s.position) for s in lead}
    points: list[ScoredSentence] = []
    threshold = 0.5 * best.score
    for passage in chosen:
        taken = 0
        for sentence in by_passage[id(passage)]:
            allowed = BEST_PASSAGE_POINTS if passage is best.passage else 2
            if taken >= allowed or len(points) >= max(2 * len(chosen) + 1, BEST_PASSAGE_POINTS):
                break
            key = (id(passage), sentence.position)
            # "Which documents…": each document's own best sentence, however it scores overall.
            enough = (sentence.score >= threshold and sentence.coverage >= 0.5 * best.coverage) or (
                question.across_documents and sentence.coverage >= 0.5 * best.coverage
            )
            if key in used or not enough:
                continue
            # A question heading or a reflective question is no supporting point, unless
            # questions are what was asked for.
            if _is_question(sentence.text) and not question.wants_questions:
                continue
            # A line introducing a list says nothing without the list ("…including:"), nor
            # does the publisher's name printed above the page.
            if sentence.text.rstrip().endswith((":", ":-")) or _names_the_source(sentence):
                continue
            if any(_near_duplicate(sentence.text, other.text) for other in lead + points):
                continue
            used.add(key)
            taken += 1
            points.append(sentence)
    return points


LEAD_SHARE = 0.75
LEAD_COVERAGE = 0.8
"""A sentence holding what a question asks for (a number, a time, a role) leads instead of
the best sentence when it scores at least these shares of its score and of its coverage."""


def _lead_pool(
    question: Question, ranked: list[Scored], sentences: list[ScoredSentence]
) -> list[ScoredSentence]:
    """The sentences of the leading passages that could lead: said, not captions, and for a
    question heading ("Which cases should have a chronology?"), only one with its answer after."""
    leading = ranked[:3]
    names = [n for n, concept in enumerate(question.concepts) if concept.proper]
    if names:
        # "…according to the Solihull audit": the lead comes from a document that names it.
        named = [p for p in ranked if all(p.context.scores[n] for n in names)]
        leading = named[:3] or leading
    candidates = [
        s
        for s in sentences
        if s.passage in leading and (not _is_question(s.text) or _answer_after(s))
    ]
    # A line of a page's furniture or a caption ("Bexley · Children's Services Procedures
    # Manual") is no answer when there is a sentence.
    said = [s for s in candidates if _is_said(s.text)]
    return said or candidates


def _lead_sentence(
    question: Question, ranked: list[Scored], sentences: list[ScoredSentence]
) -> ScoredSentence | None:
    """The best sentence of the leading passages (see ``_strongest``), or one nearly as good
    that answers where it would be declined."""
    candidates = _lead_pool(question, ranked, sentences)
    if not candidates:
        return None
    best = _strongest(question, candidates)
    verdict = judge(question, [best], ranked)
    if question.across_documents or not verdict.declined:
        return best
    # Sentences nearly as strong are as likely to be the answer: one that holds what the
    # question turns on (a term its document lacks, a name) leads instead of a decline, if it
    # holds more than that word ("Claire's Law should also be considered" answers nothing).
    # A term of the field the question names is what it is about, more than the everyday
    # words that made the best sentence best ("more likely" for "are home schooled kids
    # more likely to be abused"), so a sentence from a document that has it may be weaker.
    tie = TERM_TIE if "a term" in verdict.rules else NEAR_TIE
    rivals = [s for s in candidates if s is not best and s.score >= tie * best.score]
    for rival in sorted(rivals, key=lambda s: s.score, reverse=True):
        held = sum(1 for value in presence(question, [rival]) if value >= PARTIAL)
        if held >= 2 and not judge(question, [rival], ranked).declined:
            return rival
    return best


NEAR_TIE = 0.95
"""A sentence scoring at least this share of the best one's is as likely to answer."""
TERM_TIE = 0.8
"""The share for a sentence whose document has the term the best one's lacks."""


def _strongest(question: Question, candidates: list[ScoredSentence]) -> ScoredSentence:
    """The best candidate; for a question asking for a number, a time or a telephone number,
    the best one that has it, unless that is much weaker."""
    best = max(candidates, key=lambda s: s.score)
    if gives_what_is_asked(question, best.text) or _goes_on_to_give(question, best):
        return best
    holding = [s for s in candidates if gives_what_is_asked(question, s.text)]
    # A question only a number, a time, an age or a contact answers is declined when the
    # lead has none: then a weaker sentence that has one may lead, if it is on the subject.
    shares = [(LEAD_SHARE, LEAD_COVERAGE)]
    if question.qtype in TYPED:
        shares.append((TYPED_SHARE, TYPED_COVERAGE))
    # On the subject: holding each term of the field the question turns on that the best
    # sentence holds ("thirty four children…" is no count of children a private foster carer
    # may look after).
    held = presence(question, [best])
    heavy = [
        n
        for n, concept in enumerate(question.concepts)
        if concept.glossary
        and held[n] >= PARTIAL
        and concept.weight >= TERM_SHARE * question.total_weight
    ]
    on_subject = [s for s in holding if all(presence(question, [s])[n] >= PARTIAL for n in heavy)]
    for share, covered in shares:
        strong = [
            s
            for s in on_subject
            if s.score >= share * best.score and s.coverage >= covered * best.coverage
        ]
        if strong:
            return max(strong, key=lambda s: s.score)
    return best


def _goes_on_to_give(question: Question, sentence: ScoredSentence) -> bool:
    """Whether the sentence after this one speaks of it and gives what is asked ("…a written
    referral form will need to be completed. This contact must occur within 24 hours.")."""
    after = [s for s in sentence.passage.sentences if s.position == sentence.position + 1]
    return bool(after and _goes_on(after[0].text) and gives_what_is_asked(question, after[0].text))


def _goes_on(text: str) -> bool:
    """Whether a sentence goes on from the one before ("This is…", "If so…", "However…")."""
    return bool(_CONTINUES.match(text) or _ANAPHORA.match(text))


TYPED_SHARE = 0.5
TYPED_COVERAGE = 0.5
"""For a question only a sentence with a number, a time or a contact answers, the shares of
the best sentence's score and coverage a sentence with one needs to lead instead."""


def _names_the_source(sentence: ScoredSentence) -> bool:
    hit = sentence.passage.hit
    return sentence.text.strip().casefold() in (hit.organisation.casefold(), hit.title.casefold())


def _is_question(text: str) -> bool:
    """A heading or line asking a question ("What does ICON stand for?")."""
    return text.rstrip("”’\"')").endswith("?")


def _is_said(text: str) -> bool:
    """Whether a line is a sentence someone wrote, not a heading, a caption or a label."""
    return word_count(text) >= 8 or text.rstrip("”’\"')").endswith((".", "?", "!", ":"))


def gives_what_is_asked(question: Question, text: str) -> bool:
    """Whether a sentence has what the question asks for: a number, a time, a contact, for
    "who…" a role ("the Head of Service"), for "when was…" a date and for "examples of…" a
    sentence giving some ("such as…")."""
    if question.qtype in ("who", "date", "examples"):
        return type_bonus(question.qtype, text) > 0
    return holds_what_is_asked(question, text)


def _lead_sentences(
    question: Question, best: ScoredSentence, sentences: list[ScoredSentence]
) -> list[ScoredSentence]:
    """The best sentence and, from its passage, one more as strong, or the one after it when
    that finishes its thought; with the sentence before one that needs it, and the list
    after one that introduces a list."""
    lead_sentences = [best]
    # The sentence after the best one often finishes its thought, or gives the figure it
    # speaks of ("…is very unusual. It is found in less than 1% of infants…"); one that goes
    # on from it ("This is an evidence based tool…") comes before another as strong from
    # elsewhere in the passage.
    after = [s for s in best.passage.sentences if s.position == best.position + 1]
    if after and (
        type_bonus(question.qtype, after[0].text) > type_bonus(question.qtype, best.text)
        or _goes_on(after[0].text)
    ):
        lead_sentences.append(after[0])
    for other in sentences:
        if len(lead_sentences) >= 2:
            break
        if (
            other.passage is best.passage
            and other is not best
            and other.score >= 0.85 * best.score
            and other.coverage >= 0.85 * best.coverage
            # A page may say a thing twice ("Research suggests 7 minutes is…"): once is enough.
            and not any(_near_duplicate(other.text, s.text) for s in lead_sentences)
        ):
            lead_sentences.append(other)
    # The sentence right after the best one often finishes its thought ("The CPC and the
    # Social Worker will need to discuss the timescales…"): keep it when it is on the subject.
    if len(lead_sentences) < 2:
        following = [s for s in after if s.own >= 0.4 * best.coverage]
        lead_sentences.extend(following)
    lead_sentences.sort(key=lambda s: s.position)
    quoted: list[ScoredSentence] = []
    for sentence in _with_context(lead_sentences):
        items: list[ScoredSentence] = []
        if sentence.text.rstrip().endswith((":", ":-")):
            # "The Home Office defines CCE as:" and a paragraph, not a list: its first sentence.
            items = _list_after(sentence) or [
                ScoredSentence(s.text, s.passage, s.position, 0.0)
                for s in sentence.passage.sentences
                if s.position == sentence.position + 1
            ]
        elif _is_question(sentence.text):
            items = _answer_after(sentence)
        # "…it is important to review:" — the list that follows is the answer; so are the
        # lines after a question heading.
        for one in [sentence, *items]:
            if all(one.position != other.position for other in quoted):
                quoted.append(one)
    return quoted


def _meaning(hit: Hit) -> Definition:
    """A glossary entry as the assistant's definition of a term."""
    sentences = split_sentences(hit.text)
    source = ""
    if sentences and sentences[-1].startswith("(Source:"):
        source = sentences.pop()[len("(Source:") :].strip(" .)")
    return Definition(hit.section, " ".join(sentences), source, hit.path, hit.anchor)


def _usage(question: Question, sentences: list[ScoredSentence], cite: Any) -> list[Quote]:
    """Up to three sentences using the term asked about, as the knowledge base uses it."""
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
    return points


def _list_after(sentence: ScoredSentence, limit: int = 8) -> list[ScoredSentence]:
    """The short lines (list items) that follow a sentence introducing them."""
    following = split_sentences(sentence.passage.hit.text)[sentence.position + 1 :]
    items: list[ScoredSentence] = []
    for offset, text in enumerate(following[:limit]):
        if word_count(text) > 40:
            break
        position = sentence.position + 1 + offset
        if items and text.endswith(".") != items[0].text.endswith("."):
            # Items of one list end alike, but the last may end with a full stop ("…; and",
            # "…harmed."); a line ending otherwise starts the next paragraph.
            if text.endswith("."):
                items.append(ScoredSentence(text, sentence.passage, position, 0.0, item=True))
            break
        items.append(ScoredSentence(text, sentence.passage, position, 0.0, item=True))
    return items


def _answer_after(sentence: ScoredSentence, limit: int = 6) -> list[ScoredSentence]:
    """What answers a question heading: the lines after it up to the next question (a list's
    items), or the first sentence of the paragraph after it (with the list it introduces)."""
    following = sentence_lines(sentence.passage.hit.text)[sentence.position + 1 :]
    items: list[ScoredSentence] = []
    for offset, (text, whole) in enumerate(following[:limit]):
        if _is_question(text) or (items and not whole):
            break
        one = ScoredSentence(text, sentence.passage, sentence.position + 1 + offset, 0.0)
        if not whole or text.rstrip().endswith((":", ":-")):
            return [*items, one, *(_list_after(one) if text.rstrip().endswith(":") else [])]
        one.item = True
        items.append(one)
    return items


def _with_context(chosen: list[ScoredSentence]) -> list[ScoredSentence]:
    """Add the sentence before one starting "However," or "These…": it needs that to make sense."""
    result: list[ScoredSentence] = []
    for sentence in chosen:
        places, texts = read_sentences(sentence.passage.hit.text)
        earlier = [
            (n, text) for n, text in zip(places, texts, strict=True) if n < sentence.position
        ]
        if earlier and (sentence.needs_previous or _ANAPHORA.match(sentence.text)):
            # The sentence the ranking read it with: a list's number ("2.") is none.
            position, previous = earlier[-1]
            before = ScoredSentence(previous, sentence.passage, position, 0.0)
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
