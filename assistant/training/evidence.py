"""Gathering evidence for a training theme: every passage that names or describes it, by role."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.answering.pins import Pin
from assistant.corpus.glossary import Glossary, Term
from assistant.corpus.sentences import split_sentences
from assistant.corpus.sources import Source, describe_source
from assistant.corpus.words import Stems, analyse
from assistant.search.model import Clause, Hit

if TYPE_CHECKING:
    from assistant.facade import Assistant

ROLES = ("definition", "finding", "recommendation", "procedure", "case example", "guidance")
"""How an item bears on the theme, in the order a session would use them."""
ROLE_TITLES = {
    "definition": "What it is",
    "finding": "What audits found",
    "recommendation": "What was recommended",
    "procedure": "What the procedure requires",
    "case example": "Case examples",
    "guidance": "Guidance",
}
TIER_WEIGHTS = {1: 1.0, 2: 0.75, 3: 0.55}
_CASE = re.compile(r"case example|case study|appendix|practitioner'?s view|child [a-z]\b", re.I)
# A heading that is all recommendations ("Recommendations", "Next Steps and Resources").
_RECOMMENDS = re.compile(
    r"^(\d+\s+)?(recommendations?|next steps|what to do|actions|challenge for)\b", re.I
)
_RECOMMENDING = re.compile(
    r"^(training|social workers|practitioners|managers|chairs|cp chairs|child protection chairs|"
    r"agencies|professionals|all agencies|a focus for training|there is consideration)\b.*\b"
    r"(to|should|must|need|needs)\b|\brecommend|\bshould be\b|\bit is suggested\b",
    re.I,
)


@dataclass
class SearchTerm:
    """A way of naming the theme, or something that describes it, with how close it is."""

    name: str
    stems: list[str]
    tier: int
    """1: the theme itself; 2: a concept that describes it; 3: a practice that bears on it."""


@dataclass
class EvidenceItem:
    """A passage that bears on the theme, with the sentences that do and its citation."""

    hit: Hit
    source: Source
    quote: str
    role: str
    tier: int
    score: float
    terms: list[str] = field(default_factory=list)
    whole: str = ""
    """For a case example, its whole section in reading order (a case reads as a story)."""

    @property
    def figures(self) -> bool:
        """Whether the quote gives figures ("in 6 of 8 families")."""
        return bool(re.search(r"\d", self.quote))

    def citation(self) -> str:
        """Title — organisation · kind · date — section."""
        return f"{self.source.line()} — {self.hit.section}"

    def as_json(self) -> dict[str, Any]:
        """The item as other tools read it."""
        return {
            "id": self.hit.pid,
            "role": self.role,
            "tier": self.tier,
            "score": round(self.score, 3),
            "terms": self.terms,
            "quote": self.quote,
            "doc_id": self.hit.doc_id,
            "title": self.hit.title,
            "organisation": self.hit.organisation,
            "kind": self.hit.kind,
            "published": self.hit.published,
            "section": self.hit.section,
            "path": self.hit.path,
            "anchor": self.hit.anchor,
        }


@dataclass
class Evidence:
    """What was gathered for a theme."""

    theme: str
    terms: list[SearchTerm]
    items: list[EvidenceItem]
    definition: Hit | None = None
    term: Term | None = None
    """The theme's glossary entry: its definition (ours) and the sources of its facts."""

    def by_document(self) -> dict[str, list[EvidenceItem]]:
        """Items grouped by document, strongest document first."""
        groups: dict[str, list[EvidenceItem]] = {}
        for item in self.items:
            groups.setdefault(item.hit.title, []).append(item)
        return groups

    def by_role(self) -> dict[str, list[EvidenceItem]]:
        """Items grouped by role, in the order of ROLES."""
        groups: dict[str, list[EvidenceItem]] = {role: [] for role in ROLES}
        for item in self.items:
            groups[item.role].append(item)
        return {role: items for role, items in groups.items() if items}


