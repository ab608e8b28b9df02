"""Candidates and re-ranking: the passages a question's words find, ordered by how much of the
question each covers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from assistant.answering._english import is_common
from assistant.answering.question import Concept, Question
from assistant.corpus.sentences import split_sentences
from assistant.corpus.words import TOKEN, Stems, analyse, word_count
from assistant.patterns import Pattern
from assistant.search.model import Clause, Hit

CANDIDATES = 60
"""Passages fetched from Whoosh before re-ranking."""
DETAILED = 25
"""Of those, how many are read sentence by sentence."""
COMMON_SHARE = 0.2
"""Words in more than this share of passages are left out of the Whoosh query (they cost
most and tell least); the re-ranking still counts them."""
POSTINGS_SHARE = 0.15
"""The Whoosh query reads at most about this share of the index's passages (rarest words
first)."""

_ROLE = Pattern(
    r"\b(head of service|service manager|team manager|senior manager|manager|social worker|"
    r"chair|co-?ordinator|iro|independent reviewing officer|lead professional|practitioner|"
    r"director|officer|midwi(fe|ves)|gp|health visitor|police|probation|conference chair|"
    r"designated safeguarding (lead|person|officer)|dsl|dsp|lado|head ?teacher|teacher|"
    r"(school )?nurse|paediatrician|doctor|first responder|senior leadership team|"
    r"key worker|youth worker|family support worker|housing officer|health professional)s?\b",
    re.IGNORECASE,
)
_TIME = Pattern(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen)[\s-]*"
    r"(minutes?|mins?|hours?|hrs|days?|weeks?|months?|years?|working days)\b|"
    r"\bwithin\b|\bevery\b|\bat least\b|"
    r"\b(quarterly|annual(ly)?|monthly|weekly|daily|fortnightly|yearly|immediately)\b|"
    r"\b(straight away|as soon as possible|same day|next working day)\b",
    re.IGNORECASE,
)
_DIGIT = Pattern(r"\d")
_EXAMPLES = Pattern(
    r"\b(include|includes|including|such as|for example|for instance|e\.g|examples?|"
    r"forms of|types of|kinds of)\b",
    re.IGNORECASE,
)
_AGE = Pattern(
    r"\b(?:aged?|ages|under|over|up\s+to|until|below|above|turns?|reach(?:es|ing)?)\s+"
    r"(?:between\s+|the\s+age\s+of\s+)?\d{1,2}\b|\bage\s+of\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:\s*(?:-|–|to|and|or|/)\s*\d{1,2})?[\s-]*(?:years?|yrs?|months?|weeks?)"
    r"[\s-]+(?:olds?|of\s+age)\b|\b\d{1,2}\+",
    re.IGNORECASE,
)
"""An age in a sentence: "up to the age of 18", "16/17 year olds", "aged between 13 and 30",
"after about 8 weeks of age"."""
_RATE = Pattern(
    r"\b(rare|rarely|common|commonest|uncommon|unusual|frequent|frequently|majority|minority|"
    r"half|quarter|most|few)\b",
    re.IGNORECASE,
)
_PHONE = Pattern(r"\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b\d{3}\s\d{3}\s\d{4}\b")
_EMAIL = Pattern(r"\w@\w")
_COUNT = Pattern(
    r"^(\d+(\.\d+)?%?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|half|third|quarter)$",
    re.IGNORECASE,
)
_YEAR = Pattern(r"^(19|20)\d\d$")
_DATE = Pattern(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|spring|summer|autumn|winter)"
    r"\.?,?\s+(19|20)\d\d\b|\b\d{1,2}[/.]\d{1,2}[/.](19|20)?\d\d\b|\b(in|since|from|until|by)\s+"
    r"(19|20)\d\d\b",
    re.IGNORECASE,
)
"""A date in a sentence: "In July 2024", "from summer 2019", "31/12/2023", "since 2018"."""
_REFERENCE = frozenset(
    """
    section sections paragraph paragraphs para regulation regulations part parts chapter
    chapters page pages schedule article appendix annex figure table step stage level tier
    rule clause standard version phase no number
    """.split()
)
"""Words before a number that make it a reference ("section 14 of the Children Act"), not a
count of what follows."""
COUNT_WINDOW = 4
"""A number counts the thing asked about when at most this many words come between them."""
_DEFINING = Pattern(r"^\W*(:|–|-|is\b|are\b|means?\b|refers?\s+to\b|describes?\b)", re.IGNORECASE)


def search_clauses(
    question: Question, passages: int, frequency: Callable[[str, str], int]
) -> list[Clause]:
    """Clauses for the question's rarest words, within a budget of postings to read.

    The search engine's time goes on walking posting lists, so the clauses take the rarest
    words first and stop when their passages add up to a share of the index; very common words
    are left out altogether. Re-ranking still counts every word of the question.
    """
    weights: dict[str, tuple[float, bool]] = {}
    for concept in question.concepts:
        for number, alternative in enumerate(concept.alternatives):
            for word in alternative:
                weight = concept.weight * (1.0 if number == 0 else 0.7)
                if word not in weights or weights[word][0] < weight:
                    weights[word] = (weight, concept.meta)
    common = max(passages * COMMON_SHARE, 50)
    budget = max(passages * POSTINGS_SHARE, 2000)
    clauses: list[Clause] = []
    spent = 0
    counted = sorted((frequency("body", word), word) for word in weights)
    for taken, (count, word) in enumerate(counted):
        if taken >= 3 and (count > common or spent + count > budget):
            break
        weight, names_document = weights[word]
        clauses += [Clause("body", (word,), weight), Clause("heading", (word,), weight)]
        spent += count
        if names_document:
            # Organisations and kinds of document live in the metadata, not the text; a name
            # every document shares ("briefing" in a big library) costs more than it tells.
            in_metadata = frequency("meta", word)
            if spent + in_metadata <= budget:
                clauses.append(Clause("meta", (word,), weight))
                spent += in_metadata
    return clauses


def concept_match(concept: Concept, stems: Stems) -> float:
    """1 for the words as typed, a little less for another way of saying them, part for part."""
    positions = stems.positions
    singles, phrases, every = concept.forms()
    if every.isdisjoint(positions):
        return 0.0  # most texts have none of a concept's words: no need to look further
    alternatives = concept.alternatives
    if alternatives[0] and stems.has(alternatives[0]):
        return 1.0
    # Passages in the asker's own words come first; synonyms are a close second.
    if not singles.isdisjoint(positions):
        return 0.85
    best = 0.0
    for phrase in phrases:
        present = sum(1 for word in phrase if word in positions)
        if present == len(phrase) and stems.has(phrase):
            return 0.85
        if present:
            # "reviewed … conference" for "review conference": the words, not the phrase.
            best = max(best, 0.5 * present / len(phrase))
    return best


class Context:
    """What surrounds a passage's words: its headings and its document."""

    def __init__(self, question: Question, heading: Stems, document: Stems) -> None:
        self.heading = heading
        self.document = document
        # Worked out once a passage: every sentence in it shares the same context.
        self.scores = [self.match(concept) for concept in question.concepts]

    def match(self, concept: Concept) -> float:
        """How far the context alone satisfies a concept."""
        heading = concept_match(concept, self.heading) * (1.0 if concept.meta else 0.8)
        document = concept_match(concept, self.document) * (1.0 if concept.meta else 0.4)
        return max(heading, document)


