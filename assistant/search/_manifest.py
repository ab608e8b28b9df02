"""What both engines share: the manifest of indexed files, a file read into passages' fields,
the lock, the spelling word list and the errors of writing."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.corpus.documents import Problem
from assistant.corpus.knowledge_files import GLOSSARY_NAME, KnowledgeFile, find_files, walk
from assistant.corpus.words import analyse, token_stems
from assistant.search.model import DocumentInfo, IndexReport, IndexUnavailable, IndexUnwritable
from assistant.storage.atomic import write_text_atomic

if TYPE_CHECKING:
    from assistant.corpus.documents import Document
    from assistant.corpus.passages import Passage

MANIFEST = "manifest.json"
SPELLING = "spelling.json"
"""The words misspellings are corrected against, with how often each occurs."""
SCORED = ("body", "heading", "meta")
"""The fields whose word statistics rank passages."""
SIGNIFICANT = 10
"""Scores are kept to this many significant digits: sums made in another order (an updated
index's segments, the word-by-word scorer's clause order) then rank exactly as Whoosh's own
search of a rebuilt index does."""

Wait = Callable[[str], None]
"""Told, once, that another process holds the index and this one is waiting for it."""


@dataclass
class FileEntry:
    """What the manifest records of one knowledge file."""

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


def scored_text(fields: dict[str, Any]) -> dict[str, str]:
    """The text each scored field was given for a passage, from its stored fields."""
    # The glossary is found by its terms, not its wording (see ``passage_fields``).
    body = "" if fields.get("kind") == "glossary" else fields.get("text", "")
    return {"body": body, "heading": fields.get("heading", ""), "meta": fields.get("meta", "")}


def analysed(field_name: str, value: str) -> tuple[int, set[str]]:
    """A scored field's length and distinct words for ``value``, as Whoosh counts them: its
    analyzer is the corpus's tokenizer, stop words and stemmer (``make_analyzer``), so the
    corpus's ``analyse`` gives the same words (a test keeps the two equal)."""
    stems = analyse(value)
    return len(stems), set(stems)


_SPELLING: tuple[re.Pattern[str], frozenset[str]] | None = None
_SPELLING_WORDS: dict[str, str | None] = {}
"""Each word as written and what the spelling list counts it as (None when left out)."""


def spelling_words(fields: dict[str, Any]) -> Counter[str]:
    """The unstemmed words of a passage misspellings are corrected against: Whoosh's standard
    analysis (words of three letters or more, its stop words left out) done with its regular
    expression, at a fraction of the cost (a test keeps the two equal)."""
    global _SPELLING
    if _SPELLING is None:
        from whoosh.analysis import StandardAnalyzer

        analyzer = StandardAnalyzer(minsize=3)
        # Its expression without its capturing group, so that ``findall`` gives whole words.
        expression = analyzer[0].expression.pattern.replace("(\\.", "(?:\\.")
        _SPELLING = (re.compile(expression), frozenset(analyzer[-1].stops))
    token, stops = _SPELLING
    text = scored_text(fields)
    known = _SPELLING_WORDS
    if len(known) > 500_000:
        known.clear()  # a bound on memory
    counted: list[str | None] = []
    for word in token.findall(f"{text['body']} {text['heading']}"):
        if word not in known:
            lowered = word.lower()
            known[word] = lowered if len(lowered) >= 3 and lowered not in stops else None
        counted.append(known[word])
    found = Counter(counted)
    found.pop(None, None)
    return found  # type: ignore[return-value]


def rounded(score: float) -> float:
    """A score to SIGNIFICANT digits."""
    return float(f"{score:.{SIGNIFICANT}g}")


class AnalysedText(str):
    """A scored field's text with the stem of each of its words (``token_stems``) worked out
    already, where a build's worker processes read the files, so that the index's one writer
    does not tokenise it again."""

    token_stems: list[str | None]

    def __new__(cls, text: str, stems: list[str | None]) -> AnalysedText:
        made = super().__new__(cls, text)
        made.token_stems = stems
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (AnalysedText, (str(self), self.token_stems))


