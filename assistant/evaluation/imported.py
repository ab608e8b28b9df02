"""Documents imported into a temporary home, so a set of gold questions on them runs in one
command, as a user would have imported them."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant import locations
from assistant.config import Settings
from assistant.corpus.importers.blocks import ImportOptions
from assistant.corpus.importing import import_paths
from assistant.errors import AssistantError
from assistant.facade import Assistant


@dataclass
class Imported:
    """The assistant over the bundled knowledge and the imported documents."""

    assistant: Assistant
    imported: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Files that could not be imported, and why."""


@contextmanager
def imported_documents(folder: Path, skip_lines: int = 0) -> Iterator[Imported]:
    """Every document in ``folder`` imported into a temporary home beside the bundled
    knowledge, the first ``skip_lines`` lines of each text file dropped first (a source note,
    say); the home is removed afterwards."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise AssistantError("there are no documents to import here", folder)
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as temporary:
        home = Path(temporary)
        sources, knowledge = home / "sources", home / "knowledge"
        sources.mkdir()
        knowledge.mkdir()
        bundled = locations.bundled_knowledge_dir()
        result = Imported(Assistant(_settings(home, [bundled, knowledge])))
        copies = []
        for path in files:
            copy = sources / path.name
            data = path.read_bytes()
            if skip_lines and path.suffix.lower() in TEXT_SUFFIXES:
                data = b"".join(data.splitlines(keepends=True)[skip_lines:])
            copy.write_bytes(data)
            copies.append(copy)
        for outcome in import_paths(
            copies, knowledge, ImportOptions(), result.assistant.glossary.topics_in
        ):
            if outcome.failed or outcome.target is None:
                result.problems.append(outcome.message())
            else:
                result.imported.append(outcome.target)
        try:
            result.assistant.update_index()
            yield result
        finally:
            result.assistant.close()


TEXT_SUFFIXES = (".txt", ".text", ".md")
"""Files whose first lines ``skip_lines`` drops; other documents are imported as they are."""


def _settings(home: Path, knowledge_dirs: list[Path]) -> Settings:
    return Settings(
        knowledge_dirs=knowledge_dirs,
        user_knowledge_dir=knowledge_dirs[-1],
        index_dir=home / "index",
        config_path=home / "config.toml",
        data_dir=home,
    )
