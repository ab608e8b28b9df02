"""The passage index in tantivy: the same passages, words, filters and ranking as the Whoosh
index, found by a search engine written in Rust (for very large knowledge bases)."""

from __future__ import annotations

import functools
import heapq
import json
import re
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import asdict
from math import log
from pathlib import Path
from typing import Any, TypeVar, cast

from assistant.search._manifest import (
    SCORED,
    ManifestIndex,
    changes,
    identity,
    read_files,
    read_spelling,
    rounded,
    spelling_words,
)
from assistant.search.model import Clause, Filters, Hit, IndexReport, IndexUnavailable, Progress

SCHEMA_VERSION = 1
"""Raise this whenever this engine's schema or the passage splitting changes."""
ENGINE = "tantivy"
FIELD_BOOSTS = {"body": 1.0, "heading": 1.5, "meta": 0.6}
"""As the Whoosh schema's field boosts: a word's weight in a passage is its count times its
field's boost."""
B, K1 = 0.6, 1.2
"""The BM25F parameters of the Whoosh index's ranking."""
SHORTLIST = 2
"""tantivy's own BM25 (its idf matched to ours) shortlists this many times as many passages as
asked for, plus ``SHORTLIST_EXTRA``; those are ranked by the Whoosh index's exact formula, and
the shortlist grows until it must hold the best."""
SHORTLIST_EXTRA = 20
DEEPER = 16
"""How many times deeper than the shortlist tantivy's scores are read to find how far down a
passage could still be among the best."""
ROUNDING = 1.05
"""How far apart tantivy's and Whoosh's one-byte field lengths (each exact for short fields,
each rounding a long one by a few per cent) and the padding's rounding to whole words can put
the two engines' scores of one passage (measured: ours at most 0.9998 times tantivy's over
30,000 passages shortlisted for the benchmark's questions in its 10k corpus)."""
WRITER_HEAP = 128_000_000
PAD = "\x00"
"""A word no passage has, added to each scored field a quarter of the field's average length
times: tantivy's length normalisation (B = 0.75) of the padded field is then ours (B = 0.6)
of the field as it is, so its ranking is ours but for the field boosts and rounding."""
LONGEST = 4096
"""Field lengths up to this are decoded from a table made once."""
PADDING_SAMPLE = 2000
"""A rebuild pads by the average lengths of this many passages, read before any is added."""
_ORG_WORD = re.compile(r"\w+(?:\.?\w+)*")
"""The words of an organisation's name as the Whoosh index's ``org`` field splits them (its
standard tokenizer's expression; a test keeps the two equal)."""


class EngineFailure(RuntimeError):
    """tantivy stopped on something it could not read (it "panics", which Python sees as a
    BaseException): reported as an ordinary error, so that the index is repaired."""


F = TypeVar("F", bound=Callable[..., Any])
_INTERRUPTS = (KeyboardInterrupt, SystemExit, GeneratorExit)


def _reported(method: F) -> F:
    """``method`` with tantivy's panics raised as EngineFailure."""

    @functools.wraps(method)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (Exception, *_INTERRUPTS):
            raise
        except BaseException as error:  # a panic inside tantivy
            raise EngineFailure(f"{type(error).__name__}: {error}") from None

    return cast(F, run)