def coverage(
    question: Question, stems: Stems, context: Context, total: float | None = None
) -> float:
    """Weighted share of the question's concepts that the text (or its context) has;
    ``total`` is the question's total weight, when the caller has worked it out already."""
    if total is None:
        total = question.total_weight
    if not total:
        return 0.0
    got = 0.0
    for concept, around in zip(question.concepts, context.scores, strict=True):
        if around < 1.0:
            got += concept.weight * max(concept_match(concept, stems), around)
        else:
            got += concept.weight
    return got / total


@dataclass
class ScoredSentence:
    text: str
    passage: Scored
    position: int
    coverage: float
    score: float = 0.0
    own: float = 0.0
    """Coverage of the sentence alone."""
    needs_previous: bool = False
    item: bool = False
    """An item of the list the sentence before introduces."""


@dataclass
class Scored:
    hit: Hit
    stems: Stems
    context: Context
    coverage: float
    sentences: list[ScoredSentence] = field(default_factory=list)
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


def type_bonus(qtype: str, text: str) -> float:
    """A little credit for text with the kind of thing asked for: a number, a time, a role, a
    telephone number or address; for "how rare", a figure or, for less, a word for it."""
    if qtype in ("number", "rate"):
        figure = bool(_DIGIT.search(text)) and bool(_figures(list(TOKEN.finditer(text)), text))
        if qtype == "number":
            return 0.12 if figure else 0.0
        return 0.12 if figure else 0.06 if _RATE.search(text) else 0.0
    if qtype == "time":
        return 0.12 if _TIME.search(text) else 0.0
    if qtype == "age":
        return 0.12 if _AGE.search(text) else 0.0
    if qtype == "date":
        return 0.12 if _DATE.search(text) else 0.0
    if qtype == "who":
        return 0.12 if _ROLE.search(text) else 0.0
    if qtype == "contact":
        return 0.12 if _PHONE.search(text) or _EMAIL.search(text) else 0.0
    if qtype == "examples":
        return 0.12 if _EXAMPLES.search(text) else 0.0
    return 0.0


