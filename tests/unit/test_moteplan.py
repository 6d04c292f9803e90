"""The møteplan kind (the worked example of docs/architecture.md): its plan and its context."""

from __future__ import annotations

from conftest import ROOT

from politidok import documents
from politidok.core.options import BuildOptions
from politidok.documents.kinds.moteplan import moteplan_context
from politidok.load import load_region


def test_the_years_meetings_and_what_the_agreement_plans():
    region = load_region(ROOT / "agreements" / "hallingdal")
    moter = {n: m for n, m in region.moter.items() if m.dato.year == 2025}
    context = moteplan_context(region.avtale, moter, 2025, "nb")
    assert context["planlagt"] == 7  # one meeting in each of six municipalities, and the joint one
    assert context["holdt"] == sum(1 for m in moter.values() if m.referat) == 6
    assert [r["dato"] for r in context["moter"]][:2] == ["10.02.2025", "11.03.2025"]
    # every planned meeting has a file; Flå's of 16.09, before the plan's date (20.11), has no minutes
    assert {r["dato"]: r["status"] for r in context["moter"] if r["status"] != "holdt"} == {
        "16.09.2025": "uten_referat"
    }
    # a municipality's meeting not set up yet is a row of its own, without a date
    without_gol = {n: m for n, m in moter.items() if m.kommune != "Gol"}
    rows = moteplan_context(region.avtale, without_gol, 2025, "nb")["moter"]
    assert rows[-1] == {"dato": "–", "mote": "Politirådet i Gol", "sted": "–", "status": "mangler"}


def test_a_council_that_meets_as_needed_plans_nothing():
    region = load_region(ROOT / "agreements" / "kafjord")
    assert region.avtale.moter.ved_behov
    context = moteplan_context(region.avtale, region.moter, 2025, "nb")
    assert context["planlagt"] == 0 and context["ved_behov"]
    assert all(r["status"] != "mangler" for r in context["moter"])


def test_one_plan_a_year_made_from_the_agreement_and_that_years_meetings():
    region = load_region(ROOT / "agreements" / "hallingdal")
    todo = documents.plan(region, ROOT / "templates", BuildOptions(frozenset({"moteplan"})))
    years = sorted({m.dato.year for m in region.moter.values()})
    assert [d.stem for d in todo.documents] == [f"moteplan-{y}" for y in years]
    plan = todo.documents[0]
    assert plan.malform == "nb" and plan.info.language == "nb-NO"
    files = {i.file for i in plan.inputs}
    assert "avtale.yaml" in files and all(f == "avtale.yaml" or f"moter/{years[0]}-" in f for f in files)
    nynorsk = region.avtale.model_copy(
        update={"politirad": region.avtale.politirad.model_copy(update={"malform": "nn"})}
    )
    nn = documents.plan(
        type(region)(region.name, nynorsk, region.saker, region.moter, region.folder),
        ROOT / "templates",
        BuildOptions(frozenset({"moteplan"})),
    )
    assert nn.documents[0].malform == "nn" and nn.documents[0].template.parent.name == "nn"


def test_a_meeting_past_without_minutes_is_not_set_up(tmp_path):
    """The review: the møteplan dated 20.11.2025 said Flå's meeting of 16.09.2025 was «satt opp»."""
    from politidok.render import render_docx
    from politidok.render.dumptext import dump

    region = load_region(ROOT / "agreements" / "hallingdal")
    [plan] = [
        d
        for d in documents.plan(region, ROOT / "templates", BuildOptions(frozenset({"moteplan"}))).documents
        if d.stem == "moteplan-2025"
    ]
    text = " ".join(dump(render_docx(plan.template, plan.context, plan.info, tmp_path / "m.docx")).split())
    assert "| 16.09.2025 | Politirådet i Flå | Flå kommunehus | uten referat |" in text
