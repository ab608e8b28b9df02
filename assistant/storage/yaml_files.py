"""YAML that people write by hand: read with limits into plain values, with the line of every
field; written back tidy."""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.storage.reading import TextFileProblem, decode_marked, read_regular_file

if TYPE_CHECKING:
    # PyYAML is imported when a file is first read or written, not with the module: asking
    # a question reads no YAML, and the import is a good share of a cold start.
    import yaml

MAX_CHARACTERS = 5_000_000
"""Bigger than any findings file, pack or glossary a person writes; a bigger file is refused."""
MAX_BYTES = 4 * MAX_CHARACTERS
"""A file's size on disk that could still hold MAX_CHARACTERS (UTF-8 takes up to four bytes)."""
MAX_VALUES = 200_000
"""Values read after aliases (``*name``) are expanded: a few hundred bytes of nested aliases can
stand for billions of values, so reading stops long before that."""
MAX_DEPTH = 60
"""Lists and mappings inside each other, deeper than anyone writes by hand."""

_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")


def _whole_number(loader: Any, node: yaml.ScalarNode) -> int | str:
    """Decimal whole numbers only: YAML 1.1 would read ``0000`` as 0 (octal), ``1:30`` as 90
    (base 60) and ``0x1F`` as 31; as text, a check can say what was written."""
    text = str(loader.construct_scalar(node))
    return int(text.replace("_", "")) if _DECIMAL.fullmatch(text) else text


def _real_number(loader: Any, node: yaml.ScalarNode) -> float | str:
    """Finite numbers only: ``.inf`` and ``.nan`` stay as text (no count or length is either)."""
    value = loader.construct_yaml_float(node)
    return value if math.isfinite(value) else str(node.value)


@cache
def _safe_loader() -> Any:
    """PyYAML's safe loader (libyaml's when built with it), keeping dates as text.

    YAML would turn ``2023-02-30`` into an exception and ``2022-09-01`` into a date object;
    as text, our own checks can say what is wrong and where.
    """
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class SafeLoader(base):  # type: ignore[misc]
        pass

    SafeLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    SafeLoader.add_constructor("tag:yaml.org,2002:int", _whole_number)
    SafeLoader.add_constructor("tag:yaml.org,2002:float", _real_number)
    return SafeLoader


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YamlProblem(AssistantError):
    """Text that cannot be read as the YAML we expect; ``line`` is where, when it is known."""


def _position(error: yaml.YAMLError, first_line: int, text: str) -> tuple[str, int | None]:
    """What PyYAML says is wrong, in a sentence, and the file line where it noticed."""
    import yaml

    if isinstance(error, yaml.reader.ReaderError):
        # A character YAML does not allow: name it, and find its line in the text (libyaml
        # counts the position in bytes, PyYAML in characters; the character itself is certain).
        character = chr(error.character) if isinstance(error.character, int) else ""
        where = text.find(character) if character else -1
        line = first_line + text.count("\n", 0, where) if where >= 0 else None
        return f"the character U+{ord(character or '?'):04X} is not allowed in YAML", line
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "the text does not follow YAML's rules"
    context, started = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and started is not None and started.line != getattr(mark, "line", None):
        problem += f" ({context} started on line {first_line + started.line})"
    return problem, first_line + mark.line if mark is not None else None


