"""Jinja's sandbox with limits: a template that loops for ever or builds huge text is stopped."""

from __future__ import annotations

import functools
import itertools
import re
import string
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import pass_context

MAX_TEXT = 5_000_000
"""Characters (or list items) in any one value a template makes, and in what it outputs: room
for a briefing with an embedded logo many times over, far below what could exhaust memory."""
MAX_STEPS = 200_000
"""Loop turns and calls in one render: a briefing takes a few hundred, a pack a few thousand."""
MAX_SLOW_TEXT = 200_000
"""Characters given to the filters that take time on each one (wordwrap, urlize)."""
MAX_WORK = 100_000_000
"""Characters made, all values together, in one render: copying text is quick, but a loop that
copies a big text on every turn would not end."""
MAX_NUMBER_BITS = 100_000
"""Whole numbers up to about 30,000 digits: ``9**9**9`` would take minutes and gigabytes."""

_WIDTHS = re.compile(r"\d+")
_PRINTF = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateLimit(SecurityError):
    """A template went past one of the limits (it is a template error, reported as one)."""


def _size(value: Any, limit: int = MAX_TEXT) -> int:
    """Characters and items in ``value`` and everything inside it, counted until past ``limit``
    (so counting never costs more than the limit, even for a list that holds itself)."""
    total = 0
    pending = [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset, dict)):
            total += len(item)
            if len(item) > limit:
                break
            pending.extend(item.values() if isinstance(item, dict) else item)
            if isinstance(item, dict):
                pending.extend(item.keys())
    return total


def _literal_size(node: nodes.Node) -> int:
    """Characters of template text inside a node, output once each time its loop turns."""
    return sum(len(data.data) for data in node.find_all(nodes.TemplateData))


