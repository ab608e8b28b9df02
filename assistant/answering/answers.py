"""Answers: the best passages for a question, quoted sentence by sentence with citations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoosh.query import Or, Phrase, Query, Term

from assistant.answering.question import Concept, Question, stems_of
from assistant.corpus.sentences import split_sentences, word_count
from assistant.search.index import Filters, Hit, PassageIndex

CANDIDATES = 60
"""Passages fetched from Whoosh before re-ranking."""
DETAILED = 25
"""Of those, how many are read sentence by sentence."""
DECLINE_BELOW = 0.33
"""Confidence under which the assistant says the knowledge base does not cover a question."""
COMMON_SHARE = 0.2
"""Words in more than this share of passages are left out of the Whoosh query (they cost
most and tell least); the re-ranking still counts them."""
POSTINGS_SHARE = 0.15
"""The Whoosh query reads at most about this share of the index's passages (rarest words
first)."""

_ROLE = re.compile(
    r"\b(head of service|service manager|team manager|senior manager|manager|social worker|"
    r"chair|co-?ordinator|iro|independent reviewing officer|lead professional|practitioner|"
    r"director|officer|midwi(fe|ves)|gp|health visitor|police|probation|conference chair)s?\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen)[\s-]*"
    r"(days?|weeks?|months?|years?|working days)\b|\bwithin\b|\bquarterly\b|\bannual(ly)?\b|"
    r"\bevery\b|\bat least\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_ANAPHORA = re.compile(
    r"^(however|this|these|those|that|it|they|both|of these|of this|in both|therefore|"
    r"similarly|also|further|furthermore|additionally|in addition|again|such)\b",
    re.IGNORECASE,
)


@dataclass
class Citation:
    """A passage an answer quotes or points to."""

    n: int
    hit: Hit
    quoted: bool = True
    stale: bool = False

    def as_json(self) -> dict[str, Any]:
        """The citation as other tools read it."""
        return {
            "n": self.n,
            "pid": self.hit.pid,
            "doc_id": self.hit.doc_id,
            "title": self.hit.title,
            "kind": self.hit.kind,
            "organisation": self.hit.organisation,
            "published": self.hit.published,
            "section": self.hit.section,
            "path": self.hit.path,
            "anchor": self.hit.anchor,
            "text": self.hit.text,
            "score": round(self.hit.score, 4),
            "quoted": self.quoted,
            "stale": self.stale,
        }


@dataclass
class Quote:
    """One sentence of an answer, word for word from a passage."""

    text: str
    citation: int
    item: bool = False
    """A list item following the sentence before it."""


@dataclass
class Answer:
    """What the assistant says to a question."""

    question: str
    lead: list[Quote]
    points: list[Quote]
    citations: list[Citation]
    declined: bool
    confidence: float
    notes: list[str] = field(default_factory=list)
    """Things the reader should know: corrections made, filters applied."""
    asked: Question | None = None
    """The question as it was read (with the one before it, for a follow-up)."""

    def body_markdown(self) -> str:
        """The lead and the supporting points."""
        lines: list[str] = []
        if self.declined:
            lines.append(
                "**The knowledge base does not cover this question.** "
                "The closest passages are listed below; read them before relying on them."
            )
        else:
            text = ""
            for quote in self.lead:
                if quote.item:
                    text += f"\n  - “{quote.text}” [{quote.citation}]"
                else:
                    text += "\n" if text.endswith("]") and "\n  - " in text else " "
                    text += f"“{quote.text}” [{quote.citation}]"
            lines.append(text.strip())
            if self.points:
                lines.append("")
                lines += [f"- “{q.text}” [{q.citation}]" for q in self.points]
        for note in self.notes:
            lines += ["", f"_{note}_"]
        return "\n".join(lines)

    def sources_markdown(self) -> str:
        """The sources: title, organisation, kind, date, section, file and anchor."""
        if not self.citations:
            return ""
        heading = "**Closest passages**" if self.declined else "**Sources**"
        lines = [heading, ""]
        for citation in self.citations:
            lines.append(f"{'' if citation.quoted else '(see also) '}{describe_source(citation)}")
            if self.declined:
                first = split_sentences(citation.hit.text)[:1]
                if first:
                    lines.append(f"   > {first[0]}")
        return "\n".join(lines)

    def markdown(self) -> str:
        """The whole answer as Markdown."""
        sources = self.sources_markdown()
        return self.body_markdown() + (f"\n\n{sources}" if sources else "")

    def as_json(self) -> dict[str, Any]:
        """The answer as one JSON object, for grading and for other tools."""
        return {
            "question": self.question,
            "answer": self.markdown(),
            "declined": self.declined,
            "confidence": round(self.confidence, 3),
            "citations": [citation.as_json() for citation in self.citations],
        }


def describe_source(citation: Citation) -> str:
    """One line naming a cited passage: [n] title — organisation · kind · date — section."""
    hit = citation.hit
    date = hit.published or "undated"
    organisation = hit.organisation or "organisation not stated"
    flag = " ⚠ older than five years" if citation.stale else ""
    where = f"{hit.path}#{hit.anchor}" if hit.anchor else hit.path
    return (
        f"[{citation.n}] {hit.title} — {organisation} · {hit.kind} · {date}{flag}\n"
        f"   {hit.section} ({where})"
    )


def is_stale(published: str, years: int, today: dt.date | None = None) -> bool:
    """Whether a source is older than ``years``."""
    if not published:
        return False
    today = today or dt.date.today()
    year = int(published[:4])
    month = int(published[5:7]) if len(published) >= 7 else 1
    return (today.year - year) * 12 + (today.month - month) > years * 12


def whoosh_query(
    question: Question, passages: int, frequency: Callable[[str, str], int]
) -> Query | None:
    """An OR query over the question's rarest words, within a budget of postings to read.

    Whoosh's time goes on walking posting lists, so the query takes the rarest words first
    and stops when their passages add up to a share of the index; very common words are left
    out altogether. Re-ranking still counts every word of the question.
    """
    weights: dict[str, tuple[float, bool]] = {}
    for concept in question.concepts:
        for number, alternative in enumerate(concept.alternatives):
            for word in alternative:
                weight = concept.weight * (1.0 if number == 0 else 0.7)
                if word not in weights or weights[word][0] < weight:
                    weights[word] = (weight, concept.meta)
    if not weights:
        return None
    common = max(passages * COMMON_SHARE, 50)
    budget = max(passages * POSTINGS_SHARE, 2000)
    clauses: list[Query] = []
    spent = 0
    counted = sorted((frequency("body", word), word) for word in weights)
    for taken, (count, word) in enumerate(counted):
        if taken >= 3 and (count > common or spent + count > budget):
            break
        weight, names_document = weights[word]
        clauses += [Term("body", word, boost=weight), Term("heading", word, boost=weight)]
        spent += count
        if names_document:
            # Organisations and kinds of document live in the metadata, not the text; a name
            # every document shares ("briefing" in a big library) costs more than it tells.
            in_metadata = frequency("meta", word)
            if spent + in_metadata <= budget:
                clauses.append(Term("meta", word, boost=weight))
                spent += in_metadata
    return Or(clauses)


class Stems:
    """A text's stems with their positions, for matching words and short phrases."""

    def __init__(self, text: str) -> None:
        self.positions: dict[str, list[int]] = {}
        for position, word in enumerate(stems_of(text)):
            self.positions.setdefault(word, []).append(position)

    @staticmethod
    @lru_cache(maxsize=50000)
    def of(text: str) -> Stems:
        """The stems of ``text``, remembered: the same passages come back again and again."""
        return Stems(text)

    def has(self, phrase: list[str]) -> bool:
        """Whether the phrase occurs, its words in order and close together."""
        first = self.positions.get(phrase[0])
        if not first:
            return False
        if len(phrase) == 1:
            return True
        window = len(phrase) + 2
        for start in first:
            at = start
            for word in phrase[1:]:
                following = [p for p in self.positions.get(word, []) if at < p <= start + window]
                if not following:
                    break
                at = following[0]
            else:
                return True
        return False


