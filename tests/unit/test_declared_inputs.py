"""What a kind declares a document shows is all it shows: change any value of an input outside the
declared fields, and no document says anything else (build.provenance.document_values).

This is what lets an edit a document does not show (an archive reference, another municipality's
member, a later meeting's minutes) pass a document that has gone out.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from politidok import documents
from politidok.build.provenance import document_values
from politidok.core import fieldpath
from politidok.core.errors import InputError
from politidok.load import load_region
from politidok.load.evalmodels import Evaluering
from politidok.load.models import Avtale, Mote, Sak
from politidok.load.planmodels import Handlingsplan

pytestmark = pytest.mark.slow  # hostile input and fuzzing: in `make test`, not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]


def _leaves(data: Any, loc: tuple = ()) -> list[tuple]:
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in _leaves(v, (*loc, k))]
    if isinstance(data, list):
        return [x for i, v in enumerate(data) for x in _leaves(v, (*loc, i))]
    return [loc] if data is not None else []


def _mutated(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, date):
        return value + timedelta(days=1)
    return f"{value} x" if isinstance(value, str) else value


def _with(region: Any, name: str, data: Any) -> Any:
    """The region with one input replaced by (changed) data, validated as the loader does."""
    folder, _, stem = name.rpartition("/")
    if name == "avtale.yaml":
        return dataclasses.replace(region, avtale=Avtale.model_validate(data))
    if folder == "moter":
        return dataclasses.replace(region, moter={**region.moter, stem[:-5]: Mote.model_validate(data)})
    if folder == "saker":
        return dataclasses.replace(region, saker={**region.saker, stem[:-5]: Sak.model_validate(data)})
    if folder == "handlingsplan":
        plan = Handlingsplan.model_validate(data)
        return dataclasses.replace(region, handlingsplaner={**region.handlingsplaner, plan.ar: plan})
    evaluering = Evaluering.model_validate(data)
    return dataclasses.replace(region, evalueringer={**region.evalueringer, evaluering.ar: evaluering})


def _values(region: Any) -> dict[str, str]:
    return {d.stem: document_values(d) for d in documents.plan(region, ROOT / "templates").documents}


@pytest.mark.parametrize("name", ["hallingdal", "trondelag-sor", "kafjord", "midt-troms"])
def test_a_value_outside_what_a_document_declares_does_not_change_it(name):
    region = load_region(ROOT / "agreements" / name, attachable=documents.attachable())
    todo = documents.plan(region, ROOT / "templates")
    before = {d.stem: document_values(d) for d in todo.documents}
    declared = {d.stem: {i.file: i.fields for i in d.inputs} for d in todo.documents}
    checked, escapes = 0, []
    for file, source in region.sources.items():
        readers = [stem for stem, inputs in declared.items() if inputs.get(file)]
        for loc in _leaves(source.data):
            outside = [s for s in readers if not any(fieldpath.within(f, loc, source.data) for f in declared[s][file])]
            if not outside:
                continue
            data = copy.deepcopy(source.data)
            node = data
            for part in loc[:-1]:
                node = node[part]
            node[loc[-1]] = _mutated(node[loc[-1]])
            try:
                after = _values(_with(region, file, data))
            except (ValidationError, InputError, KeyError, ValueError, AttributeError):
                continue  # the changed value is not valid input
            checked += 1
            escapes += [f"{s}: {file} {fieldpath.show(loc)}" for s in outside if after.get(s) != before[s]]
    assert checked > 20
    assert not escapes, "documents that show more than their kind declares:\n" + "\n".join(escapes)
