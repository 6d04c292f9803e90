"""Limits on what a template's Jinja code may do while it renders (issue 24).

A template is hostile input: `{% for a in 'x'*100000 %}{% for b in 'x'*100000 %}` must not hang a build
or the warm server, and `'x'*10**10` must not fill the memory. The render runs in politidok's own
process (a document renders in ~13 ms, and a process of its own per render would cost more than the
render), so the limits are kept inside Jinja's machinery, where the sandbox already sees every call:

- time: every loop round, every call (macros, methods, `loop()` of a recursive loop) and every filter
  looks at the clock; past `seconds` the render stops;
- rounds: all loops of one document together go round at most `rounds` times;
- sizes: no value a template makes (text, list, a `*`, `+`, `~` or `%`, a filter's or method's
  result, a list or dict written in the template) may hold more than `size` characters or items,
  counted through nested lists as Python would print them, and a number at most `digits` digits;
  the text one template part renders to is at most `output` characters.

Each check costs a comparison where a render does real work; measured in docs/maler.md's source
(politidok/guide) and README («make bench»).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = 10.0  # one document (a real one renders in ~0.013 s)
    rounds: int = 100_000  # loop rounds in one document (a real one: a few hundred)
    size: int = 1_000_000  # characters or items in one value
    output: int = 20_000_000  # characters one part of the document renders to (a real one: ~100 000)
    digits: int = 4_000  # digits of a number


LIMITS = RenderLimits()


class LimitExceeded(SecurityError):
    """A render went past one of the limits; its message is Norwegian and says which."""


class _Budget:
    __slots__ = ("deadline", "limits", "rounds")

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.rounds = limits.rounds


_local = threading.local()
_UNLIMITED = RenderLimits(seconds=float("inf"))


def _budget() -> _Budget:
    budget = getattr(_local, "budget", None)
    if budget is None:  # outside render_docx (a test rendering by hand): sizes still hold
        budget = _local.budget = _Budget(_UNLIMITED)
    return budget


@contextmanager
def budget(limits: RenderLimits | None = None) -> Iterator[None]:
    """The limits of one document's render, for the code running in this thread."""
    previous = getattr(_local, "budget", None)
    _local.budget = _Budget(limits or LIMITS)
    try:
        yield
    finally:
        _local.budget = previous


def tick() -> None:
    budget = _budget()
    if time.monotonic() > budget.deadline:
        raise LimitExceeded(
            f"malen brukte mer enn {_number(budget.limits.seconds)} sekunder på å fylles ut og ble stoppet "
            "(en løkke som aldri slutter, eller som gjentar for mange ganger?)"
        )


def guard_iter(iterable: Iterable) -> Iterator:
    """A loop's items, counted against the document's rounds and the clock."""
    budget = _budget()
    for item in iterable:
        budget.rounds -= 1
        if budget.rounds < 0:
            raise LimitExceeded(
                f"løkkene i malen går rundt mer enn {_number(budget.limits.rounds)} ganger til sammen "
                "(en løkke inne i en løkke over noe stort?)"
            )
        if not budget.rounds & 63:
            tick()
        yield item


def _too_big(what: str = "en verdi") -> LimitExceeded:
    size = _budget().limits.size
    return LimitExceeded(f"malen lager {what} med mer enn {_number(size)} tegn eller elementer")


def measure(value: object, limit: int | None = None) -> int:
    """The size of a value as Python would print it (characters, and items through nested lists and dicts,
    a list that holds another twice counting it twice); LimitExceeded past `limit` (the size limit)."""
    limit = _budget().limits.size if limit is None else limit
    if isinstance(value, str):
        if len(value) > limit:
            raise _too_big("en tekst")
        return len(value)
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 1 + len(item)
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, dict):
            total += 1 + len(item)
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, int) and not isinstance(item, bool):
            total += 1
            _digits(item)
        else:
            total += 1
        if total > limit:
            raise _too_big()
    return total


def checked(value: object) -> object:
    measure(value)
    return value


def _digits(number: int) -> None:
    digits = _budget().limits.digits
    if number.bit_length() > digits * 3.33:
        raise LimitExceeded(f"malen lager et tall med mer enn {_number(digits)} sifre")


# %-conversions and format fields with a width or precision: the part a template may not blow up
_PERCENT = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]")
_BRACES = re.compile(r"\{[^{}]*\{|:[^{}]*?(\d{4,})")


def check_format(text: object) -> None:
    """A format string's widths and precisions stay below 1000 (a `%0999999999d` fills the memory)."""
    if not isinstance(text, str):
        return
    for m in _PERCENT.finditer(text):
        for number in m.groups():
            if number and (number == "*" or int(number) >= 1000):
                raise LimitExceeded(f"formatet «{m.group()[:20]}» i malen er for bredt (høyst 999 tegn)")
    if "{" in text and _BRACES.search(text):
        raise LimitExceeded("et format i malen er for bredt eller har et felt inne i et felt")


def binop(operator: str, left: object, right: object, table: dict) -> object:
    """`*`, `**`, `+`, `%` and `//` with their result's size checked before it is made."""
    tick()
    limit = _budget().limits.size
    if operator == "*":
        count, other = (left, right) if isinstance(left, int) else (right, left)
        if isinstance(count, int) and isinstance(other, (str, list, tuple)):
            if count > 0 and measure(other) * count > limit:
                raise _too_big()
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and left.bit_length() + right.bit_length() > _budget().limits.digits * 3.33
        ):
            raise LimitExceeded(f"malen lager et tall med mer enn {_number(_budget().limits.digits)} sifre")
    elif operator == "**":
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and abs(left) > 1
            and left.bit_length() * right > _budget().limits.digits * 3.33
        ):
            raise LimitExceeded(f"malen lager et tall med mer enn {_number(_budget().limits.digits)} sifre")
    elif (
        operator == "+"
        and isinstance(left, (str, list, tuple))
        and isinstance(right, (str, list, tuple))
        and measure(left) + measure(right) > limit
    ):
        raise _too_big()
    elif operator == "%" and isinstance(left, str):
        check_format(left)
    result = table[operator](left, right)
    if not isinstance(result, (int, float)) or isinstance(result, bool):
        measure(result)
    return result