def _match(concept: Concept, stems: Stems) -> float:
    """1 for the words as typed, a little less for another way of saying them, part for part."""
    positions = stems.positions
    alternatives = concept.alternatives
    if alternatives[0] and stems.has(alternatives[0]):
        return 1.0
    # Passages in the asker's own words come first; synonyms are a close second.
    for alternative in alternatives[1:]:
        if len(alternative) == 1:
            if alternative[0] in positions:
                return 0.85
        elif alternative and stems.has(alternative):
            return 0.85
    best = 0.0
    for alternative in alternatives:
        if len(alternative) > 1:
            # "reviewed … conference" for "review conference": the words, not the phrase.
            present = sum(1 for word in alternative if word in positions)
            if present:
                best = max(best, 0.5 * present / len(alternative))
    return best


class _Context:
    """What surrounds a passage's words: its headings and its document."""

    def __init__(self, question: Question, heading: Stems, document: Stems) -> None:
        self.heading = heading
        self.document = document
        # Worked out once a passage: every sentence in it shares the same context.
        self.scores = [self.match(concept) for concept in question.concepts]

    def match(self, concept: Concept) -> float:
        """How far the context alone satisfies a concept."""
        heading = _match(concept, self.heading) * (1.0 if concept.meta else 0.8)
        document = _match(concept, self.document) * (1.0 if concept.meta else 0.4)
        return max(heading, document)


