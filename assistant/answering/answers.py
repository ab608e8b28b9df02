"""What an answer is: quotes with their citations, or a plain decline, as Markdown and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.corpus.sentences import split_sentences
from assistant.corpus.sources import Source
from assistant.search.model import Hit

if TYPE_CHECKING:
    from assistant.answering.question import Question


@dataclass
class Citation:
    """A passage an answer quotes or points to."""

    n: int
    hit: Hit
    source: Source
    """The passage's document as the reader is told of it (its age judged by the settings)."""
    quoted: bool = True

    @property
    def stale(self) -> bool:
        """Whether the source is older than the configured age."""
        return self.source.older_than is not None

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

    def describe(self) -> str:
        """[n] title — organisation · kind · date, then the section, file and anchor."""
        hit = self.hit
        where = f"{hit.path}#{hit.anchor}" if hit.anchor else hit.path
        return f"[{self.n}] {self.source.line()}\n   {hit.section} ({where})"


@dataclass
class Quote:
    """One sentence of an answer, word for word from a passage."""

    text: str
    citation: int
    item: bool = False
    """A list item following the sentence before it."""


@dataclass
class Definition:
    """What the assistant's own glossary says a term means: our wording, not a source's."""

    term: str
    text: str
    source: str = ""
    """A published source the definition draws a fact from, when there is one."""
    path: str = ""
    anchor: str = ""

    def markdown(self) -> str:
        """The term and its meaning, with the source it draws on."""
        drawn = f" (drawing on {self.source})" if self.source else ""
        return f"- *{self.term}*: {self.text}{drawn}"


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
    definitions: list[Definition] = field(default_factory=list)
    """The glossary's meanings of a term asked about, the usual one first."""
    missing: list[str] = field(default_factory=list)
    """For a decline: what the question asks about that the closest passages do not hold; for
    an answer across documents, the places or bodies asked about that it has nothing on."""
    declined_by: list[str] = field(default_factory=list)
    """For a decline: the rules that declined it (see ``_declining.Verdict.rules``)."""

    def body_markdown(self) -> str:
        """The lead and the supporting points."""
        lines: list[str] = []
        if self.declined:
            lines.append(
                "**The knowledge base does not cover this question.** "
                "The closest passages are listed below; read them before relying on them."
            )
            if self.missing:
                lines += ["", f"_{_missing_sentence(self.missing)}_"]
        else:
            if self.definitions:
                lines.append(
                    "**In the assistant's glossary** (our own wording, not a published source):"
                )
                lines += [definition.markdown() for definition in self.definitions]
                if self.lead or self.points:
                    lines += ["", "**In the knowledge base:**", ""]
            text = ""
            for quote in self.lead:
                if quote.item:
                    text += f"\n  - “{quote.text}” [{quote.citation}]"
                else:
                    text += "\n" if text.endswith("]") and "\n  - " in text else " "
                    text += f"“{quote.text}” [{quote.citation}]"
            if text.strip():
                lines.append(text.strip())
            if self.points:
                if text.strip():
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
            lines.append(f"{'' if citation.quoted else '(see also) '}{citation.describe()}")
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


# What a question asked for that no chosen sentence gave, in words for the reader.
_ASKED_FOR = {
    "(number)": "a number of what was asked about",
    "(rate)": "how often it happens",
    "(time)": "a time or timescale",
    "(age)": "an age",
    "(contact)": "a telephone number or address",
}


def _missing_sentence(missing: list[str]) -> str:
    """ "Not found in the closest passages: “head of service”; a telephone number or address." """
    parts = [_ASKED_FOR[item] for item in missing if item in _ASKED_FOR]
    words = [f"“{item}”" for item in missing if item not in _ASKED_FOR]
    if words:
        parts.insert(0, ", ".join(words))
    return "Not found in the closest passages: " + "; ".join(parts) + "."
