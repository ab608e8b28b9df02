"""Nothing injected: text from files reaches the terminal only through the one sanitiser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import cli, locations
from assistant.cli import main
from tests.conftest import REPO

OSC52 = "\x1b]52;c;cm0gLXJmIH4vKg==\x07"  # sets the clipboard to "rm -rf ~/*"
CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;pwned\x1b\\"
LINK = "\x1b]8;;file:///etc/passwd\x07click\x1b]8;;\x07"
C1 = "\x9b31m\x9d0;t\x9c"
BIDI = "\u202e"
HOSTILE = OSC52 + CLEAR + TITLE + C1 + BIDI + "\x7f\x08\r"
PAYLOADS = ("cm0gLXJmIH4vKg", "pwned", "file:///etc/passwd", "]52;", "[2J")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

BODY = f"""# Escalation {LINK}

Concerns about drift must be escalated to the Head of Service {HOSTILE} within five days.
"""


def assert_clean(text: str) -> None:
    """No escape sequence, no control but newline and tab, none of the payloads."""
    found = _UNSAFE.findall(text)
    assert not found, f"unsafe characters reached the terminal: {found[:5]}"
    for payload in PAYLOADS:
        assert payload not in text


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose only knowledge file and glossary are full of escape sequences."""
    home = tmp_path_factory.mktemp("hostile")
    knowledge = home / "knowledge"
    knowledge.mkdir()
    (home / "config.toml").write_text("include_bundled = false\n", encoding="utf-8")
    (knowledge / "escalation.md").write_text(
        '---\ntitle: "Escalation \\e]52;c;cm0gLXJmIH4vKg==\\a guide"\nkind: procedure\n'
        'organisation: "Westshire \\e[2J SCP \\x9b31m"\npublished: 2023\n---\n\n' + BODY,
        encoding="utf-8",
    )
    (knowledge / "glossary.yaml").write_text(
        'terms:\n  - term: "Zebra \\e]0;pwned\\e\\\\ review"\n    abbr: [ZR]\n'
        '    definition: "A review \\e]52;c;cm0gLXJmIH4vKg==\\a of drift \\u202e."\n',
        encoding="utf-8",
    )
    return home


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def at_home(hostile_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(locations.HOME_VARIABLE, str(hostile_home))
    return hostile_home


def test_ask_prints_the_passage_without_its_escape_sequences(
    capsys: pytest.CaptureFixture[str], at_home: Path
) -> None:
    code, out, err = run(capsys, "ask", "who is drift escalated to, head of service?")
    assert code == 0
    assert "escalated to the Head of Service" in out and "within five days" in out
    assert "Westshire" in out and "Escalation" in out
    assert_clean(out)
    assert_clean(err)


def test_ask_json_keeps_every_character_as_an_escape(
    capsys: pytest.CaptureFixture[str], at_home: Path
) -> None:
    code, out, _err = run(capsys, "ask", "--json", "who is drift escalated to, head of service?")
    assert code == 0
    assert not _UNSAFE.findall(out.replace("\n", ""))  # nothing raw; JSON escapes only
    cited = json.loads(out)["citations"][0]
    assert OSC52 in cited["text"] and C1 in cited["text"] and BIDI in cited["text"]
    assert cited["organisation"] == "Westshire \x1b[2J SCP \x9b31m"


def test_glossary_entries_print_clean(capsys: pytest.CaptureFixture[str], at_home: Path) -> None:
    code, out, err = run(capsys, "glossary")
    assert code == 0 and "Zebra" in out
    assert_clean(out + err)
    code, out, err = run(capsys, "glossary", "ZR")
    assert code == 0 and "A review" in out and "of drift" in out
    assert_clean(out + err)


def test_pack_gather_prints_clean(capsys: pytest.CaptureFixture[str], at_home: Path) -> None:
    code, out, err = run(capsys, "pack", "gather", "head of service")
    assert code == 0 and "Head of Service" in out
    assert_clean(out + err)


def test_file_names_and_problems_in_the_index_summary(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    folder = isolated_home / "knowledge"
    folder.mkdir(parents=True)
    (folder / f"minutes{OSC52}.md").write_text(
        '---\ntitle: "Bad \\e]0;pwned\\a"\nkind: "memo \\e[2J"\n---\n\nText.\n', encoding="utf-8"
    )
    code, out, err = run(capsys, "index")
    assert code == 0 and "skipped:" in out and "minutes" in out and "'kind:' must be" in out
    assert_clean(out + err)


def test_findings_and_pack_checks_print_clean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    findings = tmp_path / "findings.yaml"
    findings.write_text(
        'title: "Learning \\e]52;c;cm0gLXJmIH4vKg==\\a"\n"bakground\\e[2J": "x"\n'
        'background: "Mum \\x9b31m said \\u202e no."\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "briefing", "check", str(findings))
    assert code == 1 and "bakground" in err
    assert_clean(out + err)
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        'title: "Session \\e]0;pwned\\a"\nminutes: "\\e[2J"\n"sgements\\x9b": []\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "pack", "check", str(pack))
    assert code == 1 and "sgements" in err
    assert_clean(out + err)


def test_argument_errors_repeat_file_names_clean(capsys: pytest.CaptureFixture[str]) -> None:
    # A shell wildcard can hand argparse any file's name, and its errors repeat them.
    with pytest.raises(SystemExit):
        main(["briefing", "check", "a.yaml", f"evil{OSC52}{TITLE}.yaml"])
    _out, err = capsys.readouterr()
    assert "unrecognized arguments: evil" in err
    assert_clean(err)


def test_the_progress_bar_shows_file_names_clean(
    capsys: pytest.CaptureFixture[str],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = isolated_home / "knowledge"
    folder.mkdir(parents=True)
    (folder / f"notes{OSC52}{TITLE}.md").write_text(
        "---\ntitle: Notes\nkind: procedure\n---\n\nText.\n", encoding="utf-8"
    )
    (isolated_home / "config.toml").write_text("include_bundled = false\n", encoding="utf-8")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(capsys, "index", "--rebuild")
    assert code == 0 and "Rebuilt: 1 documents" in out
    for payload in PAYLOADS:  # rich draws the bar with its own sequences; none of ours
        assert payload not in err


def test_an_unexpected_error_is_shown_sanitised(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError(f"bad value {OSC52}{CLEAR}")

    monkeypatch.setattr(cli, "cmd_glossary", broken)
    code, out, err = run(capsys, "glossary")
    assert code == 1 and "did not expect" in err and "bad value" in err
    assert_clean(out + err)


def test_a_file_name_that_is_not_utf8_prints_on_a_strict_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "knowledge"
    folder.mkdir(parents=True)
    name = os.fsencode(folder) + b"/\xffminutes.md"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write("---\ntitle: Minutes\nkind: procedure\n---\n\nThe zebra rule applies.\n")
    (home / "config.toml").write_text("include_bundled = false\n", encoding="utf-8")
    environment = {
        **os.environ,
        "ASSISTANT_HOME": str(home),
        "PYTHONIOENCODING": "utf-8:strict",  # as on a desktop with a UTF-8 locale
        "PYTHONUTF8": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "zebra rule"],
        capture_output=True,
        cwd=REPO,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert "\ufffdminutes.md" in out and "The zebra rule applies." in out
    assert b"Traceback" not in result.stderr
