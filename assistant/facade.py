"""The Assistant: one object holding settings, the index and the glossary, used by CLI and TUI."""

from __future__ import annotations

import json
import pickle
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.config import Settings
from assistant.corpus.documents import Problem
from assistant.corpus.knowledge_files import GLOSSARY_NAME, THESAURUS_NAME
from assistant.search.model import (
    Clause,
    DocumentInfo,
    Filters,
    Hit,
    IndexReport,
    IndexUnwritable,
    PassageStore,
    Progress,
    open_index,
)
from assistant.storage.atomic import write_bytes_atomic

if TYPE_CHECKING:
    # The answering machinery is imported when a question is first asked, not when the app
    # starts: its patterns and tables are a good part of a cold start.
    from assistant.answering.answers import Answer
    from assistant.answering.question import Question
    from assistant.corpus.glossary import Glossary, Term

Notify = Callable[[str], None]
T = TypeVar("T")

FRESHNESS_SECONDS = 2.0
"""The knowledge folders are walked for changes at most this often by one process (a walk of
100,000 passages' files takes longer than answering)."""
GLOSSARY_CACHE = "glossary.pickle"
"""The parsed glossaries, beside the index, kept until a glossary file changes."""
STEM_STORE = "stems.sqlite"
"""The stems of the knowledge base's words, beside the index, so that a fresh process need
not work them out again (filled by each index update, and by questions as they meet words)."""


