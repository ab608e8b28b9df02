"""The command line: every job reachable, clear errors, nothing lost."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from tests.conftest import REPO

SEED = """Example Safeguarding Children Partnership

Learning About Escalation

March 2021

1 Summary

Partner agencies should escalate gaps in services to the Head of Service within five working days.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_an_answer_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "who", "agrees", "a", "3rd", "CP", "plan")
    assert code == 0
    assert "Head of Service" in out and "**Sources**" in out and "procedure" in out


def test_ask_json_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "ask", "--json", "toxic trio meaning")
    data = json.loads(out)
    assert code == 0 and set(data) == {"question", "answer", "declined", "confidence", "citations"}
    monkeypatch.setattr("sys.stdin", io.StringIO("toxic trio meaning\n\nwhat does PLO mean\n"))
    code, out, _ = run(capsys, "ask", "--json", "-")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["question"] for line in lines] == ["toxic trio meaning", "what does PLO mean"]


def test_import_index_and_ask_a_new_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path
) -> None:
    source = tmp_path / "escalation.txt"
    source.write_text(SEED, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(source), "--kind", "guidance")
    assert code == 0
    assert "inferred organisation: Example Safeguarding Children Partnership" in out
    assert "inferred published: 2021-03" in out
    assert (isolated_home / "knowledge" / "escalation.md").exists()
    assert "Updated:" in out or "Rebuilt:" in out
    code, out, _ = run(capsys, "ask", "how quickly should gaps in services be escalated?")
    assert "five working days" in out and "Example Safeguarding Children Partnership" in out


def test_index_summary_lists_problems(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    folder = isolated_home / "knowledge"
    folder.mkdir(parents=True)
    (folder / "bad.md").write_text("---\ntitle: Bad\n---\n\nText\n", encoding="utf-8")
    code, out, _ = run(capsys, "index", "--rebuild")
    assert code == 0
    assert "6 documents" in out  # five bundled documents and the glossary; not the bad file
    assert "skipped:" in out and "bad.md:2: 'kind:' must be one of" in out


def test_errors_are_messages_not_tracebacks(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    code, _, err = run(capsys, "import", "/no/such/file.txt")
    assert code == 1 and "not imported: /no/such/file.txt" in err and "Traceback" not in err
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("knowledge = [1, 2\n", encoding="utf-8")
    code, _, err = run(capsys, "ask", "anything")
    assert code == 1 and err.startswith("error:") and "config.toml" in err


def test_glossary_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "ROTH")
    assert code == 0 and "Risk Outside the Home" in out
    code, _, err = run(capsys, "glossary", "no such thing")
    assert code == 1 and "not in the glossary" in err


def test_eval_command_writes_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "a",
                "question": "toxic trio meaning",
                "kind": "definition",
                "gold": [],
                "answer_facts": ["domestic abuse"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "out.json"
    code, out, _ = run(capsys, "eval", str(gold), "--json", str(out_file))
    assert code == 0 and "OVERALL" in out
    assert json.loads(out_file.read_text())["overall"]["assistant"]["facts"] == 1.0


def test_bundled_knowledge_is_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert (REPO / "knowledge" / "glossary.yaml").exists()
    code, out, _ = run(capsys, "glossary")
    assert code == 0 and len(out.splitlines()) >= 60
