"""The passage index: Whoosh behind a small interface, kept up to date from file hashes."""

from __future__ import annotations

import errno
import hashlib
import heapq
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from math import log
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL

from assistant.corpus.documents import Problem
from assistant.corpus.knowledge_files import GLOSSARY_NAME, KnowledgeFile, find_files, walk
from assistant.corpus.words import STOP_WORDS, TOKEN, analyse, stem_word
from assistant.errors import AssistantError
from assistant.search.model import Clause, DocumentInfo, Filters, Hit, IndexReport, Progress
from assistant.storage.atomic import write_text_atomic

if TYPE_CHECKING:
    from assistant.corpus.documents import Document
    from assistant.corpus.passages import Passage

SCHEMA_VERSION = 9
"""Raise this whenever the schema or the passage splitting changes: indexes rebuild themselves."""
MANIFEST = "manifest.json"
SPELLING = "spelling.json"
"""The words misspellings are corrected against, with how often each occurs."""
INDEX_NAME = "passages"
SCORED = ("body", "heading", "meta")
"""The fields whose word statistics rank passages."""
MERGE_DELETED_SHARE = 0.2
"""A segment with this share of its passages deleted is rewritten without them on update."""
SIGNIFICANT = 10
"""Scores are kept to this many significant digits: sums made in another order (an updated
index's segments, the word-by-word scorer's clause order) then rank exactly as Whoosh's own
search of a rebuilt index does."""

Wait = Callable[[str], None]
"""Told, once, that another process holds the index and this one is waiting for it."""


class IndexUnavailable(AssistantError):
    """The index cannot be used (damaged, locked or missing) and was not repaired."""


class IndexUnwritable(IndexUnavailable):
    """The index could not be written: the disk is full, or the folder is read-only."""