class _CountingCodeGenerator(CodeGenerator):
    """Compiles every ``{% for %}`` so that its turns are counted, and every ``~`` so that its
    parts are measured before they are joined (``code_generator_class`` is Jinja's documented
    hook for changing the code a template compiles to)."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Before any code is written: the filters a template uses are gathered first.
        for loop in node.find_all(nodes.For):
            size = nodes.Const(_literal_size(loop))
            loop.iter = nodes.Filter(loop.iter, "_counted_loop", [size], [], None, None)
        for concat in node.find_all(nodes.Concat):
            concat.nodes = [
                nodes.Filter(part, "_measured", [], [], None, None) for part in concat.nodes
            ]
        super().visit_Template(node, frame)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with every loop turn, call, filter, operator and output measured.

    Jinja's sandbox keeps a template from reaching into the program; this keeps it from taking
    the machine: past MAX_STEPS loop turns and calls, MAX_WORK characters made, a value over
    MAX_TEXT or a number over MAX_NUMBER_BITS, rendering stops with a TemplateLimit. Sizes
    are checked before the operations that multiply text (``*``, ``%``, ``ljust``,
    ``replace``, ``join``, ``indent``…), so the huge value is never made.
    """

    code_generator_class = _CountingCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("finalize", self._output)
        super().__init__(*args, **kwargs)
        self.steps = 0
        self.work = 0
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)  # n paragraphs of filler on request: no use here
        self.filters = {name: self._bounded(f) for name, f in self.filters.items()}
        self.filters["_counted_loop"] = self._counted_loop
        self.filters["_measured"] = self._measured

    # -- the budget ----------------------------------------------------------------------

    def _step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(
                f"the template goes round its loops or calls more than {MAX_STEPS:,} times"
            )

    def _spend(self, size: int) -> None:
        if size > MAX_TEXT:
            raise TemplateLimit(f"the template makes a value of more than {MAX_TEXT:,} characters")
        self.work += size
        if self.work > MAX_WORK:
            raise TemplateLimit(f"the template makes more than {MAX_WORK:,} characters in all")

    def _made(self, value: Any) -> Any:
        """``value`` after measuring it."""
        if isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > MAX_NUMBER_BITS:
                raise TemplateLimit("the template makes a number too big to print")
        else:
            self._spend(_size(value))
        return value

    # -- what templates can do -----------------------------------------------------------

    def _output(self, value: Any) -> Any:
        # Every {{ … }} passes through here before it becomes text.
        return self._made(value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        try:
            count = len(numbers)
        except OverflowError:  # more numbers than a machine word can count
            count = MAX_STEPS + 1
        if count > MAX_STEPS:
            raise TemplateLimit(f"range() of more than {MAX_STEPS:,} numbers")
        return numbers

    @pass_context
    def _measured(self, _context: Context, value: Any) -> Any:
        return self._made(value)

    @pass_context
    def _counted_loop(self, _context: Context, items: Iterable[Any], text: int) -> Iterator[Any]:
        for item in items:
            self._step()
            self._spend(text)
            yield item

    def _bounded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter that measures its arguments first and its result after."""
        name = getattr(function, "__name__", "")

        def bounded(*args: Any, **kwargs: Any) -> Any:
            self._step()
            # A generator (from map(), or range()) is made into a list, so it can be measured.
            args = tuple(self._listed(a) if isinstance(a, Iterator) else a for a in args)
            self._spend(_size(args) + _size(kwargs))
            self._before(name, args, kwargs)
            return self._made(function(*args, **kwargs))

        return functools.update_wrapper(bounded, function)

    def _listed(self, items: Iterator[Any]) -> list[Any]:
        listed = list(itertools.islice(items, MAX_STEPS + 1))
        if len(listed) > MAX_STEPS:
            raise TemplateLimit(f"the template makes a list of more than {MAX_STEPS:,} items")
        return listed

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self._step()
        args = tuple(__self._listed(a) if isinstance(a, Iterator) else a for a in args)
        original = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(original, "__self__", None)
        if isinstance(owner, str):
            __self._before_text_method(owner, getattr(original, "__name__", ""), args)
        result = __self._made(SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))
        if isinstance(owner, (list, dict, set)) and len(owner) > MAX_STEPS:
            raise TemplateLimit(f"the template makes a list of more than {MAX_STEPS:,} items")
        return result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        numbers = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
        if operator == "*" and len(numbers) == 1:
            sequence = right if numbers[0] is left else left
            self._spend(_size(sequence) * max(numbers[0], 0))
        elif operator == "*" and len(numbers) == 2:
            if left.bit_length() + right.bit_length() > MAX_NUMBER_BITS:
                raise TemplateLimit("the template makes a number too big to print")
        elif operator == "**" and len(numbers) == 2 and right > 0:
            if left.bit_length() * right > MAX_NUMBER_BITS:
                raise TemplateLimit("the template makes a number too big to print")
        elif operator == "+":
            self._spend(_size(left) + _size(right))
        elif operator == "%" and isinstance(left, str):
            self._before_printf(left, right)
        return self._made(super().call_binop(context, operator, left, right))

    # -- checks before text is multiplied -------------------------------------------------

    def _before(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        values = [*args, *kwargs.values()]
        texts = [v for v in values if isinstance(v, str)]
        numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        text = texts[0] if texts else ""
        if name in ("do_center", "do_indent"):
            # indent() pads every line.
            self._spend(len(text) + max([0, *numbers]) * (text.count("\n") + 1))
        elif name in ("do_wordwrap", "do_urlize") and len(text) > MAX_SLOW_TEXT:
            raise TemplateLimit(
                f"the template wraps a text of more than {MAX_SLOW_TEXT:,} characters"
            )
        elif name in ("do_slice", "do_batch") and max([0, *numbers]) > MAX_STEPS:
            raise TemplateLimit(f"the template makes a list of more than {MAX_STEPS:,} items")
        elif name == "do_replace" and len(texts) >= 3:
            self._before_text_method(texts[0], "replace", tuple(texts[1:3]))
        elif name == "do_format" and texts:
            self._before_printf(text, tuple(values[1:]))
        elif name == "do_join" and len(args) > 1:
            joiner = args[2] if len(args) > 2 and isinstance(args[2], str) else ""
            count = len(args[1]) if isinstance(args[1], Sized) else 0  # a range, too
            self._spend(len(joiner) * count)

    def _before_text_method(self, text: str, name: str, args: tuple[Any, ...]) -> None:
        numbers = [v for v in args if isinstance(v, int) and not isinstance(v, bool)]
        if name in ("ljust", "rjust", "center", "zfill") and numbers:
            self._spend(max(numbers[0], len(text)))
        elif name == "expandtabs":
            self._spend(len(text) + text.count("\t") * (numbers[0] if numbers else 8))
        elif name == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
            old, new = args[0], args[1]
            found = text.count(old) if old else len(text) + 1
            self._spend(len(text) + found * len(new))
        elif name == "join" and args:
            items = args[0]
            count = len(items) if isinstance(items, Sized) else 0
            self._spend(_size(items) + len(text) * count)
        elif name in ("format", "format_map"):
            if any(n > MAX_TEXT for n in numbers):
                raise TemplateLimit("the template formats a value wider than can be shown")
            for _literal, _field, spec, _conversion in string.Formatter().parse(text):
                widths = [int(w) for w in _WIDTHS.findall(spec or "") if len(w) < 12]
                if spec and (any(w > MAX_TEXT for w in widths) or len(spec) > 50):
                    raise TemplateLimit("the template formats a value wider than can be shown")

    def _before_printf(self, text: str, values: Any) -> None:
        for match in _PRINTF.finditer(text):
            for width in match.groups():
                if width == "*" or (width and (len(width) > 8 or int(width) > MAX_TEXT)):
                    raise TemplateLimit("the template formats a value wider than can be shown")
        self._spend(len(text) + _size(values))
