"""The action plan (handlingsplan): validation messages, status history, minutes as the plan stood then.

Fast tests (no LibreOffice): the plan and meeting files of Hallingdal, broken one way at a time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli

from politidok.context import evaluation, handlingsplan, meetings
from politidok.core.errors import InputError
from politidok.core.options import BuildOptions
from politidok.load import load_region

PLAN = Path("agreements") / "hallingdal" / "handlingsplan" / "2025.yaml"


def _problems(copy: Path, rel: Path | str, old: str, new: str) -> list:
    path = copy / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_region(copy / "agreements" / "hallingdal", display_root=copy)
    return info.value.problems


def _line(copy: Path, rel: Path | str, needle: str, nth: int = 0) -> int:
    lines = (copy / rel).read_text(encoding="utf-8").splitlines()
    return [i for i, ln in enumerate(lines, 1) if needle in ln][nth]


@pytest.fixture(scope="module")
def region():
    return load_region(ROOT / "agreements" / "hallingdal")


# --- validation -------------------------------------------------------------------------------


def test_duplicate_id(region_copy):
    problems = _problems(region_copy, PLAN, "id: T-2025-02", "id: T-2025-01")
    [p] = [p for p in problems if p.file.endswith("2025.yaml") and "handlingsplan" in p.file]
    assert (p.file, p.field) == (PLAN.as_posix(), "tiltak[2].id")
    assert p.line == _line(region_copy, PLAN, "id: T-2025-01", 1)
    assert p.message == "id-en «T-2025-01» er brukt før i planen (en id brukes bare én gang)"


def test_unknown_id_reported_at_a_meeting(region_copy):
    rel = Path("agreements/hallingdal/moter/2025-04-08-hol.yaml")
    [p] = _problems(region_copy, rel, "tiltak: T-2025-04", "tiltak: T-2025-44")
    assert p.file == rel.as_posix() and p.field == "saker[4].rapportert[2].tiltak"
    assert p.line == _line(region_copy, rel, "T-2025-44")
    assert p.message.startswith("ukjent tiltak «T-2025-44» (kjente: T-2025-01, T-2025-02,")


def test_measure_outside_every_priority_area(region_copy):
    [p] = _problems(region_copy, PLAN, "satsingsomrade: vold-naere-relasjoner", "satsingsomrade: trafikk")
    assert p.field == "tiltak[4].satsingsomrade"
    assert p.message == (
        "tiltaket hører ikke til noe satsingsområde: ukjent «trafikk» (kjente: ungdom, vold-naere-relasjoner)"
    )


def test_responsible_party_not_in_the_council(region_copy):
    [p] = _problems(region_copy, PLAN, "ansvarlig: SLT-koordinator", "ansvarlig: SLT-koordinator og Rektor")
    assert p.field == "tiltak[2].ansvarlig" and p.line == _line(region_copy, PLAN, "og Rektor")
    assert p.message.startswith(
        "«Rektor» er ikke med i politirådet (ansvarlig kan være kommunene, «politiet» eller en rolle i politirådet: "
    )


@pytest.mark.slow  # the CLI in a subprocess
def test_all_problems_at_once_through_the_cli(region_copy):
    path = region_copy / PLAN
    text = path.read_text(encoding="utf-8")
    text = text.replace("id: T-2025-02", "id: T-2025-01").replace(
        "ansvarlig: Kommunedirektør i Hol", "ansvarlig: Vaktmester", 1
    )
    text = text.replace("satsingsomrade: vold-naere-relasjoner", "satsingsomrade: trafikk", 1)
    text = text.replace(
        "vedtatt: {mote: 2025-05-13-nesbyen, sak: 2/25}", "vedtatt: {mote: 2025-05-13-nesbyen, sak: 9/25}"
    )
    path.write_text(text, encoding="utf-8")
    hol = region_copy / "agreements" / "hallingdal" / "moter" / "2025-04-08-hol.yaml"
    hol.write_text(hol.read_text(encoding="utf-8").replace("tiltak: T-2025-04", "tiltak: T-2025-77"), encoding="utf-8")
    proc = run_cli("check", "hallingdal", "--agreements", str(region_copy / "agreements"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    # the five above, and what follows from the changed id: T-2025-02 is reported in Ål and assessed in evaluering/
    assert proc.stderr.startswith("Fant 7 feil i inndata:")
    for text in (
        "2025.yaml:",
        "er brukt før i planen",
        "«Vaktmester» er ikke med i politirådet",
        "ukjent «trafikk»",
        "møtet 2025-05-13-nesbyen har ingen sak 9/25",
        "ukjent tiltak «T-2025-77»",
    ):
        assert text in proc.stderr, text


def test_report_before_adoption_and_twice(region_copy):
    rel = Path("agreements/hallingdal/moter/2025-03-11-al.yaml")
    problems = _problems(region_copy, rel, "tiltak: T-2025-03", "tiltak: T-2025-09")  # adopted in October
    assert [p.message for p in problems] == ["«T-2025-09» ble vedtatt 2025-10-07, etter dette møtet"]
    problems = _problems(region_copy, rel, "tiltak: T-2025-09", "tiltak: T-2025-01")
    assert [p.message for p in problems] == ["status for «T-2025-01» er rapportert to ganger i samme sak"]


def test_status_is_one_of_the_five(region_copy):
    rel = Path("agreements/hallingdal/moter/2025-10-07-hemsedal.yaml")
    [p] = _problems(region_copy, rel, "status: utgått", "status: avlyst")
    assert p.field == "saker[3].rapportert[3].status"
    assert (
        p.message == "må være en av: gjennomført, pågår, ikke startet (ikkje starta), utgått, videreført (vidareført)"
    )


def test_a_status_written_in_nynorsk_is_the_same_status(region_copy):
    """«ikkje starta» as a nynorsk secretary writes it is «ikke startet»; a document writes its own målform's label."""
    from politidok.core.status import Status

    path = region_copy / "agreements/hallingdal/moter/2025-10-07-hemsedal.yaml"
    text = path.read_text(encoding="utf-8")
    assert "status: utgått" in text
    path.write_text(text.replace("status: utgått", "status: Ikkje  starta", 1), encoding="utf-8")
    region = load_region(region_copy / "agreements/hallingdal")
    reported = [r.status for s in region.moter["2025-10-07-hemsedal"].saker for r in s.rapportert]
    assert Status.IKKE_STARTET in reported and all(isinstance(r, Status) for r in reported)
    assert Status.IKKE_STARTET.label("nn") == "ikkje starta" and Status.IKKE_STARTET.label("nb") == "ikke startet"


