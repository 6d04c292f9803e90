"""Field paths: which part of a YAML input a document shows, and what changed there.

A planned document names its inputs as files and, within them, the fields it shows
(documents.items.Input). A field path is written the way a message names a field:

    politirad.navn                  a key inside a key
    medlemmer                       the whole list
    medlemmer[3]                    its third element (counted from 1, as the messages count)
    saker[*].tittel                 the title of every element
    medlemmer[kommune=Gol|alle|]    the elements whose `kommune` is Gol or alle or not given
                                    (an empty alternative: the key is missing or empty)
    tiltak[vedtatt.mote=2025-02-10-gol]   the key inside the element may be dotted
    referat?                        only whether `referat` is filled in (true/false)

Steps are separated by dots; each step is a key with at most one selector in brackets, and a
final `?`. A value in a selector cannot hold `]` or `|`. The empty path is the whole file.

`value()` is what a document is made from (one value, or the list of every match when the path
has `[*]` or a `[key=…]`), `digest()` its SHA-256, `changes()` the differences between two
versions of a file that fall within a path, each at its place in the file (for the line number).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Loc = tuple[str | int, ...]  # keys and 0-based list indices, as load.yamlsource records lines


class _Missing:
    """A key or element that is not there (distinct from an empty value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

_STEP = re.compile(r"^(?P<key>[^.\[\]?|=]+)(?:\[(?P<sel>[^\[\]]*)\])?(?P<present>\?)?$")


@dataclass(frozen=True)
class Step:
    key: str
    index: int | None = None  # 0-based: [n] is written 1-based
    every: bool = False  # [*]
    match: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # [a.b=x|y|]: (a, b), (x, y, "")
    present: bool = False  # key? : whether it is filled in

    @property
    def many(self) -> bool:
        return self.every or self.match is not None


def parse(path: str) -> tuple[Step, ...]:
    """'saker[*].tittel' -> the steps; ValueError for a path that is not well formed."""
    if path == "":
        return ()
    steps: list[Step] = []
    parts = _split(path)
    for n, part in enumerate(parts, 1):
        found = _STEP.match(part)
        if not found:
            raise ValueError(f"malformed field path {path!r} (at {part!r})")
        key, sel, present = found.group("key"), found.group("sel"), bool(found.group("present"))
        if sel is None:
            steps.append(Step(key, present=present))
        elif sel == "*":
            steps.append(Step(key, every=True, present=present))
        elif sel.isdigit() and int(sel) >= 1:
            steps.append(Step(key, index=int(sel) - 1, present=present))
        elif "=" in sel:
            inner, _, alternatives = sel.partition("=")
            names = tuple(inner.split("."))
            if not all(names):
                raise ValueError(f"malformed selector in field path {path!r}: [{sel}]")
            steps.append(Step(key, match=(names, tuple(alternatives.split("|"))), present=present))
        else:
            raise ValueError(f"malformed selector in field path {path!r}: [{sel}]")
        if present and n < len(parts):
            raise ValueError(f"«?» ends a field path: {path!r}")
    return tuple(steps)


def _split(path: str) -> list[str]:
    """Split at the dots outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(path):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "." and depth == 0:
            parts.append(path[start:i])
            start = i + 1
    parts.append(path[start:])
    return parts


def top(path: str) -> str:
    """The top-level key a path starts with ('' for the whole file)."""
    steps = parse(path)
    return steps[0].key if steps else ""


def _get(node: Any, key: str | int) -> Any:
    if isinstance(key, int):
        return node[key] if isinstance(node, list) and 0 <= key < len(node) else MISSING
    if isinstance(node, dict):
        return node.get(key, MISSING)
    return MISSING


def _empty(value: Any) -> bool:
    return value is MISSING or value is None or value == ""


def _matches(element: Any, match: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    names, alternatives = match
    value = element
    for name in names:
        value = _get(value, name)
    if _empty(value):
        return "" in alternatives
    return str(value) in alternatives or (isinstance(value, bool) and str(value).lower() in alternatives)


def select(data: Any, path: str) -> list[tuple[Loc, Any]]:
    """Every place the path picks in `data`, with its value (MISSING where a key is not there)."""
    found: list[tuple[Loc, Any]] = [((), data)]
    for step in parse(path):
        following: list[tuple[Loc, Any]] = []
        for loc, node in found:
            here, child = (*loc, step.key), _get(node, step.key)
            if step.present:
                following.append((here, not _empty(child)))
            elif step.index is not None:
                following.append(((*here, step.index), _get(child, step.index)))
            elif step.many:
                if isinstance(child, list):
                    following += [
                        ((*here, i), e) for i, e in enumerate(child) if step.match is None or _matches(e, step.match)
                    ]
            else:
                following.append((here, child))
        found = following
    return found


def value(data: Any, path: str) -> Any:
    """What a document shows of `data` at `path`: one value (None when missing), or a list of every
    match when the path picks many."""
    picked = [None if v is MISSING else v for _loc, v in select(data, path)]
    if any(s.many for s in parse(path)):
        return picked
    return picked[0] if picked else None


def canonical(data: Any) -> str:
    """The stable JSON text a digest is taken of (dates as ISO text)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def digest(data: Any, path: str) -> str:
    return hashlib.sha256(canonical(value(data, path)).encode()).hexdigest()


def show(loc: Loc) -> str:
    """('saker', 2, 'tittel') -> 'saker[3].tittel': as messages name a field, list items counted from 1."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def within(path: str, loc: Loc, data: Any) -> bool:
    """Whether the place `loc` of `data` lies in what `path` picks (or holds it, for a place above)."""
    node = data
    j = 0
    for step in parse(path):
        if j >= len(loc):
            return True
        if loc[j] != step.key:
            return False
        node, j = _get(node, step.key), j + 1
        if step.present:
            return True
        if step.index is not None or step.many:
            if j >= len(loc):
                return True
            index = loc[j]
            if not isinstance(index, int):
                return False
            if step.index is not None and index != step.index:
                return False
            element = _get(node, index)
            if step.match is not None and not _matches(element, step.match):
                return False
            node, j = element, j + 1
    return True


# --- what changed -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a file: at `loc` of the new one (or `old_loc` of the old
    one, for something removed), from `old` to `new` (MISSING: not there)."""

    loc: Loc  # where in the new file (for something removed: where it was, as near as the new file has it)
    old: Any
    new: Any
    old_loc: Loc | None = None

    @property
    def field(self) -> str:
        return show(self.loc)


def changes(old: Any, new: Any, paths: Iterable[str] = ("",)) -> list[Change]:
    """The differences between two versions of a file's data that fall within any of `paths`
    (empty: the whole file), each once, in file order."""
    found: dict[tuple, Change] = {}
    for path in paths or ("",):
        if canonical(value(old, path)) == canonical(value(new, path)):
            continue
        steps = parse(path)
        start: Loc = (steps[0].key,) if steps else ()
        for change in _diff(_get_loc(old, start), _get_loc(new, start), start, start):
            inside = (change.new is not MISSING and within(path, change.loc, new)) or (
                change.old is not MISSING and within(path, change.old_loc or change.loc, old)
            )
            if not inside:
                continue
            if steps and steps[-1].present:  # only whether it is filled in: one change at the key
                key = _present_loc(steps, change.loc)
                change = Change(key, _get_loc(old, key), _get_loc(new, key), key)
            found.setdefault((change.loc, change.old_loc), change)
    return sorted(found.values(), key=lambda c: _order(c.loc))


def _present_loc(steps: tuple[Step, ...], loc: Loc) -> Loc:
    depth = sum(1 + (s.index is not None or s.many) for s in steps)
    return loc[:depth]


def _order(loc: Loc) -> tuple:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in loc)