def holds_what_is_asked(question: Question, text: str) -> bool:
    """Whether a sentence has the kind of thing the question asks for, when it asks for one:
    a count of the thing asked about ("how many families" → "12 families"), a time, an
    address for an "email address", a telephone number for a "phone number"."""
    if question.qtype not in TYPED:
        return True
    if question.qtype == "contact":
        return bool((_EMAIL if question.wants_email else _PHONE).search(text))
    if question.qtype == "number" and question.counted:
        return counts(question.counted, text)
    return type_bonus(question.qtype, text) > 0


def counts(counted: list[list[str]], text: str) -> bool:
    """Whether a number in ``text`` comes just before one of the ways of saying a thing, in
    the same phrase ("12 families", "38% of first-time fathers"; not "Section 3, The Dog")."""
    tokens = list(TOKEN.finditer(text))
    numbers = _figures(tokens, text)
    heads = {alternative[-1] for alternative in counted if alternative}
    for at, token in enumerate(tokens):
        stems = analyse(token.group(0))
        if not stems or stems[0] not in heads:
            continue
        for n in numbers:
            between = text[tokens[n].end() : token.start()]
            if 0 < at - n <= COUNT_WINDOW and not _PHRASE_BREAK.search(between):
                return True
    return False


def _figures(tokens: list[re.Match[str]], text: str) -> list[int]:
    """Where ``text`` gives a figure: a number or number word, not a year, a reference
    ("section 14"), a list item's own number ("2. What is…") or part of a telephone number."""
    phones = [match.span() for match in _PHONE.finditer(text)]
    return [
        at
        for at, token in enumerate(tokens)
        if _COUNT.match(token.group(0))
        and not _YEAR.match(token.group(0))
        and not (at and tokens[at - 1].group(0).lower() in _REFERENCE)
        and not (at == 0 and text[token.end() : token.end() + 1] in (".", ")"))
        and not any(start <= token.start() < end for start, end in phones)
    ]


_PHRASE_BREAK = Pattern(r"[,;:()\[\]]")
"""Punctuation that ends the phrase a number counts."""