def test_id_and_sak_number_forms(region_copy):
    problems = _problems(region_copy, PLAN, "id: T-2025-04", "id: T-25-4")
    assert [(p.field, p.message) for p in problems if p.field == "tiltak[4].id"] == [
        ("tiltak[4].id", "må være en tiltaks-id på formen T-ÅÅÅÅ-NN, f.eks. «T-2025-03»")
    ]
    problems = _problems(region_copy, PLAN, "sak: 3/25}", "sak: 3-25}")  # the id above is still wrong
    assert ("tiltak[3].vedtatt.sak", "må være et saksnummer på formen N/ÅÅ, f.eks. «2/25»") in [
        (p.field, p.message) for p in problems
    ]


def test_unknown_adopting_meeting(region_copy):
    [p] = _problems(region_copy, PLAN, "mote: 2025-04-08-hol, sak: 2/25", "mote: 2025-04-09-hol, sak: 2/25")
    assert p.field == "tiltak[5].vedtatt.mote" and p.message == "fant ikke møtefilen moter/2025-04-09-hol.yaml"


# --- queries: history and status at a date ---------------------------------------------------


def test_history_of_a_measure_reported_at_three_meetings(region):
    found = handlingsplan.history(region.moter, "T-2025-01")
    assert [(r.mote, r.status) for r in found] == [
        ("2025-03-11-al", "pågår"),
        ("2025-04-08-hol", "pågår"),
        ("2025-10-07-hemsedal", "gjennomført"),
    ]
    assert handlingsplan.status_at(region.moter, "T-2025-01", date(2025, 2, 10)) == "ikke startet"
    assert handlingsplan.status_at(region.moter, "T-2025-01", date(2025, 9, 1)) == "pågår"
    assert handlingsplan.status_at(region.moter, "T-2025-01", date(2025, 12, 31)) == "gjennomført"