def _get_loc(data: Any, loc: Loc) -> Any:
    node = data
    for part in loc:
        node = _get(node, part)
    return node


def _diff(a: Any, b: Any, loc_a: Loc, loc_b: Loc) -> list[Change]:
    if a is not MISSING and b is not MISSING and canonical(a) == canonical(b):
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[Change] = []
        for key in list(b) + [k for k in a if k not in b]:
            out += _diff(a.get(key, MISSING), b.get(key, MISSING), (*loc_a, key), (*loc_b, key))
        return out
    if isinstance(a, list) and isinstance(b, list):
        return _diff_lists(a, b, loc_a, loc_b)
    return [Change(loc_b, a, b, loc_a)]


def _diff_lists(a: list, b: list, loc_a: Loc, loc_b: Loc) -> list[Change]:
    if len(a) == len(b):
        return [c for i in range(len(a)) for c in _diff(a[i], b[i], (*loc_a, i), (*loc_b, i))]
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(None, [canonical(x) for x in a], [canonical(x) for x in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            out += _diff(a[i1 + k], b[j1 + k], (*loc_a, i1 + k), (*loc_b, j1 + k))
        for i in range(i1 + pairs, i2):  # removed: placed where it was, as near as the new list has it
            out.append(Change((*loc_b, min(j1 + pairs, len(b))), a[i], MISSING, (*loc_a, i)))
        for j in range(j1 + pairs, j2):
            out.append(Change((*loc_b, j), MISSING, b[j], None))
    return out