def coverage(question: Question, stems: Stems, context: _Context) -> float:
    """Weighted share of the question's concepts that the text (or its context) has."""
    total = question.total_weight
    if not total:
        return 0.0
    got = 0.0
    for concept, around in zip(question.concepts, context.scores, strict=True):
        if around < 1.0:
            got += concept.weight * max(_match(concept, stems), around)
        else:
            got += concept.weight
    return got / total


@dataclass
class _Sentence:
    text: str
    passage: _Scored
    position: int
    coverage: float
    score: float = 0.0
    own: float = 0.0
    """Coverage of the sentence alone."""
    needs_previous: bool = False


@dataclass
class _Scored:
    hit: Hit
    stems: Stems
    context: _Context
    coverage: float
    sentences: list[_Sentence] = field(default_factory=list)
    score: float = 0.0


# How passage scores are made; measured on the dev and calibration questions.
WEIGHTS = {
    "coverage": 0.25,
    "sentence": 0.35,
    "bm25": 0.15,
    "heading": 0.15,
    "type": 1.5,
    "procedure": 0.05,
    "other_document": 0.75,
}


def _type_bonus(qtype: str, text: str) -> float:
    """A little credit for text with the kind of thing asked for: a number, a time, a role."""
    if qtype == "number":
        return 0.12 if _NUMBER.search(text) else 0.0
    if qtype == "time":
        return 0.12 if _TIME.search(text) else 0.0
    if qtype == "who":
        return 0.12 if _ROLE.search(text) else 0.0
    return 0.0