class _Reader:
    """Turns composed nodes into plain values, counting them and noting each one's line."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.lines: dict[str, int] = {}
        self.values = 0
        self.characters = 0
        self.constructor = _safe_loader()("")

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def count(self, node: yaml.Node) -> None:
        """Characters read after aliases are expanded: a long text named a few thousand times
        is as big as a file of billions of characters once anything joins the values up."""
        self.characters += len(str(node.value))
        if self.characters > MAX_CHARACTERS:
            raise YamlProblem(
                f"the file stands for more than {MAX_CHARACTERS // 1_000_000} million characters "
                "(aliases repeated inside each other?); it is not read",
                line=self.line(node),
            )

    def read(self, node: yaml.Node, path: str, depth: int = 0) -> Any:
        import yaml

        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlProblem(
                f"the file stands for more than {MAX_VALUES:,} values (aliases repeated inside "
                "each other?); it is not read",
                line=self.line(node),
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                f"lists or mappings are nested more than {MAX_DEPTH} deep", line=self.line(node)
            )
        if node.tag not in _PLAIN_TAGS:
            raise YamlProblem(
                f"the tag '{node.tag}' is not allowed here: write plain text, lists and "
                "'name: value' lines",
                line=self.line(node),
            )
        self.lines.setdefault(path, self.line(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlProblem(
                        "a name before ':' must be plain text", line=self.line(key_node)
                    )
                self.count(key_node)
                key = str(key_node.value)
                if key in seen:
                    raise YamlProblem(
                        f"'{key}' is given twice (lines {seen[key]} and {self.line(key_node)}); "
                        "keep one",
                        line=self.line(key_node),
                    )
                seen[key] = self.line(key_node)
                sub = f"{path}.{key}" if path else key
                self.lines[sub] = self.line(key_node)
                result[key] = self.read(value_node, sub, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [
                self.read(item, f"{path}[{number}]", depth + 1)
                for number, item in enumerate(node.value, 1)
            ]
        self.count(node)
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as error:
            problem, line = _position(error, self.first_line, "")
            raise YamlProblem(problem, line=line or self.line(node)) from None
        except (ValueError, KeyError, TypeError, OverflowError):
            # "!!bool maybe", "!!float x", a number of 5,000 digits: PyYAML's constructors
            # raise plain Python errors for these.
            short = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(
                f"'{str(node.value)[:40]}' cannot be read as {short}", line=self.line(node)
            ) from None


def read_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """The plain values in ``text`` and the file line of each ("actions[2].by" style keys).

    ``first_line`` is the file line of the text's first line (front matter starts on line 2).
    Dates stay as text, so that our own checks can say what is wrong with them. Tags, keys
    given twice, and files too big, too deep or too repetitive are refused with a YamlProblem.
    """
    if len(text) > MAX_CHARACTERS:
        raise YamlProblem(f"the file is over {MAX_CHARACTERS // 1_000_000} million characters")
    import yaml

    try:
        root = yaml.compose(text, Loader=_safe_loader())
    except yaml.YAMLError as error:
        problem, line = _position(error, first_line, text)
        raise YamlProblem(f"not valid YAML: {problem}", line=line) from None
    except UnicodeError:
        # Half a character (a lone surrogate), which libyaml cannot even encode.
        raise YamlProblem("not valid YAML: the text holds a broken character") from None
    except RecursionError:
        raise YamlProblem(f"lists or mappings are nested more than {MAX_DEPTH} deep") from None
    if root is None:
        return None, {}
    reader = _Reader(first_line)
    try:
        return reader.read(root, ""), reader.lines
    except RecursionError:
        raise YamlProblem(f"lists or mappings are nested more than {MAX_DEPTH} deep") from None


def read_yaml_file(path: Path) -> str:
    """The text of a YAML file a person keeps (findings, a pack): UTF-8, or any Unicode form
    with a byte-order mark (UTF-16 as Windows saves "Unicode").

    Only a regular file is read, and only up to MAX_BYTES, so a FIFO or ``/dev/zero`` cannot
    hang or fill memory. FileNotFoundError passes through; every other problem is a
    YamlProblem naming the file (and the line, for bytes that are not UTF-8).
    """
    try:
        data = read_regular_file(path, MAX_BYTES)
    except TextFileProblem as problem:
        raise YamlProblem(problem.message, path) from None
    try:
        marked = decode_marked(data)
        return marked if marked is not None else data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlProblem("this is not UTF-8 text: save the file as UTF-8", path, line) from None


def read_mapping(text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Like ``read_yaml``, for a file that must be a mapping of 'name: value' lines."""
    data, lines = read_yaml(text, first_line)
    if data is None:
        raise YamlProblem("the file is empty")
    if not isinstance(data, dict):
        raise YamlProblem("the file must be a list of 'name: value' lines", line=first_line)
    return data, lines


def tidy_yaml(values: dict[str, Any], header: str = "") -> str:
    """Values as a YAML file a person can edit: in the order given, long texts folded at 92
    columns, texts with line breaks as literal blocks, ``header`` (comment lines) first."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value.strip() else ">" if len(value) > 70 else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return header + yaml.dump(values, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=92)


def one_line_yaml(key: str, value: Any) -> str:
    """``key: value`` on one line, lists in flow style (``topics: [a, b]``), for front matter."""
    import yaml

    if isinstance(value, list):
        flow = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
        return f"{key}: {flow.strip()}"
    return yaml.safe_dump({key: value}, allow_unicode=True, width=10**6).strip()