def make_analyzer() -> Any:
    """The index's analyzer, built from the corpus's one tokenizer, stop words and stemmer, so
    that the words it holds are the words a question is split into."""
    return (
        RegexTokenizer(TOKEN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(stemfn=stem_word)
    )


_SPELLING_ANALYZER = StandardAnalyzer(minsize=3)
"""Unstemmed words, so that misspelt question words can be corrected against them."""
_SPELLING_TOKEN = _SPELLING_ANALYZER[0].expression
_SPELLING_STOPS = _SPELLING_ANALYZER[-1].stops
"""The same analysis done with a regular expression, at a fraction of the cost (a test keeps
the two equal)."""


def make_schema() -> Schema:
    """Fields of a passage: text for searching, stored values for citing.

    The heading and metadata text are stored as well, so that the word statistics of a deleted
    passage can be taken out of the index's until Whoosh merges it away.
    """
    stemmed = make_analyzer()
    return Schema(
        pid=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        body=TEXT(analyzer=stemmed),
        heading=TEXT(analyzer=stemmed, field_boost=1.5, stored=True),
        meta=TEXT(analyzer=stemmed, field_boost=0.6, stored=True),
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
        key=STORED,
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


@dataclass
class _Surplus:
    """What Whoosh counts in a segment beyond its live passages, so that it can be taken out
    and an updated index ranks exactly as a rebuilt one: passages deleted but not yet merged
    away (their number and the words they held), and field lengths (Whoosh counts a deleted
    passage's until the merge, and a merged passage's as its rounded length afterwards)."""

    docs: int = 0
    lengths: Counter[str] = field(default_factory=Counter)
    frequencies: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, segments: dict[str, Any]) -> _Surplus:
        """The sum over segments, as the manifest records them."""
        total = cls()
        for data in segments.values():
            total.docs += int(data["docs"])
            total.lengths.update(data["lengths"])
            for name, counts in data["frequencies"].items():
                total.frequencies.setdefault(name, Counter()).update(counts)
        return total

    def add(self, fields: dict[str, Any]) -> None:
        """Count one passage's stored fields."""
        self.docs += 1
        for name, value in _scored_text(fields).items():
            length, terms = _analysed(name, value)
            self.lengths[name] += length
            self.frequencies.setdefault(name, Counter()).update(terms)

    def as_json(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "lengths": dict(self.lengths),
            "frequencies": {name: dict(counts) for name, counts in self.frequencies.items()},
        }

    def frequency(self, field_name: str, token: str) -> int:
        counts = self.frequencies.get(field_name)
        return counts.get(token, 0) if counts else 0


_SCHEMA = make_schema()


def _scored_text(fields: dict[str, Any]) -> dict[str, str]:
    """The text each scored field was given for a passage, from its stored fields."""
    # The glossary is found by its terms, not its wording (see ``_fields``).
    body = "" if fields.get("kind") == "glossary" else fields.get("text", "")
    return {"body": body, "heading": fields.get("heading", ""), "meta": fields.get("meta", "")}


def _analysed(field_name: str, value: str) -> tuple[int, set[str]]:
    """A scored field's length and distinct words for ``value``, as Whoosh counts them: its
    analyzer is the corpus's tokenizer, stop words and stemmer (``make_analyzer``), so the
    corpus's ``analyse`` gives the same words (a test keeps the two equal)."""
    stems = analyse(value)
    return len(stems), set(stems)


def _spelling_words(fields: dict[str, Any]) -> Counter[str]:
    """The unstemmed words of a passage misspellings are corrected against."""
    text = _scored_text(fields)
    found = _SPELLING_TOKEN.finditer(f"{text['body']} {text['heading']}")
    lowered = (match.group(0).lower() for match in found)
    return Counter(word for word in lowered if len(word) >= 3 and word not in _SPELLING_STOPS)


def _rounded(score: float) -> float:
    return float(f"{score:.{SIGNIFICANT}g}")


class _LiveBM25F(BM25F):  # type: ignore[misc]
    """Whoosh's BM25F over live passages only: deleted passages' words are taken out of the
    document frequencies and field lengths it ranks by."""

    def __init__(self, surplus: _Surplus) -> None:
        super().__init__(B=0.6, K1=1.2)
        self.surplus = surplus

    def idf(self, searcher: Any, fieldname: str, text: str | bytes) -> float:
        parent = searcher.get_parent()
        # Whoosh passes the term as bytes while matching, as text when asked directly.
        word = text.decode("utf-8") if isinstance(text, bytes) else text
        n = parent.doc_frequency(fieldname, text) - self.surplus.frequency(fieldname, word)
        return log(parent.doc_count() / (n + 1)) + 1

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _LiveScorer(searcher, fieldname, text, self, qf)


class _LiveScorer(BM25FScorer):  # type: ignore[misc]
    def __init__(
        self, searcher: Any, fieldname: str, text: str, weighting: _LiveBM25F, qf: int
    ) -> None:
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        length = parent.field_length(fieldname) - weighting.surplus.lengths[fieldname]
        self.avgfl = length / (parent.doc_count() or 1) or 1
        self.B = weighting.B
        self.K1 = weighting.K1
        self.qf = qf
        self.setup(searcher, fieldname, text)


@contextmanager
def _exclusive(path: Path, wait: Wait | None) -> Iterator[None]:
    """Hold the lock file at ``path``: one process at a time updates an index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: Whoosh's own write lock still applies
        yield
        return
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait:
                wait("another assistant is updating the index; waiting for it")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_UNWRITABLE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def _unwritable(error: BaseException) -> OSError | None:
    """The disk-full or permission error behind ``error``, if that is what it is."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in _UNWRITABLE:
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merging of small segments, and a segment much of which is deleted rewritten
    without its deleted passages (so an index updated many times stays the size of a rebuilt
    one)."""
    from whoosh.reading import SegmentReader

    keep = []
    for segment in segments:
        total = segment.doc_count_all()
        if segment.deleted_count() >= total:
            continue  # nothing left in it (a file updated again): dropped, nothing to copy
        if segment.deleted_count() >= MERGE_DELETED_SHARE * total:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            keep.append(segment)
    return list(MERGE_SMALL(writer, keep))


class _Vocabulary:
    """Corrects a misspelt word as Whoosh's reader corrector did on an unstemmed field (the
    most frequent word within the distance, then the first in order), from a stored word list."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.words = sorted(counts)

    def suggest(self, word: str, maxdist: int, prefix: int) -> str:
        from whoosh.automata.fsa import find_all_matches
        from whoosh.automata.lev import levenshtein_automaton
        from whoosh.spelling import ListCorrector

        dfa = levenshtein_automaton(word, maxdist, prefix).to_dfa()
        best: tuple[float, str] | None = None
        for found in find_all_matches(dfa, ListCorrector.Skipper(self.words)):
            if found == word:
                continue
            rank = (0.5 / (self.counts[found] or 1), found)
            if best is None or rank < best:
                best = rank
        return best[1] if best else ""


