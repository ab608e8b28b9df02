"""The conversation kept between runs: each question with its answer and sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from assistant.answering.answers import Answer
from assistant.storage.atomic import write_text_atomic
from assistant.storage.saved_lists import read_saved_list, set_aside, write_saved_list


@dataclass
class Exchange:
    """One question and the answer it got."""

    question: str
    body: str
    """The answer's lead and points, as Markdown."""
    sources: str
    """The answer's source list, as Markdown."""
    citations: list[dict[str, Any]] = field(default_factory=list)
    declined: bool = False
    confidence: float = 0.0
    asked: str = ""
    """When, as an ISO date and time."""

    @classmethod
    def from_answer(cls, question: str, answer: Answer) -> Exchange:
        """An exchange from a fresh answer."""
        return cls(
            question=question,
            body=answer.body_markdown(),
            sources=answer.sources_markdown(),
            citations=[citation.as_json() for citation in answer.citations],
            declined=answer.declined,
            confidence=round(answer.confidence, 3),
            asked=dt.datetime.now().isoformat(timespec="seconds"),
        )

    def markdown(self) -> str:
        """The exchange as Markdown: the question, the answer and its sources."""
        parts = [f"## {self.question}", "", self.body]
        if self.sources:
            parts += ["", self.sources]
        return "\n".join(parts)


class Conversation:
    """Exchanges saved in one JSON file, written atomically after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.exchanges: list[Exchange] = []
        self.problem = ""
        """What went wrong reading the file, if anything (the file is kept aside)."""
        self._load()

    def _load(self) -> None:
        items, self.problem = read_saved_list(self.path)
        names = {f.name for f in fields(Exchange)}
        try:
            self.exchanges = [Exchange(**{k: v for k, v in i.items() if k in names}) for i in items]
        except TypeError as error:  # an entry without its question or answer
            self.exchanges = []
            self.problem = set_aside(self.path, str(error))

    def save(self) -> None:
        """Write the whole conversation to its file."""
        write_saved_list(self.path, [asdict(exchange) for exchange in self.exchanges])

    def add(self, exchange: Exchange) -> None:
        """Keep an exchange."""
        self.exchanges.append(exchange)
        self.save()

    def clear(self) -> Path | None:
        """Start again; the old conversation is kept beside the file. Returns where."""
        if not self.exchanges:
            return None
        kept = self.path.with_name(self.path.stem + ".previous.json")
        if self.path.exists():
            self.path.replace(kept)
        self.exchanges = []
        self.save()
        return kept

    @property
    def questions(self) -> list[str]:
        """The questions asked, oldest first (the input's history)."""
        return [exchange.question for exchange in self.exchanges]

    def markdown(self) -> str:
        """The whole conversation as a Markdown document."""
        when = dt.datetime.now().strftime("%d %B %Y, %H:%M")
        parts = ["# Conversation with Briefing Assistant", "", f"Exported {when}.", ""]
        for exchange in self.exchanges:
            parts += [exchange.markdown(), ""]
        return "\n".join(parts).rstrip() + "\n"

    def export(self, path: Path) -> Path:
        """Write the conversation as Markdown to ``path``."""
        write_text_atomic(path, self.markdown())
        return path
