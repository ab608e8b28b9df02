"""The passage index: Whoosh behind a small interface, kept up to date from file hashes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.query import And, NumericRange, Or, Phrase, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from assistant.corpus.documents import Document, KnowledgeError, Problem, load_document, read_text
from assistant.corpus.glossary import Glossary, glossary_passages, parse_glossary
from assistant.corpus.knowledge_files import GLOSSARY_NAME, discover, walk
from assistant.corpus.passages import Passage, split_into_passages
from assistant.corpus.words import STOP_WORDS, TOKEN, stem_word
from assistant.errors import AssistantError
from assistant.search.model import Clause, DocumentInfo, Filters, Hit, IndexReport, Progress
from assistant.storage.atomic import write_text_atomic

SCHEMA_VERSION = 8
"""Raise this whenever the schema or the passage splitting changes: indexes rebuild themselves."""
MANIFEST = "manifest.json"
INDEX_NAME = "passages"


class IndexUnavailable(AssistantError):
    """The index cannot be used (damaged, locked or missing) and was not repaired."""


def make_analyzer() -> Any:
    """The index's analyzer, built from the corpus's one tokenizer, stop words and stemmer, so
    that the words it holds are the words a question is split into."""
    return (
        RegexTokenizer(TOKEN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(stemfn=stem_word)
    )


def make_schema() -> Schema:
    """Fields of a passage: text for searching, stored values for citing."""
    stemmed = make_analyzer()
    return Schema(
        pid=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        body=TEXT(analyzer=stemmed),
        heading=TEXT(analyzer=stemmed, field_boost=1.5),
        meta=TEXT(analyzer=stemmed, field_boost=0.6),
        # Unstemmed words, so that misspelt question words can be corrected against them.
        spell=TEXT(analyzer=StandardAnalyzer(minsize=3), phrase=False),
        kind=ID(stored=True),
        org=TEXT(analyzer=StandardAnalyzer(stoplist=None, minsize=1), phrase=False),
        year=NUMERIC(stored=True, signed=False),
        title=STORED,
        organisation=STORED,
        published=STORED,
        section=STORED,
        anchor=STORED,
        path=STORED,
        text=STORED,
        span=STORED,
        order=STORED,
        topics=STORED,
    )


@dataclass
class _FileEntry:
    doc_id: str
    sha256: str
    mtime_ns: int
    size: int
    passages: int
    problems: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    kind: str = ""
    organisation: str = ""
    published: str = ""


class PassageIndex:
    """The Whoosh index of passages in one folder, with its manifest of indexed files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._index: Any = None
        self._searcher: Searcher | None = None
        self._manifest: tuple[int, dict[str, Any]] | None = None

    # -- opening -------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        """The JSON file recording what is indexed."""
        return self.directory / MANIFEST

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            stamp = self.manifest_path.stat().st_mtime_ns
            if self._manifest is not None and self._manifest[0] == stamp:
                return self._manifest[1]  # read once, until it changes
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
            return None
        self._manifest = (stamp, data)
        return data

    def quick_problem(self) -> str:
        """Like ``problem_with_index``, with the open searcher: cheap enough for every question."""
        if self._searcher is None:
            return self.problem_with_index()
        manifest = self._read_manifest()
        if manifest is None:
            return "the index is from another version or its manifest is missing"
        try:
            self.refresh()
            with self.searcher() as searcher:
                count = searcher.doc_count()
        except Exception as error:  # noqa: BLE001 - any failure here means "rebuild"
            return f"the index cannot be read ({type(error).__name__}: {error})"
        expected = sum(entry["passages"] for entry in manifest["files"].values())
        if count != expected:
            return f"the index holds {count} passages but its manifest lists {expected}"
        return ""

    def problem_with_index(self, thorough: bool = False) -> str:
        """Why the index cannot be used as it stands, or "" when it can.

        The quick check (for every question) reads the manifest and the index's table of
        contents; the thorough one also reads every stored passage, which finds truncated files.
        """
        manifest = self._read_manifest()
        if not self.directory.exists():
            return "no index yet"
        if manifest is None:
            return "the index is from another version or its manifest is missing"
        index = None
        try:
            index = whoosh_index.open_dir(str(self.directory), indexname=INDEX_NAME)
            with index.searcher() as searcher:
                count = searcher.doc_count()
                expected = sum(entry["passages"] for entry in manifest["files"].values())
                if count != expected:
                    return f"the index holds {count} passages but its manifest lists {expected}"
                if thorough:
                    for _ in searcher.reader().iter_docs():
                        pass
        except Exception as error:  # noqa: BLE001 - any failure here means "rebuild"
            return f"the index cannot be read ({type(error).__name__}: {error})"
        finally:
            if index is not None:
                index.close()
        return ""

    def open(self) -> None:
        """Open the index for searching (IndexUnavailable when there is none or it is damaged)."""
        if self._index is not None:
            return
        try:
            self._index = whoosh_index.open_dir(str(self.directory), indexname=INDEX_NAME)
        except Exception as error:  # noqa: BLE001
            raise IndexUnavailable(
                f"the index in {self.directory} cannot be opened: {error}"
            ) from None

    def close(self) -> None:
        """Release the searcher and the index."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._index is not None:
            self._index.close()
            self._index = None

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """The searcher, kept open between searches (``refresh`` makes it see new commits)."""
        self.open()
        if self._searcher is None:
            self._searcher = self._index.searcher(weighting=BM25F(B=0.6, K1=1.2))
        yield self._searcher

    def refresh(self) -> None:
        """See what another process or an update committed since the searcher was opened."""
        if self._searcher is not None:
            self._searcher = self._searcher.refresh()

    # -- updating ------------------------------------------------------------------------

    def is_stale(self, knowledge_dirs: list[Path]) -> bool:
        """True when a knowledge file was added, removed or touched since the last update."""
        manifest = self._read_manifest()
        if manifest is None:
            return True
        files = manifest["files"]
        seen = 0
        # Checked before every question: plain strings and scandir's entries, no pathlib.
        for _folder, path, stat in walk(knowledge_dirs):
            entry = files.get(path)
            if entry is None or stat.st_mtime_ns != entry["mtime_ns"]:
                return True
            if stat.st_size != entry["size"]:
                return True
            seen += 1
        return seen != len(files)

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents (from the manifest, so as quick as reading one file)."""
        manifest = self._read_manifest() or {"files": {}}
        return [
            DocumentInfo(
                doc_id=entry["doc_id"],
                path=path,
                title=entry.get("title", ""),
                kind=entry.get("kind", ""),
                organisation=entry.get("organisation", ""),
                published=entry.get("published", ""),
                passages=entry["passages"],
            )
            for path, entry in manifest["files"].items()
            if entry["passages"]
        ]

    def problems(self) -> list[Problem]:
        """Problems recorded for the knowledge files at the last update."""
        manifest = self._read_manifest() or {"files": {}}
        return [
            Problem(**problem)
            for entry in manifest["files"].values()
            for problem in entry.get("problems", [])
        ]

    def update(
        self,
        knowledge_dirs: list[Path],
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IndexReport:
        """Bring the index in line with the knowledge folders, rebuilding it if it must."""
        reason = "asked to rebuild" if rebuild else self.problem_with_index()
        try:
            return self._update(knowledge_dirs, reason, progress)
        except LockError:
            raise IndexUnavailable(
                "another assistant is updating the index; try again when it has finished"
            ) from None
        except Exception as error:
            if reason:
                raise
            # Damage the quick check cannot see shows up while writing: start again.
            reason = f"the index could not be updated ({type(error).__name__}: {error})"
            return self._update(knowledge_dirs, reason, progress)

    def _update(
        self, knowledge_dirs: list[Path], reason: str, progress: Progress | None
    ) -> IndexReport:
        started = time.perf_counter()
        report = IndexReport()
        manifest = None if reason else self._read_manifest()
        self.close()
        if manifest is None:
            report.rebuilt = True
            report.reason = reason
            target = self.directory.with_name(self.directory.name + ".new")
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            index = whoosh_index.create_in(str(target), make_schema(), indexname=INDEX_NAME)
            files: dict[str, dict[str, Any]] = {}
        else:
            target = self.directory
            index = whoosh_index.open_dir(str(target), indexname=INDEX_NAME)
            files = dict(manifest["files"])

        current = discover(knowledge_dirs)
        to_index: list[tuple[Path, str]] = []
        seen: set[str] = set()
        for path, doc_id in current:
            key = str(path)
            seen.add(key)
            entry = files.get(key)
            try:
                stat = path.stat()
            except OSError:
                continue
            if entry and entry["doc_id"] == doc_id:
                if stat.st_mtime_ns == entry["mtime_ns"] and stat.st_size == entry["size"]:
                    report.unchanged += 1
                    continue
                try:
                    data = path.read_bytes()
                except OSError:
                    data = None
                if data is not None and hashlib.sha256(data).hexdigest() == entry["sha256"]:
                    entry.update(mtime_ns=stat.st_mtime_ns, size=stat.st_size)
                    report.unchanged += 1
                    continue
            to_index.append((path, doc_id))
        removed = [key for key in files if key not in seen]

        writer = index.writer(limitmb=256)
        try:
            for key in removed:
                writer.delete_by_term("doc_id", files.pop(key)["doc_id"])
                report.removed += 1
            for number, (path, doc_id) in enumerate(to_index, start=1):
                if progress:
                    progress(number, len(to_index), str(path))
                key = str(path)
                if key in files:
                    writer.delete_by_term("doc_id", files[key]["doc_id"])
                    report.updated += 1
                else:
                    report.added += 1
                files[key] = asdict(self._index_file(writer, path, doc_id))
            writer.commit(merge=len(to_index) > 20 or report.rebuilt)
        except BaseException:
            writer.cancel()
            raise
        index.close()
        manifest = {"schema": SCHEMA_VERSION, "updated": time.time(), "files": files}
        write_text_atomic(target / MANIFEST, json.dumps(manifest, indent=1))
        if target != self.directory:
            old = self.directory.with_name(self.directory.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.directory.exists():
                os.replace(self.directory, old)
            os.replace(target, self.directory)
            shutil.rmtree(old, ignore_errors=True)

        report.documents = sum(1 for entry in files.values() if entry["passages"])
        report.passages = sum(entry["passages"] for entry in files.values())
        report.problems = [Problem(**p) for entry in files.values() for p in entry["problems"]]
        report.seconds = time.perf_counter() - started
        return report

    def _index_file(self, writer: Any, path: Path, doc_id: str) -> _FileEntry:
        problems: list[Problem] = []
        passages: list[Passage] = []
        document: Document | None = None
        stat = path.stat()
        data = b""
        try:
            try:
                data = path.read_bytes()
            except OSError as error:
                raise KnowledgeError(path, f"cannot be read ({error.strerror})") from None
            if path.name == GLOSSARY_NAME:
                text, _data, _warnings = read_text(path, data)
                glossary = Glossary(*parse_glossary(path, text))
                document, passages = glossary_passages(glossary, path, doc_id, text)
            else:
                document, tokens = load_document(path, doc_id, data)
                passages = split_into_passages(document, tokens)
            problems.extend(Problem(str(path), w, skipped=False) for w in document.warnings)
            for passage in passages:
                writer.add_document(**self._fields(document, passage))
        except KnowledgeError as error:
            problems.append(Problem(str(path), error.message, error.line))
            passages = []
            document = None
        return _FileEntry(
            doc_id=doc_id,
            sha256=hashlib.sha256(data).hexdigest(),
            mtime_ns=stat.st_mtime_ns,
            size=stat.st_size,
            passages=len(passages),
            problems=[asdict(problem) for problem in problems],
            title=document.title if document else "",
            kind=document.kind if document else "",
            organisation=document.organisation if document else "",
            published=document.published if document else "",
        )

    @staticmethod
    def _fields(document: Document, passage: Passage) -> dict[str, Any]:
        meta = " ".join(
            [
                document.title,
                document.organisation,
                document.kind,
                *document.topics,
                passage.keywords,
            ]
        )
        # The glossary is found by its terms, not its wording, so that word statistics describe
        # the knowledge base alone.
        body = "" if document.kind == "glossary" else passage.text
        return {
            "pid": passage.pid,
            "doc_id": document.doc_id,
            "body": body,
            "heading": " ".join(passage.heading_path),
            "meta": meta,
            "spell": f"{body} {' '.join(passage.heading_path)}",
            "kind": document.kind,
            "org": document.organisation,
            "year": document.year or 0,
            "title": document.title,
            "organisation": document.organisation,
            "published": document.published,
            "section": passage.section,
            "anchor": passage.anchor,
            "path": str(document.path),
            "text": passage.text,
            "span": (passage.start, passage.end),
            "order": passage.order,
            "topics": document.topics,
        }

    # -- searching -----------------------------------------------------------------------

    def search(
        self,
        clauses: Sequence[Clause],
        filters: Filters | None = None,
        limit: int = 50,
        exclude_kind: str = "",
    ) -> list[Hit]:
        """The best passages matching any of the clauses, BM25F-ranked."""
        if not clauses:
            return []
        return self._search(Or([_clause_query(c) for c in clauses]), filters, limit, exclude_kind)

    def passage(self, pid: str) -> Hit | None:
        """One passage by its id, or None when the index no longer has it."""
        found = self._search(Term("pid", pid), None, 1, "")
        return found[0] if found else None

    def _search(
        self, query: Query, filters: Filters | None, limit: int, exclude_kind: str
    ) -> list[Hit]:
        with self.searcher() as searcher:
            results = searcher.search(
                query,
                limit=limit,
                filter=_filter_query(filters) if filters else None,
                mask=Term("kind", exclude_kind) if exclude_kind else None,
            )
            return [self._hit(result.fields(), result.score or 0.0) for result in results]

    @staticmethod
    def _hit(fields: dict[str, Any], score: float) -> Hit:
        return Hit(
            pid=fields["pid"],
            doc_id=fields["doc_id"],
            title=fields.get("title", ""),
            kind=fields.get("kind", ""),
            organisation=fields.get("organisation", ""),
            published=fields.get("published", ""),
            section=fields.get("section", ""),
            anchor=fields.get("anchor", ""),
            path=fields.get("path", ""),
            text=fields.get("text", ""),
            score=float(score),
            order=int(fields.get("order", 0)),
            topics=list(fields.get("topics") or []),
        )

    def passages_of(self, doc_id: str) -> list[Hit]:
        """Every passage of one document, in reading order."""
        with self.searcher() as searcher:
            hits = [self._hit(fields, 0.0) for fields in searcher.documents(doc_id=doc_id)]
        return sorted(hits, key=lambda hit: hit.order)

    def all_passages(self, filters: Filters | None = None) -> Iterator[Hit]:
        """Every passage in the index (for evidence gathering and evaluation)."""
        with self.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                yield self._hit(fields, 0.0)

    def document_frequency(self, field_name: str, token: str) -> int:
        """How many passages contain an analysed token."""
        with self.searcher() as searcher:
            return int(searcher.doc_frequency(field_name, token))

    def passage_count(self) -> int:
        """Passages in the index, counting deleted ones not yet merged away as word counts do."""
        with self.searcher() as searcher:
            return int(searcher.doc_count_all())

    def suggest(self, word: str) -> str:
        """The closest indexed word to a misspelt one, or "" when none is close enough."""
        # One slip in a short word, two in a long one; the first letter is rarely wrong.
        maxdist = 1 if len(word) < 8 else 2
        with self.searcher() as searcher:
            corrector = searcher.corrector("spell")
            suggestions = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
            return str(suggestions[0]) if suggestions else ""


def _clause_query(clause: Clause) -> Query:
    if len(clause.words) == 1:
        return Term(clause.field, clause.words[0], boost=clause.boost)
    return Phrase(clause.field, list(clause.words), slop=clause.slop, boost=clause.boost)


def _filter_query(filters: Filters) -> Query | None:
    """The Whoosh query that keeps only what the filters allow, or None when nothing is limited."""
    parts: list[Query] = []
    if filters.kind:
        parts.append(Term("kind", filters.kind.lower()))
    if filters.organisation:
        words = re.findall(r"\w+", filters.organisation.lower())
        if words:
            parts.append(And([Term("org", word) for word in words]))
    if filters.since:
        # An undated document is kept (the answer shows it as undated): nothing says it is old.
        parts.append(Or([NumericRange("year", filters.since, None), NumericRange("year", 0, 0)]))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)
