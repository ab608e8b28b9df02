"""The core never imports Textual, and the command line stays light."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "assistant.facade",
    "assistant.answering.answers",
    "assistant.answering.question",
    "assistant.search.index",
    "assistant.corpus.importers.text",
    "assistant.corpus.importers.pdf",
    "assistant.corpus.importers.docx",
    "assistant.corpus.importers.html",
    "assistant.corpus.importing",
    "assistant.evaluation.measure",
    "assistant.cli",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE)
        + "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_asking_from_the_command_line_does_not_import_textual(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from assistant.cli import main\n"
        "main(['ask', 'who agrees a third child protection plan'])\n"
        "print('TEXTUAL', 'textual' in sys.modules)\n"
    )
    env = {"ASSISTANT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert "TEXTUAL False" in result.stdout
    assert "Head of Service" in result.stdout
