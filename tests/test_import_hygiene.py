"""The core never imports Textual or Rich, and the command line stays light."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import assistant
from tests.conftest import python_afresh

UI = ("assistant.tui", "assistant.cli", "assistant.__main__")
"""The only modules allowed to bring Textual or Rich in."""


def core_modules() -> list[str]:
    """Every module of the package outside the app and the command line, found by walking it."""
    found = [
        module.name
        for module in pkgutil.walk_packages(assistant.__path__, prefix="assistant.")
        if not module.name.startswith(UI)
    ]
    return sorted(found)


def test_the_walk_finds_every_wing() -> None:
    modules = core_modules()
    wings = {name.split(".")[1] for name in modules if name.count(".") >= 2}
    expected = {
        p.name for p in Path(assistant.__path__[0]).iterdir() if (p / "__init__.py").exists()
    }
    assert wings == expected - {"tui"}
    assert "assistant.search.index" in modules and "assistant.answering.asking" in modules


def test_core_modules_do_not_import_textual_or_rich() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in core_modules())
        + "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    printed = python_afresh(code)
    assert printed.split() == ["False", "False"]


def ask_afresh(home: Path, question: str, report: str) -> str:
    """What ``assistant ask QUESTION`` prints in a new process with its home in ``home``,
    followed by what the Python line ``report`` prints after it (``sys`` imported)."""
    code = f"import sys\nfrom assistant.cli import main\nmain(['ask', {question!r}])\n{report}\n"
    env = {"ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return python_afresh(code, env)


def test_asking_from_the_command_line_does_not_import_textual(tmp_path: Path) -> None:
    printed = ask_afresh(
        tmp_path,
        "who agrees a third child protection plan",
        "print('TEXTUAL', 'textual' in sys.modules)",
    )
    assert "TEXTUAL False" in printed
    assert "Head of Service" in printed


def test_the_app_starts_without_the_answering_machinery_or_the_engine() -> None:
    # What the question box needs to appear: the screens, not the engine, the answering
    # patterns or the Markdown renderer (they load with the first question or in the
    # index check's thread, and cost most of a launch).
    late = (
        "assistant.answering.asking",
        "assistant.answering.question",
        "assistant.search.index",
        "whoosh",
        "rich.markdown",
        "markdown_it",
        "assistant.tui.screens.document",
        "hashlib",  # OpenSSL's start-up: only reading a file needs it
    )
    code = (
        "import sys\n"
        "import assistant.tui.app\n"
        f"print([name for name in {late!r} if name in sys.modules])\n"
    )
    printed = python_afresh(code)
    assert printed.strip() == "[]"


def test_a_cold_question_imports_only_what_answering_needs(tmp_path: Path) -> None:
    # The second process finds the index built, the glossary cached and every word's stem in
    # the store: it parses no YAML, corrects no spelling, renders no Markdown, stems nothing
    # and writes no index, so none of those libraries is imported (each is a good share of a
    # cold ask).
    late = (
        "yaml",
        "rapidfuzz",
        "markdown_it",
        "difflib",
        "tomllib",
        "traceback",
        "whoosh.lang.snowball",
        "whoosh.writing",
    )
    report = f"print('LATE', [name for name in {late!r} if name in sys.modules])"
    first, second = (ask_afresh(tmp_path, "who signs off a 3rd CP plan", report) for _ in range(2))
    assert "Head of Service" in first and "Head of Service" in second
    assert "LATE ['yaml'" in first  # the first read the glossary's YAML
    assert "LATE []" in second, second[-300:]


def test_a_misspelt_question_still_brings_the_corrector(tmp_path: Path) -> None:
    printed = ask_afresh(
        tmp_path, "what is disgused complaince", "print('RAPIDFUZZ', 'rapidfuzz' in sys.modules)"
    )
    assert "RAPIDFUZZ True" in printed
    assert "disguised compliance" in printed.lower()


def test_the_tantivy_engine_asks_without_openssl() -> None:
    # Hashing is for reading changed files; Whoosh's codec imports hashlib itself, tantivy's
    # questions need it only when a file has changed (OpenSSL's start-up is ~5 ms).
    code = (
        "import sys\n"
        "import assistant.cli, assistant.facade, assistant.answering.asking\n"
        "import assistant.search.tantivy_index\n"
        "print('hashlib' in sys.modules)\n"
    )
    printed = python_afresh(code)
    assert printed.strip() == "False"