def passage_fields(document: Document, passage: Passage, key: str) -> dict[str, Any]:
    """What an engine indexes and stores for one passage."""
    meta = " ".join(
        [document.title, document.organisation, document.kind, *document.topics, passage.keywords]
    )
    # The glossary is found by its terms, not its wording, so that word statistics describe
    # the knowledge base alone.
    found = token_stems(passage.text)
    body = "" if document.kind == "glossary" else AnalysedText(passage.text, found)
    fields = {
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
        # Worked out once here, for every question that re-ranks the passage later.
        "stems": " ".join(stem for stem in found if stem is not None),
        "span": (passage.start, passage.end),
        "order": passage.order,
        "topics": document.topics,
        # Equal scores rank in the order a rebuild indexes passages, however many updates
        # have moved them between segments.
        "key": f"{key}\x00{passage.order:08d}",
    }
    if document.kind == "glossary":
        # A glossary entry is looked up by its term (``glossary_entry``), in any case.
        fields["entry"] = passage.section.lower()
    return fields


def read_file(found: KnowledgeFile) -> tuple[FileEntry, list[dict[str, Any]]] | None:
    """A knowledge file's manifest entry and its passages' fields; None when the file has gone
    since the folder was read."""
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
        return FileEntry(doc_id, "", 0, 0, 0, [asdict(problem)]), []
    fields: list[dict[str, Any]] = []
    try:
        if path.name == GLOSSARY_NAME:
            text, _data, _warnings = read_text(path, data)
            glossary = Glossary(*parse_glossary(path, text))
            document, passages = glossary_passages(glossary, path, doc_id, text)
        else:
            document, tokens = load_document(path, doc_id, data)
            passages = split_into_passages(document, tokens)
        problems.extend(Problem(str(path), w, skipped=False) for w in document.warnings)
        fields = [passage_fields(document, passage, found.key) for passage in passages]
    except KnowledgeError as error:
        problems.append(Problem(str(path), error.message, error.line))
        fields = []
        document = None
    import hashlib  # here and in changes(): tantivy's questions need no OpenSSL (Whoosh's do)

    entry = FileEntry(
        doc_id=doc_id,
        sha256=hashlib.sha256(data).hexdigest(),
        mtime_ns=stat.st_mtime_ns,
        size=stat.st_size,
        passages=len(fields),
        problems=[asdict(problem) for problem in problems],
        title=document.title if document else "",
        kind=document.kind if document else "",
        organisation=document.organisation if document else "",
        published=document.published if document else "",
    )
    return entry, fields


@dataclass
class ReadFile:
    """A knowledge file read for an engine: its manifest entry, its passages' fields, the
    words it adds to the spelling list and, when asked for, each passage's scored stems."""

    entry: FileEntry
    passages: list[dict[str, Any]]
    spelling: Counter[str]
    stems: list[dict[str, list[str]]]


def scored_stems(fields: dict[str, Any]) -> dict[str, list[str]]:
    """A passage's stems in each scored field."""
    return {name: analyse(value) for name, value in scored_text(fields).items()}


def _read_for_index(found: KnowledgeFile, with_stems: bool) -> ReadFile | None:
    read = read_file(found)
    if read is None:
        return None
    entry, passages = read
    spelling: Counter[str] = Counter()
    for fields in passages:
        spelling.update(spelling_words(fields))
    stems = [scored_stems(fields) for fields in passages] if with_stems else []
    return ReadFile(entry, passages, spelling, stems)


PARALLEL_FROM = 24
"""Files to index from which they are read in several processes (fewer: not worth starting
them)."""


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _workers_are_safe() -> bool:
    """Whether worker processes can be started: standard error is a real file, and the main
    script, which each worker runs again (as Python's multiprocessing does when it starts a
    process afresh), keeps its work behind ``if __name__ == "__main__"`` (ours do) or there
    is none."""
    import sys

    # Starting them hands this process's standard error on to multiprocessing's helper
    # process; an app that captures it with no file behind it (Textual does) cannot.
    try:
        if sys.stderr is None or sys.stderr.fileno() < 0:
            return False
    except (AttributeError, OSError, ValueError):
        return False
    main = sys.modules.get("__main__")
    name = getattr(getattr(main, "__spec__", None), "name", "") or ""
    path = getattr(main, "__file__", None)
    if not path or name.endswith(".__main__"):
        return True  # ``python -c``, a session or ``python -m package``: nothing is run again
    try:
        return "__main__" in Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def read_files(
    files: list[KnowledgeFile], with_stems: bool = False
) -> Generator[tuple[KnowledgeFile, ReadFile | None], None, None]:
    """Each file read for an engine (None when it has gone), in order.

    Reading, parsing and splitting are most of a build outside the engine, and independent
    from file to file: with many files and several processors they are done in worker
    processes while the engine's writer takes what they give in order, so the index is the
    one a single process would write (a test compares them).
    """
    workers = min(_processors(), 8)
    if len(files) < PARALLEL_FROM or workers < 2 or not _workers_are_safe():
        for found in files:
            yield found, _read_for_index(found, with_stems)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    # Started afresh rather than forked: the app builds in a thread, and a forked thread's
    # locks are not safe to use.
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[KnowledgeFile, Future[ReadFile | None]]] = deque()
    waiting = iter(files)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        try:
            # A few files ahead of the writer a worker, so memory stays bounded when it is slower.
            for found in waiting:
                pending.append((found, pool.submit(_read_for_index, found, with_stems)))
                if len(pending) >= 4 * workers:
                    break
            while pending:
                found, future = pending.popleft()
                following = next(waiting, None)
                if following is not None:
                    pending.append((following, pool.submit(_read_for_index, following, with_stems)))
                yield found, future.result()
        finally:
            for _found, future in pending:
                future.cancel()


