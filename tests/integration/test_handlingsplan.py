"""The action plan (handlingsplan): validation messages, status history, minutes as the plan stood then.

Fast tests (no LibreOffice): the plan and meeting files of Hallingdal, broken one way at a time.
"""

from __future__ import annotations

from datetime import date

import yaml
from conftest import flat_text, need, run_cli


def test_plan_documents_built(hallingdal_build):
    import json

    from politidok.archive import arkivmelding, preflight

    text = flat_text(hallingdal_build / "handlingsplan-2025-nn.pdf", "-layout")
    assert "Handlingsplan 2025 Politirådet i Hallingdal" in text
    assert text.count("Dato:") == 1 and "Dato: 20.11.2025" in text  # the letterhead's, not again in the body
    assert "rapportert i eit politirådsmøte per 20. november 2025" in text
    assert "Førebyggje vald i nære relasjonar Id Tiltak Ansvarleg Frist Status" in text  # the area in nynorsk
    assert "Handlingsplanen samlar tiltaka som politiråda i Hallingdal har vedteke" in text
    assert "Handlingsplanen samler" not in text and "Forebygge vold" not in text  # no bokmål opening
    assert "T-2025-10 Felles handlingsplan mot Kommunedirektør og 31.03.2026 ikkje starta" in text
    nb = flat_text(hallingdal_build / "handlingsplan-2026-nb.pdf", "-layout")
    assert "T-2026-01 Felles plan for russetiden med SLT-koordinator og 15.04.2026 foreslått" in nb
    case = flat_text(hallingdal_build / "saksframlegg-handlingsplan-2026.pdf")
    assert "Handlingsplanen for 2026 har fem tiltak, hvorav tre er ført videre fra 2025 med samme id og to er" in case
    import pikepdf

    with pikepdf.open(hallingdal_build / "pakke-handlingsplan-2026.pdf") as pdf, pdf.open_outline() as outline:
        assert [i.title for i in outline.root] == [
            "Innhold",
            "Saksframlegg: Handlingsplan 2026 – Politirådet i Hallingdal",
            "Vedlegg 1: Handlingsplan 2026 – Politirådet i Hallingdal",
        ]
    kinds = {e["path"]: e for e in json.loads((hallingdal_build / "manifest.json").read_text())["files"]}
    assert (
        kinds["handlingsplan-2025-nn.pdf"]["kind"] == "handlingsplan"
        and kinds["handlingsplan-2025-nn.pdf"]["language"] == "nn"
    )
    xml = (hallingdal_build / "arkivmelding-handlingsplan-2025-nn.xml").read_bytes()
    assert arkivmelding.validate(xml) == [] and b"<n5mdk:kode>DOKUMENT</n5mdk:kode>" in xml
    need("java")
    names = ("handlingsplan-2025-nb.pdf", "handlingsplan-2025-nn.pdf", "pakke-handlingsplan-2026.pdf")
    results = preflight.validate([hallingdal_build / n for n in names])
    assert all(r.ok for r in results), [(r.path.name, r.errors) for r in results]


def test_a_later_meeting_leaves_every_earlier_minutes_byte_identical(region_copy, tmp_path):
    import hashlib

    from conftest import copy_args

    need("soffice")
    out = tmp_path / "out"
    args = [*copy_args(region_copy), "--output", str(out)]
    assert run_cli("build", "hallingdal", "--only", "referat", *args).returncode == 0
    minutes = lambda: {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "hallingdal").glob("referat*")
    }
    before = minutes()
    later = {
        "felles": True,
        "dato": date(2025, 12, 9),
        "fra": "10:00",
        "sted": "Gol kommunehus",
        "saker": [
            {
                "nummer": "4/25",
                "tittel": "Oppfølging av handlingsplanen",
                "vedtak": "Tatt til orientering.",
                "rapportert": [
                    {"tiltak": "T-2025-01", "status": "utgått", "kommentar": "Ny vurdering."},
                    {"tiltak": "T-2025-08", "status": "gjennomført"},
                    {"tiltak": "T-2025-10", "status": "pågår"},
                ],
            }
        ],
        "referat": {"referent": "SLT-koordinator", "til_stede": [{"tittel": "SLT-koordinator"}]},
    }
    path = region_copy / "agreements" / "hallingdal" / "moter" / "2025-12-09-felles.yaml"
    path.write_text(yaml.safe_dump(later, allow_unicode=True), encoding="utf-8")
    proc = run_cli("build", "hallingdal", "--only", "referat", *args)
    assert proc.returncode == 0, proc.stderr
    after = minutes()
    assert {n: after[n] for n in before} == before  # every earlier minutes, byte for byte
    assert set(after) - set(before) == {
        "referat-2025-12-09-felles-nb.pdf",
        "referat-2025-12-09-felles-nb.docx",
        "referat-2025-12-09-felles-nn.pdf",
        "referat-2025-12-09-felles-nn.docx",
    }
    text = flat_text(out / "hallingdal" / "referat-2025-12-09-felles-nb.pdf", "-layout")
    assert "T-2025-01 Felles" in text and "utgått Ny vurdering." in text


def test_report_reads_against_the_plan(hallingdal_build):
    text = flat_text(hallingdal_build / "evalueringsrapport-2025.pdf")
    history = text.split("Status gjennom året", 1)[1].split("Tiltak uten rapportert status", 1)[0]
    history = " ".join(w for w in history.split() if w != "•")  # the list's bullets, wherever pdftotext puts them
    assert (
        "T-2025-01 Felles helgepatrulje med utekontakten i sommerhalvåret Status ved årets slutt: gjennomført. "
        "Frist: 31.10.2025 (overholdt)."
    ) in history
    assert (
        "11.03.2025, Ål: pågår – Planleggingen med utekontakten er i gang; første patrulje i mai. "
        "08.04.2025, Hol: pågår – Første patrulje er satt opp lørdag 17. mai. "
        "07.10.2025, Hemsedal: gjennomført – Patruljen gikk hver lørdag fra juni til august."
    ) in history
    assert (
        "T-2025-08 Nettvett-undervisning i 8. trinn Status ved årets slutt: pågår. Frist: 30.11.2025 (ikke overholdt)."
        in history
    )
    # done 22 April, as the report of 13 May says: kept its deadline of 25 April (not «etter fristen»)
    assert (
        "T-2025-06 Informasjonsbrev til foresatte før russetiden Status ved årets slutt: gjennomført. Frist: "
        "25.04.2025 (overholdt). 13.05.2025, Nesbyen: gjennomført 22.04.2025 – Brevet ble sendt" in history
    )
    unreported = text.split("Tiltak uten rapportert status", 1)[1].split("Forfalte tiltak", 1)[0]
    assert (
        "T-2025-10 Felles handlingsplan mot vold i nære relasjoner (Kommunedirektør og politikontakt, vedtatt i "
        "sak 3/25, fellesmøtet 20.11.2025)" in unreported
    )