def rank_passages(question: Question, hits: list[Hit]) -> list[_Scored]:
    """Candidates re-ranked by how much of the question they cover, in one sentence and overall."""
    if not hits:
        return []
    top = max(hit.score for hit in hits) or 1.0
    subject = [c for c in question.concepts if not c.meta]
    subject_weight = sum(c.weight for c in subject) or 1.0
    names_document = any(c.meta for c in question.concepts)
    w = WEIGHTS
    first: list[_Scored] = []
    for hit in hits:
        stems = Stems.of(hit.text)
        context = _Context(
            question, Stems.of(hit.section), Stems.of(f"{hit.title} {hit.organisation} {hit.kind}")
        )
        first.append(_Scored(hit, stems, context, coverage(question, stems, context)))
    # Sentence by sentence is the costly part: only for the passages that could win.
    first.sort(key=lambda item: 0.6 * item.coverage + 0.4 * item.hit.score / top, reverse=True)
    scored = []
    for result in first[:DETAILED]:
        hit, context = result.hit, result.context
        for position, text in enumerate(split_sentences(hit.text)):
            if word_count(text) >= 4:
                own = coverage(question, Stems.of(text), context)
                # Read with the sentence before, it may answer what neither does alone.
                before = result.sentences[-1] if result.sentences else None
                joint = 0.0
                if before is not None and own > 0:
                    joint = 0.9 * coverage(question, Stems.of(f"{before.text} {text}"), context)
                    if joint <= before.own:
                        joint = 0.0
                sentence = _Sentence(text, result, position, max(own, joint), own=own)
                sentence.needs_previous = joint > own
                result.sentences.append(sentence)
        # The best sentence, with credit when it holds what was asked for (a number, a time).
        best_sentence = max(
            (
                s.coverage + w["type"] * _type_bonus(question.qtype, s.text)
                for s in result.sentences
            ),
            default=0.0,
        )
        # Words of the question in the heading say what the whole passage is about.
        in_heading = sum(c.weight for c in subject if _match(c, context.heading)) / subject_weight
        result.score = (
            w["coverage"] * result.coverage
            + w["sentence"] * best_sentence
            + w["bm25"] * (hit.score / top)
            + w["heading"] * in_heading
        )
        if question.obligation and hit.kind == "procedure" and not names_document:
            result.score += w["procedure"]
        # A question that names a document ("the Southampton paper") is about that document.
        for concept in question.concepts:
            if concept.meta and not max(_match(concept, stems), context.match(concept)):
                result.score *= w["other_document"]
        scored.append(result)
    scored.sort(key=lambda item: item.score, reverse=True)
    return scored


def _sentences(question: Question, ranked: list[_Scored], limit: int = 8) -> list[_Sentence]:
    best_passage = ranked[0].score if ranked else 1.0
    found = []
    for scored in ranked[:limit]:
        for sentence in scored.sentences:
            sentence.score = 0.8 * sentence.coverage + 0.2 * (scored.score / best_passage)
            sentence.score += _type_bonus(question.qtype, sentence.text)
            words = word_count(sentence.text)
            if words > 80:
                sentence.score -= 0.05
            if words < 8 and not sentence.text.rstrip("”’\"')").endswith((".", "?", "!", ":")):
                sentence.score -= 0.1  # a caption or label, not something said
            found.append(sentence)
    found.sort(key=lambda item: item.score, reverse=True)
    return found


def _diversify(ranked: list[_Scored], per_document: bool) -> list[_Scored]:
    """Re-order so that strong passages from other documents come before a document's seconds.

    For "which documents…" questions every document's best passage comes first.
    """
    if not ranked:
        return []
    if per_document:
        firsts: dict[str, _Scored] = {}
        for item in ranked:
            if item.score >= 0.25 * ranked[0].score:
                firsts.setdefault(item.hit.doc_id, item)
        leaders = list(firsts.values())
        return leaders + [item for item in ranked if item not in leaders]
    chosen: list[_Scored] = []
    rest = list(ranked)
    counts: dict[str, int] = {}

    def effective(item: _Scored) -> float:
        return item.score * 0.92 ** counts.get(item.hit.doc_id, 0)

    while rest:
        best = max(rest, key=effective)
        rest.remove(best)
        chosen.append(best)
        counts[best.hit.doc_id] = counts.get(best.hit.doc_id, 0) + 1
    return chosen


