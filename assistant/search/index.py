"""The passage index: Whoosh behind a small interface, kept up to date from file hashes."""

from __future__ import annotations

import heapq
import re
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import accumulate
from math import log
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
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, NumericRange, Or, Phrase, Query, Term
from whoosh.query.terms import MultiTerm
from whoosh.query.wrappers import ConstantScoreQuery
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.searching import Searcher

from assistant.corpus.words import STOP_WORDS, TOKEN, stem_word, token_stems
from assistant.search._manifest import (
    MANIFEST,
    SCORED,
    SIGNIFICANT,
    SPELLING,
    AnalysedText,
    FileEntry,
    ManifestIndex,
    ReadFile,
    analysed,
    changes,
    identity,
    read_files,
    read_spelling,
    scored_text,
    spelling_words,
)
from assistant.search._manifest import rounded as _rounded
from assistant.search._word_scores import Block, WordList, best_scores, bm25
from assistant.search.model import (
    Clause,
    Filters,
    Hit,
    IndexReport,
    IndexUnavailable,
    IndexUnwritable,
    Progress,
)

SCHEMA_VERSION = 12
"""Raise this whenever the schema or the passage splitting changes: indexes rebuild themselves."""
INDEX_NAME = "passages"
MERGE_DELETED_SHARE = 0.2
"""A segment with this share of its passages deleted is rewritten without them on update."""
FILTER_SETS = 8
"""How many filters' sets of passages a searcher keeps (a set is 4 MB at 100,000 passages)."""
POSTINGS_KEPT = 2_000_000
"""How many decoded postings an open index keeps (8 bytes each): one question's words recur
in the next, and decoding a posting list is much of a search's time."""
STORED_KEPT = 4000
"""How many passages' stored fields an open searcher keeps (about 2 KB each): a question's
candidates come back in its other searches and readings, and often in the next question."""
__all__ = ["MANIFEST", "SIGNIFICANT", "SPELLING", "IndexUnavailable", "IndexUnwritable"]
_analysed, _spelling_words = analysed, spelling_words
"""Kept under their old names for the tests that compare them with Whoosh's own analysis."""


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
"""Unstemmed words, so that misspelt question words can be corrected against them (the
shared ``spelling_words`` does the same analysis with its regular expression)."""


