"""The one YAML reader: billion laughs, tags, nesting and repeated keys refused with a line."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from assistant.storage.yaml_files import YamlProblem, read_mapping, read_yaml


def read_yaml_file(path: Path) -> str:
    """The reader under test, looked up when called (so that the rest of this file runs, and
    counts, against code that does not have it)."""
    from assistant.storage import yaml_files

    return yaml_files.read_yaml_file(path)


def laughs(levels: int = 9, first_key: str = "lol") -> str:
    """A few hundred bytes of aliases inside aliases that stand for 9**levels values."""
    lines = [f'{first_key}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"{first_key}{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_with_its_line() -> None:
    text = "title: Laughs\n" + laughs()
    assert len(text) < 1100
    with pytest.raises(YamlProblem, match="more than 200,000 values") as caught:
        read_yaml(text)
    assert caught.value.line is not None and 2 <= caught.value.line <= 11


def test_a_long_text_named_many_times_is_refused() -> None:
    # 200 values, well under the limit on values, standing for 12 million characters.
    text = 'a: &a "' + "x" * 60_000 + '"\nb: &b [' + ", ".join(["*a"] * 200) + "]\nc: *b\n"
    with pytest.raises(YamlProblem, match="more than 5 million characters"):
        read_yaml(text)


def test_an_alias_that_holds_itself_is_refused() -> None:
    with pytest.raises(YamlProblem, match="nested more than"):
        read_yaml("a: &a [*a]\n")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("title: x\nbackground: !Note hello\n", "the tag '!Note' is not allowed", 2),
        ("a: !!python/object:os.system x\n", "is not allowed", 1),
        ("a: !!binary aGVsbG8=\n", "is not allowed", 1),
        ("a: 1\nb: !!bool maybe\n", "cannot be read as !!bool", 2),
        ("a: !!float x\n", "cannot be read as !!float", 1),
        ("a: " + "9" * 5000 + "\n", "cannot be read as !!int", 1),
        ("title: One\ntitle: Two\n", "'title' is given twice (lines 1 and 2)", 2),
        ("a: 1\nb: [" + "[" * 600 + "]" * 601 + "\n", "nested", 2),
        ("a: x\nb: \x1b]52;c;eA==\x07\n", "the character U+001B is not allowed", 2),
        ("a: x\n\nb: é\x01\n", "the character U+0001 is not allowed", 3),
    ],
)
def test_ordinary_mistakes_are_problems_with_a_line(text: str, message: str, line: int) -> None:
    with pytest.raises(YamlProblem, match=re.escape(message)) as e:
        read_yaml(text)
    assert e.value.line == line
    assert "not valid YAML: not valid YAML" not in str(e.value)
    assert "this is not valid YAML" not in str(e.value)


def test_deep_block_nesting_is_refused() -> None:
    text = "title: x\nbackground:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 600))
    with pytest.raises(YamlProblem, match="nested more than 60 deep"):
        read_yaml(text)


def test_half_a_character_is_a_problem_not_a_crash() -> None:
    with pytest.raises(YamlProblem):
        read_yaml("a: \ud800\n")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("0000", "0000"),
        ("0755", "0755"),
        ("1:30", "1:30"),
        ("0x1F", "0x1F"),
        ("2022", 2022),
        ("-3", -3),
        ("1_000", 1000),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("1.5", 1.5),
    ],
)
def test_numbers_stay_as_written_unless_plainly_decimal(written: str, value: object) -> None:
    data, _lines = read_yaml(f"a: {written}\n")
    assert data == {"a": value}


def test_lines_of_every_field() -> None:
    data, lines = read_mapping("title: x\nactions:\n  - action: a\n    by: 2024-01\n", 5)
    assert data["actions"][0]["by"] == "2024-01"
    assert lines["title"] == 5 and lines["actions[1].by"] == 8


# -- reading the file itself -------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "findings.yaml"
    os.mkfifo(fifo)
    with pytest.raises(YamlProblem, match="not a regular file"):
        read_yaml_file(fifo)


def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "pack.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(YamlProblem, match="not a regular file"):
        read_yaml_file(link)


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem, match="folder"):
        read_yaml_file(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_yaml_file(tmp_path / "nothing.yaml")


def test_too_big_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(30_000_000)  # sparse: no disk used
    with pytest.raises(YamlProblem, match="over 20 MB"):
        read_yaml_file(big)


def test_utf16_with_its_mark_is_read_and_other_bytes_named_by_line(tmp_path: Path) -> None:
    wide = tmp_path / "wide.yaml"
    wide.write_bytes("title: Café\n".encode("utf-16"))
    assert read_yaml(read_yaml_file(wide))[0] == {"title": "Café"}
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"title: x\nbackground: caf\xe9\n")
    with pytest.raises(YamlProblem, match="not UTF-8") as caught:
        read_yaml_file(latin)
    assert caught.value.line == 2 and caught.value.path == latin


def test_read_regular_file_limits_and_marks(tmp_path: Path) -> None:
    from assistant.storage.reading import TextFileProblem, decode_marked, read_regular_file

    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 11)
    assert read_regular_file(path, 11) == b"x" * 11
    with pytest.raises(TextFileProblem, match="over 10 bytes"):
        read_regular_file(path, 10)
    assert decode_marked("é".encode("utf-32")) == "é"
    assert decode_marked(b"\xef\xbb\xbfabc") == "abc"
    assert decode_marked(b"abc") is None


def test_every_yaml_reader_goes_through_read_yaml() -> None:
    """Nothing in the package parses YAML but storage/yaml_files.py (the one with limits)."""
    package = Path(__file__).resolve().parents[2] / "assistant"
    parsing = re.compile(r"yaml\.(?:safe_|full_|unsafe_)?(?:load|compose|parse|scan)\w*\(")
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path.name != "yaml_files.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if parsing.search(line)
    ]
    assert not found