def compose(
    question: Question, ranked: list[_Scored], stale_years: int, definition: Hit | None = None
) -> Answer:
    """Pick the lead and supporting sentences, number the citations, decide whether to decline."""
    ranked = _diversify(ranked, per_document=question.across_documents)
    sentences = _sentences(question, ranked)
    confidence = _confidence(question, ranked, sentences)
    declined = (confidence < DECLINE_BELOW or not sentences) and definition is None
    citations: dict[str, Citation] = {}

    def cite(hit: Hit, quoted: bool = True) -> int:
        if hit.pid not in citations:
            citations[hit.pid] = Citation(
                len(citations) + 1, hit, quoted, is_stale(hit.published, stale_years)
            )
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
    by_passage: dict[int, list[_Sentence]] = {id(p): [] for p in chosen}
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
    question: Question, definition: Hit, sentences: list[_Sentence], cite: Any
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
        if term_concepts and not any(_match(c, Stems.of(sentence.text)) for c in term_concepts):
            continue
        if any(_near_duplicate(sentence.text, quote.text) for quote in points):
            continue
        points.append(Quote(sentence.text, cite(sentence.passage.hit)))
    return lead, points


def _list_after(sentence: _Sentence, limit: int = 8) -> list[_Sentence]:
    """The short lines (list items) that follow a sentence introducing them."""
    following = split_sentences(sentence.passage.hit.text)[sentence.position + 1 :]
    items: list[_Sentence] = []
    for offset, text in enumerate(following[:limit]):
        # Items of one list end alike; a line ending differently starts the next paragraph.
        if word_count(text) > 40 or (items and text.endswith(".") != items[0].text.endswith(".")):
            break
        items.append(_Sentence(text, sentence.passage, sentence.position + 1 + offset, 0.0))
    return items


def _with_context(chosen: list[_Sentence]) -> list[_Sentence]:
    """Add the sentence before one starting "However," or "These…": it needs that to make sense."""
    result: list[_Sentence] = []
    for sentence in chosen:
        if sentence.position > 0 and (sentence.needs_previous or _ANAPHORA.match(sentence.text)):
            previous = split_sentences(sentence.passage.hit.text)[sentence.position - 1]
            before = _Sentence(previous, sentence.passage, sentence.position - 1, 0.0)
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


def _confidence(question: Question, ranked: list[_Scored], sentences: list[_Sentence]) -> float:
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
            max(_match(concept, p.stems), p.context.match(concept)) for p in ranked[:3]
        ):
            confidence *= 0.5
        elif concept.unknown and concept.weight / total >= 0.2:
            # A content word that no passage uses at all: the thing asked about is not here.
            confidence *= 0.7
    if question.qtype in ("number", "time") and not any(
        _type_bonus(question.qtype, s.text) for s in sentences[:3]
    ):
        confidence *= 0.8
    return max(0.0, min(1.0, confidence))


def answer_question(
    index: PassageIndex,
    question: Question,
    stale_years: int = 5,
    defined: list[str] | None = None,
) -> tuple[Answer, list[_Scored]]:
    """Search, re-rank and compose an answer; ``defined`` names glossary terms asked about."""
    passages = index.passage_count()
    query = whoosh_query(question, passages, index.document_frequency)
    if query is None:
        return Answer(question.text, [], [], [], True, 0.0), []
    # The glossary is our own wording: it answers "what does X mean", not practice questions.
    only_glossary = question.filters.kind == "glossary"
    hits = index.search(
        query,
        question.filters,
        limit=CANDIDATES,
        exclude_kind="" if only_glossary else "glossary",
    )
    ranked = rank_passages(question, hits)
    definition = None
    if defined and not only_glossary:
        # Found by the term's name in the heading: a small query, whatever the index's size.
        names = {name.lower() for name in defined}
        by_name = Or([Phrase("heading", stems_of(name)) for name in defined if stems_of(name)])
        glossary_hits = index.search(by_name, Filters(kind="glossary"), limit=20)
        definition = next((h for h in glossary_hits if h.section.lower() in names), None)
    return compose(question, ranked, stale_years, definition), ranked


def matching_spans(text: str, question: Question) -> list[tuple[int, int]]:
    """Where the question's words (any way of saying them) occur in ``text``, to highlight."""
    wanted = {word for concept in question.concepts for alt in concept.alternatives for word in alt}
    spans = []
    for match in re.finditer(r"[\w\*]+(?:\.?[\w\*]+)*", text):
        stems = stems_of(match.group(0))
        if stems and stems[0] in wanted:
            spans.append((match.start(), match.end()))
    return spans
