"""The Jinja templates: the user's template folder first, ours behind it, all sandboxed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    select_autoescape,
)

from assistant import locations
from assistant.config import Settings
from assistant.publishing.rendered import RenderError
from assistant.publishing.sandbox import MAX_TEXT, BoundedSandbox, TemplateLimit


def make_environment(user_folder: Path | None = None) -> BoundedSandbox:
    """Templates looked up in ``user_folder`` (if any) before the bundled ones.

    ``default:briefing/default.html.j2`` always names the bundled template, so a partnership's
    template can extend ours and change only what it needs. Everything renders in Jinja's
    sandbox (a template from a shared folder cannot reach into the program), with limits (one
    that loops for ever or builds huge text is stopped), and HTML is autoescaped, so
    "<script>" typed into a finding prints as text. One environment serves one render: the
    limits count across it.
    """
    bundled = FileSystemLoader(str(locations.bundled_templates_dir()))
    loaders = [FileSystemLoader(str(user_folder))] if user_folder else []
    loader = ChoiceLoader([*loaders, PrefixLoader({"default": bundled}, delimiter=":"), bundled])
    return BoundedSandbox(
        loader=loader,
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def user_template_folder(settings: Settings) -> Path | None:
    """The partnership's own template folder, when it has one."""
    folder = settings.data_dir / "templates"
    return folder if folder.is_dir() else None


def user_template_file(settings: Settings, name: str) -> Path | None:
    """A file in the user's template folder ("briefing/default.docx"), when it is there."""
    folder = user_template_folder(settings)
    path = folder / name if folder else None
    return path if path is not None and path.is_file() else None


def render_template(settings: Settings, name: str, values: dict[str, Any]) -> str:
    """Render ``name`` (the user's template when there is one, else ours) with ``values``."""
    try:
        template = make_environment(user_template_folder(settings)).get_template(name)
        parts, size = [], 0
        for part in template.generate(**values):
            size += len(part)
            if size > MAX_TEXT:
                raise TemplateLimit(f"the output would be over {MAX_TEXT:,} characters")
            parts.append(part)
        return "".join(parts)
    except TemplateNotFound:
        raise RenderError(f"there is no template '{name}'") from None
    except TemplateError as error:
        raise RenderError(f"the template '{name}' failed: {error}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as error:
        # A user's template can fail as any Python expression can ("1 / 0", a macro that
        # calls itself): it is the template that failed, said as such.
        raise RenderError(f"the template '{name}' failed: {error}") from None