def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    for name in ("pid", "doc_id", "entry", "kind"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    # Our own words, given to tantivy already analysed (stems, stop words out), with positions.
    for name in (*SCORED, "org"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_bytes_field("stored", stored=True)
    builder.add_bytes_field("stems", stored=True)
    return builder.build()


def _pre_tokenized(words: list[str]) -> Any:
    import tantivy

    tokens = [tantivy.Token(word, position, 0, 0) for position, word in enumerate(words)]
    return tantivy.PreTokenizedString(" ".join(words), tokens)


_STORED = (
    "pid",
    "doc_id",
    "title",
    "kind",
    "organisation",
    "published",
    "section",
    "anchor",
    "path",
    "text",
    "order",
    "topics",
    "key",
    "heading",
    "meta",
    "span",
    "year",
)


def _padding(sample: list[dict[str, list[str]]]) -> dict[str, int]:
    """A quarter of each scored field's average length in a sample of passages (see ``PAD``)."""
    count = len(sample) or 1
    return {name: round(sum(len(w[name]) for w in sample) / count / 4) for name in SCORED}


def _document(fields: dict[str, Any], words: dict[str, list[str]], padding: dict[str, int]) -> Any:
    """A passage as a tantivy document: its stems, each field padded (see ``PAD``)."""
    import tantivy

    document = tantivy.Document()
    document.add_text("pid", fields["pid"])
    document.add_text("doc_id", fields["doc_id"])
    document.add_text("kind", fields["kind"])
    if "entry" in fields:
        document.add_text("entry", fields["entry"])
    document.add_pre_tokenized_text("org", _pre_tokenized(_ORG_WORD.findall(fields["org"].lower())))
    document.add_unsigned("year", int(fields["year"]))
    for name in SCORED:
        document.add_pre_tokenized_text(name, _pre_tokenized(words[name] + [PAD] * padding[name]))
    stored = {name: fields[name] for name in _STORED if name in fields}
    document.add_bytes("stored", json.dumps(stored, separators=(",", ":")).encode("utf-8"))
    document.add_bytes("stems", "\n".join(" ".join(words[name]) for name in SCORED).encode())
    return document


def _hit(stored: dict[str, Any], score: float) -> Hit:
    return Hit(
        pid=stored["pid"],
        doc_id=stored["doc_id"],
        title=stored.get("title", ""),
        kind=stored.get("kind", ""),
        organisation=stored.get("organisation", ""),
        published=stored.get("published", ""),
        section=stored.get("section", ""),
        anchor=stored.get("anchor", ""),
        path=stored.get("path", ""),
        text=stored.get("text", ""),
        score=float(score),
        order=int(stored.get("order", 0)),
        topics=list(stored.get("topics") or []),
    )


def _stored(searcher: Any, query: Any) -> list[dict[str, Any]]:
    """The stored fields of every passage a query matches."""
    count = searcher.search(query, limit=1, count=True).count
    if not count:
        return []
    found = searcher.search(query, limit=count)
    return [json.loads(searcher.doc(address).get_first("stored")) for _s, address in found.hits]


_LENGTHS: list[int] = []


def _whoosh_length(length: int) -> int:
    """A field's length as the Whoosh index's scorer reads it back (one byte a passage)."""
    if not _LENGTHS:
        from whoosh.util.numeric import byte_to_length, length_to_byte

        decoded = [byte_to_length(value) or 1 for value in range(256)]
        _LENGTHS.extend(decoded[length_to_byte(n)] for n in range(LONGEST))
    return _LENGTHS[length] if length < LONGEST else _whoosh_length_long(length)


def _whoosh_length_long(length: int) -> int:
    from whoosh.util.numeric import byte_to_length, length_to_byte

    return int(byte_to_length(length_to_byte(length)) or 1)


def _whoosh_weight(count: int, field_name: str) -> float:
    """A word's weight in a passage as the Whoosh index stores it: count times field boost,
    kept as a 32-bit float."""
    weight = count * FIELD_BOOSTS[field_name]
    return weight if weight == int(weight) else array("f", [weight])[0]


def _phrase_at(positions: dict[str, list[int]], words: Sequence[str], slop: int) -> bool:
    """Whether the words occur in order, each within ``slop`` positions after the span
    before it (Whoosh's ordered span matching of a phrase)."""
    spans = [(start, start) for start in positions.get(words[0], [])]
    for word in words[1:]:
        following = positions.get(word, [])
        spans = sorted(
            {(start, at) for start, end in spans for at in following if end < at <= end + slop}
        )
        if not spans:
            return False
    return bool(spans)


class _Stems:
    """A passage's stems in each scored field (as stored), with their positions."""

    def __init__(self, data: bytes) -> None:
        parts = data.decode("utf-8").split("\n")
        self.words = {
            name: part.split(" ") if part else [] for name, part in zip(SCORED, parts, strict=True)
        }
        self._positions: dict[str, dict[str, list[int]]] = {}

    def count(self, field_name: str, word: str) -> int:
        return self.words[field_name].count(word)

    def positions(self, field_name: str) -> dict[str, list[int]]:
        found = self._positions.get(field_name)
        if found is None:
            found = self._positions[field_name] = {}
            for position, word in enumerate(self.words[field_name]):
                found.setdefault(word, []).append(position)
        return found


def _score(weighed: list[tuple[Clause, list[float], float]], stems: _Stems) -> float:
    """A passage's score as the Whoosh index's BM25F gives it: each clause's words scored by
    weight and field length (``weighed`` gives each clause with its words' idf and its field's
    average length), a phrase only where its words stand together."""
    total = 0.0
    for clause, idfs, average in weighed:
        name = clause.field
        if len(clause.words) > 1 and not _phrase_at(
            stems.positions(name), clause.words, clause.slop
        ):
            continue
        size = _whoosh_length(len(stems.words[name]))
        score = 0.0
        for word, idf in zip(clause.words, idfs, strict=True):
            count = stems.count(name, word)
            if not count:
                score = 0.0
                break
            weight = _whoosh_weight(count, name)
            # As whoosh.scoring.bm25, word by word, then the clause's boost.
            score += idf * ((weight * (K1 + 1)) / (weight + K1 * ((1 - B) + B * size / average)))
        if clause.boost != 1.0:
            score = score * clause.boost
        total += score
    return total


class TantivyIndex(ManifestIndex):
    """The tantivy index of passages in one folder, with its manifest of indexed files."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self._index: Any = None
        self._searcher: Any = None
        self._opened: tuple[int, int] | None = None
        self._frequencies: dict[tuple[str, str], int] = {}

    def schema_version(self) -> int:
        """The schema this code writes (``SCHEMA_VERSION``)."""
        return SCHEMA_VERSION

    # -- opening -------------------------------------------------------------------------

    def _problem_with_manifest(self, manifest: dict[str, Any], searcher: Any) -> str:
        if manifest.get("engine") != ENGINE:
            return "the index was made by another engine"
        count = searcher.num_docs
        expected = sum(entry["passages"] for entry in manifest["files"].values())
        if count != expected:
            return f"the index holds {count} passages but its manifest lists {expected}"
        return ""

    @_reported
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
            return self._problem_with_manifest(manifest, self._current())
        except _INTERRUPTS:
            raise
        except BaseException as error:  # noqa: BLE001 - any failure (a panic too): "rebuild"
            return f"the index cannot be read ({type(error).__name__}: {error})"

    @_reported
    def problem_with_index(self, thorough: bool = False) -> str:
        """Why the index cannot be used as it stands, or "" when it can.

        The quick check reads the manifest and the index's list of segments; the thorough one
        also reads every stored passage and every field's words, which finds damaged files.
        """
        import tantivy

        manifest = self._read_manifest()
        if not self.directory.exists():
            return "no index yet"
        if manifest is None:
            return "the index is from another version or its manifest is missing"
        try:
            index = tantivy.Index.open(str(self.directory))
            searcher = index.searcher()
            problem = self._problem_with_manifest(manifest, searcher)
            if problem:
                return problem
            if thorough and searcher.num_docs:
                found = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs)
                for _score, address in found.hits:
                    json.loads(searcher.doc(address).get_first("stored") or b"")
                for name in (*SCORED, "pid", "doc_id", "kind", "org"):
                    searcher.terms_with_prefix(name, "")
        except _INTERRUPTS:
            raise
        except BaseException as error:  # noqa: BLE001 - any failure (a panic too): "rebuild"
            return f"the index cannot be read ({type(error).__name__}: {error})"
        return ""

    @_reported
    def open(self) -> None:
        """Open the index for searching (IndexUnavailable when there is none or it is damaged)."""
        if self._index is not None:
            return
        import tantivy

        try:
            self._opened = identity(self.directory)
            self._index = tantivy.Index.open(str(self.directory))
            self._searcher = self._index.searcher()
        except _INTERRUPTS:
            raise
        except BaseException as error:  # noqa: BLE001 - a panic too
            self._index = self._searcher = None
            raise IndexUnavailable(
                f"the index in {self.directory} cannot be opened: {error}"
            ) from None
        self._frequencies.clear()

    def close(self) -> None:
        """Release the searcher and the index."""
        self._searcher = None
        self._index = None
        self._opened = None
        self._frequencies.clear()

    @_reported
    def refresh(self) -> None:
        """See what another process or an update committed since the searcher was opened."""
        if self._index is not None:
            self._index.reload()
            self._searcher = self._index.searcher()
            self._frequencies.clear()

    def _current(self) -> Any:
        self.open()
        return self._searcher

    # -- updating ------------------------------------------------------------------------

    @_reported
    def _update(
        self, knowledge_dirs: list[Path], reason: str, progress: Progress | None
    ) -> IndexReport:
        import tantivy

        started = time.perf_counter()
        report = IndexReport()
        manifest = None if reason else self._read_manifest()
        self.close()
        if manifest is None:
            report.rebuilt = True
            report.reason = reason
            target = self._fresh_folder()
            index = tantivy.Index(_schema(), path=str(target), reuse=False)
            files: dict[str, dict[str, Any]] = {}
            lengths: dict[str, dict[str, int]] = {}
            spelling: Counter[str] = Counter()
        else:
            target = self.directory
            index = tantivy.Index.open(str(target))
            files = dict(manifest["files"])
            lengths = dict(manifest["lengths"])
            spelling = Counter(read_spelling(target))
        found_changes = changes(knowledge_dirs, files)
        to_index, removed = found_changes.to_index, found_changes.removed
        report.unchanged = found_changes.unchanged

        padding: dict[str, int] | None = manifest.get("padding") if manifest else None
        pending: list[tuple[dict[str, Any], dict[str, list[str]]]] = []
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)

        def add(fields: dict[str, Any] | None, words: dict[str, list[str]]) -> None:
            """Add a passage, or (given None) every passage held back for the padding."""
            nonlocal padding
            if fields is not None:
                pending.append((fields, words))
            if padding is None and fields is not None and len(pending) < PADDING_SAMPLE:
                return
            if padding is None:
                padding = _padding([words for _fields, words in pending])
            for held, words in pending:
                writer.add_document(_document(held, words, padding))
            pending.clear()

        reading = read_files(to_index, True)  # nothing is read until the loop below asks
        try:
            searcher = index.searcher() if not report.rebuilt else None

            def delete(doc_id: str) -> None:
                if searcher is not None:
                    query = tantivy.Query.term_query(index.schema, "doc_id", doc_id)
                    for stored in _stored(searcher, query):
                        spelling.subtract(spelling_words(stored))
                writer.delete_documents_by_term("doc_id", doc_id)

            for key in removed:
                delete(files.pop(key)["doc_id"])
                lengths.pop(key, None)
                report.removed += 1
            for number, (found, read) in enumerate(reading, start=1):
                if progress:
                    progress(number, len(to_index), str(found.path))
                key = str(found.path)
                replacing = key in files
                if replacing:
                    delete(files.pop(key)["doc_id"])
                    lengths.pop(key, None)
                if read is None:
                    if replacing:
                        report.removed += 1
                    continue  # removed while the index was being built
                totals = dict.fromkeys(SCORED, 0)
                for fields, words in zip(read.passages, read.stems, strict=True):
                    add(fields, words)
                    for name in SCORED:
                        totals[name] += len(words[name])
                spelling.update(read.spelling)
                report.updated += replacing
                report.added += not replacing
                files[key] = asdict(read.entry)
                lengths[key] = totals
            add(None, {})
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            reading.close()  # its worker processes end now, not when it is collected
            with suppress(Exception):
                writer.rollback()
            raise
        manifest = {
            "schema": SCHEMA_VERSION,
            "engine": ENGINE,
            "updated": time.time(),
            "files": files,
            "lengths": lengths,
            "padding": padding,
        }
        return self._finish(target, manifest, spelling, report, started)

    # -- searching -----------------------------------------------------------------------

    @_reported
    def search(
        self,
        clauses: Sequence[Clause],
        filters: Filters | None = None,
        limit: int = 50,
        exclude_kind: str = "",
    ) -> list[Hit]:
        """The best passages matching any of the clauses, ranked as the Whoosh index ranks
        them (BM25F, scores to SIGNIFICANT digits, ties in rebuild order)."""

        searcher = self._current()
        clauses = [c for c in clauses if c.words and self._known(c)]
        if not clauses:
            return []
        query = self._shortlist_query(clauses, filters, exclude_kind)
        averages = self._average_lengths()
        weighed = [
            (c, [self._idf(c.field, word) for word in c.words], averages[c.field]) for c in clauses
        ]
        bound = self._bound({clause.field for clause in clauses}, averages)
        shortlist = limit * SHORTLIST + SHORTLIST_EXTRA
        scored: dict[tuple[int, int], tuple[float, Any]] = {}
        while True:
            found = searcher.search(query, limit=shortlist, count=False).hits
            for _theirs, address in found:
                where = (address.segment_ord, address.doc)
                if where not in scored:
                    document = searcher.doc(address)
                    score = _score(weighed, _Stems(document.get_first("stems") or b""))
                    scored[where] = (rounded(score), document)
            if len(found) < shortlist:
                break  # every passage the query matches has been ranked
            best = heapq.nlargest(limit, (score for score, _document in scored.values()))
            # Our score of a passage beyond the shortlist is at most ``bound`` times tantivy's,
            # which is at most the last one's: the passages ranked hold every one that could
            # be among the best ``limit``.
            if len(best) == limit and best[-1] > bound * found[-1][0]:
                break
            shortlist = self._depth(query, shortlist, best[-1] / bound if best else 0.0)
        top = heapq.nlargest(limit, (score for score, _document in scored.values()))
        cut = top[-1] if len(top) == limit else 0.0
        ranked = [
            (score, json.loads(document.get_first("stored") or b"{}"))
            for score, document in scored.values()
            if score and score >= cut
        ]
        ranked.sort(key=lambda item: (-item[0], item[1].get("key", "")))
        return [_hit(stored, score) for score, stored in ranked[:limit]]

    def _depth(self, query: Any, shortlist: int, below: float) -> int:
        """How far down tantivy's ranking to read for its scores to fall under ``below``, from
        its scores alone (reading a passage costs far more than ranking one); when they do
        not within ``DEEPER`` times the shortlist, that far."""
        if below <= 0:
            return shortlist * DEEPER
        scores = [
            score
            for score, _address in self._current()
            .search(query, limit=shortlist * DEEPER, count=False)
            .hits
        ]
        return next((n + 1 for n, score in enumerate(scores) if score < below), len(scores) + 1)

    def _bound(self, fields: set[str], averages: dict[str, float]) -> float:
        """How many times tantivy's score of a passage ours can be, at most, for clauses in
        these fields: the padded length normalisation is ours where the padding is a quarter
        of the average length (1 then), and apart by a factor that is greatest for an empty
        field or an endless one when it is not; each engine's one-byte lengths add
        ``ROUNDING``."""
        padding = (self._read_manifest() or {}).get("padding") or {}
        worst = 1.0
        for name in fields:
            ours, pad = averages[name], padding.get(name, 0)
            theirs = ours + pad
            empty = (1 - 0.75 + 0.75 * pad / theirs) / (1 - B)
            endless = (0.75 / theirs) / (B / ours)
            worst = max(worst, empty, endless)
        return worst * ROUNDING

    def _shortlist_query(
        self, clauses: Sequence[Clause], filters: Filters | None, exclude_kind: str
    ) -> Any:
        """The clauses as one tantivy query, each boosted so that tantivy's BM25 of a passage
        is close to our score of it and not much below it (see ``_bound``)."""
        import tantivy

        searcher = self._current()
        schema = self._index.schema
        count = searcher.num_docs
        wanted = []
        for clause in clauses:
            # tantivy's idf brought to ours word by word; a field boost above 1 left to the
            # weights, where our ranking puts it (tantivy's score can only be higher for it).
            boost = clause.boost * max(FIELD_BOOSTS[clause.field], 1.0)
            words = []
            for word in clause.words:
                n = searcher.doc_freq(clause.field, word)
                theirs = log(1 + (count - n + 0.5) / (n + 0.5))
                term = tantivy.Query.term_query(schema, clause.field, word)
                ours = self._idf(clause.field, word)
                words.append(
                    (tantivy.Occur.Must, tantivy.Query.boost_query(term, boost * ours / theirs))
                )
            # A phrase as all its words, scored as ours scores it where it stands together
            # (checked when ranking): tantivy scores a phrase by how often it occurs, which
            # bounds nothing.
            query = words[0][1] if len(words) == 1 else tantivy.Query.boolean_query(words)
            wanted.append((tantivy.Occur.Should, query))
        parts = [(tantivy.Occur.Must, tantivy.Query.boolean_query(wanted))]
        allowed = self._filter_query(filters) if filters else None
        if allowed is not None:
            parts.append((tantivy.Occur.Must, tantivy.Query.const_score_query(allowed, 0.0)))
        if exclude_kind:
            parts.append(
                (tantivy.Occur.MustNot, tantivy.Query.term_query(schema, "kind", exclude_kind))
            )
        return tantivy.Query.boolean_query(parts)

    def _known(self, clause: Clause) -> bool:
        # A phrase with a word no passage has matches nothing, as in Whoosh.
        return all(self.document_frequency(clause.field, word) for word in clause.words)

    def _idf(self, field_name: str, word: str) -> float:
        count = self._current().num_docs
        return log(count / (self.document_frequency(field_name, word) + 1)) + 1

    def _average_lengths(self) -> dict[str, float]:
        """Each scored field's average length over the passages, as the Whoosh index has it."""
        manifest = self._read_manifest() or {"lengths": {}}
        count = self._current().num_docs or 1
        return {
            name: sum(sizes[name] for sizes in manifest["lengths"].values()) / count or 1
            for name in SCORED
        }

    def _filter_query(self, filters: Filters) -> Any:
        """The query that keeps only what the filters allow, or None when nothing is limited."""
        import tantivy

        schema = self._index.schema
        parts = []
        if filters.kind:
            parts.append(tantivy.Query.term_query(schema, "kind", filters.kind.lower()))
        if filters.organisation:
            for word in re.findall(r"\w+", filters.organisation.lower()):
                parts.append(tantivy.Query.term_query(schema, "org", word))
        if filters.since:
            # An undated document is kept (the answer shows it as undated): nothing says it is old.
            dated = tantivy.Query.range_query(
                schema, "year", tantivy.FieldType.Unsigned, filters.since, None
            )
            undated = tantivy.Query.term_query(schema, "year", 0)
            either = [(tantivy.Occur.Should, dated), (tantivy.Occur.Should, undated)]
            parts.append(tantivy.Query.boolean_query(either))
        if not parts:
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in parts])

    def _stored(self, query: Any) -> list[dict[str, Any]]:
        return _stored(self._current(), query)

    @_reported
    def passage(self, pid: str) -> Hit | None:
        """One passage by its id, or None when the index no longer has it."""
        import tantivy

        self.open()
        found = self._stored(tantivy.Query.term_query(self._index.schema, "pid", pid))
        return _hit(found[0], 0.0) if found else None

    @_reported
    def glossary_entry(self, term: str) -> Hit | None:
        """The glossary's entry for a term as the glossary writes it (in any case), or None;
        the first glossary's when several define it."""
        import tantivy

        self.open()
        query = tantivy.Query.term_query(self._index.schema, "entry", term.lower())
        found = self._stored(query)
        if not found:
            return None
        return _hit(min(found, key=lambda stored: stored.get("key", "")), 0.0)

    @_reported
    def passages_of(self, doc_id: str) -> list[Hit]:
        """Every passage of one document, in reading order."""
        import tantivy

        self.open()
        found = self._stored(tantivy.Query.term_query(self._index.schema, "doc_id", doc_id))
        return sorted((_hit(stored, 0.0) for stored in found), key=lambda hit: hit.order)

    def all_passages(self, filters: Filters | None = None) -> Iterator[Hit]:
        """Every passage in the index (for evidence gathering and evaluation)."""
        import tantivy

        found = self._stored(tantivy.Query.all_query())
        for stored in sorted(found, key=lambda stored: stored.get("key", "")):
            yield _hit(stored, 0.0)

    @_reported
    def document_frequency(self, field_name: str, token: str) -> int:
        """How many passages contain an analysed token (deleted passages not counted)."""
        import tantivy

        key = (field_name, token)
        known = self._frequencies.get(key)
        if known is None:
            searcher = self._current()
            if not searcher.doc_freq(field_name, token):
                known = 0
            else:
                query = tantivy.Query.term_query(self._index.schema, field_name, token)
                known = searcher.search(query, limit=1, count=True).count
            self._frequencies[key] = known
        return known

    @_reported
    def passage_count(self) -> int:
        """Passages in the index."""
        return int(self._current().num_docs)
