"""Patterns compiled on first use behave as the compiled expression and cost nothing before."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from assistant.patterns import Pattern
from tests.conftest import python_afresh

SOURCE = r"\b(how|what)\s+(?P<rest>\w+)"


def test_a_pattern_is_compiled_when_first_used_and_once() -> None:
    pattern = Pattern(SOURCE, re.IGNORECASE)
    assert not pattern.is_compiled
    assert pattern.pattern == SOURCE
    assert pattern.search("So HOW long?") is not None
    assert pattern.is_compiled
    compiled = pattern.compiled
    assert pattern.compiled is compiled
    assert compiled.pattern == SOURCE and compiled.flags & re.IGNORECASE


@given(st.text(alphabet="How what is long  ?WHAT\n-xé", max_size=40))
def test_every_method_gives_what_the_compiled_expression_gives(text: str) -> None:
    lazy, compiled = Pattern(SOURCE, re.IGNORECASE), re.compile(SOURCE, re.IGNORECASE)

    def spans(match: re.Match[str] | None) -> object:
        return None if match is None else (match.span(), match.groupdict())

    assert spans(lazy.search(text)) == spans(compiled.search(text))
    assert spans(lazy.search(text, 2, 9)) == spans(compiled.search(text, 2, 9))
    assert spans(lazy.match(text)) == spans(compiled.match(text))
    assert spans(lazy.fullmatch(text)) == spans(compiled.fullmatch(text))
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("<\\g<rest>>", text) == compiled.sub("<\\g<rest>>", text)
    assert lazy.sub(lambda m: m.group(1).upper(), text, 1) == compiled.sub(
        lambda m: m.group(1).upper(), text, 1
    )
    assert lazy.split(text) == compiled.split(text)


def test_the_answering_modules_compile_no_pattern_when_imported() -> None:
    # Their patterns were most of a cold question's own import time; a question compiles
    # those it uses (about two thirds of them for a typical question).
    code = (
        "import gc, re, sys\n"
        "compiled = []\n"
        "original = re._compile\n"
        "def noting(pattern, flags):\n"
        "    caller = sys._getframe(1)\n"
        "    while caller.f_globals.get('__name__', '').startswith('re'):\n"
        "        caller = caller.f_back\n"
        "    compiled.append(caller.f_globals.get('__name__'))\n"
        "    return original(pattern, flags)\n"
        "re._compile = noting\n"
        "import assistant.answering.asking, assistant.config, assistant.terminal\n"
        "from assistant.patterns import Pattern\n"
        "print(sorted({name for name in compiled if name.startswith('assistant.answering')}))\n"
        "print(sum(isinstance(o, Pattern) for o in gc.get_objects()) > 30)\n"
    )
    printed = python_afresh(code)
    assert printed.split("\n")[:2] == ["[]", "True"], printed
