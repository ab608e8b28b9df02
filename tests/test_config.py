"""Configuration: knowledge folders from the file and the environment, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant import locations
from assistant.config import ConfigError, Settings


def test_defaults_under_assistant_home(isolated_home: Path) -> None:
    settings = Settings.load()
    assert settings.knowledge_dirs[0] == locations.bundled_knowledge_dir()
    assert settings.user_knowledge_dir == isolated_home / "knowledge"
    assert settings.index_dir == isolated_home / "cache" / "index"
    assert settings.stale_after_years == 5


def test_folders_from_file_and_environment(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two, three = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text(
        f'knowledge = ["{one}"]\nuser_knowledge = "{two}"\ninclude_bundled = false\n'
        'stale_after_years = 3\n[partnership]\nname = "Example SCP"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(locations.KNOWLEDGE_VARIABLE, f"{three}:{one}")
    settings = Settings.load()
    assert settings.knowledge_dirs == [two, one, three]  # each once, in order
    assert settings.user_knowledge_dir == two
    assert settings.stale_after_years == 3
    assert settings.partnership.name == "Example SCP"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("knowledge = [1, 2]\n", "knowledge must be a list of folder paths"),
        ("stale_after_years = 'old'\n", "stale_after_years must be a whole number"),
        ("knowledge = [\n", "config.toml"),
        ("partnership = 3\n", "[partnership] must be a table"),
    ],
)
def test_mistakes_name_the_file(isolated_home: Path, text: str, message: str) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        Settings.load()


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (b'include_bundled = "no"\n', "include_bundled must be true or false", 1),
        (b"include_bundled = 0\n", "include_bundled must be true or false", 1),
        (b"# ours\nstale_after_years = true\n", "stale_after_years must be a whole number", 2),
        (b"stale_after_years = 100000000000000\n", "from 1 to 100", 1),
        (b"# \xe9t\xe9\nknowledge = []\n", "this is not UTF-8 text", 1),
        (b'knowledge = ["/ok", ""]\n', "knowledge must name a folder", 1),
        (b'user_knowledge = "a\\u0000b"\n', "user_knowledge must name a folder", 1),
        (b"[partnership]\nname = ['Westshire']\n", "name must be text in quotes", 2),
        (b"[partnership]\n\nlogo = 5\n", "logo must be text in quotes", 3),
        (b"partnership.primary_colour = 1\n", "primary_colour must be text", 1),
        (b"knowledge = [\n", "Invalid", None),
        (b"stale_after_years = 3\nstale_after_years = 4\n", "Cannot overwrite", 2),
    ],
)
def test_wrong_values_name_the_file_and_line(
    isolated_home: Path, text: bytes, message: str, line: int | None
) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_bytes(text)
    with pytest.raises(ConfigError, match=message) as caught:
        Settings.load()
    assert caught.value.path == isolated_home / "config.toml" and caught.value.line == line


def test_deep_nesting_is_a_message_not_a_recursion_error(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError, match="nested too deeply"):
        Settings.load()


@pytest.mark.parametrize("kind", ["folder", "fifo", "dev-zero"])
def test_a_configuration_that_is_not_a_file(isolated_home: Path, kind: str) -> None:
    isolated_home.mkdir(parents=True)
    path = isolated_home / "config.toml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="not a regular file"):
        Settings.load()


def test_include_bundled_false_leaves_the_bundled_folder_out(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("include_bundled = false\n")
    assert locations.bundled_knowledge_dir() not in Settings.load().knowledge_dirs


def test_unknown_keys_and_missing_folders_are_warnings_with_lines(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_home.mkdir(parents=True)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    (isolated_home / "config.toml").write_text(
        f'knowledge = ["{tmp_path}/gone", "{a_file}"]\nstale_after_yeras = 3\n'
        f'[partnership]\nname = "Westshire"\ncolour = "#fff"\nlogo = "{tmp_path}/logo.png"\n'
        "[extras]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(locations.KNOWLEDGE_VARIABLE, str(tmp_path / "also-gone"))
    settings = Settings.load()
    config = isolated_home / "config.toml"
    assert settings.warnings == [
        f"{config}:2: 'stale_after_yeras' is not a setting, so it does nothing; did you mean "
        "'stale_after_years'?",
        f"{config}:7: 'extras' is not a setting, so it does nothing; the keys are knowledge, "
        "user_knowledge, include_bundled, stale_after_years, engine, partnership",
        f"{config}:1: knowledge names {tmp_path}/gone, which does not exist; it is not searched",
        f"{config}:1: knowledge names {a_file}, which is not a folder; it is not searched",
        f"{locations.KNOWLEDGE_VARIABLE} names {tmp_path}/also-gone, which is not a folder; it "
        "is not searched",
        f"{config}:5: 'colour' is not a setting, so it does nothing; did you mean 'accent_colour'?",
        f"{config}:6: logo names {tmp_path}/logo.png, which is not a file",
    ]
    assert settings.partnership.name == "Westshire"


def test_a_user_knowledge_folder_that_is_a_file(isolated_home: Path, tmp_path: Path) -> None:
    isolated_home.mkdir(parents=True)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    (isolated_home / "config.toml").write_text(f'\nuser_knowledge = "{a_file}"\n')
    with pytest.raises(ConfigError, match="which is a file, not a folder") as caught:
        Settings.load()
    assert caught.value.line == 2


def test_a_byte_order_mark_is_fine(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_bytes(b"\xef\xbb\xbfstale_after_years = 3\n")
    assert Settings.load().stale_after_years == 3
