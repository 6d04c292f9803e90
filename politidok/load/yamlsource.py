"""Read YAML keeping the line number of every key and list item.

The loader follows YAML 1.2 for scalars: only true/false are booleans (so `no`, `on`
stay text) and `15:00` stays text instead of becoming the sexagesimal number 900.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from politidok.core.errors import Problem

Path_ = tuple[str | int, ...]


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
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
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$"), list("-+0123456789")
)


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


def read(path: Path, display: str | None = None) -> tuple[Source | None, list[Problem]]:
    """Parse `path`; on failure return the problems instead of a Source."""
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(display, 1, "", "filen finnes ikke")]
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 1, "", f"filen er ikke UTF-8 (byte {exc.start})")]
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        detail = exc.problem or str(exc)
        return None, [Problem(display, line, "", f"ugyldig YAML-syntaks ({detail})")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 1, "", f"ugyldig YAML-syntaks ({exc})")]
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _walk(node, (), lines, problems, display)
    return Source(path, display, data, lines), problems


def _walk(node: yaml.Node, loc: Path_, lines: dict[Path_, int], problems: list[Problem], display: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            here = (*loc, key)
            line = key_node.start_mark.line + 1
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

    List items are counted from 1, as a secretary counts them.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out