def test_report_context_history_and_never_reported(region):
    ev = region.evalueringer[2025]
    facts = evaluation.facts(region.avtale, region.moter, ev, region.handlingsplaner[2025])
    ctx = evaluation.report_context(region.avtale, ev, facts, None)
    [h] = [h for h in ctx["historikk"] if h["tiltak"].startswith("T-2025-01 ")]
    assert h["linjer"] == [
        # the bokmål report takes the bokmål of a comment written in both målformer at a nynorsk meeting
        "11.03.2025, Ål: pågår – Planleggingen med utekontakten er i gang; første patrulje i mai.",
        "08.04.2025, Hol: pågår – Første patrulje er satt opp lørdag 17. mai.",
        "07.10.2025, Hemsedal: gjennomført – Patruljen gikk hver lørdag fra juni til august.",
    ]
    assert h["slutt"] == "gjennomført" and h["frist"] == "31.10.2025 (overholdt)"
    assert [t["tiltak"] for t in ctx["ikke_rapportert"]] == [
        "T-2025-10 Felles handlingsplan mot vold i nære relasjoner"
    ]
    verdicts = {a.id: a.frist_vurdering for a in facts.actions}
    assert verdicts["T-2025-08"] == "ikke overholdt" and verdicts["T-2025-03"] == "ikke nådd"
    assert [a.id for a in facts.overdue] == ["T-2025-08"]


def test_a_measure_is_late_only_when_the_input_says_it_was_done_late():
    """The issue: «15.05.2025 (etter fristen)» for a measure reported done at the meeting of 12 June, though
    it was done «før russetida»: the date judged was the meeting's, not the day it was done. A measure is
    late only when a report gives the day it was done (`gjennomfort`) and that day is after the deadline."""
    sogn = load_region(ROOT / "agreements" / "sogn")
    ev = sogn.evalueringer[2025]
    facts = evaluation.facts(sogn.avtale, sogn.moter, ev, sogn.handlingsplaner[2025])
    by_id = {a.id: a for a in facts.actions}
    assert (by_id["T-2025-01"].frist_vurdering, by_id["T-2025-01"].meldt) == ("rapportert", date(2025, 6, 12))
    assert by_id["T-2025-05"].frist_vurdering == "rapportert"
    assert by_id["T-2025-02"].frist_vurdering == "ikke overholdt"  # open, past its deadline
    nn = evaluation.report_context(sogn.avtale, ev, facts, None, "nn")
    frister = {t["tiltak"][:9]: t["frist"] for o in nn["omrader"] for t in o["tiltak"]}
    assert frister["T-2025-01"] == "15.05.2025 (rapportert gjennomført i møtet 12.06.2025)"
    assert frister["T-2025-02"] == "30.11.2025 (ikkje overhalden)"
    assert "etter fristen" not in " ".join(frister.values())

    # Hallingdal's T-2025-06: reported done 13 May (deadline 25 April), done 22 April as the report says
    hallingdal = load_region(ROOT / "agreements" / "hallingdal")
    ev = hallingdal.evalueringer[2025]
    facts = evaluation.facts(hallingdal.avtale, hallingdal.moter, ev, hallingdal.handlingsplaner[2025])
    [t06] = [a for a in facts.actions if a.id == "T-2025-06"]
    assert t06.frist_vurdering == "overholdt"
    ctx = evaluation.report_context(hallingdal.avtale, ev, facts, None)
    [h] = [h for h in ctx["historikk"] if h["tiltak"].startswith("T-2025-06 ")]
    assert h["frist"] == "25.04.2025 (overholdt)"
    assert h["linjer"] == [
        "13.05.2025, Nesbyen: gjennomført 22.04.2025 – Brevet ble sendt til alle foresatte 22. april."
    ]