def search_terms(theme: str, glossary: Glossary) -> list[SearchTerm]:
    """The theme's names (tier 1), then what the glossary relates to it both ways: concepts
    that describe it (tier 2) and practices that bear on it (tier 3)."""
    entries = glossary.lookup(theme)
    names = {theme.lower()} | {name.lower() for entry in entries for name in entry.names}
    terms: list[SearchTerm] = []

    def add(words: list[str], tier: int) -> None:
        for name in words:
            stems = analyse(name)
            # "not engaging" analyses to "engag" alone, which any mention of engagement has.
            if len(stems) < len(name.split()) and len(stems) == 1 and tier > 1:
                continue
            if stems and all(term.stems != stems for term in terms):
                terms.append(SearchTerm(name, stems, tier))

    add([theme], 1)
    for entry in entries:
        add(entry.names, 1)
    for entry in entries:
        for related in entry.related:
            for other in glossary.lookup(related):
                # Only terms that point back at the theme: "chronology" bears on many things.
                if not names & {name.lower() for name in other.related}:
                    continue
                tier = {"concept": 2, "practice": 3}.get(other.category)
                if tier:
                    add(other.names, tier)
    return terms


def _clauses(terms: list[SearchTerm]) -> list[Clause]:
    # A phrase counts with up to two words between its words ("knowing the system well").
    return [Clause("body", tuple(term.stems), slop=2) for term in terms]


def _quote(sentences: list[tuple[int, str]]) -> str:
    """Sentences quoted as they stand; " … " marks where some in between were left out."""
    text = ""
    previous = None
    for position, sentence in sentences:
        if previous is not None:
            text += " " if position == previous + 1 else " … "
        text += sentence
        previous = position
    return text


def _role(hit: Hit, quote: str) -> str:
    """Definition, case example, procedure, recommendation or finding, from the words first."""
    if hit.kind == "glossary":
        return "definition"
    if _CASE.search(hit.section):
        return "case example"
    if hit.kind == "procedure":
        return "procedure"
    heading = hit.section.split(" › ")[-1]
    if _RECOMMENDING.search(quote) or _RECOMMENDS.search(heading):
        return "recommendation"
    if hit.kind in ("audit", "briefing", "review"):
        return "finding"
    return "guidance"


def gather(assistant: Assistant, theme: str, limit: int = 200) -> Evidence:
    """Every passage naming the theme or describing it, strongest first."""
    terms = search_terms(theme, assistant.glossary)
    hits = assistant.search(_clauses(terms), limit=limit, exclude_kind="glossary")
    definition = assistant.definition(theme)
    years = assistant.settings.stale_after_years
    items: list[EvidenceItem] = []
    for hit in hits:
        matched: list[SearchTerm] = []
        sentences: list[tuple[int, str]] = []
        for position, sentence in enumerate(split_sentences(hit.text)):
            stems = Stems.of(sentence)
            here = [term for term in terms if stems.has(term.stems)]
            if here:
                sentences.append((position, sentence))
                matched.extend(term for term in here if term not in matched)
        if not matched:
            continue  # the words are there, but not together: not about the theme
        tier = min(term.tier for term in matched)
        quote = _quote(sentences[:3])
        score = TIER_WEIGHTS[tier] + 0.05 * min(len(sentences), 4) + 0.05 * len(matched)
        source = describe_source(hit.title, hit.organisation, hit.kind, hit.published, years)
        role = _role(hit, quote)
        items.append(EvidenceItem(hit, source, quote, role, tier, score, [t.name for t in matched]))
    items.sort(key=lambda item: (item.tier, -item.score, item.hit.doc_id, item.hit.order))
    for item in items:
        if item.role == "case example":
            section = [
                " ".join(hit.text.split())
                for hit in assistant.passages_of(item.hit.doc_id)
                if hit.anchor == item.hit.anchor
            ]
            item.whole = "\n\n".join(section) or item.hit.text
    entries = assistant.define(theme)
    return Evidence(theme, terms, items, definition, entries[0] if entries else None)


def pinned_item(pin: Pin, stale_after_years: int) -> EvidenceItem:
    """A passage the user pinned from an answer, as a piece of evidence (quoted whole)."""
    hit = Hit(
        pid=pin.pid,
        doc_id=pin.doc_id,
        title=pin.title,
        kind=pin.kind,
        organisation=pin.organisation,
        published=pin.published,
        section=pin.section,
        anchor=pin.anchor,
        path=pin.path,
        text=pin.text,
        score=0.0,
        order=0,
    )
    source = describe_source(
        pin.title, pin.organisation, pin.kind, pin.published, stale_after_years
    )
    role = "procedure" if pin.kind == "procedure" else "finding"
    return EvidenceItem(hit, source, pin.text, role, 2, 0.0, ["pinned"])
