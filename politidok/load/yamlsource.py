"""Read YAML keeping the line number of every key and list item.

The loader follows YAML 1.2 for scalars: only true/false are booleans (so `no`, `on`
stay text) and `15:00` stays text instead of becoming the sexagesimal number 900.

Input is treated as hostile: only a regular file is read (never a folder, FIFO, device or
symbolic link, and never with a blocking open), its size, nesting depth and alias expansion are
bounded before anything is built from it, every value the constructors cannot make (2025-02-30,
`!!int x`) becomes a message, and libyaml's English is translated. Every failure is a Problem
with the line where the fault starts.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from politidok.core import fieldpath
from politidok.core.errors import Problem, char_name, quote
from politidok.load.files import MAX_BYTES, read_text  # noqa: F401  (MAX_BYTES re-exported)
from politidok.load.yamlmessages import MAX_DEPTH, translate

Path_ = tuple[str | int, ...]

MAX_NODES = 50_000  # values after aliases are expanded (the «billion laughs» stop here)


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # a base class chosen at run time


class Loader(_SafeLoader):
    """SafeLoader (libyaml's, when PyYAML has it: five times faster) with YAML 1.2 booleans and integers."""

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if node.style in (">", None, "") and isinstance(value, str) and "\n" in value:
            # folded and plain text: a line break only comes from a blank line, i.e. a new paragraph;
            # keep it as a blank line, as a literal (|) text writes paragraphs
            value = re.sub(r"\n+", "\n\n", value)
        return value


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# A number with a leading zero (`telefon: 02800`, `postnummer: 0150`) stays text: it is an identifier
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o[0-7]+)$"), list("-+0123456789")
)

_LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")  # what YAML (and an editor) counts as a new line
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")


class _BadValue(yaml.constructor.ConstructorError):
    """A scalar its explicit or implicit type cannot hold (raised with the node's position)."""


def _fail(node: yaml.Node, message: str) -> NoReturn:
    raise _BadValue(None, None, message, node.start_mark)


def _int(loader: yaml.BaseLoader, node: yaml.Node) -> int:
    value = str(loader.construct_scalar(node)).replace("_", "")
    try:
        if _INT.match(value):
            return int(value, 10)
        if value.lower().startswith(("0x", "+0x", "-0x")):
            return int(value, 16)
        if value.lower().startswith(("0o", "+0o", "-0o")):
            return int(value.replace("o", "").replace("O", ""), 8)
    except ValueError:
        pass
    _fail(node, f"«{quote(value)}» er ikke et heltall")


def _float(loader: yaml.BaseLoader, node: yaml.Node) -> float:
    value = str(loader.construct_scalar(node)).replace("_", "").lower()
    specials = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
    if value in specials:
        return specials[value]
    try:
        return float(value)
    except ValueError:
        _fail(node, f"«{quote(value)}» er ikke et tall")


def _bool(loader: yaml.BaseLoader, node: yaml.Node) -> bool:
    value = str(loader.construct_scalar(node)).lower()
    if value in ("true", "false"):
        return value == "true"
    _fail(node, f"«{quote(value)}» er ikke true eller false")


def _timestamp(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    """A date that exists in the calendar; an impossible one (2025-02-30) stays text for the model to refuse."""
    value = str(loader.construct_scalar(node))
    match = _DATE.match(value)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            return value
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (
        ValueError,
        TypeError,
        AttributeError,
    ):  # no such datetime (2025-13-01 10:00), or none at all (!!timestamp x)
        return value


Loader.add_constructor("tag:yaml.org,2002:int", _int)
Loader.add_constructor("tag:yaml.org,2002:float", _float)
Loader.add_constructor("tag:yaml.org,2002:bool", _bool)
Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class Source:
    """A parsed YAML file with a map from data path to line number."""

    def __init__(self, path: Path, display: str, data: Any, lines: dict[Path_, int]):
        self.path = path
        self.display = display
        self.data = data
        self.lines = lines

    def line_of(self, loc: Path_) -> int:
        """Line of the deepest part of `loc` that exists in the file (1 if none)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


# Characters YAML does not allow in a file: C0 controls but tab and line breaks, DEL, C1 but NEL,
# surrogates and the two non-characters
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def read(path: Path, display: str | None = None) -> tuple[Source | None, list[Problem]]:
    """Parse `path`; on failure return the problems instead of a Source."""
    display = display or str(path)
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse(text, path, display)


def parse(text: str, path: Path, display: str) -> tuple[Source | None, list[Problem]]:
    """Parse YAML text (the contents of `path`) with every limit applied."""
    bad = [
        Problem(
            display,
            text.count("\n", 0, m.start()) + 1,
            "",
            f"ulovlig tegn {char_name(m.group())} i filen; slett det (det er usynlig i de fleste redigeringsprogram)",
        )
        for m in _FORBIDDEN.finditer(text)
    ]
    if bad:
        return None, _first_per_line(bad)
    try:
        problem = _check_events(text, display)
        if problem:
            return None, [problem]
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                problem = _check_graph(node, display)
                if problem:
                    return None, [problem]
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        problem = _unclosed(text, exc, display) or _syntax_problem(exc, display)
        last = max(1, len(_LINE_BREAK.split(text.rstrip("\r\n"))))
        return None, [Problem(problem.file, min(problem.line, last), problem.field, problem.message)]
    except yaml.YAMLError as exc:  # ReaderError and others without a mark
        return None, [Problem(display, 1, "", f"ugyldig YAML-syntaks: {translate(str(exc), '')}")]
    except RecursionError:
        return None, [Problem(display, 1, "", f"filen er nøstet for dypt (høyst {MAX_DEPTH} nivåer)")]
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _walk(node, (), lines, problems, display)
    return Source(path, display, data, lines), problems


def _first_per_line(problems: list[Problem]) -> list[Problem]:
    seen: set[int] = set()
    out = []
    for p in problems:
        if p.line not in seen:
            seen.add(p.line)
            out.append(p)
    return out[:20]


def _check_events(text: str, display: str) -> Problem | None:
    """Depth and size from libyaml's event stream, before any tree is built (the tree builder recurses)."""
    depth = 0
    for events, event in enumerate(yaml.parse(text, Loader=Loader), 1):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    display,
                    event.start_mark.line + 1,
                    "",
                    f"for mange nivåer av lister og grupper inni hverandre (høyst {MAX_DEPTH})",
                )
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if events > MAX_NODES * 2:
            return Problem(display, event.start_mark.line + 1, "", f"filen har for mange verdier (høyst {MAX_NODES})")
    return None


