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
from assistant.corpus.importers.text import ImportOptions, import_file
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
    """Every file in ``folder`` imported (its first ``skip_lines`` lines dropped: a source note,
    say) into a temporary home beside the bundled knowledge; the home is removed afterwards."""
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
        topics = result.assistant.glossary.topics_in
        for path in files:
            try:
                trimmed = sources / path.name
                text = path.read_text(encoding="utf-8", errors="replace")
                trimmed.write_text(_without_lines(text, skip_lines), encoding="utf-8")
                target, _conversion = import_file(trimmed, knowledge, ImportOptions(), topics)
                result.imported.append(target)
            except (AssistantError, OSError, ValueError) as error:
                result.problems.append(f"{path}: {error}")
        try:
            result.assistant.update_index()
            yield result
        finally:
            result.assistant.close()


def _without_lines(text: str, count: int) -> str:
    return "".join(text.splitlines(keepends=True)[count:])


def _settings(home: Path, knowledge_dirs: list[Path]) -> Settings:
    return Settings(
        knowledge_dirs=knowledge_dirs,
        user_knowledge_dir=knowledge_dirs[-1],
        index_dir=home / "index",
        config_path=home / "config.toml",
        data_dir=home,
    )