TYPED = ("number", "rate", "time", "age", "contact")
"""Questions only a sentence with a number, a time or a contact detail can answer."""


def defining_bonus(question: Question, text: str) -> float:
    """Credit for a sentence that says what the term asked about is ("A bruise is caused by…",
    "Not Independently Mobile: a child who…")."""
    if not question.defines:
        return 0.0
    wanted = analyse(question.defines)
    # Most sentences do not have the term at all: a quick look before reading word by word.
    if not wanted or not Stems.of(text).has(wanted):
        return 0.0
    found = TOKEN.finditer(text)
    stems = [(match, analyse(match.group(0))) for match in found]
    flat = [(match, stem[0]) for match, stem in stems if stem]
    for start in range(len(flat) - len(wanted) + 1):
        if [word for _match, word in flat[start : start + len(wanted)]] == wanted:
            after = text[flat[start + len(wanted) - 1][0].end() :]
            if start <= 3 and _DEFINING.match(after):
                return 0.12
    return 0.0


def _sentences(text: str) -> list[tuple[int, str, Stems]]:
    """A passage's sentences of four words or more, each with its place among all its
    sentences and its stems."""
    places, sentences = read_sentences(text)
    return [
        (n, sentence, Stems.of(sentence)) for n, sentence in zip(places, sentences, strict=True)
    ]