class _StemmedText(TEXT):  # type: ignore[misc]
    """A text field indexed from the corpus's own stems (``token_stems``): the same words,
    positions and weights as Whoosh's analyzer chain gives (a test compares the postings),
    without a token object passed through four filters for every word."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str) or kwargs:
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        position = -1
        # A build's worker stemmed the text already when it read the file.
        stems = value.token_stems if isinstance(value, AnalysedText) else token_stems(value)
        for number, stem in enumerate(stems):
            if stem is None:
                continue
            # As Whoosh's stop filter renumbers: the first word keeps its place, the rest follow.
            position = number if position < 0 else position + 1
            found = positions.get(stem)
            if found is None:
                positions[stem] = [position]
            else:
                found.append(position)
        boost = self.format.field_boost
        encode = self.format.encode
        for word, where in positions.items():
            yield word.encode("utf-8"), len(where), float(len(where)) * boost, encode(where)


class _KeyColumn(ID):  # type: ignore[misc]
    """A passage's key stored and kept as a column, not searched: passages tied on score are
    put in rebuild order by it without reading their stored fields. A key names a file, so it
    may hold what a file name that is not UTF-8 decodes to; the column keeps it exactly."""

    indexed = False

    def to_column_value(self, value: Any) -> bytes:
        return str(value).encode("utf-8", "surrogatepass")

    def from_column_value(self, value: Any) -> str:
        return bytes(value).decode("utf-8", "surrogatepass")


def make_schema() -> Schema:
    """Fields of a passage: text for searching, stored values for citing.

    The heading and metadata text are stored as well, so that the word statistics of a deleted
    passage can be taken out of the index's until Whoosh merges it away.
    """
    stemmed = make_analyzer()
    return Schema(
        pid=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        entry=ID,
        body=_StemmedText(analyzer=stemmed),
        heading=_StemmedText(analyzer=stemmed, field_boost=1.5, stored=True),
        meta=_StemmedText(analyzer=stemmed, field_boost=0.6, stored=True),
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
        stems=STORED,
        span=STORED,
        order=STORED,
        topics=STORED,
        key=_KeyColumn(stored=True, sortable=True),
    )


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
        for name, value in scored_text(fields).items():
            length, terms = analysed(name, value)
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


def _merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merging of small segments, and a segment much of which is deleted rewritten
    without its deleted passages (so an index updated many times stays the size of a rebuilt
    one)."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL  # here: a question writes nothing

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


class PassageIndex(ManifestIndex):
    """The Whoosh index of passages in one folder, with its manifest of indexed files."""

    busy = (LockError,)

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self._index: Any = None
        self._searcher: Searcher | None = None
        self._opened: tuple[int, int] | None = None
        self._deleted: tuple[tuple[int, int], _Surplus] | None = None
        self._lengths: dict[tuple[str, str], tuple[bytes, list[int]]] = {}
        self._filtered: tuple[Any, dict[str, set[int]]] = (None, {})
        self._decoded = _DecodedPostings(POSTINGS_KEPT)
        self._stored: tuple[Any, OrderedDict[int, dict[str, Any]]] = (None, OrderedDict())
        self._key_column: tuple[Any, Any] = (None, None)

    def __del__(self) -> None:
        # The segments' files are open while a searcher is; a forgotten index closes them.
        with suppress(Exception):
            self.close()

    def schema_version(self) -> int:
        """The schema this code writes (``SCHEMA_VERSION``)."""
        return SCHEMA_VERSION

    # -- opening -------------------------------------------------------------------------

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
            if self._opened != identity(self.directory):
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
            self._opened = identity(self.directory)
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
        self._filtered = (None, {})
        self._decoded = _DecodedPostings(POSTINGS_KEPT)
        self._stored = (None, OrderedDict())
        self._key_column = (None, None)

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
            target = self._fresh_folder()
            index = whoosh_index.create_in(str(target), make_schema(), indexname=INDEX_NAME)
            files: dict[str, dict[str, Any]] = {}
            spelling: Counter[str] = Counter()
            surplus = {}
        else:
            target = self.directory
            index = whoosh_index.open_dir(str(target), indexname=INDEX_NAME)
            files = dict(manifest["files"])
            spelling = Counter(read_spelling(target))
            surplus = {
                segment_id: _Surplus.of({segment_id: data})
                for segment_id, data in manifest.get("surplus", {}).items()
            }

        found_changes = changes(knowledge_dirs, files)
        to_index, removed = found_changes.to_index, found_changes.removed
        report.unchanged = found_changes.unchanged

        try:
            # Separate segment files: a compound one is copied whole into memory when read.
            writer = index.writer(limitmb=256, compound=False)
        except BaseException:
            index.close()
            raise
        reading = read_files(to_index)  # nothing is read until the loop below asks
        try:
            reader = writer.reader() if not report.rebuilt else None
            lengths_before = _field_lengths(reader) if reader is not None else {}
            added: Counter[str] | None = Counter() if reader is not None else None

            def delete(doc_id: str) -> None:
                if reader is not None:
                    for segment_id, fields in _live_passages(reader, doc_id):
                        surplus.setdefault(segment_id, _Surplus()).add(fields)
                        spelling.subtract(spelling_words(fields))
                writer.delete_by_term("doc_id", doc_id)

            for key in removed:
                delete(files.pop(key)["doc_id"])
                report.removed += 1
            for number, (found, read) in enumerate(reading, start=1):
                if progress:
                    progress(number, len(to_index), str(found.path))
                key = str(found.path)
                if key in files:
                    delete(files.pop(key)["doc_id"])
                    replacing = True
                else:
                    replacing = False
                indexed = self._index_file(writer, read, spelling, added)
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
            reading.close()  # its worker processes end now, not when it is collected
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
        manifest = {
            "schema": SCHEMA_VERSION,
            "updated": time.time(),
            "files": files,
            "surplus": still_counted,
        }
        return self._finish(target, manifest, spelling, report, started)

    @staticmethod
    def _index_file(
        writer: Any,
        read: ReadFile | None,
        spelling: Counter[str],
        lengths: Counter[str] | None = None,
    ) -> FileEntry | None:
        """Index one file's passages, adding up their field lengths in ``lengths`` if given;
        None when the file has gone since the folder was read."""
        if read is None:
            return None
        for fields in read.passages:
            writer.add_document(**fields)
            if lengths is not None:
                for name, value in scored_text(fields).items():
                    lengths[name] += analysed(name, value)[0]
        spelling.update(read.spelling)
        return read.entry

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
        """Whoosh's BM25F ranking of single-word clauses, scored a posting block at a time.

        Whoosh matches a query by walking a tree of matchers document by document, which costs
        tens of microseconds a match; reading each word's postings straight through and adding
        up the same formula's scores gives the same ranking several times faster, and
        ``best_scores`` leaves out the blocks that cannot change the best ``limit``.
        """
        with self.searcher() as searcher:
            allowed = self._documents(searcher, _filter_query(filters) if filters else None)
            masked = self._documents(searcher, Term("kind", exclude_kind) if exclude_kind else None)
            lists = [self._word_lists(searcher, clause) for clause in clauses]
            scores = best_scores(lists, limit, allowed, masked or frozenset()).scores
            kept = [(score, docnum) for docnum, score in scores.items()]
            # Rounded only near the top: the best by raw score, and every passage tied with the
            # last one kept once rounded.
            best = heapq.nlargest(limit + 10, kept)
            if len(best) > limit and _rounded(best[-1][0]) == _rounded(best[limit - 1][0]):
                best = kept
            found = [(_rounded(score), docnum) for score, docnum in best]
            if len(found) > limit:
                cut = heapq.nlargest(limit, (score for score, _docnum in found))[-1]
                found = [item for item in found if item[0] >= cut]
            if len(found) > 1:
                keys = self._keys(searcher)
                found.sort(key=lambda item: (-item[0], keys[item[1]]))
            stored = [(s, self._stored_fields(searcher, n)) for s, n in found[:limit]]
        return [self._hit(fields, score) for score, fields in stored]

    def _word_lists(self, searcher: Any, clause: Clause) -> list[WordList]:
        """A one-word clause's postings in each segment holding the word, ready to score."""
        weighting: _LiveBM25F = searcher.weighting
        K1, B = weighting.K1, weighting.B
        name, word = clause.field, clause.words[0]
        idf = searcher.idf(name, word.encode("utf-8"))
        length = searcher.field_length(name) - weighting.surplus.lengths[name]
        average = length / (searcher.doc_count() or 1) or 1
        lists = []
        for leaf, offset in searcher.reader().leaf_readers():
            if (name, word) not in leaf:
                continue
            raw, decoded = self._lengths_of(leaf, name)
            # As whoosh.scoring.bm25 computes it, its length part worked out once for each of
            # the 256 lengths a passage can have rather than for each posting.
            norms = [K1 * ((1 - B) + B * size / average) for size in decoded]
            info = leaf.term_info(name, word)
            shortest = K1 * ((1 - B) + B * (info.min_length() or 0) / average)
            bound = bm25(idf, clause.boost, K1, info.max_weight(), shortest)
            lists.append(
                WordList(
                    offset=offset,
                    blocks=partial(self._decoded.blocks, leaf, name, word),
                    idf=idf,
                    boost=clause.boost,
                    k1=K1,
                    norms=norms,
                    lengths=raw,
                    deleted=_deleted_in(leaf),
                    bound=bound,
                )
            )
        return lists

    def passage(self, pid: str) -> Hit | None:
        """One passage by its id, or None when the index no longer has it."""
        found = self._search(Term("pid", pid), None, 1, "")
        return found[0] if found else None

    def glossary_entry(self, term: str) -> Hit | None:
        """The glossary's entry for a term as the glossary writes it (in any case), or None;
        the first glossary's when several define it. Looked up by the term itself, whatever
        the index's size."""
        with self.searcher() as searcher:
            found = list(searcher.documents(entry=term.lower()))
        if not found:
            return None
        return self._hit(min(found, key=lambda fields: fields.get("key", "")), 0.0)

    def _search(
        self, query: Query, filters: Filters | None, limit: int, exclude_kind: str
    ) -> list[Hit]:
        wanted = limit + 10
        with self.searcher() as searcher:
            while True:
                results = searcher.search(
                    query,
                    limit=wanted,
                    filter=self._documents(searcher, _filter_query(filters) if filters else None),
                    mask=self._documents(
                        searcher, Term("kind", exclude_kind) if exclude_kind else None
                    ),
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
            found = [(scores[n], results[n].docnum) for n in range(cut)]
            if len(found) > 1:
                keys = self._keys(searcher)
                found.sort(key=lambda item: (-item[0], keys[item[1]]))
            stored = [(s, self._stored_fields(searcher, n)) for s, n in found[:limit]]
        return [self._hit(fields, score) for score, fields in stored]

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
            stems=fields.get("stems"),
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

    def _documents(self, searcher: Any, query: Query | None) -> set[int] | None:
        """The documents a filter query allows (None when it is None), kept for the searcher's
        life: one question runs several searches with the same filters."""
        if query is None:
            return None
        kept, found = self._filtered
        if kept is not searcher:
            found = {}
            self._filtered = (searcher, found)
        key = repr(query)
        if key not in found:
            if len(found) >= FILTER_SETS:
                found.clear()
            found[key] = _matching(searcher, query.simplify(searcher.reader()))
        return found[key]

    def _keys(self, searcher: Any) -> Any:
        """Each passage's key (the order a rebuild indexes passages in, which breaks ties),
        read from its column for the searcher's life rather than from its stored fields."""
        kept, keys = self._key_column
        if kept is not searcher:
            keys = searcher.reader().column_reader("key")
            self._key_column = (searcher, keys)
        return keys

    def _stored_fields(self, searcher: Any, docnum: int) -> dict[str, Any]:
        """A passage's stored fields, the most recently read kept for the searcher's life (a
        searcher sees one commit: its passage numbers and fields never change)."""
        kept, found = self._stored
        if kept is not searcher:
            found = OrderedDict()
            self._stored = (searcher, found)
        fields = found.get(docnum)
        if fields is None:
            fields = searcher.stored_fields(docnum)
            found[docnum] = fields
            if len(found) > STORED_KEPT:
                found.popitem(last=False)
        else:
            found.move_to_end(docnum)
        return fields

    def _lengths_of(self, leaf: Any, name: str) -> tuple[bytes, list[int]]:
        """A segment's field lengths, kept while the segment is open (segments never change)."""
        key = (leaf.segment().segment_id(), name)
        if key not in self._lengths:
            self._lengths[key] = _length_table(leaf, name)
        return self._lengths[key]


def _deleted_in(leaf: Any) -> frozenset[int]:
    """The passages of a segment deleted but not yet merged away, as a set (asking the reader
    about each posting costs three calls)."""
    if not leaf.has_deletions():
        return frozenset()
    found = getattr(leaf, "deleted_docs_set", None)  # whoosh3's reader keeps the set
    if isinstance(found, frozenset):
        return found
    return frozenset(n for n in range(leaf.doc_count_all()) if leaf.is_deleted(n))


def _posting_blocks(leaf: Any, name: str, word: str | bytes) -> Iterator[Block]:
    """A word's postings in a segment, a block at a time, each decoded only when read: Whoosh's
    own matcher reads them so and hands them out one by one, which costs more than the
    scoring."""
    postings = leaf.postings(name, word)
    # whoosh3 is pinned exactly; the caller leaves deleted passages out itself.
    matcher = postings.child if isinstance(postings, FilterMatcher) else postings
    if not isinstance(matcher, W3LeafMatcher):  # another codec: all postings as one block
        ids, weights = [], []
        while postings.is_active():
            ids.append(postings.id())
            weights.append(postings.weight())
            postings.next()
        yield Block(ids[-1] if ids else -1, lambda: (ids, weights))
        return

    def read() -> tuple[Sequence[int], Sequence[float]]:
        if matcher._data is None:
            matcher._read_data()
        # As whoosh3's ``_read_ids``, the gaps summed by ``accumulate`` rather than a generator
        # (a fifth of decoding a block).
        ids = matcher._data[0]
        matcher._ids = ids if matcher._byteids else tuple(accumulate(ids))
        matcher._read_weights()
        start = matcher._i
        return matcher._ids[start:], matcher._weights[start:]

    while matcher.is_active():
        yield Block(matcher._maxid, read)
        matcher._next_block()


class _DecodedPostings:
    """Posting lists decoded in full, the most recently read kept (segments never change).

    A list is kept as two arrays, its passage numbers and their weights, and read back as one
    block: once every block is decoded there is nothing left to skip, and three objects a list
    rather than six a block leave the garbage collector less to walk (at 100,000 passages its
    full collections had walked about 50,000 objects of kept blocks)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._size = 0
        self._lists: OrderedDict[tuple[str, str, str | bytes], tuple[array[int], array[float]]] = (
            OrderedDict()
        )

    def blocks(self, leaf: Any, name: str, word: str | bytes) -> Iterator[Block]:
        """A word's blocks in a segment, decoded when read, and kept once all were read."""
        key = (leaf.segment().segment_id(), name, word)
        kept = self._lists.get(key)
        if kept is not None:
            self._lists.move_to_end(key)
            ids, weights = kept
            yield Block(ids[-1] if ids else -1, partial(_pair, ids, weights))
            return
        all_ids, all_weights = array("I"), array("f")
        for block in _posting_blocks(leaf, name, word):
            box: list[tuple[Sequence[int], Sequence[float]]] = []
            yield Block(block.last, partial(_decode_into, box, block))
            if not box:
                return  # a block was skipped: nothing kept
            all_ids.extend(box[0][0])
            all_weights.extend(box[0][1])
        size = len(all_ids)
        if size <= self._limit // 4:
            self._lists[key] = (all_ids, all_weights)
            self._size += size
            while self._size > self._limit:
                _key, (dropped, _weights) = self._lists.popitem(last=False)
                self._size -= len(dropped)


def _decode_into(
    box: list[tuple[Sequence[int], Sequence[float]]], block: Block
) -> tuple[Sequence[int], Sequence[float]]:
    """A block's postings, decoded once, as compact arrays."""
    if not box:
        ids, weights = block.read()
        box.append((array("I", ids), array("f", weights)))
    return box[0]


def _pair(ids: Sequence[int], weights: Sequence[float]) -> tuple[Sequence[int], Sequence[float]]:
    return ids, weights


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


def _matching(searcher: Any, query: Query) -> set[int]:
    """The live documents a query of terms, ``And`` and ``Or`` matches, from their posting
    lists as sets: Whoosh's matchers walk a year range's hundreds of terms document by
    document, which took a second at 100,000 passages."""
    if isinstance(query, Term):
        return _posting_ids(searcher, query.fieldname, query.text)
    if isinstance(query, MultiTerm):  # a range of years is hundreds of terms
        terms = query.expanded_terms(searcher.reader())
        return set().union(*(_posting_ids(searcher, name, text) for name, text in terms))
    if isinstance(query, ConstantScoreQuery):
        return _matching(searcher, query.child)
    if isinstance(query, And | Or) and query.subqueries:
        parts = [_matching(searcher, part) for part in query.subqueries]
        return set.intersection(*parts) if isinstance(query, And) else set.union(*parts)
    return set(searcher.docs_for_query(query))


def _posting_ids(searcher: Any, name: str, text: str | bytes) -> set[int]:
    """The live documents holding one term."""
    found: set[int] = set()
    for leaf, offset in searcher.reader().leaf_readers():
        if (name, text) not in leaf:
            continue
        deleted = _deleted_in(leaf)
        for block in _posting_blocks(leaf, name, text):
            ids, _weights = block.read()
            found.update(offset + n for n in ids if n not in deleted)
    return found


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
