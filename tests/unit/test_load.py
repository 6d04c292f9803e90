"""Validation of avtale.yaml: every problem at once, with file, line and field, in Norwegian."""

from __future__ import annotations

from pathlib import Path

import pytest

from politidok.core.errors import InputError
from politidok.load import load_agreement
from politidok.load.yamlsource import read

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "agreements" / "hallingdal" / "avtale.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    region = tmp_path / "region"
    region.mkdir(exist_ok=True)
    (region / "avtale.yaml").write_text(text, encoding="utf-8")
    return region


def problems(tmp_path: Path, text: str) -> list:
    with pytest.raises(InputError) as info:
        load_agreement(write(tmp_path, text), display_root=tmp_path)
    return info.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_hallingdal_is_valid():
    avtale = load_agreement(ROOT / "agreements" / "hallingdal")
    assert [k.navn for k in avtale.kommuner] == ["Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"]
    assert {k.navn: k.malform for k in avtale.kommuner}["Gol"] == "nn"
    assert avtale.satsingsomrader.vedtatt.isoformat() == "2024-10-25"
    assert avtale.signering.dato.isoformat() == "2024-10-17"
    assert len(avtale.signering.signatarer) == 7
    assert avtale.tjenestetilbud.sentralbord.fra == "08.00"
    assert avtale.tjenestetilbud.sentralbord.til == "15.00"  # not the YAML 1.1 number 900


def test_unknown_key_names_line_and_suggests(tmp_path):
    text = GOOD.replace("  kontaktledd:", "  kontakledd:")
    found = {p.field: p for p in problems(tmp_path, text)}
    assert set(found) == {"politirad.kontakledd", "politirad.kontaktledd"}  # the real key is now missing too
    p = found["politirad.kontakledd"]
    assert p.file == "region/avtale.yaml"
    assert p.line == line_of(text, "kontakledd:")
    assert p.field == "politirad.kontakledd"
    assert "ukjent felt" in p.message and "kontaktledd" in p.message


def test_all_problems_reported_at_once(tmp_path):
    text = (
        GOOD.replace("  navn: Politirådet i Hallingdal\n", "")  # missing field
        .replace("  per_kommune: 1", "  per_kommune: en")  # wrong type
        .replace("  dato: 2024-10-17", "  dato: 17.10.2024")  # not a date
        .replace("    malform: noytral", "    malform: samisk")  # not in the list
        .replace("  evaluering:", "  evalueringen:")  # unknown key
    )
    found = {p.field: p for p in problems(tmp_path, text)}
    assert found["politirad.navn"].message == "mangler (feltet er påkrevd)"
    assert found["politirad.navn"].line == line_of(text, "politirad:")
    assert found["moter.per_kommune"].message == "må være et heltall"
    assert found["moter.per_kommune"].line == line_of(text, "per_kommune: en")
    assert "ÅÅÅÅ-MM-DD" in found["signering.dato"].message
    assert found["kommuner[6].malform"].message == (
        "må være nb (bokmål), nn (nynorsk) eller noytral (kommunen har ikke vedtatt målform)"
    )
    assert found["kommuner[6].malform"].line == line_of(text, "malform: samisk")
    assert "ukjent felt" in found["gyldighet.evalueringen"].message
    assert "gyldighet.evaluering" not in found  # optional (issue 14): a council may not have decided where


def test_wrong_type_text_expected(tmp_path):
    text = GOOD.replace("  distrikt: Sør-Øst politidistrikt", "  distrikt: [Sør-Øst]")
    [p] = problems(tmp_path, text)
    assert (p.field, p.message) == ("politi.distrikt", "må være tekst, ikke liste")


def test_broken_yaml_syntax(tmp_path):
    text = GOOD.replace("  region: Hallingdal", "  region: [Hallingdal")
    [p] = problems(tmp_path, text)
    assert p.message.startswith("ugyldig YAML-syntaks")
    assert abs(p.line - line_of(text, "region: [Hallingdal")) <= 2


def test_duplicate_key_is_an_error(tmp_path):
    text = GOOD.replace("  region: Hallingdal\n", "  region: Hallingdal\n  region: Valdres\n")
    [p] = problems(tmp_path, text)
    assert p.field == "politirad.region" and "to ganger" in p.message
    assert p.line == line_of(text, "region: Valdres")


def test_reference_to_unknown_municipality(tmp_path):
    text = GOOD.replace("      kommune: Hemsedal", "      kommune: Hemsdal")
    [p] = problems(tmp_path, text)
    assert p.field == "signering.signatarer[7].kommune"
    assert "ukjent kommune «Hemsdal»" in p.message


def test_duplicate_signature_field(tmp_path):
    text = GOOD.replace("      kommune: Hemsedal", "      kommune: Hol")
    [p] = problems(tmp_path, text)
    assert "ordforer_hol" in p.message


def test_yaml_12_scalars(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: no\nb: 15:00\nc: on\nd: 2024-10-25\ne: true\nf: 12\n", encoding="utf-8")
    source, issues = read(path)
    assert not issues
    assert source.data["a"] == "no" and source.data["b"] == "15:00" and source.data["c"] == "on"
    assert source.data["d"].isoformat() == "2024-10-25" and source.data["e"] is True and source.data["f"] == 12


def test_report_is_norwegian_and_counts(tmp_path):
    text = GOOD.replace("  region: Hallingdal\n", "").replace("  distrikt: Sør-Øst politidistrikt\n", "")
    with pytest.raises(InputError) as info:
        load_agreement(write(tmp_path, text), display_root=tmp_path)
    report = info.value.report()
    assert report.startswith("Fant 2 feil i inndata:")
    assert "region/avtale.yaml:" in report and "Ingenting er skrevet til output/." in report
