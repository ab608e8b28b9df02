"""YAML files that people write by hand: plain values, with the line of every field and item."""

from __future__ import annotations

from typing import Any

import yaml

from assistant.corpus.documents import SafeLoader


class YamlProblem(Exception):
    """The text is not a YAML mapping; ``line`` is where, when YAML knows."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _plain(node: yaml.Node, path: str, lines: dict[str, int], loader: Any) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            lines[sub] = key_node.start_mark.line + 1
            result[key] = _plain(value_node, sub, lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, f"{path}[{n}]", lines, loader) for n, item in enumerate(node.value, 1)]
    return loader.construct_object(node)


def read_mapping(text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping in ``text`` and the line of each field ("actions[2].by" style keys).

    Dates stay as text so that our own checks can say what is wrong with them.
    """
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "this is not valid YAML"
        line = mark.line + 1 if mark else None
        raise YamlProblem(f"the file cannot be read: {problem}", line) from None
    if root is None:
        raise YamlProblem("the file is empty")
    if not isinstance(root, yaml.MappingNode):
        raise YamlProblem("the file must be a list of 'name: value' lines", 1)
    lines: dict[str, int] = {}
    return _plain(root, "", lines, SafeLoader("")), lines
