"""A document's date stands once, in the letterhead; the body says «per …» only as content (the status as of then).

And a møteplan is dated by what its year's meeting files tell: the last meeting held or invitation sent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT

from politidok import documents
from politidok.core.options import BuildOptions
from politidok.load import load_region
from politidok.render import render_docx
from politidok.render.dumptext import dump
from politidok.render.typography import NBSP


def _planned(region: str, kind: str) -> dict[str, documents.Document]:
    todo = documents.plan(
        load_region(ROOT / "agreements" / region), ROOT / "templates", BuildOptions(frozenset({kind}))
    )
    return {d.stem: d for d in todo.documents if d.kind == kind}


def _body_and_letterhead(document: documents.Document, tmp_path: Path) -> tuple[str, str]:
    out = render_docx(document.template, document.context, document.info, tmp_path / f"{document.stem}.docx")
    body, _, headers = dump(out).replace(NBSP, " ").partition("\n[header")  # «20.\u00a0november»: render.typography
    return body, headers


@pytest.mark.parametrize(
    ("region", "kind", "stem", "short", "long"),
    [
        ("hallingdal", "handlingsplan", "handlingsplan-2025-nb", "20.11.2025", "20. november 2025"),
        ("hallingdal", "handlingsplan", "handlingsplan-2025-nn", "20.11.2025", "20. november 2025"),
        ("hallingdal", "handlingsplan", "handlingsplan-2026-nn", "15.12.2025", "15. desember 2025"),
        ("hallingdal", "moteplan", "moteplan-2025", "20.11.2025", "20. november 2025"),
        ("sogn", "moteplan", "moteplan-2025", "20.11.2025", "20. november 2025"),
    ],
)
def test_the_date_stands_in_the_letterhead_only(tmp_path, region, kind, stem, short, long):
    body, letterhead = _body_and_letterhead(_planned(region, kind)[stem], tmp_path)
    assert f"Dato: {short}" in letterhead
    assert "Dato:" not in body  # no second date line under the title
    assert f"per {long}" in body  # the status as of the plan's date is content, and stays


def test_a_meeting_plan_without_a_held_meeting_is_dated_by_the_invitation_sent(tmp_path):
    # Sogn 2026: the winter meeting is not held yet; its invitation went out 29 January (sendt: 2026-01-29)
    plan = _planned("sogn", "moteplan")["moteplan-2026"]
    assert plan.info.date == date(2026, 1, 29)
    body, letterhead = _body_and_letterhead(plan, tmp_path)
    assert "Dato: 29.01.2026" in letterhead
    assert "haldne per 29. januar 2026" in body and "1. januar" not in body
    assert any(i.file == "moter/2026-02-12-felles.yaml" and "sendt" in i.fields for i in plan.inputs)


@pytest.mark.parametrize("region", ["hallingdal", "sogn", "kafjord"])
def test_the_evaluation_report_is_dated_in_its_letterhead_only(tmp_path, region):
    # the review: «Dato: 15.12.2025» in the letterhead and «Dato: 15. desember 2025» again under the title
    [report] = _planned(region, "evalueringsrapport").values()
    assert report.info.date is not None
    body, letterhead = _body_and_letterhead(report, tmp_path)
    assert f"Dato: {report.info.date:%d.%m.%Y}" in letterhead
    assert "Dato:" not in body
