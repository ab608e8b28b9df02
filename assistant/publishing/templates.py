"""The Jinja environment: the user's template folder first, ours behind it, all sandboxed."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from assistant import locations


def make_environment(user_folder: Path | None = None) -> SandboxedEnvironment:
    """Templates looked up in ``user_folder`` (if any) before the bundled ones.

    ``default:briefing/default.html.j2`` always names the bundled template, so a partnership's
    template can extend ours and change only what it needs. Everything renders in Jinja's
    sandbox (a template from a shared folder cannot reach into the program), and HTML is
    autoescaped, so "<script>" typed into a finding prints as text.
    """
    bundled = FileSystemLoader(str(locations.bundled_templates_dir()))
    loaders = [FileSystemLoader(str(user_folder))] if user_folder else []
    loader = ChoiceLoader([*loaders, PrefixLoader({"default": bundled}, delimiter=":"), bundled])
    return SandboxedEnvironment(
        loader=loader,
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
