"""Trøndelag Sør: the same agreement template for a regional council, the saksframlegg and the package."""

from __future__ import annotations

import json
import re

import pikepdf
from conftest import FIXTURES, ROOT, flat_text, need, pdftotext, word_ratio
from pypdf import PdfReader

from politidok.archive import preflight
from politidok.load import load_region

CASE = "saksframlegg-etablering-regionalt-politirad.pdf"
PACKAGE = "pakke-etablering-regionalt-politirad.pdf"
CASE_HEADINGS = ["Ingress", "Saksopplysninger", "Vurdering", "Rådgivers tilrådning"]


def test_both_regions_validate_with_one_schema():
    hallingdal = load_region(ROOT / "agreements" / "hallingdal")
    trondelag = load_region(ROOT / "agreements" / "trondelag-sor")
    assert type(hallingdal.avtale) is type(trondelag.avtale)
    assert [e.leder for e in trondelag.avtale.politi.enheter] == ["driftsenhetsleder", "driftsenhetsleder"]
    assert any(m.tittel == "Politimester" and m.deltakelse == "fast" for m in trondelag.avtale.medlemmer)
    assert trondelag.avtale.tjenestetilbud is None and trondelag.avtale.signering.dato is None
    assert list(trondelag.saker) == ["etablering-regionalt-politirad"]


def test_manifest_kinds(trondelag_build):
    data = json.loads((trondelag_build / "manifest.json").read_text(encoding="utf-8"))
    assert {e["kind"] for e in data["files"]} == {"samarbeidsavtale", "saksframlegg", "pakke", "arkivmelding"}
    assert {e["path"] for e in data["files"]} == {p.name for p in trondelag_build.iterdir()} - {"manifest.json"}


def test_case_reproduces_the_seed(trondelag_build):
    seed = (FIXTURES / "trondelag-sor-saksframlegg.txt").read_text(encoding="utf-8")
    ratio = word_ratio(seed, pdftotext(trondelag_build / CASE))
    assert ratio >= 0.93, f"word ratio {ratio:.3f}"


def test_case_structure(trondelag_build):
    pdf = trondelag_build / CASE
    lines = [ln.strip() for ln in pdftotext(pdf).splitlines()]
    positions = [lines.index(h) for h in CASE_HEADINGS]
    assert positions == sorted(positions)
    text = flat_text(pdf)
    # the quoted block and its source line, right after it
    assert "frivillighetssektoren samt politiet i det kriminalitetsforebyggende arbeidet" in text
    assert "samfunnssikkerhet. Trøndelag Politidistrikt, 10.12.2018" in text
    # numbered recommendations, in order
    first = text.index("1. Trøndelag Politidirektorats forslag")
    assert text.index("2. Leder i Regionrådet Trøndelag Sør") > first
    assert "Vedlegg 1: Forslag til samarbeidsavtale for Regionalt politiråd Trøndelag Sør" in text


def test_agreement_for_a_regional_council(trondelag_build):
    pdf = trondelag_build / "samarbeidsavtale.pdf"
    text = flat_text(pdf)
    assert "Det regionale Politirådet i Trøndelag Sør er politiets og kommunenes formaliserte samarbeidsforum" in text
    assert "politimesteren i Trøndelag politidistrikt" in text
    assert "politiets driftsenhetsledere i Gauldal og Orkdal" in text
    assert "organisatorisk knyttet til lokale tjenesteenheter" in text
    assert "Melhus, Midtre Gauldal, Holtålen, Røros / Rosse, Rennebu og Oppdal kommuner" in text
    assert "Politirådet har ett felles politirådsmøte i året" in text
    assert "Avtalen gjelder fra den er signert av partene" in text
    # nothing the seed does not say: no service locations, no switchboard hours, no signing date
    for invented in ("fysiske tjenestesteder", "sentralbord", "Hallingdal", "oktober 2024"):
        assert invented not in text
    last = pdftotext(pdf, "-f", str(len(PdfReader(pdf).pages)), "-l", str(len(PdfReader(pdf).pages)))
    assert "Ordfører i Røros / Rosse" in last and "Politimester i Trøndelag politidistrikt" in last
    assert set(PdfReader(pdf).get_fields()) == {
        "politimester",
        "ordforer_melhus",
        "ordforer_midtre_gauldal",
        "ordforer_holtalen",
        "ordforer_roros",
        "ordforer_rennebu",
        "ordforer_oppdal",
    }


def test_package_bookmarks_and_pages(trondelag_build):
    pages = {name: len(PdfReader(trondelag_build / name).pages) for name in (CASE, "samarbeidsavtale.pdf", PACKAGE)}
    assert pages[PACKAGE] == 1 + pages[CASE] + pages["samarbeidsavtale.pdf"]  # the contents page first
    with pikepdf.open(trondelag_build / PACKAGE) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            contents, *top = list(outline.root)
            assert contents.title == "Innhold" and index[contents.destination[0].objgen] == 0
            assert [item.title for item in top] == [
                (
                    "Saksframlegg: Avtale om etablering av regionalt Politiråd mellom Regionrådet Trøndelag Sør og "
                    "Trøndelag Politidistrikt"
                ),
                "Vedlegg 1: Forslag til samarbeidsavtale for Regionalt politiråd Trøndelag Sør",
            ]
            starts = [index[item.destination[0].objgen] for item in top]
            assert starts == [1, 1 + pages[CASE]]
            assert [c.title for c in top[0].children][:3] == ["Ingress", "Saksopplysninger", "Vurdering"]
            assert "Gyldighet" in [c.title for c in top[1].children]
            assert all(index[c.destination[0].objgen] >= 1 + pages[CASE] for c in top[1].children)
        # every page's tagged content is still found in the merged structure tree
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        keys = {int(nums[i]) for i in range(0, len(nums), 2)}
        assert {int(p.obj.StructParents) for p in pdf.pages} <= keys
        assert len({int(p.obj.StructParents) for p in pdf.pages}) == len(pdf.pages)
        assert "/AcroForm" not in pdf.Root  # a package is for reading, the agreement itself is signed
    first = " ".join(pdftotext(trondelag_build / PACKAGE, "-f", "1", "-l", "1").split())
    assert first.startswith("Innhold Saksframlegg med vedlegg") and first.endswith(f"Side 1 av {pages[PACKAGE]}")
    for page in range(2, pages[PACKAGE] + 1):  # one page number per page, the package's (not the part's own)
        text = " ".join(pdftotext(trondelag_build / PACKAGE, "-f", str(page), "-l", str(page)).split())
        assert text.endswith(f"Side {page} av {pages[PACKAGE]}")
        assert len(re.findall(r"Side \d+ av \d+", text)) == 1, page


def test_rebuild_from_clean_output_is_byte_identical(trondelag_build, tmp_path):
    from conftest import run_cli

    proc = run_cli("build", "trondelag-sor", "--output", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    again = tmp_path / "trondelag-sor"
    names = sorted(p.name for p in trondelag_build.iterdir())
    assert names == sorted(p.name for p in again.iterdir()) and len(names) == 9
    for name in names:
        assert (again / name).read_bytes() == (trondelag_build / name).read_bytes(), name


def test_every_pdf_passes_preflight(trondelag_build):
    need("java")
    results = preflight.validate(sorted(trondelag_build.glob("*.pdf")))
    assert len(results) == 3
    for result in results:
        assert result.ok, (result.path.name, result.errors)
