"""One YAML file against its model: every problem with file, line and field, in Norwegian.

pydantic's errors are turned into messages a secretary understands («mangler (feltet er påkrevd)»,
«ukjent felt – mente du …?»), at the line of the field in the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from politidok.core.errors import Problem
from politidok.load.yamlsource import Source, format_loc, read


def validate(path: Path, display: str, model: type[BaseModel]) -> tuple[Any, Source | None, list[Problem]]:
    """Parse a YAML file into `model`; return (instance or None, source, problems)."""
    source, problems = read(path, display)
    if source is None:
        return None, None, problems
    instance, problems = validate_source(source, model, problems)
    return instance, source, problems


def validate_source(
    source: Source, model: type[BaseModel], problems: Sequence[Problem] = ()
) -> tuple[Any, list[Problem]]:
    """A parsed file's data as `model`: (instance or None, the parser's `problems` and the model's)."""
    found = list(problems)
    display = source.display
    if not isinstance(source.data, dict):
        return None, found + [
            Problem(display, source.line_of(()), "", "filen må inneholde felt på formen «navn: verdi»")
        ]
    try:
        instance = model.model_validate(source.data)
    except ValidationError as exc:
        return None, found + list(dict.fromkeys(_problem(source, model, err) for err in exc.errors()))
    except RecursionError:  # cannot happen within the depth limit of yamlsource; a message all the same
        return None, found + [Problem(display, 1, "", "filen er nøstet for dypt")]
    return (instance if not found else None), found


def _problem(source: Source, model: type[BaseModel], err: ErrorDetails) -> Problem:
    loc = _data_loc(source.data, tuple(err["loc"]))
    return Problem(source.display, source.line_of(loc), format_loc(loc), _message(model, loc, err))


def _data_loc(data: Any, loc: tuple) -> tuple:
    """pydantic's loc as a path in the file: validator tags dropped ('x', 'function-after[...]'), keys as text."""
    out: list = []
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict):
            key = next((k for k in current if k == part or str(k) == str(part)), None)
            if key is not None:
                out.append(str(key))
                current = current[key]
            elif last and isinstance(part, str):
                out.append(part)  # a missing field
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
    return tuple(out)


def _message(model: type[BaseModel], loc: tuple, err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "mangler (feltet er påkrevd)"
    if err.get("input", "") is None and (kind.endswith("_type") or "parsing" in kind):
        return "er tomt – fyll inn"
    if err.get("input", "") is None and kind == "literal_error":
        return f"er tomt – velg en av: {ctx.get('expected', '').replace(' or ', ', ')}"
    if kind == "invalid_key":
        return "ukjent felt (et feltnavn må være tekst)"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) if len(str(loc[-1])) < 100 else []
        hint = f" – mente du «{guess[0]}»?" if guess else (f" (gyldige felt: {', '.join(allowed)})" if allowed else "")
        return f"ukjent felt{hint}"
    if kind in ("string_type",):
        return f"må være tekst, ikke {_describe(err.get('input'))}"
    if kind == "string_too_long":
        value = err.get("input")
        size = f"{len(value)} tegn; " if isinstance(value, str) else ""
        return f"er for lang ({size}høyst {ctx.get('max_length')} tegn)"
    if kind == "too_long":
        return f"har for mange element (høyst {ctx.get('max_length')})"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return "må være et heltall"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "må være et tall"
    if kind in ("bool_type", "bool_parsing"):
        return "må være true eller false"
    if kind.startswith(("date", "datetime")):
        return "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2024-10-25"
    if kind == "literal_error":
        return f"må være en av: {ctx.get('expected', '').replace(' or ', ', ')}"
    if kind == "list_type":
        return "må være en liste (linjer som begynner med «- »)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "må være en gruppe av felt på formen «navn: verdi»"
    if kind == "too_short":
        return f"må ha minst {ctx.get('min_length', 1)} element"
    if kind == "string_too_short":
        return "kan ikke være tom"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "saksnummer":
            return "må være på formen ÅÅÅÅ/løpenummer, f.eks. «2024/1234»"
        if str(ctx.get("pattern", "")).startswith("^T-"):
            return "må være en tiltaks-id på formen T-ÅÅÅÅ-NN, f.eks. «T-2025-03»"
        if "/[0-9]{2}$" in str(ctx.get("pattern", "")):
            return "må være et saksnummer på formen N/ÅÅ, f.eks. «2/25»"
        return "må bestå av små bokstaver a–z, sifre, «-» og «_» (f.eks. «ungdom»)"
    if kind == "greater_than_equal":
        return f"må være minst {ctx.get('ge')}"
    if kind == "greater_than":
        return f"må være større enn {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"kan ikke være større enn {ctx.get('le')}"
    if kind == "less_than":
        return f"må være mindre enn {ctx.get('lt')}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind in ("set_type", "tuple_type", "frozen_set_type"):
        return "må være en liste (linjer som begynner med «- »)"
    if kind in ("bytes_type", "bytes_too_long", "bytes_too_short"):
        return "må være tekst"
    if kind == "recursion_loop":
        return "viser til seg selv (et alias i en løkke)"
    return "ugyldig verdi"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "sannhetsverdi"
    if isinstance(value, (int, float)):
        return "tall"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "gruppe av felt"
    if value is None:
        return "tom verdi"
    if isinstance(value, bytes):
        return "binærdata"
    if hasattr(value, "isoformat"):
        return "dato"
    return "en annen type verdi"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the sub-model found at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_of(fields[part].annotation)
    return list(getattr(current, "model_fields", {}) or [])


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None