def _report(day: date, status: str, done: date | None = None) -> handlingsplan.Report:
    from politidok.core.status import Status

    return handlingsplan.Report("T-2025-01", "m", day, "1/25", Status(status), "", False, done)


@pytest.mark.parametrize(
    ("reports", "verdict"),
    [
        ([_report(date(2025, 6, 12), "gjennomført")], ("rapportert", date(2025, 6, 12))),
        ([_report(date(2025, 5, 15), "gjennomført")], ("overholdt", None)),  # reported by the deadline
        ([_report(date(2025, 6, 12), "gjennomført", date(2025, 5, 2))], ("overholdt", None)),
        ([_report(date(2025, 6, 12), "gjennomført", date(2025, 5, 16))], ("etter fristen", None)),
        ([_report(date(2025, 3, 1), "pågår"), _report(date(2025, 6, 12), "pågår")], ("ikke overholdt", None)),
        ([_report(date(2025, 3, 1), "pågår")], ("ikke overholdt", None)),
        ([_report(date(2025, 6, 12), "utgått")], ("utgått", None)),
    ],
)
def test_deadline_verdicts(reports, verdict):
    status = reports[-1].status
    assert evaluation.deadline_verdict(date(2025, 5, 15), tuple(reports), status, date(2025, 12, 15)) == verdict
    if status == "pågår":  # before the deadline it is not reached yet
        assert evaluation.deadline_verdict(date(2025, 12, 31), tuple(reports), status, date(2025, 12, 15))[0] == (
            "ikke nådd"
        )


def test_done_date_is_checked(region_copy):
    meeting = Path("agreements") / "hallingdal" / "moter" / "2025-05-13-nesbyen.yaml"
    [p] = _problems(region_copy, meeting, "gjennomfort: 2025-04-22", "gjennomfort: 2025-05-14")
    assert p.field == "saker[3].rapportert[2].gjennomfort"
    assert "kan ikke være gjennomført 2025-05-14, etter møtet (2025-05-13)" in p.message
    text = (ROOT / meeting).read_text(encoding="utf-8")
    assert p.line == next(i for i, ln in enumerate(text.splitlines(), 1) if "gjennomfort:" in ln)
    problems = _problems(
        region_copy,
        meeting,
        "status: gjennomført\n        gjennomfort: 2025-05-14",
        "status: pågår\n        gjennomfort: 2025-04-22",
    )
    assert any("«gjennomfort»" in p.message and "status «gjennomført»" in p.message for p in problems)


# --- minutes show the plan as it stood at that meeting ------------------------------------------


def test_minutes_show_the_status_reported_at_that_meeting(region):
    rows = lambda name, sprak="nb": meetings.minutes_context(
        region.avtale, region.moter[name], sprak, public=False, plans=region.handlingsplaner, name=name
    )["oppfolging"]
    gol = rows("2025-02-10-gol", "nn")
    assert [(r["sak"], r["tiltak"][:9], r["status"]) for r in gol] == [
        ("2/25", "T-2025-01", "nytt tiltak"),
        ("2/25", "T-2025-02", "nytt tiltak"),
        ("3/25", "T-2025-03", "nytt tiltak"),
    ]
    assert gol[0]["kommentar"] == "Vedteke i møtet."
    hol = {r["tiltak"][:9]: (r["status"], r["kommentar"]) for r in rows("2025-04-08-hol")}
    assert hol["T-2025-01"] == ("pågår", "Første patrulje er satt opp lørdag 17. mai.")
    hemsedal = {r["tiltak"][:9]: r["status"] for r in rows("2025-10-07-hemsedal", "nn")}
    assert hemsedal["T-2025-01"] == "gjennomført" and hemsedal["T-2025-08"] == "ikkje starta"


