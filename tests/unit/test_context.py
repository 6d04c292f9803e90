"""Template context: Norwegian dates, lists and signature layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from politidok.context import agreement_context, dato, maaned, signature_rows
from politidok.core.tekst import liste, slug
from politidok.load import load_agreement

ROOT = Path(__file__).resolve().parents[2]


def test_norwegian_dates():
    assert dato(date(2024, 10, 25)) == "25. oktober 2024"
    assert dato(date(2024, 10, 17), "nn") == "17. oktober 2024"
    assert maaned(date(2024, 12, 1)) == "desember 2024"


def test_list_and_slug():
    assert liste(["Flå", "Gol", "Hol"]) == "Flå, Gol og Hol"
    assert liste(["Gol"]) == "Gol"
    assert slug("Ordfører i Ål") == "ordforer_i_al"
    assert slug("Tjenesteenhetsleder") == "tjenesteenhetsleder"


def test_signature_rows_in_order_last_alone_when_odd():
    """The issue: the first signatory stood alone in the first row; now the blocks go two by two in order."""
    rows = signature_rows([{"n": i} for i in range(7)])
    assert [(r["venstre"]["n"], r["hoyre"] and r["hoyre"]["n"]) for r in rows] == [(0, 1), (2, 3), (4, 5), (6, None)]
    assert len(signature_rows([{"n": i} for i in range(4)])) == 2


def test_hallingdal_context():
    ctx = agreement_context(load_agreement(ROOT / "agreements" / "hallingdal"))
    assert ctx["kommuneliste"] == "Flå, Nesbyen, Gol, Hemsedal, Ål og Hol"
    assert ctx["medlemmer"]["faste"].startswith("ordførere, rådmenn/kommunedirektører, SLT-koordinator")
    assert ctx["tjenestetilbud"]["tjenestesteder"] == "i Nesbyen (Flå / Nesbyen politistasjon), på Gol og i Hol / Geilo"
    assert ctx["tjenestetilbud"]["kontaktpunkter"][0]["fra"] == "desember 2024"
    assert ctx["moter"]["per_kommune"] == "ett fast møte"
    titles = [c["tittel"] for r in ctx["signaturrader"] for c in (r["venstre"], r["hoyre"]) if c]
    assert titles[:2] == ["Tjenesteenhetsleder i politiet", "Ordfører i Hol"]
