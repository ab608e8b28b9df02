"""Bad input from a careless user or an attacker: a message with file and line, never a
traceback or a hang, and everything else keeps working."""

from __future__ import annotations

import errno
import gc
import io
import os
from pathlib import Path

import pytest

from assistant.cli import main

GOOD = "---\ntitle: Zebra Crossings\nkind: procedure\n---\n\nThe zebra rule says look both ways.\n"
QUESTION = "what does the zebra rule say?"


def laughs() -> str:
    """Nine levels of aliases: a few hundred bytes that stand for 9**9 values."""
    lines = ['l0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    return "\n".join(lines) + "\n"


# Each attack is YAML added after a reader's first, valid line; the message and the line
# (counted in the YAML itself, from 1) that the user must be told.
ATTACKS = {
    "billion laughs": (laughs(), "more than 200,000 values", 2),
    "a long text many times": (
        'w0: &w "' + "x" * 60_000 + '"\nw1: [' + ", ".join(["*w"] * 200) + "]\n",
        "more than 5 million characters",
        2,  # the line of the text that is repeated
    ),
    "tag": ("background: !Note hello\n", "the tag '!Note' is not allowed", 2),
    "python tag": ("x: !!python/object/apply:os.system [ls]\n", "is not allowed", 2),
    "deep flow": ("x: " + "[" * 600 + "]" * 600 + "\n", "nested", 2),
    "deep block": ("x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 600)), "nested", 63),
    "repeated key": ("title: Again\n", "'title' is given twice", 2),
    "control character": ("x: a\x1bb\n", "the character U+001B is not allowed", 2),
    "bad number": ("x: !!float twelve\n", "cannot be read as !!float", 2),
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def knowledge_home(home: Path, files: dict[str, str | bytes], bundled: bool = False) -> Path:
    """A home whose knowledge folder holds ``files`` (and the bundled one only if asked)."""
    folder = home / "knowledge"
    folder.mkdir(parents=True, exist_ok=True)
    if not bundled:
        (home / "config.toml").write_text("include_bundled = false\n", encoding="utf-8")
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


# -- 10 and 16: every YAML reader, every attack ------------------------------------------


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_knowledge_file_attacks_are_left_out_and_the_rest_answers(
    attack: str, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    yaml, message, line = ATTACKS[attack]
    front = f"---\ntitle: Attack\n{yaml}kind: procedure\n---\n\nSome text.\n"
    knowledge_home(isolated_home, {"attack.md": front, "good.md": GOOD})
    code, out, _ = run(capsys, "index")
    assert code == 0 and "1 documents" in out
    assert f"attack.md:{line + 1}: front matter: " in out and message in out  # after '---'
    code, out, _ = run(capsys, "ask", QUESTION)
    assert code == 0 and "look both ways" in out


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_findings_file_attacks_are_messages(
    attack: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yaml, message, line = ATTACKS[attack]
    findings = tmp_path / "findings.yaml"
    findings.write_text("title: Learning\n" + yaml, encoding="utf-8")
    code, _out, err = run(capsys, "briefing", "check", str(findings))
    assert code == 1 and message in err and f"line {line}" in err
    code, _out, err = run(capsys, "briefing", "render", str(findings), "--format", "md")
    assert code == 1 and message in err
    assert not (tmp_path / "findings.md").exists()


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_pack_file_attacks_are_messages(
    attack: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yaml, message, line = ATTACKS[attack]
    pack = tmp_path / "pack.yaml"
    pack.write_text("title: Session\n" + yaml, encoding="utf-8")
    code, _out, err = run(capsys, "pack", "check", str(pack))
    assert code == 1 and message in err and f"line {line}" in err
    code, _out, err = run(capsys, "pack", "render", str(pack))
    assert code == 1 and message in err


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_glossary_attacks_leave_the_bundled_glossary_working(
    attack: str, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    yaml, message, line = ATTACKS[attack]
    text = "title: Ours\n" + yaml
    knowledge_home(isolated_home, {"glossary.yaml": text}, bundled=True)
    code, out, err = run(capsys, "glossary", "PLO")
    assert code == 0 and "Public Law Outline" in out
    assert "glossary left out:" in err and f"glossary.yaml:{line}: " in err and message in err


# -- 11: links in a knowledge folder ------------------------------------------------------


def test_looping_links_are_ignored_and_linked_folders_searched(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path
) -> None:
    other = tmp_path / "shared"
    other.mkdir()
    (other / "zebra.md").write_text(GOOD, encoding="utf-8")
    folder = knowledge_home(isolated_home, {})
    (folder / "self.md").symlink_to("self.md")
    (folder / "loop").symlink_to("loop")
    (folder / "here").symlink_to(".")
    (folder / "up").symlink_to("..")
    (folder / "shared").symlink_to(other)
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and "look both ways" in out and "zebra.md" in out
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and "Updating the index" not in err and "Building" not in err


# -- 17: configuration, a read-only home and a full disk -----------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (b'include_bundled = "no"\n', "config.toml:1: include_bundled must be true or false"),
        (b"\xff\xfeknowledge = []\n", "config.toml:1: this is not UTF-8 text"),
        (b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n", "nested too deeply"),
        (b'knowledge = [""]\n', "config.toml:1: knowledge must name a folder"),
        (b"stale_after_years = true\n", "config.toml:1: stale_after_years must be a whole"),
    ],
)
def test_configuration_mistakes_are_messages(
    config: bytes, message: str, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_bytes(config)
    code, _out, err = run(capsys, "ask", QUESTION)
    assert code == 1 and message in err


def test_configuration_oddities_are_warnings_and_the_command_works(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path
) -> None:
    knowledge_home(isolated_home, {"good.md": GOOD})
    (isolated_home / "config.toml").write_text(
        f'include_bundled = false\nknowlege = ["{tmp_path}"]\nknowledge = ["{tmp_path}/gone"]\n'
        '[partnership]\nnmae = "Westshire SCP"\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and "look both ways" in out
    assert "config.toml:2: 'knowlege' is not a setting, so it does nothing; did you mean" in err
    assert f"config.toml:3: knowledge names {tmp_path}/gone, which does not exist" in err
    assert "config.toml:5: 'nmae' is not a setting" in err


def test_a_read_only_home_is_a_message(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge_home(isolated_home, {"good.md": GOOD})
    real_mkdir = os.mkdir

    def refuse(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if str(path).startswith(str(isolated_home / "cache")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", refuse)
    code, _out, err = run(capsys, "ask", QUESTION)
    assert code == 1 and "Permission denied" in err and "ASSISTANT_HOME" in err


# Whoosh leaves the segment file it failed to write open (for the index wing to close).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_full_disk_is_a_message_and_keeps_the_old_file(
    capsys: pytest.CaptureFixture[str],
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from whoosh.filedb.structfile import StructFile

    knowledge_home(isolated_home, {"good.md": GOOD})

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(StructFile, "write", full)
    code, _out, err = run(capsys, "index")
    assert code == 1 and "No space left on device" in err and "Free some space" in err
    assert "writer is closed" not in err
    findings = tmp_path / "findings.yaml"
    findings.write_text("title: Mine\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", full)
    code, _out, err = run(capsys, "briefing", "new", str(findings), "--force")
    assert code == 1 and "No space left on device" in err
    assert findings.read_text(encoding="utf-8") == "title: Mine\n"
    gc.collect()  # the file Whoosh left open is closed here, under this test's filter


# -- 18: devices, pipes, numbers, encodings and no terminal --------------------------------


def test_a_fifo_and_a_link_to_dev_zero_in_a_knowledge_folder(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    folder = knowledge_home(isolated_home, {"good.md": GOOD})
    os.mkfifo(folder / "pipe.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    (folder / "glossary.yaml").symlink_to("/dev/zero")
    code, out, _ = run(capsys, "index")
    assert code == 0 and "1 documents" in out
    code, out, _ = run(capsys, "ask", QUESTION)
    assert code == 0 and "look both ways" in out


@pytest.mark.parametrize("command", [["briefing", "check"], ["pack", "check"], ["import"]])
def test_a_fifo_or_dev_zero_given_as_a_file(
    command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    folder = [] if command == ["import"] else [tmp_path]  # import takes a folder's files
    for path in (fifo, Path("/dev/zero"), *folder):
        code, _out, err = run(
            capsys, *command, str(path), *(["--no-index"] * (command == ["import"]))
        )
        assert code == 1
        assert "not a regular file" in err or "folder, not a file" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", QUESTION, "--since", "99999999999"],
        ["ask", QUESTION, "--since", "-5"],
        ["ask", QUESTION, "--since", "twenty"],
        ["eval", "gold.jsonl", "--k", "0"],
        ["eval", "gold.jsonl", "--k", "-1"],
        ["pack", "new", "p.yaml", "--theme", "dc", "--minutes", "0"],
        ["pack", "gather", "dc", "--limit", "-1"],
    ],
)
def test_numbers_out_of_range_are_messages(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    _out, err = capsys.readouterr()
    assert caught.value.code == 2 and "must be" in err and "Traceback" not in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_knowledge_files_are_read(
    encoding: str, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    data = GOOD.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # Python writes the mark only for "utf-16"
    knowledge_home(isolated_home, {"wide.md": data})
    code, out, _ = run(capsys, "ask", QUESTION)
    assert code == 0 and "look both ways" in out and "binary" not in out


def test_utf16_findings_are_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    findings = tmp_path / "findings.yaml"
    findings.write_bytes("title: Learning\nbakground: x\n".encode("utf-16"))
    code, _out, err = run(capsys, "briefing", "check", str(findings))
    assert code == 1 and "'bakground' is not a field" in err and "binary" not in err


def test_dates_are_reported_as_written(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    front = "---\ntitle: Old\nkind: procedure\npublished: 0000\n---\n\nText.\n"
    knowledge_home(isolated_home, {"old.md": front, "good.md": GOOD})
    code, out, _ = run(capsys, "index")
    assert code == 0 and "old.md:4: 'published:'" in out and "(found '0000')" in out


def test_no_terminal_says_what_to_run_instead(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.tui.app

    def never() -> int:
        raise AssertionError("the app started without a terminal")

    monkeypatch.setattr(assistant.tui.app, "run", never)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _out, err = run(capsys)
    assert code == 2 and "needs a terminal" in err and "assistant ask" in err


def test_an_output_named_as_a_fifo_or_a_device(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    findings = tmp_path / "findings.yaml"
    run(capsys, "briefing", "new", str(findings))
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero"), tmp_path):
        argv = ["briefing", "render", str(findings), "--format", "md", "-o", str(target)]
        code, _out, err = run(capsys, *argv)
        assert code == 1 and "not a regular file" in err or "folder, not a file" in err
    assert fifo.is_fifo() and Path("/dev/zero").is_char_device()
