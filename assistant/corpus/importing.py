"""Importing documents: one file or a folder, dry runs, new versions and what changed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.corpus.documents import (
    KINDS,
    KnowledgeError,
    load_document,
    normalise_date,
    read_text,
)
from assistant.corpus.importers.blocks import (
    Conversion,
    Extracted,
    ImportFailure,
    ImportOptions,
    convert,
)
from assistant.corpus.markdown import inline_text, make_parser
from assistant.corpus.passages import split_into_passages
from assistant.errors import AssistantError
from assistant.storage.atomic import write_text_atomic
from assistant.storage.reading import TextFileProblem, read_regular_file
from assistant.storage.yaml_files import read_yaml

MAX_IMPORT_BYTES = 500_000_000
"""Bigger than any report or procedure as a PDF; a bigger file is refused, not read."""
READERS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text"}
"""File endings the importer reads, and the reader for each."""

# Formats people have that need one step first; the message says which.
_SAVE_FIRST = {
    ".doc": "this is an old Word .doc file: open it in Word, save it as .docx "
    "(File › Save As › Word Document) and import that",
    ".rtf": "this is a Rich Text file: open it in Word, save it as .docx and import that",
    ".odt": "this is an OpenDocument file: save it as .docx (or PDF) and import that",
    ".pages": "this is an Apple Pages file: export it as .docx or PDF and import that",
    ".mhtml": "this is a web archive: save the page as 'Web Page, HTML only' and import that",
    ".mht": "this is a web archive: save the page as 'Web Page, HTML only' and import that",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VERSIONS = ".versions"
"""Folder (inside the knowledge folder, hidden from the index) where earlier versions go."""

Progress = Callable[[int, int, Path], None]


@dataclass
class Changes:
    """How a new version of a document differs from the one already imported, by section."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        """ "sections: 2 changed, 1 added, none removed"."""

        def count(items: list[str], word: str) -> str:
            return f"{len(items)} {word}" if items else f"none {word}"

        parts = [count(self.changed, "changed"), count(self.added, "added")]
        return "sections: " + ", ".join([*parts, count(self.removed, "removed")])


@dataclass
class ImportResult:
    """What happened to one file."""

    path: Path
    status: str
    """imported, updated, unchanged, replaced, failed or skipped."""
    dry_run: bool = False
    """True when nothing was written: the result says what would have happened."""
    target: Path | None = None
    conversion: Conversion | None = None
    passages: int = 0
    problems: list[str] = field(default_factory=list)
    changes: Changes | None = None
    kept: Path | None = None
    """Where the file that was there before now is (a version or a numbered backup)."""
    error: str = ""
    page: int | None = None
    needs_force: bool = False
    """True when another document's file of the same name is in the way (the user may
    agree to replace it)."""

    @property
    def failed(self) -> bool:
        """True when the file was not imported because of a problem."""
        return self.status == "failed"

    def message(self) -> str:
        """The one line for a failure: "not imported: FILE (page 3): why — what to do"."""
        where = f"{self.path} (page {self.page})" if self.page else str(self.path)
        return f"not imported: {where}: {self.error}"

    def lines(self) -> list[str]:
        """What to tell the user about this file, first line first."""
        would = "would be " if self.dry_run else ""
        if self.status == "failed":
            return [self.message()]
        if self.status == "skipped":
            return [f"skipped: {self.path}: {self.error}"]
        if self.status == "unchanged":
            return [f"unchanged: {self.path} is the same as {self.target}"]
        out = []
        if self.status == "updated" and self.changes is not None:
            out.append(
                f"{would or ''}updated {self.target} from {self.path}: {self.changes.summary()}"
                if not self.dry_run
                else f"would update {self.target} from {self.path}: {self.changes.summary()}"
            )
            out += [f"  changed: {name}" for name in self.changes.changed]
            out += [f"  added: {name}" for name in self.changes.added]
            out += [f"  removed: {name}" for name in self.changes.removed]
            if self.kept:
                verb = "would be kept" if self.dry_run else "kept"
                out.append(f"  the previous version {verb} as {self.kept}")
        elif self.status == "replaced":
            verb = "would replace" if self.dry_run else "replaced"
            out.append(f"{verb} {self.target} with {self.path} (the old file kept as {self.kept})")
        else:
            verb = "would import" if self.dry_run else "imported"
            out.append(f"{verb} {self.path} -> {self.target}")
        if self.conversion is not None:
            out += [f"  inferred {note}" for note in self.conversion.inferred]
        out += [f"  problem: {problem}" for problem in self.problems]
        return out

    def row(self) -> dict[str, str]:
        """The summary table's cells for this file."""
        meta = self.conversion.metadata if self.conversion else {}
        problems = [self.error] if self.error else list(self.problems)
        return {
            "file": self.path.name,
            "title": str(meta.get("title", "")),
            "kind": str(meta.get("kind", "")),
            "organisation": str(meta.get("organisation", "")),
            "date": str(meta.get("published", "")),
            "passages": str(self.passages) if self.conversion else "",
            "problems": "; ".join(problems),
        }


