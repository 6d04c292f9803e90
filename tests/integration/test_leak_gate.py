"""Closed measures in real documents, and the last gate before output/ (issue 24, item 1).

- A measure adopted in a closed sak: the built plan, report and packs show only its public view,
  and the report counts what it leaves out once per measure.
- The gate, with the path-specific filtering turned off: the build stops, naming artefact and
  item, and output/ stays as it was.
- The gate's PDF reader reads every line pdftotext reads in the documents LibreOffice makes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import copy_args, flat_text, need, pdftotext, run_cli
from support import CLOSED_MEASURE, CLOSED_MEASURE_INDICATOR, CLOSED_MEASURE_TEXT

from politidok.archive import leaks, pdftext
from politidok.core.paths import Paths

TEXT, INDICATOR, MEASURE = CLOSED_MEASURE_TEXT, CLOSED_MEASURE_INDICATOR, CLOSED_MEASURE
REPORTS = """    rapportert:
      - tiltak: T-2025-11
        status: gjennomført
        kommentar: Samtalene med gjengen ved stasjonen er gjennomført.
      - tiltak: T-2025-01
        status: pågår
"""


def _with_closed_measure(copy: Path) -> Path:
    region = copy / "agreements" / "hallingdal"
    with (region / "handlingsplan" / "2025.yaml").open("a", encoding="utf-8") as f:
        f.write(MEASURE)
    path = region / "moter" / "2025-03-11-al.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        status: gjennomført\n  - nummer: 4/25"
    assert old in text
    path.write_text(text.replace(old, "        status: gjennomført\n" + REPORTS + "  - nummer: 4/25"), encoding="utf-8")
    return region


def test_closed_measure_in_the_built_documents(region_copy, tmp_path):
    need("soffice", "pdftotext")
    _with_closed_measure(region_copy)
    out = tmp_path / "out"
    proc = run_cli("build", "hallingdal", *copy_args(region_copy), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "«T-2025-11» er vedtatt i sak 3/25 i møtet 2025-03-11-al" in proc.stdout  # no public wording: a note
    assert (out / ".politidok" / "hallingdal" / "texts.json").is_file()  # the gate read the artefacts
    build = out / "hallingdal"
    for name in ("handlingsplan-2025-nb", "handlingsplan-2025-nn", "evalueringsrapport-2025", "pakke-evaluering-2025"):
        text = flat_text(build / f"{name}.pdf")
        assert "Oppfølgingssamtaler" not in text and "bekymringsmeldinger" not in text, name
    assert "Tiltak vedtatt i sak unntatt offentlighet" in flat_text(build / "handlingsplan-2025-nb.pdf")
    assert "Tiltak vedteke i sak unnateken offentlegheit" in flat_text(build / "handlingsplan-2025-nn.pdf")
    plan = flat_text(build / "handlingsplan-2025-nb.pdf", "-layout")  # the row: id, text, no responsible, no deadline
    assert re.search(r"T-2025-11 +Tiltak vedtatt i sak unntatt +– +– +gjennomført", plan), plan
    report = flat_text(build / "evalueringsrapport-2025.pdf")
    assert "To tiltak i saker unntatt offentlighet er ikke tatt med i rapporten." in report
    assert "T-2025-11" not in report
    assert TEXT in flat_text(build / "referat-2025-03-11-al.pdf")  # the internal minutes: in full


def _good_build(copy: Path, out: Path) -> dict[str, str]:
    proc = run_cli("build", "hallingdal", *copy_args(copy), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "hallingdal").iterdir()}


def test_gate_stops_the_build_when_the_filtering_is_off(region_copy, tmp_path, monkeypatch):
    """The minutes, invitations and calendars show a closed item's own title, and the plan a closed measure in
    full: the gate stops the build, names every artefact and the item, and output/ is left as it was."""
    need("soffice")
    from politidok.build.engine import build
    from politidok.context import handlingsplan, meetings

    _with_closed_measure(region_copy)
    out = tmp_path / "out"
    before = _good_build(region_copy, out)
    monkeypatch.setattr(meetings, "_title", lambda sak, sprak, public: sak.tittel)
    monkeypatch.setattr(handlingsplan, "shown", lambda t, moter, sprak, public=True: t)
    # a change of input: else the build is a no-op, decided before any model is loaded
    path = region_copy / "agreements" / "hallingdal" / "moter" / "2025-03-11-al.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("møterom Sundre", "møterom Hallingdal"), encoding="utf-8")
    paths = Paths(region_copy / "agreements", region_copy / "templates", out)
    with pytest.raises(leaks.LeakError) as info:
        build("hallingdal", paths)
    message = str(info.value)
    al = "i sak 3/25 i moter/2025-03-11-al.yaml"
    for line in (
        f"innkalling-2025-03-11-al.pdf (side 1): tittel {al}",
        f"kalender-2025-03-11-al.ics (kalender): tittel {al}",
        f"referat-offentlig-2025-03-11-al.pdf (side 1): tittel {al}",
        "handlingsplan-2025-nb.pdf (side 1): tiltak i tiltak T-2025-11 i handlingsplan/2025.yaml",
    ):
        assert line in message, message
    assert "referat-2025-03-11-al.pdf" not in message  # the internal minutes may hold it
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "hallingdal").iterdir()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.startswith(".hallingdal-")]  # no staging folder left


def test_pdf_reader_reads_what_pdftotext_reads(hallingdal_build):
    need("pdftotext")
    pdfs = sorted(hallingdal_build.glob("*.pdf"))
    assert len(pdfs) > 20
    for pdf in pdfs:
        found = pdftext.read(pdf)
        ours = leaks.normalise("".join(body + artifacts for body, artifacts in found.pages))
        lines = [leaks.normalise(line) for line in pdftotext(pdf).splitlines()]
        missing = [line for line in lines if line and line not in ours]
        assert not missing, (pdf.name, missing[:5])
