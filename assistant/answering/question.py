"""Reading a practitioner's question: filters, question type, concepts and their weights."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answering._english import is_common
from assistant.answering._spelling import speller_for
from assistant.corpus.documents import KINDS
from assistant.corpus.glossary import Glossary, Term
from assistant.corpus.words import analyse, stem, words
from assistant.errors import AssistantError
from assistant.patterns import Pattern
from assistant.search.model import Filters

# Words that carry no subject matter in a question. Question words are kept apart: they say
# what kind of answer is wanted.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any anything are aren't around as
    at be been before being below between both but by can can't cannot could couldn't did
    didn't do does doesn't doing don't down during each either else etc ever every few for
    from further get gets getting give go going got had hadn't has hasn't have haven't
    having he her here hers herself him himself his i i'd i'll i'm i've if in into is isn't
    it it's its itself just know let let's like look looking me might mine more most must
    mustn't my myself need needs no nor not now of off on once only or other ought our ours
    ourselves out over own per please pls re really said say says see shall she should
    shouldn't so some something such tell than thanks that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've thing things
    think this those though through thx to too under until up upon us use used very vs want
    wants was wasn't way we we'd we'll we're we've were weren't what what's whatever when
    where where's whether which while who who's whom whose why will with within without
    won't would wouldn't yes yet you you'd you'll you're you've your yours yourself anyone
    someone re: eg ie i.e e.g btw fyi ok okay hi hello quick question q how
    ago happen happens happened mean means meaning stand stands cant dont wont isnt
    arent doesnt didnt shouldnt couldnt wouldnt wasnt werent im ive id hasnt havent whats v
    versus
    """.split()
)
# Question words and what they ask for.
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
ORDINALS = {
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "6th": "sixth",
    "7th": "seventh",
    "8th": "eighth",
    "9th": "ninth",
    "10th": "tenth",
}
_PLEASANTRIES = Pattern(
    r"^\W*((hi|hello|hiya|hey|morning|good (morning|afternoon))\b(\s+(all|there|team))?[\s,!.:-]*)?"
    r"(quick (one|question)\b[\s,!.:-]*)?"
    # A hedge: "Sorry if this is a silly question but…", "I was wondering…", "Is it true that…"
    r"((sorry( if this is an? (silly|daft|stupid|basic|obvious) question)?|"
    r"just (checking|wondering)|i was (just )?wondering|i'?m (just )?wondering|is it true|"
    r"am i right( in thinking)?|any idea|can i (just )?(check|ask)|do you (happen to )?know)\b"
    r"(\s+(but|that|if|whether))?[\s,!.:-]*)*"
    # A request to be told: "Can you explain…", "Please summarise…", "Briefly, …"
    r"(((can|could|would) you\s+)?(please\s+)?(briefly\s+)?(explain|summari[sz]e|outline)\b"
    r"(\s+to\s+me)?[\s,:-]*|(briefly|in (brief|short))\b[\s,:-]+)?"
    r"|[\s,.!-]*\b(many thanks|thanks( (so|very) much| a lot| in advance)?|thank you|cheers|ta|"
    r"(kind |best )?regards)\W*$",
    re.IGNORECASE,
)
"""A greeting, a hedge, a request to be told or a thank-you around a question ("Hi - quick
one, can you explain …? Many thanks"): not what it is about ("many" is no count, "one" no
number, "silly" and "wondering" no subject)."""
_FRAMING = Pattern(
    # Who is asking, in a few words: "I'm a health visitor.", "I work in a school -", "As a
    # new social worker,"; not what they are asking about ("I'm a bit unsure about PLO -").
    r"(?:^|(?<=[.!?;])\s*)(?:(?:i'?m|i am|we'?re|we are)\s+(?:an?|the)"
    r"|i\s+work\s+(?:in|at|for|with|as)(?:\s+(?:an?|the))?)"
    r"(?:\s+(?!about\b|regarding\b|around\b)[\w'/&-]+){1,4}?\s*(?:[.!;]|\s[–-]\s|$)"
    r"|^\W*as\s+an?(?:\s+[\w'/&-]+){1,4}?\s*,"
    # What for: "Need it for a team meeting.", "It's for supervision."
    r"|(?<=[.!?;])\s*(?:(?:i\s+)?need(?:ed)?\s+(?:it|this|that)|it'?s|it\s+is|this\s+is)\s+for"
    r"(?:\s+[\w'/&-]+){1,6}?\s*(?:[.!;]|$)"
    r"|\s(?:i\s+)?need(?:ed)?\s+(?:it|this)\s+for(?:\s+[\w'/&-]+){1,6}?\s*[.!]?\s*$",
    re.IGNORECASE,
)
"""Who is asking and what for ("I'm a health visitor.", "Need it for a training slide."): the
question is what they ask, not their role or their meeting."""
_FILTER = Pattern(
    r"\b(kind|org|organisation|organization|since)\s*:\s*(\"[^\"]+\"|'[^']+'|\S+)", re.IGNORECASE
)
_DEFINITION = [
    Pattern(
        r"^\s*what\s+(?:does|do|did)\s+(?:the\s+|an?\s+)?(?:term\s+|acronym\s+|abbreviation\s+)?"
        r"[\"'“‘]?(?P<term>.+?)[\"'”’]?\s+(?:mean|stand\s+for|refer\s+to)\b",
        re.IGNORECASE,
    ),
    Pattern(
        r"^\s*(?:what\s+is|what's|whats)\s+(?:the\s+)?(?:meaning|definition)\s+of\s+"
        r"(?:the\s+|an?\s+)?[\"'“‘]?(?P<term>[^?\"”’]+)",
        re.IGNORECASE,
    ),
    Pattern(
        r"^\s*(?:define|definition\s+of|meaning\s+of)\s+[\"'“‘]?(?P<term>[^?\"”’]+)", re.IGNORECASE
    ),
    Pattern(
        r"^\s*[\"'“‘]?(?P<term>[^?\"”’]+?)[\"'”’]?\s*[-–:]?\s+(?:meaning|definition|stands\s+for)\s*\??\s*$",
        re.IGNORECASE,
    ),
    Pattern(
        r"^\s*(?:what\s+(?:actually\s+|exactly\s+|really\s+)?(?:is|are)|what's|whats)\s+"
        r"(?:an?\s+|the\s+)?[\"'“‘]?(?P<term>[^?\"”’,;]+?)[\"'”’]?\s*"
        r"(?:(?:\?|,|;|\s[-–]\s).*)?$",
        re.IGNORECASE,
    ),
]
_PURPOSE = Pattern(
    r"^\s*(?:what(?:'s|s|\s+is|\s+are)?|why)\s+(?:is\s+|are\s+)?(?:the\s+)?(?:main\s+)?"
    r"(?P<framing>purpose|purposes|point|aim|aims|function)\s+of\s+(?:having\s+)?"
    r"(?:an?\s+|the\s+)?(?P<term>[^?,;]+?)\s*(?:[?,;].*)?$",
    re.IGNORECASE,
)
"""What something is for ("what's the purpose of a section 47 enquiry"): a sentence saying what
it is ("A Section 47 Enquiry is initiated to decide…") answers, and the framing word weighs
less than the thing asked about."""
_TWO_QUESTIONS = Pattern(
    r"\?\s*\S.*\b(what|which|who|how|when|why|is|are|do|does|should|can)\b.*\?"
    r"|(,|\s)\s*and\s+(what|which|who|how|when|why|do|does|did|is|are|should|can)\s",
    re.IGNORECASE,
)
"""Two questions in one ("who can refer … and do they need consent"): the answer draws on what
each part finds."""


