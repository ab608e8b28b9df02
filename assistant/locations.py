"""Where the assistant keeps its files: data, cache, configuration and the bundled folders."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "briefing-assistant"
HOME_VARIABLE = "ASSISTANT_HOME"
KNOWLEDGE_VARIABLE = "ASSISTANT_KNOWLEDGE"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The folder for things the user makes: their knowledge files, conversations, drafts."""
    home = _home()
    if home is not None:
        return home
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    """The folder for derived data that can always be rebuilt, such as the search index."""
    home = _home()
    if home is not None:
        return home / "cache"
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)


def config_file() -> Path:
    """The optional TOML configuration file."""
    home = _home()
    if home is not None:
        return home / "config.toml"
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def index_dir() -> Path:
    """The Whoosh index of passages."""
    return cache_dir() / "index"


def user_knowledge_dir() -> Path:
    """The user's own knowledge folder, where ``assistant import`` writes by default."""
    return data_dir() / "knowledge"


def user_templates_dir() -> Path:
    """The user's template folder, searched before the bundled templates."""
    return data_dir() / "templates"


def _bundled(name: str) -> Path:
    # An installed wheel carries the folders inside the package; a checkout has them beside it.
    inside = _PACKAGE_DIR / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def bundled_knowledge_dir() -> Path:
    """The knowledge folder shipped with the assistant."""
    return _bundled("knowledge")


def bundled_templates_dir() -> Path:
    """The templates shipped with the assistant."""
    return _bundled("templates")


def extra_knowledge_dirs() -> list[Path]:
    """Knowledge folders named in ``ASSISTANT_KNOWLEDGE`` (a path list)."""
    value = os.environ.get(KNOWLEDGE_VARIABLE, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]
