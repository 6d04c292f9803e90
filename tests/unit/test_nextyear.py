"""next-year and an unfinished next year: what is carried over, what is flagged, where."""

from __future__ import annotations

import pytest
import yaml
from support import edit

from politidok import documents
from politidok.build.nextyear import next_year
from politidok.cli import text as clitext
from politidok.core.errors import InputError
from politidok.core.options import BuildOptions
from politidok.core.paths import Paths
from politidok.load import load_region

PROPOSAL = """  - id: T-2025-11
    satsingsomrade: ungdom
    tiltak: Ungdomsklubb i Flå
    ansvarlig: Kommunedirektør i Flå
    frist: 2025-12-31
"""


@pytest.fixture()
def copy(region_copy):
    folder = region_copy / "agreements" / "hallingdal"
    (folder / "handlingsplan" / "2026.yaml").unlink()  # the example's, begun by hand
    with (folder / "handlingsplan" / "2025.yaml").open("a", encoding="utf-8") as f:
        f.write(PROPOSAL)  # proposed, never adopted
    return region_copy


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def test_only_adopted_unfinished_measures_are_carried_over_and_past_deadlines_flagged(copy):
    paths = Paths(copy / "agreements", copy / "templates", copy / "out")
    folder = copy / "agreements" / "hallingdal"
    made = next_year("hallingdal", 2025, paths)
    plan = yaml.safe_load(made.plan.read_text(encoding="utf-8"))
    assert [t["id"] for t in plan["tiltak"]] == ["T-2025-03", "T-2025-08", "T-2025-10"]
    assert [m.id for m in made.carry.proposed] == ["T-2025-11"]
    evaluation = yaml.safe_load(made.evaluation.read_text(encoding="utf-8"))
    assert not any("T-2025-11" in v for v in evaluation["videreforte_tiltak"])
    assert len(evaluation["videreforte_tiltak"]) == 3
    # a deadline before the new year is not carried (it would not pass check), and is said where to set one
    assert plan["tiltak"][0]["frist"] is None and plan["tiltak"][2]["frist"].isoformat() == "2026-03-31"
    flagged = {p.field: p for p in made.todo}
    assert set(flagged) == {"utfordringer", "egenevaluering", "tiltak[1].frist", "tiltak[2].frist"}
    assert _lines(made.plan)[flagged["tiltak[1].frist"].line - 1] == (
        "  frist:   # var 2025-12-31, som er passert: sett ny frist"
    )
    assert _lines(made.evaluation)[flagged["utfordringer"].line - 1].startswith("utfordringer:")
    assert flagged["tiltak[2].frist"].message == "T-2025-08: fristen 2025-11-30 er passert før 2026; sett ny frist"
    load_region(folder, attachable=documents.attachable())  # what it wrote passes check
    text = "\n".join(clitext.next_year_lines(made, 2025))
    assert f"Skrev {made.evaluation}" in text and f"Skrev {made.plan}" in text
    assert "  T-2025-03 Utkast til reviderte politivedtekter (pågår)" in text
    assert "Ikke ført videre (aldri vedtatt): T-2025-11 Ungdomsklubb i Flå" in text
    assert f"  {made.plan}:{flagged['tiltak[1].frist'].line}: tiltak[1].frist: T-2025-03: fristen" in text


def test_a_deadline_before_the_plans_year_does_not_pass_check(region_copy):
    path = region_copy / "agreements" / "hallingdal" / "handlingsplan" / "2026.yaml"
    edit(path, "frist: 2026-02-28", "frist: 2025-12-01")
    with pytest.raises(InputError) as info:
        load_region(path.parent.parent)
    [p] = info.value.problems
    assert p.file.endswith("handlingsplan/2026.yaml") and p.field == "tiltak[2].frist"
    assert _lines(path)[p.line - 1].strip() == "frist: 2025-12-01"
    assert p.message == "fristen 2025-12-01 er passert før planåret 2026 begynner; sett ny frist"


def test_make_report_skips_an_unfinished_year_as_make_all_does(copy):
    paths = Paths(copy / "agreements", copy / "templates", copy / "out")
    made = next_year("hallingdal", 2025, paths)
    region = load_region(copy / "agreements" / "hallingdal", attachable=documents.attachable())
    for only in (frozenset(), frozenset({"evalueringsrapport"})):  # make all, make report
        said: list[str] = []
        todo = documents.plan(region, paths.templates, BuildOptions(only), said.append)
        assert "evalueringsrapport-2025" in todo.by_stem() and "evalueringsrapport-2026" not in todo.by_stem()
        assert said == ["Hopper over evalueringsrapporten for 2026: utfordringer, egenevaluering er ikke fylt ut ennå."]
    with pytest.raises(InputError) as info:  # make report YEAR=2026: what is missing, at its line
        documents.plan(region, paths.templates, BuildOptions(frozenset({"evalueringsrapport"}), 2026))
    lines = _lines(made.evaluation)
    assert [(p.field, lines[p.line - 1].split(":")[0]) for p in info.value.problems] == [
        ("utfordringer", "utfordringer"),
        ("egenevaluering", "egenevaluering"),
    ]
