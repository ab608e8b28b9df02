"""The command line's parser set up for the command typed reads it as the whole parser does."""

from __future__ import annotations

import argparse

import pytest

from assistant.cli import _COMMANDS, _parser

TYPED = [
    ["ask", "who signs off a 3rd CP plan", "--kind", "audit", "--since", "2018", "--json"],
    ["import", "a.txt", "b.pdf", "--kind", "audit", "--dry-run", "--no-index"],
    ["index", "--rebuild"],
    ["glossary", "DC"],
    ["briefing", "render", "f.yaml", "--format", "docx", "--publish"],
    ["pack", "new", "p.yaml", "--theme", "disguised compliance", "--minutes", "60"],
    ["eval", "q.jsonl", "--k", "5", "--skip-lines", "1"],
]


@pytest.mark.parametrize("words", TYPED, ids=[words[0] for words in TYPED])
def test_one_commands_parser_reads_it_as_the_whole_parser(words: list[str]) -> None:
    assert set(_COMMANDS) >= {words[0]}
    assert _parser(words[0]).parse_args(words) == _parser().parse_args(words)


def _subcommand_help(parser: argparse.ArgumentParser, name: str) -> str:
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return commands.choices[name].format_help()


@pytest.mark.parametrize("name", list(_COMMANDS))
def test_each_command_has_the_same_arguments_alone(name: str) -> None:
    assert _subcommand_help(_parser(name), name) == _subcommand_help(_parser(), name)


def test_the_help_lists_every_command() -> None:
    text = _parser("ask").format_help()
    for name, (help_text, _arguments) in _COMMANDS.items():
        assert name in text and help_text[:30] in " ".join(text.split())