class PassageIndex:
    """The Whoosh index of passages in one folder, with its manifest of indexed files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._index: Any = None
        self._searcher: Searcher | None = None
        self._opened: tuple[int, int] | None = None
        self._manifest: tuple[tuple[int, int], dict[str, Any]] | None = None
        self._deleted: tuple[tuple[int, int], _Surplus] | None = None
        self._vocabulary: tuple[tuple[int, int], _Vocabulary] | None = None
        self._lengths: dict[tuple[str, str], tuple[bytes, list[int]]] = {}

    def __del__(self) -> None:
        # The segments' files are open while a searcher is; a forgotten index closes them.
        with suppress(Exception):
            self.close()

    # -- opening -------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        """The JSON file recording what is indexed."""
        return self.directory / MANIFEST

    @property
    def lock_path(self) -> Path:
        """The file a process holds while it updates the index."""
        return self.directory.with_name(self.directory.name + ".lock")

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            info = self.manifest_path.stat()
            stamp = (info.st_ino, info.st_mtime_ns)
            if self._manifest is not None and self._manifest[0] == stamp:
                return self._manifest[1]  # read once, until it changes
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
            return None
        self._manifest = (stamp, data)
        return data

    def _problem_with_manifest(self, manifest: dict[str, Any], searcher: Any) -> str:
        count = searcher.doc_count()
        expected = sum(entry["passages"] for entry in manifest["files"].values())
        if count != expected:
            return f"the index holds {count} passages but its manifest lists {expected}"
        if set(manifest.get("surplus", {})) - _segment_ids(searcher):
            return "the index's record of deleted passages does not match it"
        return ""

    def quick_problem(self) -> str:
        """Like ``problem_with_index``, with the open searcher: cheap enough for every question."""
        if self._searcher is None:
            return self.problem_with_index()
        manifest = self._read_manifest()
        if manifest is None:
            return "the index is from another version or its manifest is missing"
        try:
            if self._opened != _identity(self.directory):
                self.close()  # rebuilt by another process: the folder is a new one
            self.refresh()
            with self.searcher() as searcher:
                return self._problem_with_manifest(manifest, searcher)
        except Exception as error:  # noqa: BLE001 - any failure here means "rebuild"
            return f"the index cannot be read ({type(error).__name__}: {error})"

    def problem_with_index(self, thorough: bool = False) -> str:
        """Why the index cannot be used as it stands, or "" when it can.

        The quick check (for every question) reads the manifest and the index's table of
        contents; the thorough one also reads every stored passage and every word's postings,
        which finds damaged files.
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
                problem = self._problem_with_manifest(manifest, searcher)
                if problem:
                    return problem
                if thorough:
                    reader = searcher.reader()
                    for _ in reader.iter_docs():
                        pass
                    for name in reader.indexed_field_names():
                        for term in reader.lexicon(name):
                            reader.postings(name, term).all_ids()
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
            self._opened = _identity(self.directory)
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
        self._opened = None
        self._lengths.clear()

    def _weighting(self) -> _LiveBM25F:
        manifest = self._read_manifest() or {}
        stamp = self._manifest[0] if self._manifest else (0, 0)
        if self._deleted is None or self._deleted[0] != stamp:
            self._deleted = (stamp, _Surplus.of(manifest.get("surplus", {})))
        return _LiveBM25F(self._deleted[1])

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """The searcher, kept open between searches (``refresh`` makes it see new commits)."""
        self.open()
        weighting = self._weighting()
        if self._searcher is None:
            self._searcher = self._index.searcher(weighting=weighting)
        elif self._searcher.weighting.surplus is not weighting.surplus:
            self._searcher.weighting = weighting
            self._searcher._idf_cache.clear()
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
        thorough: bool = False,
        wait: Wait | None = None,
    ) -> IndexReport:
        """Bring the index in line with the knowledge folders, rebuilding it if it must.

        One process at a time: another that is updating the same index is waited for (and
        ``wait`` told), and what it did is then taken into account. ``thorough`` reads every
        stored passage first, so that damage a question would not notice is repaired too.
        """
        try:
            with _exclusive(self.lock_path, wait):
                reason = (
                    "asked to rebuild" if rebuild else self.problem_with_index(thorough=thorough)
                )
                try:
                    return self._update(knowledge_dirs, reason, progress)
                except LockError:
                    raise
                except Exception as error:
                    if reason or _unwritable(error):
                        raise
                    # Damage the quick check cannot see shows up while writing: start again.
                    reason = f"the index could not be updated ({type(error).__name__}: {error})"
                    return self._update(knowledge_dirs, reason, progress)
        except LockError:
            raise IndexUnavailable(
                "another program is updating the index; try again when it has finished"
            ) from None
        except Exception as error:
            cause = _unwritable(error)
            if cause is None:
                raise
            where = cause.filename or self.directory
            raise IndexUnwritable(
                f"the index in {self.directory} cannot be written ({where}: "
                f"{cause.strerror or os.strerror(cause.errno or 0)})"
            ) from None

    def _update(
        self, knowledge_dirs: list[Path], reason: str, progress: Progress | None
    ) -> IndexReport:
        started = time.perf_counter()
        report = IndexReport()
        manifest = None if reason else self._read_manifest()
        self.close()
        surplus: dict[str, _Surplus]
        if manifest is None:
            report.rebuilt = True
            report.reason = reason
            target = self.directory.with_name(f"{self.directory.name}.new-{os.getpid()}")
            # Left by a process killed while rebuilding (this one holds the lock now).
            for left in ("new", "old"):
                for stale in self.directory.parent.glob(f"{self.directory.name}.{left}-*"):
                    shutil.rmtree(stale, ignore_errors=True)
            target.mkdir(parents=True)
            index = whoosh_index.create_in(str(target), make_schema(), indexname=INDEX_NAME)
            files: dict[str, dict[str, Any]] = {}
            spelling: Counter[str] = Counter()
            surplus = {}
        else:
            target = self.directory
            index = whoosh_index.open_dir(str(target), indexname=INDEX_NAME)
            files = dict(manifest["files"])
            spelling = Counter(self._read_spelling(target))
            surplus = {
                segment_id: _Surplus.of({segment_id: data})
                for segment_id, data in manifest.get("surplus", {}).items()
            }

        current = find_files(knowledge_dirs)
        to_index: list[KnowledgeFile] = []
        seen: set[str] = set()
        for found in current:
            key = str(found.path)
            entry = files.get(key)
            try:
                stat = found.path.stat()
            except OSError:
                continue  # gone since the folder was read: as if it had never been there
            seen.add(key)
            if entry and entry["doc_id"] == found.doc_id:
                if stat.st_mtime_ns == entry["mtime_ns"] and stat.st_size == entry["size"]:
                    report.unchanged += 1
                    continue
                try:
                    data = found.path.read_bytes()
                except OSError:
                    data = None
                if data is not None and hashlib.sha256(data).hexdigest() == entry["sha256"]:
                    entry.update(mtime_ns=stat.st_mtime_ns, size=stat.st_size)
                    report.unchanged += 1
                    continue
            to_index.append(found)
        removed = [key for key in files if key not in seen]

        try:
            # Separate segment files: a compound one is copied whole into memory when read.
            writer = index.writer(limitmb=256, compound=False)
        except BaseException:
            index.close()
            raise
        try:
            reader = writer.reader() if not report.rebuilt else None
            lengths_before = _field_lengths(reader) if reader is not None else {}
            added: Counter[str] | None = Counter() if reader is not None else None

            def delete(doc_id: str) -> None:
                if reader is not None:
                    for segment_id, fields in _live_passages(reader, doc_id):
                        surplus.setdefault(segment_id, _Surplus()).add(fields)
                        spelling.subtract(_spelling_words(fields))
                writer.delete_by_term("doc_id", doc_id)

            for key in removed:
                delete(files.pop(key)["doc_id"])
                report.removed += 1
            for number, found in enumerate(to_index, start=1):
                if progress:
                    progress(number, len(to_index), str(found.path))
                key = str(found.path)
                if key in files:
                    delete(files.pop(key)["doc_id"])
                    replacing = True
                else:
                    replacing = False
                indexed = self._index_file(writer, found, spelling, added)
                if indexed is None:
                    if replacing:
                        report.removed += 1
                    continue  # removed while the index was being built
                report.updated += replacing
                report.added += not replacing
                files[key] = asdict(indexed)
            if reader is not None:
                reader.close()
            writer.commit(mergetype=_merge_policy if not report.rebuilt else None, merge=True)
        except BaseException:
            # The first error is the one worth reporting, not "this writer is closed".
            with suppress(Exception):
                writer.cancel()
            index.close()
            raise
        # What Whoosh still counts beyond the live passages, for the segments it has now.
        with index.searcher() as searcher:
            lengths_after = _field_lengths(searcher.reader())
        index.close()
        if added is not None:
            made = set(lengths_after) - set(lengths_before)
            merged = set(lengths_before) - set(lengths_after)
            for segment_id in made:  # the one segment this commit wrote
                exact = Counter(added)
                for gone in merged:
                    exact.update(lengths_before[gone])
                    exact.subtract(surplus[gone].lengths if gone in surplus else Counter())
                extra = Counter(lengths_after[segment_id])
                extra.subtract(exact)
                surplus[segment_id] = _Surplus(lengths=+extra)
        still_counted = {
            segment_id: counted.as_json()
            for segment_id, counted in surplus.items()
            if segment_id in lengths_after and (counted.docs or +counted.lengths)
        }
        words = {word: count for word, count in spelling.items() if count > 0}
        write_text_atomic(target / SPELLING, json.dumps(words, separators=(",", ":")))
        manifest = {
            "schema": SCHEMA_VERSION,
            "updated": time.time(),
            "files": files,
            "surplus": still_counted,
        }
        write_text_atomic(target / MANIFEST, json.dumps(manifest, indent=1))
        if target != self.directory:
            old = self.directory.with_name(f"{self.directory.name}.old-{os.getpid()}")
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

    def _index_file(
        self,
        writer: Any,
        found: KnowledgeFile,
        spelling: Counter[str],
        lengths: Counter[str] | None = None,
    ) -> _FileEntry | None:
        """Index one file's passages, adding up their field lengths in ``lengths`` if given;
        None when the file has gone since the folder was read."""
        from assistant.corpus.documents import KnowledgeError, load_document, read_text
        from assistant.corpus.glossary import Glossary, glossary_passages, parse_glossary
        from assistant.corpus.passages import split_into_passages

        path, doc_id = found.path, found.doc_id
        problems: list[Problem] = []
        passages: list[Passage] = []
        document: Document | None = None
        try:
            stat = path.stat()
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            problem = Problem(str(path), f"cannot be read ({error.strerror})")
            return _FileEntry(doc_id, "", 0, 0, 0, [asdict(problem)])
        try:
            if path.name == GLOSSARY_NAME:
                text, _data, _warnings = read_text(path, data)
                glossary = Glossary(*parse_glossary(path, text))
                document, passages = glossary_passages(glossary, path, doc_id, text)
            else:
                document, tokens = load_document(path, doc_id, data)
                passages = split_into_passages(document, tokens)
            problems.extend(Problem(str(path), w, skipped=False) for w in document.warnings)
            for passage in passages:
                fields = self._fields(document, passage, found.key)
                writer.add_document(**fields)
                spelling.update(_spelling_words(fields))
                if lengths is not None:
                    for name, value in _scored_text(fields).items():
                        lengths[name] += _analysed(name, value)[0]
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
    def _fields(document: Document, passage: Passage, key: str) -> dict[str, Any]:
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
            # Equal scores rank in the order a rebuild indexes passages, however many updates
            # have moved them between segments.
            "key": f"{key}\x00{passage.order:08d}",
        }

    def _read_spelling(self, directory: Path) -> dict[str, int]:
        try:
            data = json.loads((directory / SPELLING).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

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
        if all(len(clause.words) == 1 for clause in clauses):
            return self._search_words(clauses, filters, limit, exclude_kind)
        return self._search(Or([_clause_query(c) for c in clauses]), filters, limit, exclude_kind)

    def _search_words(
        self, clauses: Sequence[Clause], filters: Filters | None, limit: int, exclude_kind: str
    ) -> list[Hit]:
        """Whoosh's BM25F ranking of single-word clauses, scored a posting list at a time.

        Whoosh matches a query by walking a tree of matchers document by document, which costs
        tens of microseconds a match; reading each word's postings straight through and adding
        up the same formula's scores gives the same ranking several times faster.
        """
        with self.searcher() as searcher:
            weighting: _LiveBM25F = searcher.weighting
            surplus = weighting.surplus
            count = searcher.doc_count()
            K1, B = weighting.K1, weighting.B
            scores: dict[int, float] = {}
            for clause in clauses:
                name, word = clause.field, clause.words[0]
                idf = searcher.idf(name, word.encode("utf-8"))
                length = searcher.field_length(name) - surplus.lengths[name]
                average = length / (count or 1) or 1
                for leaf, offset in searcher.reader().leaf_readers():
                    if (name, word) not in leaf:
                        continue
                    deleted = leaf.is_deleted if leaf.has_deletions() else None
                    raw, decoded = self._lengths_of(leaf, name)
                    postings = leaf.postings(name, word)
                    while postings.is_active():
                        docnum = postings.id()
                        if deleted is None or not deleted(docnum):
                            weight = postings.weight()
                            size = decoded[raw[docnum]]
                            # As whoosh.scoring.bm25, term by term, then the clause's boost.
                            score = idf * (
                                (weight * (K1 + 1)) / (weight + K1 * ((1 - B) + B * size / average))
                            )
                            if clause.boost != 1.0:
                                score = score * clause.boost
                            key = offset + docnum
                            scores[key] = scores.get(key, 0.0) + score
                        postings.next()
            allowed = _documents(searcher, _filter_query(filters) if filters else None)
            masked = _documents(searcher, Term("kind", exclude_kind) if exclude_kind else None)
            kept = [
                (score, docnum)
                for docnum, score in scores.items()
                if (allowed is None or docnum in allowed)
                and (masked is None or docnum not in masked)
            ]
            # Rounded only near the top: the best by raw score, and every passage tied with the
            # last one kept once rounded.
            best = heapq.nlargest(limit + 10, kept)
            if len(best) > limit and _rounded(best[-1][0]) == _rounded(best[limit - 1][0]):
                best = kept
            found = [(_rounded(score), docnum) for score, docnum in best]
            if len(found) > limit:
                cut = heapq.nlargest(limit, (score for score, _docnum in found))[-1]
                found = [item for item in found if item[0] >= cut]
            stored = [(score, searcher.stored_fields(docnum)) for score, docnum in found]
        stored.sort(key=lambda item: (-item[0], item[1].get("key", "")))
        return [self._hit(fields, score) for score, fields in stored[:limit]]

    def passage(self, pid: str) -> Hit | None:
        """One passage by its id, or None when the index no longer has it."""
        found = self._search(Term("pid", pid), None, 1, "")
        return found[0] if found else None

    def _search(
        self, query: Query, filters: Filters | None, limit: int, exclude_kind: str
    ) -> list[Hit]:
        wanted = limit + 10
        with self.searcher() as searcher:
            while True:
                results = searcher.search(
                    query,
                    limit=wanted,
                    filter=_filter_query(filters) if filters else None,
                    mask=Term("kind", exclude_kind) if exclude_kind else None,
                )
                scores = [_rounded(result.score or 0.0) for result in results]
                if len(scores) <= limit:
                    cut = len(scores)
                    break
                # Passages tied with the last one kept may lie beyond what was fetched.
                if scores[-1] == scores[limit - 1] and len(scores) == wanted:
                    wanted *= 2
                    continue
                cut = next(
                    (n for n in range(limit, len(scores)) if scores[n] != scores[limit - 1]),
                    len(scores),
                )
                break
            found = [(scores[n], results[n].fields()) for n in range(cut)]
        found.sort(key=lambda item: (-item[0], item[1].get("key", "")))
        return [self._hit(fields, score) for score, fields in found[:limit]]

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
            count = int(searcher.doc_frequency(field_name, token))
            surplus: _Surplus = searcher.weighting.surplus
            return count - surplus.frequency(field_name, token)

    def passage_count(self) -> int:
        """Passages in the index."""
        with self.searcher() as searcher:
            return int(searcher.doc_count())

    def suggest(self, word: str) -> str:
        """The closest indexed word to a misspelt one, or "" when none is close enough."""
        # One slip in a short word, two in a long one; the first letter is rarely wrong.
        maxdist = 1 if len(word) < 8 else 2
        return self._spelling().suggest(word, maxdist=maxdist, prefix=1)

    def _lengths_of(self, leaf: Any, name: str) -> tuple[bytes, list[int]]:
        """A segment's field lengths, kept while the segment is open (segments never change)."""
        key = (leaf.segment().segment_id(), name)
        if key not in self._lengths:
            self._lengths[key] = _length_table(leaf, name)
        return self._lengths[key]

    def _spelling(self) -> _Vocabulary:
        path = self.directory / SPELLING
        try:
            info = path.stat()
            stamp = (info.st_ino, info.st_mtime_ns)
        except OSError:
            stamp = (0, 0)
        if self._vocabulary is None or self._vocabulary[0] != stamp:
            self._vocabulary = (stamp, _Vocabulary(self._read_spelling(self.directory)))
        return self._vocabulary[1]


def _identity(directory: Path) -> tuple[int, int]:
    info = os.stat(directory)
    return info.st_dev, info.st_ino


def _segment_ids(searcher: Any) -> set[str]:
    """The ids of the index's segments (none for an empty index)."""
    leaves = (leaf.segment() for leaf, _offset in searcher.reader().leaf_readers())
    return {segment.segment_id() for segment in leaves if segment is not None}


def _field_lengths(reader: Any) -> dict[str, dict[str, int]]:
    """Whoosh's total length of each scored field, segment by segment."""
    found = {}
    for leaf, _offset in reader.leaf_readers():
        segment = leaf.segment()
        if segment is not None:
            found[segment.segment_id()] = {name: leaf.field_length(name) for name in SCORED}
    return found


def _live_passages(reader: Any, doc_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each live passage of a document, with the id of the segment holding it."""
    for leaf, _offset in reader.leaf_readers():
        if leaf.segment() is None or ("doc_id", doc_id) not in leaf:
            continue
        segment_id = leaf.segment().segment_id()
        for docnum in leaf.postings("doc_id", doc_id).all_ids():
            if not leaf.is_deleted(docnum):
                yield segment_id, leaf.stored_fields(docnum)


_DECODED_LENGTHS: list[int] = []


def _length_table(leaf: Any, name: str) -> tuple[bytes, list[int]]:
    """Each passage's length in a field of one segment as Whoosh's scorer reads it (one byte a
    passage, and the table that decodes a byte), read in one go rather than a posting at a
    time."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    if not _DECODED_LENGTHS:
        _DECODED_LENGTHS.extend(byte_to_length(value) or 1 for value in range(256))
    count = leaf.doc_count_all()
    try:
        # whoosh3 is pinned exactly; a test compares this path with Whoosh's own search.
        column = leaf._perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
        raw = bytes(column._dbfile.get(column._basepos, column._count)) if column else b""
    except AttributeError:  # another codec: ask for each passage's length instead
        from whoosh.util.numeric import length_to_byte

        lengths = (leaf.doc_field_length(n, name, 1) for n in range(count))
        return bytes(length_to_byte(length) for length in lengths), _DECODED_LENGTHS
    return raw + bytes(max(0, count - len(raw))), _DECODED_LENGTHS


def _documents(searcher: Any, query: Query | None) -> set[int] | None:
    """The documents a filter query allows, or None when it is None."""
    if query is None:
        return None
    return set(searcher.docs_for_query(query))


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