def check_options(options: ImportOptions) -> None:
    """Refuse a --kind or --published that no document could have, before reading any file."""
    kind = options.kind.strip().lower()
    if kind and kind not in KINDS:
        raise ValueError(f"the kind must be one of {', '.join(KINDS)} (found '{options.kind}')")
    if options.published.strip():
        try:
            normalise_date(options.published.strip())
        except ValueError as error:
            raise ValueError(f"the publication date {error}") from None


def find_sources(paths: Sequence[Path]) -> tuple[list[Path], list[ImportResult]]:
    """Files to import from the paths given (folders searched through), and those skipped."""
    files: list[Path] = []
    skipped: list[ImportResult] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not found.is_file():
                    continue
                if _saved_page_assets(found, path):
                    continue  # images and scripts a browser saved beside a page
                suffix = found.suffix.lower()
                if suffix in READERS or suffix in _SAVE_FIRST:
                    files.append(found)
                else:
                    skipped.append(
                        ImportResult(
                            found, "skipped", error=f"{suffix or 'no ending'} files are not read"
                        )
                    )
        else:
            files.append(path)
    return files, skipped


def _saved_page_assets(path: Path, root: Path) -> bool:
    """True inside the "NAME_files" folder a browser writes beside a saved "NAME.html"."""
    folder = root
    for part in path.relative_to(root).parts[:-1]:
        if part.endswith("_files"):
            stem = part[: -len("_files")]
            if any((folder / f"{stem}{ending}").exists() for ending in (".html", ".htm")):
                return True
        folder = folder / part
    return False


def read_document(path: Path) -> Extracted:
    """Blocks of one document, read by the reader its content (or, failing that, its name) calls
    for; raises ImportFailure with a message a person can act on."""
    if path.is_dir():
        raise ImportFailure("this is a folder: name the folder to import what is in it")
    try:
        # Never a pipe or a device (one hangs, the other fills memory), never unbounded.
        data = read_regular_file(path, MAX_IMPORT_BYTES)
    except FileNotFoundError:
        raise ImportFailure("there is no such file") from None
    except TextFileProblem as problem:
        raise ImportFailure(problem.message) from None
    if not data.strip():
        raise ImportFailure("the file is empty")
    suffix = path.suffix.lower()
    reader = _sniff(data) or READERS.get(suffix)
    if reader == "ole":
        if suffix == ".docx":
            raise ImportFailure(
                "this Word file is password-protected (or is an old .doc renamed): remove the "
                "password, or save it as .docx again, and import that"
            )
        raise ImportFailure(_SAVE_FIRST[".doc"])
    if reader is None:
        if suffix in _SAVE_FIRST:
            raise ImportFailure(_SAVE_FIRST[suffix])
        raise ImportFailure(
            f"{suffix or 'a file with no ending'} is not a format the importer reads "
            "(it reads .pdf, .docx, .html, .htm and .txt)"
        )
    if reader == "pdf":
        from assistant.corpus.importers.pdf import read_pdf

        return read_pdf(path, data)
    if reader == "docx":
        from assistant.corpus.importers.docx import read_docx

        return read_docx(path, data)
    if reader == "html":
        from assistant.corpus.importers.html import read_html

        return read_html(data)
    from assistant.corpus.importers.text import extract_text

    try:
        text, _data, warnings = read_text(path, data)
    except KnowledgeError as error:
        if "binary" in error.message:
            raise ImportFailure(
                "this file holds binary data, not text, and is not a PDF, Word file or web page"
            ) from None
        raise ImportFailure(error.message) from None
    extracted = extract_text(text)
    extracted.notes[:0] = warnings
    return extracted