class Assistant:
    """The facade over the knowledge base: asking, indexing, importing."""

    def __init__(self, settings: Settings | None = None, notify: Notify | None = None) -> None:
        self.settings = settings or Settings.load()
        self._index: PassageStore | None = None
        self._glossary: Glossary | None = None
        self.glossary_problems: list[Problem] = []
        self._notify = notify or (lambda message: None)
        # Whoosh searchers and writers are not for sharing between threads: the TUI asks and
        # indexes from worker threads, so they take turns.
        self._lock = threading.RLock()
        self._fresh_at = -FRESHNESS_SECONDS

    @property
    def index(self) -> PassageStore:
        """The passage index, in the configured engine, opened when first needed (the engine
        is imported then, not when the assistant starts)."""
        if self._index is None:
            from assistant.corpus.words import use_stem_store

            use_stem_store(self.settings.index_dir.with_name(STEM_STORE))
            self._index = open_index(self.settings.index_dir, self.settings.engine)
        return self._index

    # -- the glossary --------------------------------------------------------------------

    def glossary_files(self) -> list[Path]:
        """Glossary and thesaurus files in the knowledge folders, the bundled ones first."""
        return [
            directory / name
            for directory in self.settings.knowledge_dirs
            for name in (GLOSSARY_NAME, THESAURUS_NAME)
            if (directory / name).is_file()
        ]

    @property
    def glossary(self) -> Glossary:
        """Every glossary in the knowledge folders; a broken one is reported and left out."""
        if self._glossary is None:
            self._glossary, self.glossary_problems = self._load_glossaries()
        return self._glossary

    def _load_glossaries(self) -> tuple[Glossary, list[Problem]]:
        """Each glossary file read once, or the cached result while no file has changed."""
        from assistant.corpus import glossary as glossary_code

        paths = self.glossary_files()
        # The files' and the parser's own (a newer version of the code reads them afresh).
        stamps: list[list[Any]] = []
        for path in [*paths, Path(str(glossary_code.__file__))]:
            try:
                info = path.stat()
                stamps.append([str(path), info.st_mtime_ns, info.st_size])
            except OSError:
                stamps.append([str(path), 0, 0])
        header = json.dumps(stamps).encode("utf-8") + b"\n"
        cache = self.settings.index_dir.with_name(GLOSSARY_CACHE)
        try:
            data = cache.read_bytes()
            if data.startswith(header):
                # Our own cache folder, as trusted as the index (whose stored fields are
                # pickled), and unpickled only when the files and the code are the same.
                cached: tuple[Glossary, list[Problem]] = pickle.loads(data[len(header) :])
                return cached
        except Exception:  # noqa: BLE001 - a missing, stale or damaged cache is made again
            pass
        glossary, errors = glossary_code.Glossary.load_good(paths)
        problems = [Problem(str(error.path), error.message, error.line) for error in errors]
        # Made now, so that the cache holds them: a question's spelling check needs them, and
        # making them is a good part of a fresh process's first question.
        glossary.typed_names  # noqa: B018
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            payload = pickle.dumps((glossary, problems), protocol=pickle.HIGHEST_PROTOCOL)
            write_bytes_atomic(cache, header + payload)
        except Exception:  # noqa: BLE001 - read-only, full, or not picklable: read them again
            pass
        return glossary, problems

    def _save_stems(self) -> None:
        """Keep the words stemmed so far for the next process (the words module is imported
        here, not with the facade: the app starts without it)."""
        from assistant.corpus.words import save_stems

        save_stems()

    def define(self, phrase: str) -> list[Term]:
        """Glossary entries for a term, abbreviation or synonym."""
        return self.glossary.lookup(phrase)

    # -- the index -----------------------------------------------------------------------

    def update_index(
        self, rebuild: bool = False, progress: Progress | None = None, thorough: bool = True
    ) -> IndexReport:
        """Bring the index up to date with the knowledge folders.

        Asked for by name (``assistant index``, the app's re-index), it reads the whole index
        first (``thorough``), so that damage no question has come across is repaired too.
        """
        with self._lock:
            report = self.index.update(
                self.settings.knowledge_dirs,
                rebuild=rebuild,
                progress=progress,
                thorough=thorough and not rebuild,
                wait=lambda message: self._notify(message[:1].upper() + message[1:] + "."),
            )
            self._glossary = None
            self._fresh_at = time.monotonic()
            self._save_stems()
            return report

    def ensure_index(self, progress: Progress | None = None) -> IndexReport | None:
        """Build or update the index when it is missing, damaged or behind the files.

        When it cannot be written (a full disk, a read-only folder) but the index there can
        still be read, questions are answered from it, and the notice says so.
        """
        with self._lock:
            try:
                return self._ensure_index(progress)
            except IndexUnwritable as error:
                if self.index.quick_problem():
                    raise
                self._notify(
                    f"{error.message[:1].upper()}{error.message[1:]}; answering from "
                    "the index as it stands."
                )
                self._fresh_at = time.monotonic()
                return None

    def _ensure_index(self, progress: Progress | None) -> IndexReport | None:
        reason = self.index.quick_problem()
        if not reason:
            if time.monotonic() - self._fresh_at < FRESHNESS_SECONDS:
                return None
            if not self.index.is_stale(self.settings.knowledge_dirs):
                self._fresh_at = time.monotonic()
                return None
        if reason:
            self._notify(f"Building the index ({reason}).")
        else:
            self._notify("Updating the index: knowledge files have changed.")
        return self.update_index(progress=progress, thorough=False)

    def _repairing(self, action: Callable[[], T]) -> T:
        """Run ``action`` on the index, rebuilding it once if it fails on damage that only
        reading finds (a truncated or corrupted file)."""
        self.ensure_index()
        try:
            return action()
        except Exception:
            reason = self.index.problem_with_index(thorough=True)
            if not reason:
                raise
            self._notify(f"The index was damaged ({reason}); rebuilding it.")
            self.index.close()
            self.update_index(rebuild=True)
            return action()

    # -- asking --------------------------------------------------------------------------

    def read(self, text: str, filters: Filters | None = None) -> Question:
        """Analyse a question (inline filters in the text add to ``filters``)."""
        from assistant.answering.asking import read

        return read(self.index, self.glossary, text, filters)

    def ask(
        self, text: str, filters: Filters | None = None, previous: Question | None = None
    ) -> Answer:
        """Answer a question from the knowledge base, quoting and citing passages.

        ``previous`` is the question before, so that a follow-up ("and for a third plan?")
        is read in its light.
        """
        with self._lock:
            answer = self._repairing(lambda: self._ask(text, filters, previous))
            self._save_stems()  # the words this question met, for the next process
            return answer

    def _ask(self, text: str, filters: Filters | None, previous: Question | None) -> Answer:
        from assistant.answering.asking import ask

        return ask(
            self.index, self.glossary, text, filters, previous, self.settings.stale_after_years
        )

    def plain_search(self, text: str, limit: int = 10) -> list[Hit]:
        """What plain BM25 over the passages finds for a question (for measuring answers)."""
        with self._lock:
            self.ensure_index()
            from assistant.answering.asking import plain_passages

            return plain_passages(self.index, self.glossary, text, limit)

    def search(
        self,
        clauses: Sequence[Clause],
        filters: Filters | None = None,
        limit: int = 50,
        exclude_kind: str = "",
    ) -> list[Hit]:
        """Passages matching any of the clauses, the index brought up to date first."""
        with self._lock:
            return self._repairing(
                lambda: self.index.search(clauses, filters, limit=limit, exclude_kind=exclude_kind)
            )

    def passage(self, pid: str) -> Hit | None:
        """One passage by its id, or None when the knowledge base no longer has it."""
        with self._lock:
            return self._repairing(lambda: self.index.passage(pid))

    def passages_of(self, doc_id: str) -> list[Hit]:
        """Every passage of one document, in reading order."""
        with self._lock:
            return self._repairing(lambda: self.index.passages_of(doc_id))

    def definition(self, phrase: str) -> Hit | None:
        """The glossary's definition of a term (by any of its names), as an indexed passage."""
        entries = self.define(phrase)
        if not entries:
            return None
        from assistant.answering.asking import find_definition

        with self._lock:
            return self._repairing(
                lambda: find_definition(self.index, [entry.term for entry in entries])
            )

    def highlights(self, text: str, question: str) -> list[tuple[int, int]]:
        """Where a question's words, any way of saying them, are in ``text``."""
        from assistant.answering.asking import matching_spans

        with self._lock:
            return matching_spans(text, self.read(question))

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, as the library lists them."""
        return self.index.documents()

    def problems(self) -> list[Problem]:
        """Problems in the knowledge files and glossaries, as the last update found them."""
        self.glossary  # noqa: B018 - loading it finds the glossaries' problems
        return self.index.problems() + list(self.glossary_problems)

    def starter_questions(self, limit: int = 4) -> list[str]:
        """Questions to offer on an empty transcript that show what the assistant is for, drawn
        from the knowledge base itself: what a procedure says (a heading of the newest
        procedure that sets out what must happen), what audits found and their figures (on the
        topics the audits share), and what a term means (an abbreviation the documents use).

        Only a handful of documents are read, each under the lock on its own, so a question
        asked meanwhile is not kept waiting; the index is not brought up to date here.
        """
        documents = sorted(
            (d for d in self.documents() if d.kind != "glossary"),
            key=lambda d: (d.published or "0000", d.doc_id),
            reverse=True,
        )
        found: list[str] = []
        procedures = [d for d in documents if d.kind == "procedure"]
        for document in (procedures or [d for d in documents if d.kind == "guidance"])[:1]:
            heading = self._procedure_heading(document.doc_id, document.title)
            if heading:
                found.append(
                    heading if heading.endswith("?") else f"{heading}: what does the procedure say?"
                )
        # Topics as audits give them: the one fewest documents share is the most telling.
        learning = [d for d in documents if d.kind in ("audit", "review", "briefing")][:6]
        shared: dict[str, int] = {}
        for document in learning:
            with self._lock:
                hits = self.index.passages_of(document.doc_id)
            for topic in dict.fromkeys(hits[0].topics if hits else []):
                shared[topic] = shared.get(topic, 0) + 1
        everywhere = {topic: 0 for topic in shared}
        for document in documents[:12]:
            with self._lock:
                hits = self.index.passages_of(document.doc_id)
            for topic in set(hits[0].topics if hits else []) & set(everywhere):
                everywhere[topic] += 1
        topics = sorted(
            (t for t in shared if shared[t] >= min(2, len(learning))),
            key=lambda t: (everywhere[t], -shared[t]),
        )

        def phrase(topic: str) -> str:
            return " ".join(w if w.isupper() else w.lower() for w in topic.split())

        if topics:
            found.append(f"What did audits find about {phrase(topics[0])}?")
        if len(topics) > 1:
            found.append(f"What are the figures for {phrase(topics[1])}?")
        for term in self.glossary.terms[:200]:
            names = [t for t in term.abbr if t.isupper() and len(t) >= 3]
            if not names:
                continue
            with self._lock:
                used = self.index.document_frequency("body", names[0].lower()) >= 2
            if used:
                found.append(f"What does {names[0]} mean?")
                break
        return found[:limit]

    def _procedure_heading(self, doc_id: str, title: str) -> str:
        """A heading of a procedure worth asking about: a question it asks of itself, or a
        section that says what must or should happen."""
        with self._lock:
            hits = self.index.passages_of(doc_id)
        fallback = ""
        for hit in hits:
            heading = hit.section.split(" › ")[-1]
            heading = re.sub(r"^(\d+(\.\d+)*\.?|Section \d+:)\s+", "", heading).strip()
            words = len(heading.split())
            if not 2 <= words <= 8 or heading == title or re.search(r"\byour\b", heading, re.I):
                continue
            if heading.endswith("?"):
                return heading
            if re.search(r"\b(must|needs? to|should|has to)\b", hit.text, re.IGNORECASE):
                return heading
            fallback = fallback or heading
        return fallback

    def close(self) -> None:
        """Release the index."""
        if self._index is not None:
            self._index.close()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
