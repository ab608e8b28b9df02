"""Configuration: knowledge folders from the file and the environment, clear errors."""

from __future__ import annotations

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