def _sniff(data: bytes) -> str | None:
    """The reader a file's first bytes call for, whatever its name says."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_OLE):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or b"[Content_Types]" in data[:4096] else None
    lowered = head[:512].lower().lstrip(b"\xef\xbb\xbf")
    if (
        lowered.startswith((b"<!doctype html", b"<html", b"<?xml"))
        and b"<html" in data[:4096].lower()
    ):
        return "html"
    return None


def sections_of(markdown: str) -> dict[str, str]:
    """Each section's heading path and its text (whitespace made single), in order."""
    tokens = make_parser().parse(markdown)
    sections: dict[str, list[str]] = {}
    stack: list[tuple[int, str]] = []
    current = "(opening)"
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading = inline_text(tokens[index + 1])
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            # The title is the same for every section: it is left out of the paths.
            current = " › ".join(text for lvl, text in stack if lvl > 1) or "(opening)"
            sections.setdefault(current, [])
            index += 3
            continue
        if token.type == "inline":
            sections.setdefault(current, []).append(inline_text(token))
        index += 1
    return {name: " ".join(" ".join(parts).split()) for name, parts in sections.items()}


def compare(old_markdown: str, new_markdown: str) -> Changes:
    """The sections added, removed and changed between two versions of a knowledge file."""
    old, new = sections_of(_body(old_markdown)), sections_of(_body(new_markdown))
    return Changes(
        added=[name for name in new if name not in old],
        removed=[name for name in old if name not in new],
        changed=[name for name in new if name in old and old[name] != new[name]],
    )


def _body(markdown: str) -> str:
    match = re.match(r"^---\n.*?\n---\n", markdown, re.DOTALL)
    return markdown[match.end() :] if match else markdown


def _front_matter(markdown: str) -> dict[str, Any]:
    match = re.match(r"^---\n(.*?)\n---\n", markdown, re.DOTALL)
    if not match:
        return {}
    try:
        data, _lines = read_yaml(match.group(1))
    except AssistantError:
        return {}  # front matter that cannot be read names no source: not the same document
    return data if isinstance(data, dict) else {}


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")


def _version_path(folder: Path, stem: str) -> Path:
    """Where to keep a previous version: named by the time, never the name of another."""
    stamp = _stamp()
    candidate = folder / f"{stem}.{stamp}.md"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}.{stamp}-{number}.md"
        number += 1
    return candidate


def _numbered_backup(target: Path) -> Path:
    """``NAME.md.1.bak``, ``NAME.md.2.bak``…: the first free number, so none is lost."""
    number = 1
    while (candidate := target.with_name(f"{target.name}.{number}.bak")).exists():
        number += 1
    return candidate


def _count_passages(target: Path, markdown: str) -> int:
    document, tokens = load_document(target, target.stem, markdown.encode("utf-8"))
    return len(split_into_passages(document, tokens))


