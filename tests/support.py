"""Helpers that unit and integration tests share (beside conftest's fixtures)."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from pathlib import Path

import yaml

from politidok import documents
from politidok.build import ledger, outgoing, provenance
from politidok.load import load_region

STATUSES = ["gjennomført", "pågår", "ikke startet", "utgått"]


def independent_figures(region: Path, year: int) -> dict:
    """The report's figures, from the raw YAML (no politidok code): the action plan's measures, each with
    the status last reported at a held meeting of the year (open items only); never reported = ikke startet."""
    avtale = yaml.safe_load((region / "avtale.yaml").read_text(encoding="utf-8"))
    evaluering = yaml.safe_load((region / "evaluering" / f"{year}.yaml").read_text(encoding="utf-8"))
    plan = yaml.safe_load((region / "handlingsplan" / f"{year}.yaml").read_text(encoding="utf-8"))
    report_date = evaluering.get("dato") or dt.date(year, 12, 31)
    per_area: dict[str, Counter] = {o["id"]: Counter() for o in avtale["satsingsomrader"]["omrader"]}
    overdue, held, actions, status, history = [], Counter(), [], {}, {}
    meetings = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((region / "moter").glob("*.yaml"))]
    for mote in sorted(meetings, key=lambda m: m["dato"]):
        if mote["dato"].year != year or "referat" not in mote:
            continue
        held[mote.get("kommune", "felles")] += 1
        for sak in mote["saker"]:
            if sak.get("unntatt_offentlighet"):
                continue
            assert not sak.get("tiltak"), "the example keeps its open measures in the plan"
            for r in sak.get("rapportert", []):
                status[r["tiltak"]] = r["status"]
                history.setdefault(r["tiltak"], []).append((mote["dato"], r["status"]))
    for t in plan["tiltak"]:
        t = dict(t, status=status.get(t["id"], "ikke startet"), navn=f"{t['id']} {t['tiltak']}")
        per_area.setdefault(t["satsingsomrade"], Counter())[t["status"]] += 1
        actions.append(t)
        if t.get("frist") and t["frist"] < report_date and t["status"] in ("pågår", "ikke startet"):
            overdue.append(t["navn"])
    total = sum(per_area.values(), Counter())
    planned = avtale["moter"]["per_kommune"] * len(avtale["kommuner"]) + avtale["moter"]["felles"]
    return {
        "per_area": per_area,
        "total": total,
        "overdue": overdue,
        "held": held,
        "planned": planned,
        "actions": actions,
        "history": history,
        "titles": {o["id"]: o["tittel"] for o in avtale["satsingsomrader"]["omrader"]},
    }


def ours(cache: dict) -> list[str]:
    """The processes (LibreOffice, its bridge, Java) that run with this test's cache folder."""
    found = []
    for process in os.scandir("/proc"):
        if process.name.isdigit():
            try:
                args = Path(f"/proc/{process.name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if cache["XDG_CACHE_HOME"] in args:
                found.append(f"{process.name} {args[:120]}")
    return found


def wait_until_gone(cache: dict, limit: float = 45) -> list[str]:
    deadline = time.monotonic() + limit
    while (left := ours(cache)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


TODAY = dt.date(2026, 1, 15)  # the day a test's builds take as today
ARCHIVED = dt.date(2025, 12, 20)


class Recorded:
    """A copy of Hallingdal whose documents can be recorded as gone out (without being built)."""

    def __init__(self, copy: Path) -> None:
        self.copy = copy
        self.folder = copy / "agreements" / "hallingdal"
        self.templates = copy / "templates"

    def load(self):
        return load_region(self.folder, attachable=documents.attachable())

    def assess(self, *versions: str, today: dt.date = TODAY):
        region = self.load()
        return outgoing.assess(
            region, documents.plan(region, self.templates), versions, "hallingdal", self.templates, today
        )

    def problems(self, *versions: str) -> list:
        return self.assess(*versions)[2]

    def record(self, *stems: str, arkivert: dt.date | None = ARCHIVED, sendt: dt.date | None = None) -> None:
        region = self.load()
        todo, g, problems = self.assess()
        assert not problems, problems
        values = provenance.all_values(todo)
        items = todo.by_stem()
        for stem in stems:
            g.ledger[stem] = ledger.Archived(
                stem,
                {f"{stem}.pdf": "0" * 64},
                values[stem],
                provenance.record_inputs(region, items[stem], todo),
                arkivert=arkivert,
                sendt=sendt,
            )
        for entry in g.ledger.values():
            ledger.keep_copies(region.layout, entry.kilder.values())
        ledger.write(self.folder, g.ledger)