def test_a_later_meeting_leaves_earlier_minutes_unchanged(region_copy):
    """The contexts (and so the bytes: the build is deterministic) of earlier minutes stay the same."""
    folder = region_copy / "agreements" / "hallingdal"
    before = load_region(folder)
    ctx = lambda r: {
        n: meetings.minutes_context(r.avtale, m, "nb", False, r.handlingsplaner, n)
        for n, m in r.moter.items()
        if m.referat
    }
    old = ctx(before)
    later = yaml.safe_load((folder / "moter" / "2025-11-20-felles.yaml").read_text(encoding="utf-8"))
    later["dato"] = date(2025, 12, 9)
    later["saker"] = [
        {
            "nummer": "4/25",
            "tittel": "Oppfølging av handlingsplanen",
            "rapportert": [
                {"tiltak": "T-2025-01", "status": "utgått", "kommentar": "Ny vurdering."},
                {"tiltak": "T-2025-08", "status": "gjennomført"},
            ],
        }
    ]
    (folder / "moter" / "2025-12-09-felles.yaml").write_text(
        yaml.safe_dump(later, allow_unicode=True), encoding="utf-8"
    )
    after = load_region(folder)
    new = ctx(after)
    assert set(new) == set(old) | {"2025-12-09-felles"}
    assert all(new[n] == old[n] for n in old)
    assert handlingsplan.status_at(after.moter, "T-2025-01", date(2025, 12, 31)) == "utgått"


def test_next_year_plan_keeps_ids(region_copy):
    from politidok.build.nextyear import next_year
    from politidok.core.paths import Paths

    paths = Paths(region_copy / "agreements", region_copy / "templates", region_copy / "out")
    plans = region_copy / "agreements" / "hallingdal" / "handlingsplan"
    (plans / "2026.yaml").unlink()  # the example's, begun by hand
    next_year("hallingdal", 2025, paths)
    data = yaml.safe_load((plans / "2026.yaml").read_text("utf-8"))
    assert data["ar"] == 2026
    assert [(t["id"], t["viderefort_fra"]) for t in data["tiltak"]] == [
        ("T-2025-03", 2025),
        ("T-2025-08", 2025),
        ("T-2025-10", 2025),
    ]
    assert load_region(region_copy / "agreements" / "hallingdal").handlingsplaner[2026].tiltak[0].id == "T-2025-03"
    begun = plans / "2026.yaml"  # a plan begun by the secretary is left as it is, unless --force
    begun.write_text(begun.read_text(encoding="utf-8") + "# mine notater\n", encoding="utf-8")
    (region_copy / "agreements" / "hallingdal" / "evaluering" / "2026.yaml").unlink()
    next_year("hallingdal", 2025, paths)
    assert "# mine notater" in begun.read_text(encoding="utf-8")
    next_year("hallingdal", 2025, paths, force=True)
    assert "# mine notater" not in begun.read_text(encoding="utf-8")


# --- the handlingsplan document kind -------------------------------------------------------------


def test_plan_of_the_kind(region):
    from politidok import documents

    todo = documents.plan(region, ROOT / "templates", BuildOptions(frozenset({"handlingsplan"})))
    assert [d.stem for d in todo.documents] == [
        "handlingsplan-2025-nb",
        "handlingsplan-2025-nn",
        "handlingsplan-2026-nb",
        "handlingsplan-2026-nn",
        "saksframlegg-handlingsplan-2026",
    ]
    assert [p.stem for p in todo.packages] == ["pakke-handlingsplan-2026"]
    assert documents.get("handlingsplan").codes == ("DOKUMENT", "X")
    nn = todo.documents[1].context
    assert nn["dato"] == "20. november 2025"  # the year's last meeting with reports
    rows = {t["id"]: t["status"] for o in nn["omrader"] for t in o["tiltak"]}
    assert rows["T-2025-01"] == "gjennomført" and rows["T-2025-10"] == "ikkje starta" and rows["T-2025-08"] == "pågår"
    plan2026 = {t["id"]: t["status"] for o in todo.documents[2].context["omrader"] for t in o["tiltak"]}
    assert plan2026["T-2026-01"] == "foreslått" and plan2026["T-2025-03"] == "pågår"