def import_one(
    path: Path,
    destination: Path,
    options: ImportOptions | None = None,
    topic_finder: Callable[[str], list[str]] | None = None,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    target: Path | None = None,
) -> ImportResult:
    """Read, convert and (unless ``dry_run``) write one document; never raises for its content."""
    try:
        extracted = read_document(path)
        conversion = convert(extracted, path.name, options, topic_finder, fallback_title=path.name)
    except ImportFailure as failure:
        return ImportResult(path, "failed", error=failure.message, page=failure.page)
    except ValueError as error:
        return ImportResult(path, "failed", error=str(error))
    except Exception as error:  # one odd file must not stop the rest of a folder
        return ImportResult(
            path,
            "failed",
            error=f"the file could not be read ({type(error).__name__}: {error}); "
            "save it again from the program that made it, or report the problem",
        )
    target = target or destination / f"{path.stem}.md"
    result = ImportResult(
        path, "imported", dry_run, target, conversion, problems=list(conversion.notes)
    )

    if target.exists():
        try:
            previous, _data, _warnings = read_text(target)
        except KnowledgeError as error:
            result.status, result.error = (
                "failed",
                (
                    f"{target} is already there and cannot be read ({error.message}); "
                    "it was left alone: move it away and import again"
                ),
            )
            return result
        before = _front_matter(previous)
        if str(before.get("source", "")) == path.name:
            changes = compare(previous, conversion.markdown())
            result.changes = changes
            if not changes:
                result.status = "unchanged"
                result.passages = _count_passages(target, conversion.markdown())
                return result
            today = dt.date.today().isoformat()
            kept = _version_path(destination / _VERSIONS / target.stem, target.stem)
            amendments = before.get("amendments")
            history = list(amendments) if isinstance(amendments, list) else []
            history.append(
                {
                    "date": today,
                    "changed": changes.changed,
                    "added": changes.added,
                    "removed": changes.removed,
                    "previous": kept.relative_to(destination).as_posix(),
                }
            )
            conversion.metadata["amended"] = today
            conversion.metadata["amendments"] = history
            result.status, result.kept = "updated", kept
            if not dry_run:
                write_text_atomic(kept, previous)
        elif not overwrite:
            where = f" (imported from {before['source']})" if before.get("source") else ""
            # Another document's file: replaced only when the user agrees (--force).
            result.status, result.needs_force = "failed", True
            result.error = f"{target.name} is already in {destination}{where}"
            return result
        else:
            result.kept = _numbered_backup(target)
            result.status = "replaced"
            if not dry_run:
                write_text_atomic(result.kept, previous)

    markdown = conversion.markdown()
    try:
        result.passages = _count_passages(target, markdown)
    except KnowledgeError as error:
        return ImportResult(path, "failed", error=error.message)
    if not dry_run:
        write_text_atomic(target, markdown)
    return result


def import_paths(
    paths: Sequence[Path],
    destination: Path,
    options: ImportOptions | None = None,
    topic_finder: Callable[[str], list[str]] | None = None,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[ImportResult]:
    """Import every file named or found in the folders named; one file's failure stops none."""
    files, skipped = find_sources(paths)
    results: list[ImportResult] = []
    taken: set[Path] = set()
    for number, path in enumerate(files):
        if progress is not None:
            progress(number, len(files), path)
        target = destination / f"{path.stem}.md"
        if target in taken:
            # Two files of one name (report.pdf, report.docx) in one import: both are kept.
            target = destination / f"{path.stem}-{path.suffix.lstrip('.').lower()}.md"
        taken.add(target)
        results.append(
            import_one(
                path,
                destination,
                options,
                topic_finder,
                overwrite=overwrite,
                dry_run=dry_run,
                target=target,
            )
        )
    if progress is not None:
        progress(len(files), len(files), destination)
    return results + skipped


COLUMNS = ("file", "title", "kind", "organisation", "date", "passages", "problems")
"""The summary table's columns, in order."""


def summary_table(results: Iterable[ImportResult], width: int = 100) -> str:
    """A plain-text table of what was imported, one file a row."""
    rows = [result.row() for result in results]
    limits = {"file": 28, "title": 34, "kind": 9, "organisation": 24, "date": 10, "passages": 8}
    widths = {
        column: max([len(column), *(min(len(row[column]), limits.get(column, 60)) for row in rows)])
        for column in COLUMNS
    }

    def cell(text: str, column: str) -> str:
        limit = limits.get(column, 60)
        text = text if len(text) <= limit else text[: limit - 1] + "…"
        return text.rjust(widths[column]) if column == "passages" else text.ljust(widths[column])

    lines = ["  ".join(cell(column, column) for column in COLUMNS).rstrip()]
    lines.append("  ".join("-" * widths[column] for column in COLUMNS))
    lines += ["  ".join(cell(row[column], column) for column in COLUMNS).rstrip() for row in rows]
    return "\n".join(lines)