def _check_graph(root: yaml.Node, display: str) -> Problem | None:
    """Aliases: no cycles (`&a [*a]`), at most MAX_NODES values and MAX_DEPTH levels once every alias is expanded."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    active: set[int] = set()
    # iterative post-order walk: (node, children done?)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            active.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0) if children else 0
            if depth[key] > MAX_DEPTH:
                return Problem(
                    display,
                    node.start_mark.line + 1,
                    "",
                    f"for mange nivåer av lister og grupper inni hverandre når aliasene (*navn) foldes ut "
                    f"(høyst {MAX_DEPTH})",
                )
            if size[key] > MAX_NODES:
                return Problem(
                    display,
                    node.start_mark.line + 1,
                    "",
                    f"aliasene (*navn) gir for mange verdier når de foldes ut (høyst {MAX_NODES})",
                )
            continue
        if key in size:
            continue
        if key in active:
            return Problem(display, node.start_mark.line + 1, "", "et alias (*navn) viser til seg selv")
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                return Problem(display, child.start_mark.line + 1, "", "et alias (*navn) viser til seg selv")
            if id(child) not in size:
                stack.append((child, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _unclosed(text: str, exc: yaml.MarkedYAMLError, display: str) -> Problem | None:
    """A quote or bracket left open runs on: the fault is where it opened, not where libyaml stops."""
    if isinstance(exc, _BadValue) or exc.problem_mark is None:
        return None
    stop = exc.problem_mark.index
    last = None
    opened: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=Loader):
            if token.start_mark.index >= stop:
                break
            last = token
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                opened.append(token)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
                opened.pop()
    except yaml.YAMLError:
        pass
    if isinstance(last, yaml.ScalarToken) and last.style in ("'", '"') and last.end_mark.line > last.start_mark.line:
        return Problem(
            display,
            last.start_mark.line + 1,
            "",
            f"ugyldig YAML-syntaks: anførselstegnet lukkes ikke på samme linje (teksten fortsetter til "
            f"linje {last.end_mark.line + 1}); lukk det, eller fjern det",
        )
    if opened and stop >= len(text.rstrip()):
        first = opened[0]
        sign, closer = ("[", "]") if isinstance(first, yaml.FlowSequenceStartToken) else ("{", "}")
        return Problem(
            display,
            first.start_mark.line + 1,
            "",
            f"ugyldig YAML-syntaks: «{sign}» på denne linjen lukkes aldri med «{closer}»",
        )
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    problem, context = exc.problem or "", exc.context or ""
    # where the fault starts: an unclosed quote, bracket or key starts at the context mark; libyaml's
    # problem mark is where it gave up (often a later line)
    starts_earlier = context.startswith(
        (
            "while scanning a quoted scalar",
            "while scanning a simple key",
            "while parsing a flow",
            "while scanning a block scalar",
            "while scanning an anchor",
            "while scanning an alias",
            "while scanning a tag",
        )
    )
    mark = (exc.context_mark if starts_earlier else None) or exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    message = problem if isinstance(exc, _BadValue) else translate(problem, context)
    return Problem(display, line, "", message if isinstance(exc, _BadValue) else f"ugyldig YAML-syntaks: {message}")


def _walk(node: yaml.Node, loc: Path_, lines: dict[Path_, int], problems: list[Problem], display: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(display, line, format_loc(loc), "et feltnavn må være tekst, ikke en liste eller gruppe")
                )
                continue
            key = str(key_node.value)
            here = (*loc, key)
            if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                continue  # merged keys: their own lines are recorded where they are defined
            if key in seen:
                problems.append(Problem(display, line, format_loc(here), "feltet står to ganger"))
            seen.add(key)
            lines.setdefault(here, line)
            _walk(value_node, here, lines, problems, display)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*loc, index)
            lines[here] = item.start_mark.line + 1
            _walk(item, here, lines, problems, display)


def format_loc(loc: Path_) -> str:
    """('signering', 'signatarer', 2, 'tittel') -> 'signering.signatarer[3].tittel'.

    List items are counted from 1, as a secretary counts them (core.fieldpath.show).
    """
    return fieldpath.show(loc)
