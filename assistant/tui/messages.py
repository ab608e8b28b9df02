"""Messages shared between the app's screens and workers."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from assistant.answering.answers import Answer
from assistant.search.model import IndexReport


class IndexProgress(Message):
    """Indexing has got this far."""

    def __init__(self, done: int, total: int, name: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.name = name


class IndexFinished(Message):
    """Indexing ended: with a report, or None when nothing needed doing."""

    def __init__(self, report: IndexReport | None) -> None:
        super().__init__()
        self.report = report


class IndexFailed(Message):
    """Indexing could not be done."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class Answered(Message):
    """A question has its answer."""

    def __init__(self, question: str, answer: Answer) -> None:
        super().__init__()
        self.question = question
        self.answer = answer


class OpenCitation(Message):
    """The reader asked to read a cited passage."""

    def __init__(self, citation: dict[str, Any], question: str) -> None:
        super().__init__()
        self.citation = citation
        self.question = question