@lru_cache(maxsize=256)
def _two_questions(text: str) -> bool:
    # Asked again and again while an answer is composed.
    return bool(_TWO_QUESTIONS.search(text))


_DEFINED_WORDS = 3
""""What is X" asks what X means only when X is this short ("what is a bruise"), unless the
glossary knows X; a longer X is a question about something ("what is the core group…")."""
_QUESTION_TYPES = [
    (
        # A telephone number or an address to write to: only a passage that gives one answers.
        "contact",
        Pattern(
            r"\b(phone|telephone|tel|mobile|contact|helpline|hotline)\s+(number|no|details)\b"
            r"|\bnumber\s+(to|i)\s+(call|ring|phone)\b|\b(e-?mail|postal)\s+address\b"
            r"|\bwhat\s+(number|email)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "documents",
        Pattern(
            r"\b(which|what)\s+(of\s+the\s+)?(documents?|reports?|audits?|sources?|papers?|briefings?|"
            r"partnerships|areas|councils|boards|authorities)\b"
            r"|\bwhat\s+(do|did)\s+(the|both|all|these)\s+(\S+\s+){0,3}?(audits|documents|reports|"
            r"papers|partnerships|protocols|procedures|policies|guides|reviews|briefings)\s+"
            r"(say|find|found|recommend|show|suggest|tell)\b"
            r"|\bwhere\s+(is|are|does|do)\b.*\bmention"
            r"|\b(the|different|all|both|each|various|other|several)\s+(audits|documents|reports|"
            r"papers|partnerships|areas|sources|briefings)\b"
            r"|\bacross\s+(the\s+)?(audits|documents|reports|partnerships|areas)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "rate",
        Pattern(r"\bhow\s+(rare|common|likely|prevalent|widespread|unusual)\b", re.IGNORECASE),
    ),
    (
        "number",
        Pattern(
            r"\bhow\s+(many|much)\b"
            r"|\bwhat\s+(%|per\s*cent|percent|percentage|proportion|number|figure|rate)\b"
            r"|\b(percentage|proportion|figures?|rate|stats?|statistics|%)\b"
            r"|\b(maximum|minimum|max|min)\s+number\b",
            re.IGNORECASE,
        ),
    ),
    (
        # An age: only a sentence giving one ("up to the age of 18", "16/17 year olds") answers.
        "age",
        Pattern(
            r"\b(what|which)\s+ages?\b|\bage\s+(limit|range|group)s?\b"
            # "How old a bruise is" asks the age of a thing, not of a person.
            r"|\bhow\s+old\b(?!\s+(?:(?:is|are)\s+)?(?:an?|the|this|that|these|those)\s+"
            r"(?!child|children|baby|babies|young|kids?|person|people|boys?|girls?|teen|pupils?)\w)",
            re.IGNORECASE,
        ),
    ),
    (
        "time",
        Pattern(
            # Not a bare "when": "when should PLO be considered" asks for circumstances.
            r"\bhow\s+(long|soon|often|quickly|frequently)\b|\bby\s+when\b|"
            r"\btimescales?\b|\btimeframes?\b|\bdeadline\b|\bwhen\s+(is|are|do|does|will|must)\s+"
            r"(the\s+)?\w+\s+(held|due|reviewed|happen|take\s+place)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "who",
        Pattern(
            # Inside a sentence only as a question put inside another ("do you know who signs
            # off…", "…, who decides?"), not a clause about someone ("a dad who is in prison").
            r"^\s*(who|whose|whom)\b|(?:^|[,;:?–-]\s*|\b(?:and|but|so|or|know|tell|ask|check|"
            r"sure|unsure|clear|confirm|decide|out|me|us)\s+)who\s+(has|needs|should|must|"
            r"signs|decides|agrees|can|is|does)\b|\bwhich\s+(role|manager|person)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # The date something was done ("when was the chapter updated"): a dated sentence
        # answers best; the date a source was published is shown beside it anyway.
        "date",
        Pattern(
            r"\bwhen\s+(was|were|did|has|had)\b|\b(what|which)\s+(year|date|month)\b"
            r"|\bdate\s+of\b|\b(last|latest)\s+(updated|reviewed|revised|amended)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # Kinds of a thing ("examples of EFH", "what types of abuse are there"): a sentence
        # listing some ("Forms of … include…", "such as…") answers.
        "examples",
        Pattern(
            r"^\s*(what\s+are\s+(some\s+)?|give\s+(me\s+)?(some\s+)?|any\s+)?"
            r"(examples?|types|kinds|forms)\s+of\b|\bwhat\s+(types?|kinds?)\s+of\b",
            re.IGNORECASE,
        ),
    ),
    ("why", Pattern(r"^\s*why\b", re.IGNORECASE)),
    ("how", Pattern(r"^\s*how\b", re.IGNORECASE)),
]
# Words that name a kind of document: "the Southampton paper", "the 7 min briefing".
KIND_WORDS = frozenset(
    """
    audit audits briefing briefings procedure procedures policy guidance analysis paper papers
    report reports review reviews document documents doc docs 7mb chapter manual
    """.split()
)
# Everyday words that say little about what a question is on, however rare they are in the
# knowledge base; they count for less when weighing how well a passage covers a question.
LIGHT_WORDS = frozenset(
    """
    able actually add added again ahead already always another answer anybody anyway around
    away back bad be become becomes best better big bit bring brought call called came case
    cases change come comes coming could day days different doing done down during early easy
    else end enough even ever every everyone example fact far feel felt find found fine first
    get give given go goes going gone good got great guess hand happen happened hard help here
    high hold house idea important info keep kind knew last later least leave left less let
    life little lot lots main make makes making many matter maybe mean might mind more most
    move much need new next nice nothing now number often old one ones open own part people
    person place point put quite rather real reason right round run said same saw say see seem
    seen set show side since small so someone something sometimes soon start still stop stuff
    sure take taken talk tell thing things think thought time times told took top try trying
    turn turned turning turns two up us use used usual very want way ways well went whole work
    worked working works yes yet young ahead bad never nothing onto somebody idea goes send
    sending split rate round running watching forgotten session input household booking
    really pretty whatever wrong anyway thanks sort kinda basically around across along
    slide slides presentation powerpoint handout
    """.split()
)
# Words that only frame a question about which documents say something.
DOCUMENT_FRAMING = frozenset(
    """
    mention mentions mentioned cover covers covered discuss discusses document documents doc
    docs source sources paper papers report reports
    """.split()
)
# Words that only frame a question about what something means ("the definition of PLO");
# elsewhere they are what is asked about ("when were the definitions amended").
DEFINITION_FRAMING = frozenset("definition definitions define defined".split())
# Words that only frame a question asking for kinds of a thing ("examples of EFH").
EXAMPLE_FRAMING = frozenset("example examples type types kind kinds form forms".split())
# Words that only frame a question about time ("how long should change last").
TIME_FRAMING = frozenset("long last lasts lasted lasting take takes took".split())
# Questions about what one must or should do are answered by procedures first.
_OBLIGATION = Pattern(
    r"\b(do|should|must|can|shall)\s+(i|we|you)\b|\b(i|we)\s+(need|have)\s+to\b|"
    r"\bhas\s+to\b|\bhave\s+to\b|\bneeds?\s+to\b|\bwhat\s+should\b|\brequired\b|\bmust\b",
    re.IGNORECASE,
)
# "and for a third plan?", "what about Southampton?": a question leaning on the one before.
_FOLLOW_UP = Pattern(
    r"^\s*(and|but|also|what about|how about|what if|same for|same with|and what about)\b",
    re.IGNORECASE,
)
ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth further subsequent".split()
)
_QUESTION_PHRASE = Pattern(
    r"\bhow\s+(long|soon|often|many|much|quickly|frequently|old|rare|common|likely|prevalent|"
    r"widespread|unusual)\b"
    # "what do the different audits say": the qualifier only asks for several documents.
    r"|\b(different|various|all|both|each|other|several|across)\s+(?=(the\s+)?(audits|documents|"
    r"reports|papers|partnerships|areas|sources|briefings)\b)",
    re.IGNORECASE,
)


@dataclass
class Concept:
    """Something the question is about, with every way the corpus might say it."""

    surface: str
    """The words as typed (after correction)."""
    alternatives: list[list[str]]
    """Each alternative as its stems; the first is what was typed."""
    weight: float = 1.0
    """How much it matters (rarer in the corpus weighs more)."""
    glossary: list[Term] = field(default_factory=list)
    proper: bool = False
    """A name (a place, an organisation, a scheme): a passage must have it to answer."""
    meta: bool = False
    """Names a document rather than a subject ("Cheshire East", "audit"): a document's title,
    organisation or kind satisfies it."""
    unknown: bool = False
    """No passage has it under any name."""
    figure: bool = False
    """A number with its unit ("15 working days", "6 weeks", "20 per cent")."""
    _forms: tuple[frozenset[str], list[list[str]], frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def forms(self) -> tuple[frozenset[str], list[list[str]], frozenset[str]]:
        """The other ways of saying it: single words as a set, phrases (the first
        alternative, what was typed, included when it is a phrase), and every word of all of
        them (a text with none of these cannot match)."""
        if self._forms is None:
            others = self.alternatives[1:]
            singles = frozenset(alt[0] for alt in others if len(alt) == 1)
            phrases = [alt for alt in self.alternatives if len(alt) > 1]
            every = frozenset(word for alt in self.alternatives for word in alt)
            self._forms = (singles, phrases, every)
        return self._forms


@dataclass
class Question:
    """A question read and ready to search."""

    text: str
    concepts: list[Concept]
    qtype: str = "general"
    filters: Filters = field(default_factory=Filters)
    definition_of: str = ""
    """The glossary term asked about in "what does X mean" questions."""
    defines: str = ""
    """What the question asks to be defined, in the glossary or not ("what is a bruise")."""
    obligation: bool = False
    """Asks what must or should be done, which procedures answer."""
    spelling: dict[str, str] = field(default_factory=dict)
    """Misspelt words (or pairs of words) and what they were read as."""
    inherited_filters: bool = False
    """Read as a follow-up, it keeps filters the question before set and this one did not."""
    counted: list[list[str]] = field(default_factory=list)
    """For "how many families…": every way of saying the thing counted, as stems."""
    wants_email: bool = False
    """Asks for an email address rather than a telephone number."""
    ages: frozenset[str] = frozenset()
    """Numbers the question gives as ages ("a 15-year-old", "when they turn 18")."""

    @property
    def wants_questions(self) -> bool:
        """Whether questions are what is asked for ("what reflective questions does…")."""
        return any(alt[-1:] == ["question"] for c in self.concepts for alt in c.alternatives)

    @property
    def across_documents(self) -> bool:
        """Whether the answer should draw on several documents: "which documents…", or a
        question naming two places or organisations ("what did N Yorks and Cheshire East find")."""
        names = {tuple(c.alternatives[0]) for c in self.concepts if c.proper}
        return self.qtype == "documents" or len(names) >= 2 or _two_questions(self.text)

    @property
    def total_weight(self) -> float:
        """The weight of all the concepts together."""
        return sum(concept.weight for concept in self.concepts)


def extract_filters(text: str) -> tuple[str, Filters]:
    """Inline filters (``kind:procedure org:"cheshire east" since:2020``) taken out of the text."""
    filters = Filters()
    for match in _FILTER.finditer(text):
        key, value = match.group(1).lower(), match.group(2).strip("\"'")
        if key == "kind":
            filters.kind = value.lower()
        elif key == "since" and re.fullmatch(r"(19|20)\d\d", value):
            filters.since = int(value)
        elif key in ("org", "organisation", "organization"):
            filters.organisation = value
    return _FILTER.sub(" ", text).strip(), filters


def question_type(text: str) -> str:
    """What kind of answer the question wants: number, time, date, who, documents, examples,
    why, how or general."""
    for name, pattern in _QUESTION_TYPES:
        if pattern.search(text):
            return name
    return "general"


def definition_target(text: str, glossary: Glossary) -> str:
    """The term in a "what does X mean" question, or ""."""
    term = defined_phrase(text)
    if (
        term
        and _DEFINITION[-1].search(text.strip())
        and not any(pattern.search(text.strip()) for pattern in _DEFINITION[:-1])
    ):
        # "what is X" only counts when X is a glossary term; the other forms always do.
        return term if glossary.lookup(term) else ""
    return term


def defined_phrase(text: str) -> str:
    """What a "what does X mean", a "what is the purpose of X" or a short "what is X" question
    asks to be defined, or ""."""
    purpose = _PURPOSE.search(text.strip())
    if purpose:
        return purpose.group("term").strip(" ?.")
    for number, pattern in enumerate(_DEFINITION):
        match = pattern.search(text.strip())
        if not match:
            continue
        term = re.sub(r"\s+(in|at|for|within)\s+.*$", "", match.group("term")).strip(" ?.")
        if number == len(_DEFINITION) - 1 and (
            len(words(term)) > _DEFINED_WORDS or question_type(text) != "general"
        ):
            return ""
        return term
    return ""


_YEAR_SPAN = r"\b((?:19|20)\d\d)\s*[/-]\s*(\d\d)\b"
"""A year span as typed ("2016/17")."""


def normalise(text: str) -> str:
    """Ordinals as words, year spans as years, so the question matches how documents write."""
    text = re.sub(
        r"\b(\d{1,2})(st|nd|rd|th)\b",
        lambda m: ORDINALS.get(m.group(0).lower(), m.group(0)),
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(
        _YEAR_SPAN,
        lambda m: f"{m.group(1)} {m.group(1)[:2]}{m.group(2)}",
        text,
    )
    return text.replace("%", " per cent ")


def read_question(
    text: str,
    glossary: Glossary,
    frequency: Callable[[str], int],
    passages: int,
    suggest: Callable[[str], str],
) -> Question:
    """Analyse a question against the glossary and the index's vocabulary."""
    text, filters = extract_filters(text)
    asked = _FRAMING.sub(" ", _PLEASANTRIES.sub(" ", text).strip())
    spelt, spelling = correct_spelling(asked, glossary, frequency, suggest)
    qtype = question_type(spelt)
    definition = definition_target(spelt, glossary)
    if definition:
        qtype = "definition"
    normalised = _QUESTION_PHRASE.sub(" ", normalise(spelt))
    typed = words(normalised)
    concepts: list[Concept] = []
    covered: set[int] = set()
    for start, end in _figures(typed):
        concepts.append(_figure(typed[start:end]))
        covered.update(range(start, end))
    # "A 15-year-old": an age sets the scene; as words it would only find "15 cases".
    covered.update(_age_words(typed))

    for start, end, match in glossary.concepts(normalised):
        words_here = [w.lower() for w in typed[start:end]]
        if all(word in STOPWORDS for word in words_here) or covered & set(range(start, end)):
            continue
        alternatives = [_typed_stems(match.surface)]
        for alternative in match.alternatives:
            stems = analyse(alternative)
            # "in care" is not just "care": a phrase that stop words reduce to one word would
            # match every passage using that word.
            if len(stems) == 1 and len(words(alternative)) > 1:
                continue
            if stems and stems not in alternatives:
                alternatives.append(stems)
        alternatives = [alt for alt in alternatives if alt]
        if not alternatives:
            continue
        proper = any(term.category in ("place", "nation", "organisation") for term in match.terms)
        names_kind = any(words_of_kind(term.term) for term in match.terms) or any(
            word in KIND_WORDS for word in words_here
        )
        concepts.append(
            Concept(
                match.surface,
                alternatives,
                glossary=match.terms,
                proper=proper,
                meta=proper or names_kind,
            )
        )
        covered.update(range(start, end))

    for position, word in enumerate(typed):
        lowered = word.lower()
        if position in covered or _is_stopword(lowered):
            continue
        if qtype == "time" and lowered in TIME_FRAMING:
            continue
        if qtype == "definition" and lowered in DEFINITION_FRAMING:
            continue
        if qtype == "examples" and lowered in EXAMPLE_FRAMING:
            continue
        if qtype == "documents" and lowered in DOCUMENT_FRAMING:
            continue
        stemmed = stem(lowered)
        if not stemmed:
            continue
        alternatives = [[stemmed]]
        if lowered in NUMBER_WORDS:
            alternatives.append([str(NUMBER_WORDS[lowered])])
        elif lowered.isdigit():
            alternatives += [
                [stem(name)] for name, value in NUMBER_WORDS.items() if str(value) == lowered
            ]
        concept = Concept(word, alternatives, meta=lowered in KIND_WORDS)
        concept.proper = _looks_like_name(word, position) and not _common_word(lowered)
        if not lowered.isdigit() and frequency(stemmed) == 0:
            concept.unknown = True
        concepts.append(concept)

    if qtype == "documents":
        concepts = [
            c for c in concepts if not all(w.lower() in DOCUMENT_FRAMING for w in c.surface.split())
        ]
    # "2016/17" is read as 2016 and 2017; a document writing the span the same way holds the
    # second year as "2016 17".
    for span in re.finditer(_YEAR_SPAN, spelt):
        second = span.group(1)[:2] + span.group(2)
        for concept in concepts:
            if concept.surface == second:
                concept.alternatives.append([span.group(1), span.group(2)])
    purpose = _PURPOSE.search(spelt.strip())
    purpose_framing = {purpose.group("framing").lower()} if purpose else set()
    unique: dict[tuple[str, ...], Concept] = {}
    for concept in concepts:
        unique.setdefault(tuple(concept.alternatives[0]), concept)
    concepts = list(unique.values())
    for concept in concepts:
        concept.weight = _weight(concept, frequency, passages)
        if not concept.glossary and concept.surface.lower() in LIGHT_WORDS | purpose_framing:
            concept.weight *= 0.4
    return Question(
        text=text,
        concepts=concepts,
        qtype=qtype,
        filters=filters,
        definition_of=definition,
        defines=definition or defined_phrase(spelt),
        obligation=bool(_OBLIGATION.search(spelt)),
        spelling=spelling,
        counted=_counted(normalise(spelt), concepts) if qtype == "number" else [],
        wants_email=bool(re.search(r"\be-?mail", spelt, re.IGNORECASE)),
        ages=frozenset(m.group(1) or m.group(2) for m in _AGE.finditer(spelt)),
    )


def _typed_stems(surface: str) -> list[str]:
    """The stems of words as typed; one word's possessive ("kid's") is that word, not the
    word and a stray "s" that would have to follow it."""
    stems = analyse(surface)
    if len(words(surface)) == 1:
        stems = [stem for stem in stems if stem != "s"] or stems
    return stems


_AGE = Pattern(
    r"\b(\d{1,2})[\s-]*(?:years?|yrs?)[\s-]*old\b|\b(?:aged?|turns?|turning|under|over)\s+(\d{1,2})\b",
    re.IGNORECASE,
)


_COUNTED = Pattern(
    r"\b(?:how\s+many|(?:maximum|minimum|max|min|total)\s+number\s+of|number\s+of)\s+"
    r"(?P<thing>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2})",
    re.IGNORECASE,
)


def _counted(text: str, concepts: list[Concept]) -> list[list[str]]:
    """The thing a "how many" question counts: the words of its name up to the verb or
    preposition that ends it ("how many MARAC referrals did…" counts MARAC referrals, "how many
    new dads worry…" new dads), each word and any way of saying it a candidate, since the
    documents may put the number before any of them ("38% of first-time fathers")."""
    match = _COUNTED.search(text)
    if not match:
        return []
    named = []
    for word in match.group("thing").split():
        if word.lower() in STOPWORDS or word.lower() in _VERBS:
            break
        if stem(word.lower()):
            named.append(stem(word.lower()))
    counted: list[list[str]] = []
    for wanted in named:
        counted.append([wanted])
        for concept in concepts:
            if any(alternative[-1:] == [wanted] for alternative in concept.alternatives):
                # One word each: "referrals" may be "referred", not "raise a concern".
                counted += [alt for alt in concept.alternatives if len(alt) == 1]
                break
    return [list(alt) for alt in dict.fromkeys(tuple(alt) for alt in counted)]


# Verbs that end the name of the thing a "how many" question counts.
_VERBS = frozenset(
    """
    came come comes went go goes made make makes took take takes said need needs sent send
    became become returned return returns received receive moved move showed show found
    had has have were was are is be been did do does happened happen got get gets
    """.split()
)


_UNITS: dict[tuple[str, ...], int] = {
    ("working", "days"): 2,
    ("working", "day"): 2,
    ("per", "cent"): 2,
    **{(unit,): 1 for unit in "days day weeks week months month years year yrs hours hrs".split()},
}


def _figures(typed: list[str]) -> list[tuple[int, int]]:
    """Where the question states a number with its unit ("15 working days", "6 weeks"), as
    (first word, end word); not an age ("a 15 year old")."""
    found = []
    for at, word in enumerate(typed):
        lowered = word.lower()
        if not (lowered.isdigit() or lowered in NUMBER_WORDS):
            continue
        after = [w.lower() for w in typed[at + 1 : at + 3]]
        for unit, size in _UNITS.items():
            if tuple(after[:size]) == unit:
                end = at + 1 + size
                if end < len(typed) and typed[end].lower() == "old":
                    break  # an age sets the scene; it is not asked about
                found.append((at, end))
                break
    return found


def _age_words(typed: list[str]) -> set[int]:
    """Positions of the words of an age written "15 year old" or "15-year-old"."""
    found: set[int] = set()
    for at in range(len(typed) - 2):
        number, unit, old = (w.lower() for w in typed[at : at + 3])
        if number.isdigit() and unit in ("year", "years", "yr", "yrs") and old == "old":
            found.update((at, at + 1, at + 2))
    return found


def _figure(words_here: list[str]) -> Concept:
    """A stated figure, as the digits or the word for the number with the unit's stems."""
    number, unit = words_here[0].lower(), [stem(w.lower()) for w in words_here[1:]]
    unit = [u for u in unit if u] or [words_here[-1].lower()]
    spelled = [name for name, value in NUMBER_WORDS.items() if str(value) == number]
    digits = str(NUMBER_WORDS[number]) if number in NUMBER_WORDS else number
    alternatives = [[digits, *unit]] + [[stem(name), *unit] for name in spelled]
    if number in NUMBER_WORDS:
        alternatives.insert(0, [stem(number), *unit])
    return Concept(" ".join(words_here), alternatives, figure=True)


def _is_stopword(word: str) -> bool:
    """A stop word, also when contracted ("she's", "they've", "we'd"); a possessive of a
    word that says something ("mum's") is not."""
    base, _apostrophe, ending = word.partition("'")
    return word in STOPWORDS or (ending in _CONTRACTIONS and base in STOPWORDS)


_CONTRACTIONS = frozenset("s re ve ll d m t".split())


def _common_word(word: str) -> bool:
    """A word English uses often ("Schools", "Fathers", "East"): typed with a capital inside a
    question it is emphasis or a title ("What Should Schools Do"), not a name on its own; a
    place that is one ("East Sussex", "Barking and Dagenham") has a rarer word beside it."""
    return is_common(word.split("'")[0])


def _looks_like_name(word: str, position: int) -> bool:
    """A capitalised word inside the sentence is a name: Wales, Ofsted, Barnardo's."""
    return position > 0 and word[:1].isupper() and not word.isupper() and len(word) > 2


_TYPED_WORD = Pattern(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
"""Words as ``words`` finds them, so that positions agree with the glossary's."""


def correct_spelling(
    text: str, glossary: Glossary, frequency: Callable[[str], int], suggest: Callable[[str], str]
) -> tuple[str, dict[str, str]]:
    """The question with words that neither the index nor the glossary knows read as the
    nearest word either knows ("disgused" → "disguised", "wat" → "what"), and the changes."""
    speller = speller_for(glossary, STOPWORDS)
    changes: dict[str, str] = {}
    position = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal position
        word = match.group(0)
        lowered = word.lower()
        here, position = position, position + 1
        if (
            not lowered.isalpha()
            or lowered in STOPWORDS
            or lowered in speller.known
            or _looks_like_name(word, here)
            or frequency(stem(lowered) or lowered) > 0
        ):
            return word
        corrected = speller.correct(lowered, suggest, frequency)
        if not corrected:
            return word
        changes[word] = corrected
        return corrected

    return _TYPED_WORD.sub(fix, text.replace("’", "'")), changes


def near_miss_readings(text: str, glossary: Glossary) -> list[tuple[str, dict[str, str]]]:
    """Other readings of a question where two real words are one edit from a glossary phrase
    ("who signs of a 3rd CP plan" may mean "signs off"), each with what was changed."""
    speller = speller_for(glossary, STOPWORDS)
    text = text.replace("’", "'")
    matches = list(_TYPED_WORD.finditer(text))
    # Words inside one glossary phrase ("signs of safety") are already read as that phrase.
    inside = {
        number
        for start, end, _concept in glossary.concepts(text)
        for number in range(start, end - 1)
    }
    readings = []
    for number in range(len(matches) - 1):
        if number in inside:
            continue
        first, second = matches[number], matches[number + 1]
        replacement = speller.near_miss(first.group(0), second.group(0))
        if not replacement:
            continue
        changed = text[: second.start()] + replacement + text[second.end() :]
        typed = text[first.start() : second.end()]
        readings.append((changed, {typed: f"{first.group(0)} {replacement}"}))
    return readings


def words_of_kind(term: str) -> bool:
    """Whether a glossary term names a kind of document ("7 minute briefing")."""
    return bool(re.search(r"\bbriefing|\baudit\b|\bprocedures?\b", term, re.IGNORECASE))


def _weight(concept: Concept, frequency: Callable[[str], int], passages: int) -> float:
    """Inverse document frequency of the concept's most common way of being said."""
    best = 0
    for alternative in concept.alternatives:
        # A phrase is as rare as its rarest word.
        counts = [frequency(word) for word in alternative]
        best = max(best, min(counts) if counts else 0)
    total = max(passages, best, 1)
    if best == 0:
        concept.unknown = True
        # A word no passage uses says the question is about something the knowledge base
        # lacks (everyday words are discounted afterwards, like any other).
        return min(math.log(1 + total), 6.0)
    return max(0.05, min(math.log(1 + (total - best + 0.5) / (best + 0.5)), 6.0))


def is_follow_up(text: str, question: Question) -> bool:
    """Whether a question says it leans on the one before: it starts "and…", "what about…",
    or it has a pronoun ("how often do they meet?") and next to nothing else to go on."""
    if _FOLLOW_UP.match(text):
        return True
    if not any(word.lower() in _PRONOUNS for word in words(text)):
        return False
    subjects = [c for c in question.concepts if c.surface.lower() not in LIGHT_WORDS]
    return len(subjects) <= 1 and not question.definition_of


_PRONOUNS = frozenset("it they them this that these those he she him her".split())


def check_filters(filters: Filters) -> Filters:
    """The filters, if they name a kind of document that exists (UnknownKind otherwise)."""
    if filters.kind and filters.kind.lower() not in KINDS:
        raise UnknownKind(
            f"“{filters.kind}” is not a kind of document; the kinds are {', '.join(KINDS)}"
        )
    return filters


class UnknownKind(AssistantError):
    """A filter named a kind of document that does not exist."""


def with_context(previous: Question, current: Question) -> Question:
    """The follow-up read with the question before: its concepts, unless the follow-up changes
    them (a third plan instead of a second, Southampton instead of Cheshire East)."""

    def kind_of(concept: Concept) -> str:
        first = concept.surface.lower()
        if first in ORDINAL_WORDS or first.isdigit() or first in NUMBER_WORDS:
            return "number"
        return "name" if concept.proper else ""

    replaced = {kind_of(c) for c in current.concepts} - {""}
    mine = {tuple(c.alternatives[0]) for c in current.concepts}
    kept = [
        concept
        for concept in previous.concepts
        if kind_of(concept) not in replaced and tuple(concept.alternatives[0]) not in mine
    ]
    filters = Filters(
        kind=current.filters.kind or previous.filters.kind,
        organisation=current.filters.organisation or previous.filters.organisation,
        since=current.filters.since or previous.filters.since,
    )
    return Question(
        text=f"{previous.text} → {current.text}",
        concepts=current.concepts + kept,
        qtype=current.qtype if current.qtype != "general" else previous.qtype,
        filters=filters,
        definition_of=current.definition_of,
        obligation=current.obligation or previous.obligation,
        spelling=current.spelling,
        # The answer says so: a follow-up never narrows the search without telling.
        inherited_filters=filters != current.filters,
    )
