"""Issue 14, item 5: the evaluation report and its saksframlegg in nynorsk when the council writes nynorsk."""

from __future__ import annotations

import json
import re

import pikepdf
import pytest
from conftest import ROOT, copy_agreements, flat_text, need, run_cli

from politidok.assemble import accessibility
from politidok.context import evaluation
from politidok.load import load_region

REGION = ROOT / "agreements" / "hallingdal"
STEMS = ("evalueringsrapport-2025", "saksframlegg-evaluering-2025", "pakke-evaluering-2025")


@pytest.fixture(scope="module")
def region():
    return load_region(REGION)


def _facts(region):
    ev = region.evalueringer[2025]
    return ev, evaluation.facts(region.avtale, region.moter, ev, region.handlingsplaner.get(2025))


def test_nynorsk_council_gets_a_nynorsk_report(tmp_path):
    need("hunspell", "java")
    from stavekontroll import misspelled, pdf_texts, yaml_words

    agreements = tmp_path / "agreements"
    copy_agreements(REGION, agreements / "hallingdal")
    path = agreements / "hallingdal" / "avtale.yaml"
    text, count = re.subn(
        r"(?m)^(\s+)malform: (bokmal|noytral)$", r"\1malform: nynorsk", path.read_text(encoding="utf-8")
    )
    assert count == 3
    path.write_text(text, encoding="utf-8")
    proc = run_cli("build", "hallingdal", "--agreements", str(agreements), "--output", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    out = tmp_path / "out" / "hallingdal"

    report = flat_text(out / "evalueringsrapport-2025.pdf")
    assert (
        "Samandrag Politirådet heldt seks av sju planlagde møte i 2025. Møta vedtok ti tiltak: seks er "
        "gjennomførte, to pågår, eitt er ikkje starta og eitt er utgått. Eitt møte til vart kalla inn, men "
        "referatet er ikkje registrert. Eitt tiltak har passert fristen utan å "
        "vere gjennomført. Eitt tiltak i saker som er unnatekne frå offentlegheit, er ikkje teke med" in report
    )
    assert "Forventa utfordringar" in report and "Eigenevaluering" in report
    assert "pågår – forfalle" in report and "(overhalden)" in report
    assert not re.search(r"\b(ikke startet|Sammendrag|Ansvarlig|Holdt)\b", report)
    case = flat_text(out / "saksframlegg-evaluering-2025.pdf")
    assert "Saksopplysningar I 2025 vart det halde seks av sju planlagde politirådsmøte" in case
    assert "Tilråding 1." in case and "Saksbehandlar:" in case

    region = load_region(agreements / "hallingdal")
    _ev, facts = _facts(region)
    alt = evaluation.chart_alt(facts, evaluation.area_titles(region.in_malform("nn").avtale), "nn")  # nn titles
    assert "ikkje starta" in alt
    manifest = {e["path"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    for stem in STEMS:  # the same file names as in bokmål
        assert manifest[f"{stem}.pdf"]["language"] == "nn"
        with pikepdf.open(out / f"{stem}.pdf") as pdf:
            assert str(pdf.Root.Lang) == "nn-NO"
            figures = [e for e in accessibility.elements(pdf.Root.StructTreeRoot) if e.S == pikepdf.Name.Figure]
            assert [str(f.Alt) for f in figures] == ([] if stem.startswith("saksframlegg") else [alt])
    proc = run_cli("verify", *(str(out / f"{stem}.pdf") for stem in STEMS))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("ok   språk: /Lang nn-NO") == 3

    texts = {k: v for k, v in pdf_texts(out).items() if "evaluering" in k}
    assert {v[0] for v in texts.values()} == {"nn"} and len(texts) == 2
    bad = misspelled(texts, yaml_words(agreements / "hallingdal"))
    assert not bad, bad
