"""Texts in two målformer: a region as a document in one målform sees it, and the texts that lack one.

Any text of the YAML may be written as `{nb: …, nn: …}` (load.values.Tospraakleg). A document takes
the text of its own målform; where that is missing it takes the other, and `check` warns about it
(`gaps`), naming file, line and field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from politidok.core.errors import Problem
from politidok.load.values import Tospraakleg

if TYPE_CHECKING:
    from politidok.load import Region

NAMES = {"nb": "bokmål", "nn": "nynorsk"}


def resolve(value: Any, malform: str, fallbacks: dict[str, str] | None = None) -> Any:
    """`value` (a model, a list or dict of them, a text) with every two-målform text in `malform`; what
    has none is returned as it is (the same object). A text that lacks `malform` is taken in the other,
    and put in `fallbacks` (text -> its BCP 47 language), so that the document can tag it as such."""
    if isinstance(value, Tospraakleg):
        if malform not in value.variants and fallbacks is not None:
            other = next(iter(value.variants))
            fallbacks[value.variants[other]] = f"{other}-NO"
        return value.i(malform)
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = resolve(old, malform, fallbacks)
            if new is not old:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, (list, tuple)):
        items = [resolve(v, malform, fallbacks) for v in value]
        return type(value)(items) if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        resolved = {k: resolve(v, malform, fallbacks) for k, v in value.items()}
        return resolved if any(resolved[k] is not value[k] for k in value) else value
    return value


def _texts(value: Any, path: tuple = ()) -> list[tuple[tuple, Tospraakleg]]:
    """Every two-målform text in a model, with its path (field names and list indices)."""
    if isinstance(value, Tospraakleg):
        return [(path, value)]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in _texts(getattr(value, name), (*path, name))]
    if isinstance(value, (list, tuple)):
        return [t for i, v in enumerate(value) for t in _texts(v, (*path, i))]
    return []


def gaps(region: Region, malformer: set[str]) -> list[Problem]:
    """The texts written in two målformer that lack one a document of the region is made in."""
    from politidok.load.yamlsource import format_loc

    found = []
    for name, model in region.files():
        source = region.sources.get(name)
        for path, text in _texts(model):
            for missing in sorted(malformer - set(text.variants)):
                line = source.line_of(path) if source else 1
                other = NAMES[next(iter(text.variants))]
                found.append(
                    Problem(
                        source.display if source else name,
                        line,
                        format_loc(path),
                        f"teksten finnes bare på {other}; dokumenter på {NAMES[missing]} får den på {other} "
                        f"(legg til {missing}: med teksten på {NAMES[missing]})",
                    )
                )
    return found
