"""The møteplan as built: its text, PDF/A and the archive's XSD."""

from __future__ import annotations

import json

from conftest import flat_text, need


def test_the_meeting_plan_as_built(hallingdal_build):
    from politidok.archive import arkivmelding, preflight

    text = flat_text(hallingdal_build / "moteplan-2025.pdf", "-layout")
    assert "Møteplan 2025 Politirådet i Hallingdal Møtene i politirådet" in text
    assert text.count("Dato:") == 1 and "Dato: 20.11.2025" in text  # the letterhead's, not again in the body
    assert "Dato Møte Sted Status" in text
    assert "10.02.2025 Politirådet i Gol Gol kommunehus," in text
    assert "16.09.2025 Politirådet i Flå Flå kommunehus uten referat" in text  # before the plan's date
    assert "Holdt per 20. november 2025: 6 av 7 planlagte møter." in text
    kinds = {e["path"]: e for e in json.loads((hallingdal_build / "manifest.json").read_text())["files"]}
    assert kinds["moteplan-2025.pdf"]["kind"] == "moteplan"
    xml = (hallingdal_build / "arkivmelding-moteplan-2025.xml").read_bytes()
    assert arkivmelding.validate(xml) == []
    need("java")
    [result] = preflight.validate([hallingdal_build / "moteplan-2025.pdf"])
    assert result.ok, result.errors
