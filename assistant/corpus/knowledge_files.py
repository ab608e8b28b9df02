"""Finding knowledge files: the one walk over the knowledge folders, and each file's id."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GLOSSARY_NAME = "glossary.yaml"
"""A file of this name in a knowledge folder is a glossary, not a document."""
THESAURUS_NAME = "thesaurus.yaml"
"""A file of this name beside a glossary holds more everyday groups, in the glossary's format:
practitioners' everyday wording beside the wording documents use."""


def is_knowledge_file(name: str) -> bool:
    """Whether a file name is one the index reads: Markdown, or a glossary."""
    return not name.startswith(".") and (name.lower().endswith(".md") or name == GLOSSARY_NAME)


def walk(knowledge_dirs: list[Path]) -> Iterator[tuple[Path, str, os.stat_result]]:
    """Every knowledge file under the folders, in a stable order: (folder, path, stat).

    Folders are read with scandir (several times quicker than ``Path.rglob`` on big folders:
    this runs before every question). Hidden files and folders are left out; a symlinked
    folder is followed once, so a link that points back up the tree cannot loop; only regular
    files count, so a FIFO or a device named ``*.md`` is never opened.
    """
    for directory in knowledge_dirs:
        seen: set[tuple[int, int]] = set()
        pending = [str(directory)]
        while pending:
            folder = pending.pop()
            try:
                info = os.stat(folder)
                if (info.st_dev, info.st_ino) in seen:
                    continue
                seen.add((info.st_dev, info.st_ino))
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            subfolders = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        subfolders.append(entry.path)
                    elif is_knowledge_file(entry.name) and entry.is_file():
                        yield directory, entry.path, entry.stat()
                except OSError:
                    continue  # a broken or looping link: not a knowledge file
            # Depth first, in name order: the order files are indexed and listed in.
            pending.extend(reversed(subfolders))


@dataclass(frozen=True)
class KnowledgeFile:
    """A knowledge file found by the walk."""

    path: Path
    doc_id: str
    """Unique across folders: "procedures/third-plans" (a clash gets "@folder")."""
    key: str
    """Sorts as the walk finds files, so a file added later still takes its place in order."""


def _relative_parts(directory: Path, path: str) -> list[str]:
    """The folders and name of a path ``walk`` found under ``directory``, taken from the string
    it built (pathlib's ``relative_to`` costs more than the rest of the walk)."""
    return path[len(str(directory)) :].lstrip(os.sep).split(os.sep)


def walk_key(position: int, directory: Path, path: str) -> str:
    """A string that sorts files in the order ``walk`` yields them: by folder in the list, then
    a folder's files by name before its subfolders, depth first."""
    *folders, name = _relative_parts(directory, path)
    return f"{position:04d}\x01" + "".join(f"1{part}\x00" for part in folders) + f"0{name}"


def _document_id(directory: Path, path: str) -> str:
    """The id of a document from its path under its folder: "procedures/third-plans"."""
    *folders, name = _relative_parts(directory, path)
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name  # as pathlib's ``with_suffix("")``
    return re.sub(r"[^\w/.-]+", "-", "/".join([*folders, stem]))


def find_files(knowledge_dirs: list[Path]) -> list[KnowledgeFile]:
    """Every knowledge file, in walk order, with its document id and order key."""
    found: list[KnowledgeFile] = []
    taken: set[str] = set()
    positions: dict[Path, int] = {}
    for number, directory in enumerate(knowledge_dirs):
        positions.setdefault(directory, number)
    for directory, path, _stat in walk(knowledge_dirs):
        doc_id = _document_id(directory, path)
        if doc_id in taken:
            doc_id = f"{doc_id}@{directory.name}"
        taken.add(doc_id)
        key = walk_key(positions[directory], directory, path)
        found.append(KnowledgeFile(Path(path), doc_id, key))
    return found


def discover(knowledge_dirs: list[Path]) -> list[tuple[Path, str]]:
    """Knowledge files with a document id for each ("procedures/third-plans"), unique across
    folders (a clash gets "@folder")."""
    return [(found.path, found.doc_id) for found in find_files(knowledge_dirs)]
