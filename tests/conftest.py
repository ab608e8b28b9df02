"""Shared fixtures: every test runs with its own ASSISTANT_HOME, never the real one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import locations
from assistant.config import Settings
from assistant.facade import Assistant

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the assistant at a fresh home folder for each test."""
    home = tmp_path / "home"
    monkeypatch.setenv(locations.HOME_VARIABLE, str(home))
    monkeypatch.delenv(locations.KNOWLEDGE_VARIABLE, raising=False)
    return home


def make_settings(root: Path, knowledge: list[Path]) -> Settings:
    """Settings that index only ``knowledge``, with everything else under ``root``."""
    return Settings(
        knowledge_dirs=knowledge,
        user_knowledge_dir=root / "knowledge",
        index_dir=root / "index",
        config_path=root / "config.toml",
    )


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """An assistant over the bundled knowledge folder, its index built once for the session."""
    root = tmp_path_factory.mktemp("bundled")
    assistant = Assistant(make_settings(root, [REPO / "knowledge"]))
    assistant.update_index()
    yield assistant
    assistant.close()


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus indexed once for all the app's tests (which never change it)."""
    root = tmp_path_factory.mktemp("tui-index")
    Assistant(make_settings(root, [REPO / "knowledge"])).update_index()
    return root / "index"


@pytest.fixture
def tui_settings(shared_index: Path, tmp_path: Path) -> Settings:
    """Settings over the bundled corpus, with this test's own conversation and pins."""
    return Settings(
        knowledge_dirs=[REPO / "knowledge"],
        user_knowledge_dir=tmp_path / "knowledge",
        index_dir=shared_index,
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )


def with_pages(root: Path, pages: dict[str, str]) -> Assistant:
    """An assistant over the bundled corpus and the given pages (file name to Markdown),
    its index built: a test's own documents among the ones every installation has."""
    folder = root / "docs"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    assistant = Assistant(make_settings(root, [REPO / "knowledge", folder]))
    assistant.update_index()
    return assistant


def write_knowledge(folder: Path, name: str, body: str, **meta: str) -> Path:
    """A knowledge file with front matter (title and kind default to something valid)."""
    meta.setdefault("title", name.replace("-", " ").title())
    meta.setdefault("kind", "procedure")
    front = "\n".join(f"{key}: {value}" for key, value in meta.items())
    path = folder / f"{name}.md"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return path


def python_afresh(code: str, env: dict[str, str] | None = None) -> str:
    """What Python ``code`` prints when run in a new interpreter (imports and all, as a cold
    start has them); ``env`` replaces the environment when given."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
