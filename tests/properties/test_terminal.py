"""The terminal sanitiser, for any text: nothing a terminal acts on gets through, nothing else
is lost, and JSON keeps every character."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.terminal import printable, printable_json
from tests.properties.strategies import hostile_text

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
any_text = st.one_of(hostile_text, st.text(st.characters(codec=None, exclude_categories=())))


@given(any_text)
def test_nothing_a_terminal_acts_on_gets_through(text: str) -> None:
    shown = printable(text)
    assert not _UNSAFE.search(shown)
    assert "\x1b" not in shown and "\x9b" not in shown


@given(any_text)
def test_it_is_idempotent(text: str) -> None:
    assert printable(printable(text)) == printable(text)


@given(any_text)
def test_it_only_removes_and_keeps_lines_and_tabs(text: str) -> None:
    shown = printable(text)
    assert shown.count("\n") == text.count("\n") and shown.count("\t") == text.count("\t")
    rest = iter(re.sub(r"[\ud800-\udfff]", "\ufffd", text))
    assert all(character in rest for character in shown)  # a subsequence: nothing added


@given(
    st.text(
        st.characters(
            exclude_categories=("Cc", "Cs"),
            exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        )
    )
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert printable(text) == text


@given(
    st.recursive(
        any_text, lambda inner: st.lists(inner) | st.dictionaries(any_text, inner), max_leaves=8
    )
)
def test_json_keeps_every_character_and_shows_none(data: object) -> None:
    shown = printable_json(json.dumps(data, ensure_ascii=False, indent=1))
    assert not _UNSAFE.search(shown.replace("\n", ""))
    # All that JSON itself can carry (it cannot tell "\\ud800\\udcff" from one character).
    assert json.loads(shown) == json.loads(json.dumps(data))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b]52;c;cm0gLXJmIH4vKg==\x07b", "ab"),
        ("a\x1b]0;title\x1b\\b", "ab"),
        ("a\x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07b", "alinkb"),
        ("end\x1b[1;3", "end"),  # unfinished at the end
        ("end\x1b]52;c;AAAA", "end"),
        ("end\x1b", "end"),
        ("a\x1b]0;unfinished\nnext line", "a\nnext line"),  # cannot swallow the lines after
        ("a\x9b31mb\x9d0;t\x9cc", "abc"),  # 8-bit introducers
        ("a\x1b(Bb\x1b#8c", "abc"),
        ("a\x7fb\x08c\rd", "abcd"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("\u202eevil\u202c", "evil"),
        ("name\udcff.md", "name\ufffd.md"),
        ("[bold]markup[/] stays", "[bold]markup[/] stays"),  # markup is the app's to escape
    ],
)
def test_examples(text: str, shown: str) -> None:
    assert printable(text) == shown