@lru_cache(maxsize=5000)
def read_sentences(text: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The sentences the ranking reads (``_sentences`` without their stems), remembered: the
    same passages come back question after question. Tuples of numbers and of text, which the
    garbage collector leaves alone."""
    found = [(n, s) for n, s in enumerate(split_sentences(text)) if word_count(s) >= SENTENCE_WORDS]
    return tuple(n for n, _s in found), tuple(s for _n, s in found)


def _joint_bound(
    question: Question, first: Stems, second: Stems, context: Context, total: float
) -> float:
    """At least what ``coverage`` gives two sentences read together: a concept counts in full
    when either has any of its words. Added up in the same order as ``coverage`` adds, so the
    rounding keeps it a bound; below what the sentences already have, the pair is not read."""
    if not total:
        return 0.0
    got = 0.0
    for concept, around in zip(question.concepts, context.scores, strict=True):
        every = concept.forms()[2]
        if around >= 1.0 or not (
            every.isdisjoint(first.positions) and every.isdisjoint(second.positions)
        ):
            got += concept.weight
        else:
            got += concept.weight * around
    return got / total


def rank_passages(question: Question, hits: list[Hit]) -> list[Scored]:
    """Candidates re-ranked by how much of the question they cover, in one sentence and overall."""
    if not hits:
        return []
    _names_in_the_documents(question, hits)
    top = max(hit.score for hit in hits) or 1.0
    subject = [c for c in question.concepts if not c.meta]
    subject_weight = sum(c.weight for c in subject) or 1.0
    names_document = any(c.meta for c in question.concepts)
    w = WEIGHTS
    total = question.total_weight
    first: list[Scored] = []
    for hit in hits:
        stems = Stems.of(hit.text) if hit.stems is None else Stems.of_analysed(hit.stems)
        document = f"{hit.title} {hit.organisation} {hit.kind} {hit.published[:4]}"
        context = Context(question, Stems.of(hit.section), Stems.of(document))
        first.append(Scored(hit, stems, context, 0.0))
    _names_locate_documents(question, first)
    for result in first:
        result.coverage = coverage(question, result.stems, result.context, total)
    # Sentence by sentence is the costly part: only for the passages that could win.
    first.sort(key=lambda item: 0.6 * item.coverage + 0.4 * item.hit.score / top, reverse=True)
    scored = []
    for result in first[:DETAILED]:
        hit, context = result.hit, result.context
        previous: Stems | None = None
        for position, text, stems in _sentences(hit.text):
            own = coverage(question, stems, context, total)
            # Read with the sentence before, it may answer what neither does alone.
            before = result.sentences[-1] if result.sentences else None
            joint = 0.0
            if (
                before is not None
                and previous is not None
                and own > 0
                and 0.9 * _joint_bound(question, previous, stems, context, total)
                > max(own, before.own)
            ):
                joint = 0.9 * coverage(question, Stems.joined(previous, stems), context, total)
                if joint <= before.own:
                    joint = 0.0
            previous = stems
            sentence = ScoredSentence(text, result, position, max(own, joint), own=own)
            sentence.needs_previous = joint > own
            result.sentences.append(sentence)
        # The best sentence, with credit when it holds what was asked for (a number, a time).
        best_sentence = max(
            (
                s.coverage
                + w["type"]
                * (type_bonus(question.qtype, s.text) + defining_bonus(question, s.text))
                for s in result.sentences
            ),
            default=0.0,
        )
        # Words of the question in the heading say what the whole passage is about.
        in_heading = (
            sum(c.weight for c in subject if concept_match(c, context.heading)) / subject_weight
        )
        result.score = (
            w["coverage"] * result.coverage
            + w["sentence"] * best_sentence
            + w["bm25"] * (hit.score / top)
            + w["heading"] * in_heading
        )
        if question.obligation and hit.kind == "procedure" and not names_document:
            result.score += w["procedure"]
        # A question that names a document ("the Southampton paper") is about that document.
        for number, concept in enumerate(question.concepts):
            if concept.meta and not max(
                concept_match(concept, result.stems), context.scores[number]
            ):
                result.score *= w["other_document"]
        scored.append(result)
    scored.sort(key=lambda item: item.score, reverse=True)
    return scored


# Words any publisher's name may have; the rest of a name says which publisher it is.
PUBLISHER_WORDS = frozenset(
    """
    safeguarding children child childrens children's young people adults adult partnership
    partnerships board boards local council borough city county royal metropolitan district
    london greater services service social care families family and of the for procedures
    manual online multi agency
    """.split()
)


_POSSESSIVE = Pattern(r"['’]s?$")


def _names_in_the_documents(question: Question, hits: list[Hit]) -> None:
    """A word typed in lower case is a name, as if it had been typed with a capital, when it
    names a document's publisher ("solihull"), or when it is no common English word and the
    documents only ever write it with a capital inside a sentence ("dagenham")."""
    for concept in question.concepts:
        typed = _POSSESSIVE.sub("", concept.surface)  # "calderdale's" names Calderdale
        if (
            concept.proper
            or concept.glossary
            or not typed.isalpha()
            or len(typed) < 4
            or typed.lower() in PUBLISHER_WORDS
            # A verb's past form ("graded" from "the Graded Care Profile") names no place.
            or typed.lower().endswith("ed")
        ):
            continue
        pattern = re.compile(rf"\b{re.escape(typed)}\b", re.IGNORECASE)
        if any(pattern.search(hit.organisation) for hit in hits):
            concept.proper = concept.meta = True
            continue
        found = [(hit.text, m) for hit in hits for m in pattern.finditer(hit.text)]
        # A file named for its publisher ("torbay_private_fostering.txt") names the page's
        # place when the page itself does not, as a word the documents never write in lower
        # case and no common one.
        written = [(text, m) for text, m in found if not _in_address(text, m)]
        if (
            any(typed.lower() in file_words(hit) for hit in hits)
            and all(match.group(0)[:1].isupper() for _text, match in written)
            and not is_common(typed.lower())
        ):
            concept.proper = concept.meta = True
            continue
        if not found or any(not match.group(0)[:1].isupper() for _text, match in found):
            continue
        if is_common(typed.lower()):
            continue
        # A capital starting a sentence, a line or a list item says nothing. (Nor does being
        # rare in English's word list: it lacks British spellings, "paediatrician", and the
        # field's words, "subgroup".)
        lines = [text[: m.start()].rsplit("\n", 1)[-1].strip(" -•*\t") for text, m in found]
        if any(line and line[-1] not in ".!?:" for line in lines):
            concept.proper = concept.meta = True


def _in_address(text: str, match: re.Match[str]) -> bool:
    """Whether a word is part of an e-mail or web address ("mash@torbay.gov.uk")."""
    before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
    followed = after in ("@", ".") and text[match.end() + 1 : match.end() + 2].isalpha()
    return before in ("@", ".", "/") or followed


def file_words(hit: Hit) -> frozenset[str]:
    """The words of the name of a passage's file ("90_torbay_private_fostering.md")."""
    return _file_words(hit.path)


@lru_cache(maxsize=5000)
def _file_words(path: str) -> frozenset[str]:
    # Remembered by the path, not its name: making a PurePath for each hit and each of the
    # question's words was 2% of the bench's answers at 10,000 passages.
    stem = PurePath(path).stem
    return frozenset(word for word in re.split(r"[\W_\d]+", stem.lower()) if word)


def _names_locate_documents(question: Question, passages: list[Scored]) -> None:
    """A name in the question (a place, an organisation) says which document to read; which
    passage of it answers is for the other words to decide. So every passage of a document
    that names it anywhere gets the name's credit."""
    names = [number for number, concept in enumerate(question.concepts) if concept.proper]
    if not names:
        return
    found: dict[str, dict[int, float]] = {}
    for result in passages:
        document = found.setdefault(result.hit.doc_id, {})
        named = file_words(result.hit)
        for number in names:
            concept = question.concepts[number]
            here = max(concept_match(concept, result.stems), result.context.scores[number])
            if all(_POSSESSIVE.sub("", word) in named for word in concept.surface.lower().split()):
                here = 1.0
            document[number] = max(document.get(number, 0.0), here)
    for result in passages:
        for number, value in found[result.hit.doc_id].items():
            result.context.scores[number] = max(result.context.scores[number], value)


SENTENCE_WORDS = 4
"""Shorter lines (a list's number, "2.", a label) are read only as part of a passage."""


def best_sentences(
    question: Question, ranked: list[Scored], limit: int = 8
) -> list[ScoredSentence]:
    best_passage = ranked[0].score if ranked else 1.0
    found = []
    for scored in ranked[:limit]:
        for sentence in scored.sentences:
            sentence.score = 0.8 * sentence.coverage + 0.2 * (scored.score / best_passage)
            sentence.score += type_bonus(question.qtype, sentence.text)
            sentence.score += defining_bonus(question, sentence.text)
            words = word_count(sentence.text)
            if words > 80:
                sentence.score -= 0.05
            if words < 8 and not sentence.text.rstrip("”’\"')").endswith((".", "?", "!", ":")):
                sentence.score -= 0.1  # a caption or label, not something said
            found.append(sentence)
    found.sort(key=lambda item: item.score, reverse=True)
    return found


def diversify(ranked: list[Scored], per_document: bool) -> list[Scored]:
    """Re-order so that strong passages from other documents come before a document's seconds.

    For "which documents…" questions every document's best passage comes first.
    """
    if not ranked:
        return []
    if per_document:
        firsts: dict[str, Scored] = {}
        for item in ranked:
            if item.score >= 0.25 * ranked[0].score:
                firsts.setdefault(item.hit.doc_id, item)
        leaders = list(firsts.values())
        return leaders + [item for item in ranked if item not in leaders]
    chosen: list[Scored] = []
    rest = list(ranked)
    counts: dict[str, int] = {}

    def effective(item: Scored) -> float:
        return item.score * 0.92 ** counts.get(item.hit.doc_id, 0)

    while rest:
        best = max(rest, key=effective)
        rest.remove(best)
        chosen.append(best)
        counts[best.hit.doc_id] = counts.get(best.hit.doc_id, 0) + 1
    return chosen