@contextmanager
def exclusive(path: Path, wait: Wait | None) -> Iterator[None]:
    """Hold the lock file at ``path``: one process at a time updates an index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the engine's own write lock still applies
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


def unwritable(error: BaseException) -> OSError | None:
    """The disk-full or permission error behind ``error``, if that is what it is."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in _UNWRITABLE:
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def identity(directory: Path) -> tuple[int, int]:
    """The device and inode of a folder: a rebuilt index is a new folder."""
    info = os.stat(directory)
    return info.st_dev, info.st_ino


class Vocabulary:
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


def read_spelling(directory: Path) -> dict[str, int]:
    """The stored spelling word list of an index folder (empty when there is none)."""
    try:
        data = json.loads((directory / SPELLING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class Changes:
    """What an update has to do: files to index and files gone, against the manifest."""

    to_index: list[KnowledgeFile]
    removed: list[str]
    unchanged: int


def changes(knowledge_dirs: list[Path], files: dict[str, dict[str, Any]]) -> Changes:
    """The files whose content differs from what ``files`` (the manifest's) recorded; a file
    only touched has its entry brought up to date instead."""
    to_index: list[KnowledgeFile] = []
    seen: set[str] = set()
    unchanged = 0
    for found in find_files(knowledge_dirs):
        key = str(found.path)
        entry = files.get(key)
        try:
            stat = found.path.stat()
        except OSError:
            continue  # gone since the folder was read: as if it had never been there
        seen.add(key)
        if entry and entry["doc_id"] == found.doc_id:
            if stat.st_mtime_ns == entry["mtime_ns"] and stat.st_size == entry["size"]:
                unchanged += 1
                continue
            try:
                data = found.path.read_bytes()
            except OSError:
                data = None
            import hashlib  # only when a file's times changed: a question's check hashes none

            if data is not None and hashlib.sha256(data).hexdigest() == entry["sha256"]:
                entry.update(mtime_ns=stat.st_mtime_ns, size=stat.st_size)
                unchanged += 1
                continue
        to_index.append(found)
    return Changes(to_index, [key for key in files if key not in seen], unchanged)


class ManifestIndex:
    """An index folder with its manifest of indexed files and its spelling word list: what
    the engines share (freshness, documents, problems, spelling, one writer at a time)."""

    busy: tuple[type[BaseException], ...] = ()
    """The engine's own errors for "another writer holds the index"."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._manifest: tuple[tuple[int, int], dict[str, Any]] | None = None
        self._vocabulary: tuple[tuple[int, int], Vocabulary] | None = None

    @property
    def manifest_path(self) -> Path:
        """The JSON file recording what is indexed."""
        return self.directory / MANIFEST

    @property
    def lock_path(self) -> Path:
        """The file a process holds while it updates the index."""
        return self.directory.with_name(self.directory.name + ".lock")

    def _fresh_folder(self) -> Path:
        """An empty folder beside the index to rebuild into, once what a killed rebuild left
        there is cleared (the caller holds the lock)."""
        target = self.directory.with_name(f"{self.directory.name}.new-{os.getpid()}")
        for left in ("new", "old"):
            for stale in self.directory.parent.glob(f"{self.directory.name}.{left}-*"):
                shutil.rmtree(stale, ignore_errors=True)
        target.mkdir(parents=True)
        return target

    def _finish(
        self,
        target: Path,
        manifest: dict[str, Any],
        spelling: Counter[str],
        report: IndexReport,
        started: float,
    ) -> IndexReport:
        """Write the spelling list and the manifest (last: an index without one is rebuilt),
        put a rebuilt folder in the index's place, and fill in the report."""
        vocabulary = {word: count for word, count in spelling.items() if count > 0}
        write_text_atomic(target / SPELLING, json.dumps(vocabulary, separators=(",", ":")))
        # Compact: Python's JSON encoder is several times quicker without indenting.
        write_text_atomic(target / MANIFEST, json.dumps(manifest, separators=(",", ":")))
        if target != self.directory:
            old = self.directory.with_name(f"{self.directory.name}.old-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            if self.directory.exists():
                os.replace(self.directory, old)
            os.replace(target, self.directory)
            shutil.rmtree(old, ignore_errors=True)
        files = manifest["files"]
        report.documents = sum(1 for entry in files.values() if entry["passages"])
        report.passages = sum(entry["passages"] for entry in files.values())
        report.problems = [Problem(**p) for entry in files.values() for p in entry["problems"]]
        report.seconds = time.perf_counter() - started
        return report

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            info = self.manifest_path.stat()
            stamp = (info.st_ino, info.st_mtime_ns)
            if self._manifest is not None and self._manifest[0] == stamp:
                return self._manifest[1]  # read once, until it changes
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != self.schema_version():
            return None
        self._manifest = (stamp, data)
        return data

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

    def suggest(self, word: str) -> str:
        """The closest indexed word to a misspelt one, or "" when none is close enough."""
        # One slip in a short word, two in a long one; the first letter is rarely wrong.
        maxdist = 1 if len(word) < 8 else 2
        return self._spelling().suggest(word, maxdist=maxdist, prefix=1)

    def _spelling(self) -> Vocabulary:
        path = self.directory / SPELLING
        try:
            info = path.stat()
            stamp = (info.st_ino, info.st_mtime_ns)
        except OSError:
            stamp = (0, 0)
        if self._vocabulary is None or self._vocabulary[0] != stamp:
            self._vocabulary = (stamp, Vocabulary(read_spelling(self.directory)))
        return self._vocabulary[1]

    def schema_version(self) -> int:
        """The engine's version of its schema and of the passage splitting: an index with
        another rebuilds itself."""
        raise NotImplementedError

    def problem_with_index(self, thorough: bool = False) -> str:
        """Why the index cannot be used as it stands, or "" when it can."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the index."""
        raise NotImplementedError

    def update(
        self,
        knowledge_dirs: list[Path],
        rebuild: bool = False,
        progress: Callable[[int, int, str], None] | None = None,
        thorough: bool = False,
        wait: Wait | None = None,
    ) -> IndexReport:
        """Bring the index in line with the knowledge folders, rebuilding it if it must.

        One process at a time: another that is updating the same index is waited for (and
        ``wait`` told), and what it did is then taken into account. ``thorough`` reads every
        stored passage first, so that damage a question would not notice is repaired too.
        """
        try:
            with exclusive(self.lock_path, wait):
                reason = (
                    "asked to rebuild" if rebuild else self.problem_with_index(thorough=thorough)
                )
                try:
                    return self._update(knowledge_dirs, reason, progress)
                except self.busy:
                    raise
                except Exception as error:
                    if reason or unwritable(error):
                        raise
                    # Damage the quick check cannot see shows up while writing: start again.
                    reason = f"the index could not be updated ({type(error).__name__}: {error})"
                    return self._update(knowledge_dirs, reason, progress)
        except self.busy:
            raise IndexUnavailable(
                "another program is updating the index; try again when it has finished"
            ) from None
        except Exception as error:
            cause = unwritable(error)
            if cause is None:
                raise
            where = cause.filename or self.directory
            raise IndexUnwritable(
                f"the index in {self.directory} cannot be written ({where}: "
                f"{cause.strerror or os.strerror(cause.errno or 0)})"
            ) from None

    def _update(
        self,
        knowledge_dirs: list[Path],
        reason: str,
        progress: Callable[[int, int, str], None] | None,
    ) -> IndexReport:
        raise NotImplementedError