# methods of str that make something bigger than what they are given: checked before they run
_WIDTH = {"center", "ljust", "rjust", "zfill"}


def check_method(obj: object, args: tuple, kwargs: dict) -> None:
    owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
    if owner is None:  # the sandbox's wrapper of str.format (functools.update_wrapper)
        owner = getattr(getattr(obj, "__wrapped__", None), "__self__", None)
    if not isinstance(owner, str):
        return
    limit = _budget().limits.size
    if name in _WIDTH and args and isinstance(args[0], int) and args[0] > limit:
        raise _too_big("en tekst")
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and size * (owner.count("\t") + 1) + len(owner) > limit:
            raise _too_big("en tekst")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = owner.count(args[0]) if args[0] else len(owner) + 1
        if len(owner) + count * (len(args[1]) - len(args[0])) > limit:
            raise _too_big("en tekst")
    elif name == "join" and args:
        if isinstance(args[0], (list, tuple)) and len(owner) * len(args[0]) + measure(args[0]) > limit:
            raise _too_big("en tekst")
    elif name in ("format", "format_map"):
        check_format(owner)


# filters that make something bigger than what they are given: their arguments checked before they run
def _filter_check(name: str, args: tuple, kwargs: dict) -> None:
    limit = _budget().limits.size
    value = args[0] if args else None
    rest = list(args[1:])
    if name == "center" and rest and isinstance(rest[0], int) and rest[0] > limit:
        raise _too_big("en tekst")
    if name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        lines = str(value).count("\n") + 1 if isinstance(value, str) else 1
        size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        if size * lines > limit:
            raise _too_big("en tekst")
    if name == "format":
        check_format(value)
    if name == "replace" and len(rest) >= 2 and isinstance(value, str):
        old, new = str(rest[0]), str(rest[1])
        count = value.count(old) if old else len(value) + 1
        if len(value) + count * (len(new) - len(old)) > limit:
            raise _too_big("en tekst")
    if name == "join" and isinstance(value, (list, tuple)):
        separator = rest[0] if rest else kwargs.get("d", "")
        if isinstance(separator, str) and len(separator) * len(value) > limit:
            raise _too_big("en tekst")
    if name in ("batch", "slice"):
        count = rest[0] if rest else 1
        if isinstance(count, int) and count > limit:
            raise _too_big()
        fill = rest[1] if len(rest) > 1 else kwargs.get("fill_with")
        if fill is not None and isinstance(count, int) and count * measure(fill) > limit:
            raise _too_big()
    if name == "wordwrap":
        width = rest[0] if rest else kwargs.get("width", 79)
        if isinstance(width, int) and width <= 0:
            raise LimitExceeded("wordwrap i malen må ha en bredde over 0")


def guard_filter(name: str, func):
    """A filter that looks at the clock and checks the size of what it makes."""

    skip = 1 if hasattr(func, "jinja_pass_arg") else 0  # Jinja's context, eval context or environment first

    def guarded(*args, **kwargs):
        tick()
        _filter_check(name, args[skip:], kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, (str, list, tuple, dict)):
            if name in ("batch", "slice", "sum", "map", "dictsort", "groupby", "items"):
                measure(result)
            elif len(result) > _budget().limits.size:
                raise _too_big()
        return result

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attribute):
            setattr(guarded, attribute, getattr(func, attribute))
    return guarded


def concat(parts: Iterable[str]) -> str:
    """Jinja's "".join for a rendered part, a macro's or a {% set %} block's output: at most `output` characters."""
    budget = _budget()
    limit = budget.limits.output
    out, size = [], 0
    for part in parts:
        size += len(part)
        if size > limit:
            raise LimitExceeded(
                f"malen blir mer enn {_number(limit)} tegn når den fylles ut (en løkke som gjentar for mye?)"
            )
        out.append(part)
    return "".join(out)


LOOP_FILTER = "politidok_loop"  # the filters the rewritten code calls (Jinja allows no node types of our own)
SIZE_FILTER = "politidok_size"


def _filter(name: str, node: nodes.Node) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


class Rewrite(NodeTransformer):
    """Every for loop's iterable guarded (guard_iter), every list, tuple, dict and `~` the template
    makes size-checked (checked)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        loop = self.generic_visit(node)
        assert isinstance(loop, nodes.For)
        loop.iter = _filter(LOOP_FILTER, loop.iter)
        return loop

    def _sized(self, node: nodes.Expr) -> nodes.Node:
        made = self.generic_visit(node)
        if not isinstance(made, nodes.Expr) or getattr(made, "ctx", "load") != "load":
            return made  # a target: {% for a, b in … %}, {% set a, b = … %}
        return _filter(SIZE_FILTER, made)

    visit_List = visit_Tuple = visit_Dict = visit_Concat = _sized


def _number(value: float) -> str:
    """10000 -> «10 000», 2.5 -> «2,5»: a number as a Norwegian reads it."""
    if value == int(value):
        return f"{int(value):,}".replace(",", " ")
    return f"{value:g}".replace(".", ",")
