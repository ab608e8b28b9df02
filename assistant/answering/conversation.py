"""The conversation kept between runs: each question with its answer and sources."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from assistant.answering.answers import Answer
from assistant.storage.atomic import write_text_atomic
from assistant.storage.saved_lists import read_saved_list


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

    @classmethod
    def from_json(cls, item: Any) -> Exchange:
        """An exchange as saved (ValueError when it is not one)."""
        if not isinstance(item, dict):
            raise ValueError("an entry is not an exchange")
        names = {f.name for f in fields(cls)}
        try:
            return cls(**{key: value for key, value in item.items() if key in names})
        except TypeError:  # an entry without its question or answer
            raise ValueError("an entry has no question or no answer") from None

    def markdown(self) -> str:
        """The exchange as Markdown: the question, the answer and its sources."""
        parts = [f"## {self.question}", "", self.body]
        if self.sources:
            parts += ["", self.sources]
        return "\n".join(parts)


class Conversation:
    """Exchanges saved one a line in a JSON lines file: each answer is added to the end of the
    file, so saving costs the same however long the conversation; a file cut short or damaged
    is repaired by writing the good lines again, atomically, with the damaged file kept aside.

    A conversation saved as one JSON list (``conversation.json``, the older way) is read and
    carried over.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.exchanges: list[Exchange] = []
        self.problem = ""
        """What went wrong reading the file, if anything (a damaged file is kept aside)."""
        self._written = 0
        """How many exchanges the file holds."""
        self._rewrite = False
        """Whether the file must be written whole (after a repair or carrying over)."""
        self._lock = threading.Lock()
        self._load()

    @property
    def older_file(self) -> Path:
        """Where conversations were kept before they were saved one a line."""
        return self.path.with_suffix(".json")

    def _load(self) -> None:
        if not self.path.exists() and self.older_file.exists():
            items, self.problem = read_saved_list(self.older_file)
            self.exchanges = self._exchanges(items)
            self._rewrite = True
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            self.problem = self._set_aside(f"it cannot be read ({error})")
            return
        lines = text.split("\n")  # not splitlines(): "\u2028" inside an answer is not a line end
        if lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                self.exchanges.append(Exchange.from_json(json.loads(line)))
            except ValueError as error:
                # The last line of several, without its line end: an answer being added when
                # the app stopped. The rest is good; the file is written again without it.
                cut_short = 1 < number == len(lines) and not text.endswith("\n")
                if not cut_short:
                    self.problem = self._set_aside(f"line {number}: {error}")
                self._rewrite = True
        self._written = len(self.exchanges)

    @staticmethod
    def _exchanges(items: list[dict[str, Any]]) -> list[Exchange]:
        exchanges = []
        for item in items:
            try:
                exchanges.append(Exchange.from_json(item))
            except ValueError:
                continue
        return exchanges

    def _set_aside(self, reason: str) -> str:
        """Copy a damaged file to ``NAME.damaged.jsonl`` (its good entries are written back)."""
        kept = self.path.with_suffix(".damaged" + self.path.suffix)
        try:
            kept.write_bytes(self.path.read_bytes())
        except OSError:
            return f"{self.path} could not be read ({reason})"
        return f"{self.path} could not be read ({reason}); it was kept as {kept}"

    def add(self, exchange: Exchange) -> None:
        """Keep an exchange and save it."""
        self.remember(exchange)
        self.save()

    def remember(self, exchange: Exchange) -> None:
        """Keep an exchange; the next ``save`` (from any thread) writes it."""
        with self._lock:
            self.exchanges.append(exchange)

    def save(self) -> None:
        """Write what the file does not have yet: new exchanges at its end, or, after a repair,
        the whole conversation atomically. Safe to call from any thread."""
        with self._lock:
            if self._rewrite:
                text = "".join(_line(exchange) for exchange in self.exchanges)
                write_text_atomic(self.path, text)
                self._rewrite = False
                self._retire_older_file()
            elif self._written < len(self.exchanges):
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as stream:
                    stream.write("".join(_line(e) for e in self.exchanges[self._written :]))
                    stream.flush()
                    os.fsync(stream.fileno())
            self._written = len(self.exchanges)

    def clear(self) -> Path | None:
        """Start again; the old conversation is kept beside the file. Returns where."""
        with self._lock:
            if not self.exchanges:
                return None
            kept = self.path.with_name(self.path.stem + ".previous.jsonl")
            if self.path.exists():
                self.path.replace(kept)
            else:
                write_text_atomic(kept, "".join(_line(e) for e in self.exchanges))
            self._retire_older_file()
            self.exchanges = []
            self._written = 0
            self._rewrite = False
            return kept

    def _retire_older_file(self) -> None:
        # Once carried over (or cleared), the older file is never read again, or it would
        # bring the conversation back.
        if self.older_file != self.path and self.older_file.exists():
            self.older_file.replace(self.older_file.with_suffix(".json.carried-over"))

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


def _line(exchange: Exchange) -> str:
    return json.dumps(asdict(exchange), ensure_ascii=False) + "\n"
