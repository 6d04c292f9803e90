"""The variables each Word template can use, derived from the data model.

A synthetic, fully populated instance of the models (every optional field filled, every
list with two elements) is run through the same context code the build uses; the paths of
the resulting context are what a template may refer to. So the catalogue cannot drift from
the model: add a field and it appears here, in `check` and in docs/maler.md.
"""

from __future__ import annotations

import typing
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel

from politidok import documents
from politidok.context.letterhead import letterhead
from politidok.core.picture import Picture
from politidok.core.status import Status
from politidok.load.evalmodels import Evaluering
from politidok.load.models import Avtale, Mote, Sak
from politidok.render import Image

PLACEHOLDER = "tekst"
DAY = date(2025, 3, 11)
_M = TypeVar("_M", bound=BaseModel)


def synthetic(model: type[_M]) -> _M:
    """An instance with every field filled (validators skipped: cross-field rules do not matter here)."""
    values = {name: _value(field.annotation, name) for name, field in model.model_fields.items()}
    return model.model_construct(**values)


# fields whose synthetic value must make every list of every context non-empty
SPECIAL = {
    "unntatt_offentlighet": None,  # an open item, so its actions reach the report
    "frist": date(2025, 1, 31),  # before the report date: an overdue action
    "status": Status.PAGAR,
}


def _value(annotation: Any, name: str) -> Any:
    if name in SPECIAL:
        return SPECIAL[name]
    origin = get_origin(annotation)
    args = [a for a in get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return _value(args[0], name)
    if origin is typing.Annotated:
        return _value(args[0], name)
    if origin is Literal:
        return args[0]
    if origin is list:
        return [_value(args[0], name), _value(args[0], name)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return synthetic(annotation)
    if annotation is bool:
        return name != "felles"  # a meeting is one council's, so that its municipality is looked up
    if annotation is int:
        return DAY.year if name == "ar" else 1
    if annotation is date:
        return DAY
    if annotation is str:
        return {"fra": "09.00", "til": "11.00", "saksnummer": "2025/1"}.get(name, PLACEHOLDER)
    return PLACEHOLDER


class Samples:
    """What a kind's `sample(samples)` builds its full context from: synthetic, fully populated
    models (`synthetic(Model)` for any other model), a placeholder text and a tiny picture."""

    text = PLACEHOLDER
    day = DAY

    def __init__(self) -> None:
        self.avtale = synthetic(Avtale)
        self.mote = synthetic(Mote)
        self.sak = synthetic(Sak)
        self.evaluering = synthetic(Evaluering)
        self.image = Image(_tiny_png(), 10)

    synthetic = staticmethod(synthetic)


@lru_cache(maxsize=1)
def contexts() -> dict[str, dict]:
    """Template name -> a context with every variable the template may use (from each kind's sample)."""
    samples = Samples()
    head = letterhead(samples.avtale, samples.day, samples.avtale.arkiv)  # every document has it (Planner.add)
    head["brevhode"]["logo"] = Picture(Path("logo.png"), PLACEHOLDER, 25, data=_tiny_png())
    out: dict[str, dict] = {}
    for kind in documents.registry().values():
        if kind.sample is not None and kind.template and kind.template not in out:
            out[kind.template] = {**kind.sample(samples), **head}
    return out


def _tiny_png() -> bytes:
    import io

    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (1, 1), "white").save(out, format="PNG")
    return out.getvalue()


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """{'a': {'b': [ {'c': 1} ]}} -> {'a': 'gruppe', 'a.b': 'liste', 'a.b[]': 'gruppe', 'a.b[].c': 'tall'}."""
    out: dict[str, str] = {}
    if prefix:
        out[prefix] = _kind(value)
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else key))
    elif isinstance(value, list) and value:
        out.update(flatten(value[0], f"{prefix}[]"))
    return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "ja/nei"
    if isinstance(value, int):
        return "tall"
    if isinstance(value, dict):
        return "gruppe"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, Image | Picture):
        return "bilde"
    return "tekst"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Template name -> {variable path: kind}."""
    return {name: flatten(ctx) for name, ctx in contexts().items()}
