"""Settings: the knowledge folders, the index location and the partnership's details."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import locations
from assistant.errors import AssistantError

ENGINES = ("whoosh", "tantivy")
"""The search engines the index can be kept in."""


class ConfigError(AssistantError):
    """The configuration file cannot be read or holds a value of the wrong kind."""


@dataclass
class Partnership:
    """How published output is branded."""

    name: str = "Safeguarding Children Partnership"
    logo: Path | None = None
    primary_colour: str = "#1d4f91"
    accent_colour: str = "#e8eef7"


@dataclass
class Settings:
    """Everything the assistant needs to know about where things are."""

    knowledge_dirs: list[Path]
    """Every folder indexed, the bundled one first."""
    user_knowledge_dir: Path
    """Where imports go unless told otherwise."""
    index_dir: Path
    """The Whoosh index and its manifest."""
    config_path: Path
    """The configuration file read (it need not exist)."""
    data_dir: Path = field(default_factory=locations.data_dir)
    """Where the conversation, pins and exports are kept."""
    partnership: Partnership = field(default_factory=Partnership)
    stale_after_years: int = 5
    """Sources older than this are flagged in answers."""
    engine: str = "whoosh"
    """The search engine the index is kept in: "whoosh", or "tantivy" for very large
    knowledge bases (the same answers, faster)."""

    @classmethod
    def load(cls, config_path: Path | None = None) -> Settings:
        """Read the configuration file (if any) and the environment."""
        path = config_path or locations.config_file()
        data = _read_toml(path)
        user_dir = _path_value(data, "user_knowledge", path) or locations.user_knowledge_dir()
        dirs: list[Path] = []
        if data.get("include_bundled", True):
            dirs.append(locations.bundled_knowledge_dir())
        dirs.append(user_dir)
        for item in _list_value(data, "knowledge", path):
            dirs.append(Path(item).expanduser())
        dirs.extend(locations.extra_knowledge_dirs())
        partnership = Partnership()
        section = data.get("partnership", {})
        if not isinstance(section, dict):
            raise ConfigError("[partnership] must be a table", path)
        if "name" in section:
            partnership.name = str(section["name"])
        if "logo" in section:
            partnership.logo = Path(str(section["logo"])).expanduser()
        if "primary_colour" in section:
            partnership.primary_colour = str(section["primary_colour"])
        if "accent_colour" in section:
            partnership.accent_colour = str(section["accent_colour"])
        stale = data.get("stale_after_years", 5)
        if not isinstance(stale, int) or stale < 1:
            raise ConfigError("stale_after_years must be a whole number of years", path)
        engine = data.get("engine", "whoosh")
        if engine not in ENGINES:
            raise ConfigError(f"engine must be one of {', '.join(ENGINES)}", path)
        return cls(
            knowledge_dirs=_unique(dirs),
            user_knowledge_dir=user_dir,
            index_dir=locations.index_dir(),
            config_path=path,
            partnership=partnership,
            stale_after_years=stale,
            engine=engine,
        )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(error), path) from None
    except OSError as error:
        raise ConfigError(f"cannot be read ({error.strerror})", path) from None


def _list_value(data: dict[str, Any], key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{key} must be a list of folder paths", path)
    return value


def _path_value(data: dict[str, Any], key: str, path: Path) -> Path | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{key} must be a folder path", path)
    return Path(value).expanduser()


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result
