"""Settings: the knowledge folders, the index location and the partnership's details."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import locations
from assistant.errors import AssistantError
from assistant.patterns import Pattern

ENGINES = ("whoosh", "tantivy")
"""The search engines the index can be kept in."""
MAX_CONFIG_BYTES = 1_000_000
"""A configuration file is a few lines; a bigger one (or a device) is refused, not read."""
TOP_KEYS = (
    "knowledge",
    "user_knowledge",
    "include_bundled",
    "stale_after_years",
    "engine",
    "partnership",
)
PARTNERSHIP_KEYS = ("name", "logo", "primary_colour", "accent_colour")
MAX_STALE_YEARS = 100

_TOML_WHERE = Pattern(r"\s*\(at line (\d+), column \d+\)$")
_TABLE = Pattern(r"\s*\[\s*([^\]]*?)\s*\]")
_KEY = Pattern(r"\s*((?:[\w-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[\w-]+|\"[^\"]*\"|'[^']*'))*)\s*=")


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
    warnings: list[str] = field(default_factory=list)
    """What looks wrong but does not stop the assistant (an unknown key, a folder that is not
    there), each with the file and line; the command line and the app show them."""

    @classmethod
    def load(cls, config_path: Path | None = None) -> Settings:
        """Read the configuration file (if any) and the environment."""
        path = config_path or locations.config_file()
        text = _read_text(path)
        config = _Config(path, text, _parse(path, text))
        user_dir = config.folder("user_knowledge") or locations.user_knowledge_dir()
        dirs: list[Path] = []
        if config.flag("include_bundled", default=True):
            dirs.append(locations.bundled_knowledge_dir())
        dirs.append(user_dir)
        for folder in config.folders("knowledge"):
            dirs.append(folder)
        for folder in locations.extra_knowledge_dirs():
            if not folder.is_dir():
                config.warn(
                    f"{locations.KNOWLEDGE_VARIABLE} names {folder}, which is not a folder; "
                    "it is not searched"
                )
            dirs.append(folder)
        return cls(
            knowledge_dirs=_unique(dirs),
            user_knowledge_dir=user_dir,
            index_dir=locations.index_dir(),
            config_path=path,
            partnership=config.partnership(),
            stale_after_years=config.years("stale_after_years", default=5),
            engine=config.choice("engine", ENGINES),
            warnings=config.warnings,
        )


def _read_text(path: Path) -> str:
    """The configuration's text, or "" when there is no file."""
    try:
        if not path.exists():
            return ""
        if not path.is_file():
            raise ConfigError("this is not a regular file", path)
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"cannot be read ({error.strerror})", path) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"the file is over {MAX_CONFIG_BYTES:,} bytes; it is not read", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError("this is not UTF-8 text: save the file as UTF-8", path, line) from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    if not text:
        return {}  # no file (most homes): TOML's parser is not even imported
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_WHERE.search(message)
        line = int(where.group(1)) if where else None
        raise ConfigError(_TOML_WHERE.sub("", message), path, line) from None
    except RecursionError:
        raise ConfigError("lists or tables are nested too deeply to read", path) from None


def _key_lines(text: str) -> dict[str, int]:
    """The line of each key ("partnership.name" style), found by reading the lines: tomllib
    keeps no positions, and a message without its line sends the user hunting."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header and not line.lstrip().startswith("[["):
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = _dotted(key.group(1))
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _dotted(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


class _Config:
    """The parsed file, with the line of each key, turned into checked values."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.lines = _key_lines(text)
        self.warnings: list[str] = []
        self._unknown(data, TOP_KEYS, "")

    def line(self, key: str) -> int | None:
        return self.lines.get(key)

    def fail(self, message: str, key: str) -> ConfigError:
        return ConfigError(message, self.path, self.line(key))

    def warn(self, message: str, key: str = "") -> None:
        where = self.path if key else None
        self.warnings.append(str(ConfigError(message, where, self.line(key) if key else None)))

    def _unknown(self, table: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key in known:
                continue
            import difflib  # only for a key that is not a setting

            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys are {', '.join(known)}"
            self.warn(f"'{key}' is not a setting, so it does nothing; {hint}", prefix + key)

    def text(self, table: dict[str, Any], key: str, where: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{key} must be text in quotes", where)
        return value

    def path_of(self, value: str, key: str) -> Path:
        if not value.strip() or "\0" in value:
            raise self.fail(f"{key} must name a folder or file (found '{value}')", key)
        return Path(value).expanduser()

    def folder(self, key: str) -> Path | None:
        value = self.text(self.data, key, key)
        if value is None:
            return None
        path = self.path_of(value, key)
        if path.exists() and not path.is_dir():
            raise self.fail(f"{key} names {path}, which is a file, not a folder", key)
        return path

    def folders(self, key: str) -> list[Path]:
        value = self.data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f"{key} must be a list of folder paths", key)
        result = []
        for item in value:
            path = self.path_of(item, key)
            if not path.is_dir():
                state = "is not a folder" if path.exists() else "does not exist"
                self.warn(f"{key} names {path}, which {state}; it is not searched", key)
            result.append(path)
        return result

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            found = f"'{value}'" if isinstance(value, str) else str(value)
            raise self.fail(f"{key} must be true or false, without quotes (found {found})", key)
        return value

    def years(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{key} must be a whole number of years", key)
        if not 1 <= value <= MAX_STALE_YEARS:
            raise self.fail(f"{key} must be a whole number of years from 1 to 100", key)
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        """One of ``choices``; the first when the key is absent."""
        value = self.data.get(key, choices[0])
        if value not in choices:
            raise self.fail(f"{key} must be one of {', '.join(choices)} (found {value!r})", key)
        return str(value)

    def partnership(self) -> Partnership:
        section = self.data.get("partnership", {})
        if not isinstance(section, dict):
            raise self.fail("[partnership] must be a table", "partnership")
        self._unknown(section, PARTNERSHIP_KEYS, "partnership.")
        partnership = Partnership()
        for key in ("name", "primary_colour", "accent_colour"):
            value = self.text(section, key, f"partnership.{key}")
            if value is not None:
                setattr(partnership, key, value)
        logo = self.text(section, "logo", "partnership.logo")
        if logo is not None:
            partnership.logo = self.path_of(logo, "partnership.logo")
            if not partnership.logo.is_file():
                self.warn(
                    f"logo names {partnership.logo}, which is not a file",
                    "partnership.logo",
                )
        return partnership


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result
