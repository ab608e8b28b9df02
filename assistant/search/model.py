"""What a search gives and takes, free of the engine behind it: hits, filters, clauses, reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.corpus.documents import Problem
from assistant.errors import AssistantError

Progress = Callable[[int, int, str], None]
"""Told (files done, files in all, the file now) as indexing goes."""

FIELDS = ("body", "heading", "meta")
"""What a clause can search: a passage's text, its heading path, its document's title,
organisation, kind and topics."""


class IndexUnavailable(AssistantError):
    """The index cannot be used (damaged, locked or missing) and was not repaired."""


class IndexUnwritable(IndexUnavailable):
    """The index could not be written: the disk is full, or the folder is read-only."""


@dataclass(frozen=True)
class Clause:
    """Part of a search: these stems in this field, together (within ``slop`` words of each
    other) when there are several. A search finds passages matching any of its clauses."""

    field: str
    words: tuple[str, ...]
    boost: float = 1.0
    slop: int = 1


@dataclass
class Hit:
    """One passage found by a search, with everything needed to cite it."""

    pid: str
    doc_id: str
    title: str
    kind: str
    organisation: str
    published: str
    section: str
    anchor: str
    path: str
    text: str
    score: float
    order: int
    topics: list[str] = field(default_factory=list)
    stems: str | None = field(default=None, repr=False, compare=False)
    """The text's stems as the index stored them (``analyse``'s, joined by spaces), or None
    when it stores none: re-ranking reads them rather than tokenising the text again."""


@dataclass
class Filters:
    """Limits on what a search may return."""

    kind: str = ""
    organisation: str = ""
    since: int | None = None

    def __bool__(self) -> bool:
        return bool(self.kind or self.organisation or self.since)


@dataclass
class IndexReport:
    """What an update did."""

    documents: int = 0
    passages: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything in the index changed."""
        return bool(self.added or self.updated or self.removed or self.rebuilt)


@dataclass
class DocumentInfo:
    """What the library shows of an indexed document."""

    doc_id: str
    path: str
    title: str
    kind: str
    organisation: str
    published: str
    passages: int


class PassageSearch(Protocol):
    """What answering and training need of an index: searching, and its word statistics."""

    def search(
        self,
        clauses: Sequence[Clause],
        filters: Filters | None = None,
        limit: int = 50,
        exclude_kind: str = "",
    ) -> list[Hit]:
        """The best passages matching any of the clauses."""
        ...

    def passage(self, pid: str) -> Hit | None:
        """One passage by its id."""
        ...

    def glossary_entry(self, term: str) -> Hit | None:
        """The glossary's entry for a term as the glossary writes it (in any case), or None;
        the first glossary's when several define it."""
        ...

    def document_frequency(self, field_name: str, token: str) -> int:
        """How many passages have this stem in this field."""
        ...

    def passage_count(self) -> int:
        """How many passages the index holds."""
        ...

    def suggest(self, word: str) -> str:
        """The closest indexed word to a misspelt one, or ""."""
        ...


class PassageStore(PassageSearch, Protocol):
    """An index as the facade keeps it: searching, and its life (updates, freshness, damage)."""

    directory: Path

    def update(
        self,
        knowledge_dirs: list[Path],
        rebuild: bool = False,
        progress: Progress | None = None,
        thorough: bool = False,
        wait: Callable[[str], None] | None = None,
    ) -> IndexReport:
        """Bring the index in line with the knowledge folders, rebuilding it if it must."""
        ...

    def is_stale(self, knowledge_dirs: list[Path]) -> bool:
        """Whether a knowledge file was added, removed or touched since the last update."""
        ...

    def quick_problem(self) -> str:
        """Why the index cannot be used, checked cheaply enough for every question, or ""."""
        ...

    def problem_with_index(self, thorough: bool = False) -> str:
        """Why the index cannot be used as it stands, or "" when it can."""
        ...

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents."""
        ...

    def problems(self) -> list[Problem]:
        """Problems recorded for the knowledge files at the last update."""
        ...

    def passages_of(self, doc_id: str) -> list[Hit]:
        """Every passage of one document, in reading order."""
        ...

    def all_passages(self, filters: Filters | None = None) -> Iterator[Hit]:
        """Every passage in the index."""
        ...

    def close(self) -> None:
        """Release the index."""
        ...


def open_index(directory: Path, engine: str = "whoosh") -> PassageStore:
    """The passage index kept in ``directory`` by ``engine`` (the configuration's), whose
    modules are imported only now; each engine has its own folder, beside the other's, so
    switching between them rebuilds neither."""
    if engine == "tantivy":
        from assistant.search.tantivy_index import TantivyIndex

        return TantivyIndex(directory.with_name(directory.name + "-tantivy"))
    from assistant.search.index import PassageIndex

    return PassageIndex(directory)
