"""Issue 14, property-based: any real council builds and reads right.

Hypothesis generates councils: 1–12 municipalities with names up to 40 characters (Sami letters, other
official names), police signatory titles up to 80 characters and names up to 60, optional facts present or
absent, bokmål or nynorsk municipalities. Each is built for real (LibreOffice, PDFBox): the agreement and
one invitation. Few examples by default (CI); `make test-councils N=50` runs more.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import ROOT, need, pdftotext, run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

EXAMPLES = int(os.environ.get("POLITIDOK_COUNCILS", "3"))
LETTERS = "abcdefghijklmnoprstuvyæøåáŋčđšŧžä"
SPRAK = ["se", "sma", "smj", "fkv"]


def _name(min_size: int, max_size: int):
    word = st.text(LETTERS, min_size=2, max_size=12).map(str.capitalize)
    return (
        st.lists(word, min_size=1, max_size=4)
        .map(lambda ws: " ".join(ws)[:max_size].strip())
        .filter(lambda s: len(s) >= min_size)
    )


@st.composite
def councils(draw) -> dict:
    n = draw(st.integers(1, 12))
    names = draw(st.lists(_name(3, 40), min_size=n, max_size=n, unique_by=str.casefold))
    kommuner = []
    for navn in names:
        entry = {"navn": navn, "malform": draw(st.sampled_from(["bokmal", "nynorsk", "noytral"]))}
        if draw(st.booleans()):
            entry["andre_navn"] = [{"navn": draw(_name(3, 40)), "sprak": draw(st.sampled_from(SPRAK))}]
        kommuner.append(entry)
    enhet = (
        draw(_name(3, 30)) + " " + draw(st.sampled_from(["lensmannsdistrikt", "driftsenhet", "politistasjonsdistrikt"]))
    )
    tittel = ("Leder i " + enhet + ", " + draw(_name(3, 60)))[:80].strip().rstrip(",")
    regionrad = draw(st.booleans()) and n > 1
    ved_behov = draw(st.booleans())
    data = {
        "politirad": {
            "navn": "Politirådet i " + draw(_name(3, 30)),
            "region": draw(_name(3, 30)),
            "kontaktledd": "kommunedirektøren",
            "koordinator": draw(st.sampled_from(["slt", "folkehelse", "ingen"])),
        },
        "kommuner": kommuner,
        "politi": {"distrikt": draw(_name(3, 20)) + " politidistrikt", "enheter": [{"navn": enhet, "leder": "leder"}]},
        "medlemmer": [
            {"tittel": "Ordfører", "kommune": "alle", "omtale": "ordføreren" if n == 1 else "ordførerne"},
            {"tittel": "Politikontakt", "organisasjon": enhet},
        ],
        "moter": {"ved_behov": True} if ved_behov else {"per_kommune": 1, "felles": 1 if n > 1 else 0},
        "gyldighet": {"evaluering": "høstmøtet"} if draw(st.booleans()) else {},
        "signering": {
            "signatarer": [
                {"tittel": tittel, "felt": "politiet", **({"navn": draw(_name(3, 60))} if draw(st.booleans()) else {})}
            ]
            + [{"tittel": "Ordfører", "kommune": k["navn"], "felt": f"ordforer_{i}"} for i, k in enumerate(kommuner)]
        },
    }
    if regionrad:
        data["regionrad"] = {"navn": "Regionrådet for " + draw(_name(3, 30))}
    elif data["moter"].get("felles"):
        data["moter"]["felles_sted"] = "rådhuset"
    if draw(st.booleans()):
        omrade = {"id": "ungdom", "tittel": "Ungdom", "beskrivelse": "Forebygge rus.\n\nOg vold."}
        data["satsingsomrader"] = {"omrader": [omrade], **({"vedtatt": "2025-01-15"} if draw(st.booleans()) else {})}
    return data


def _largest() -> dict:
    """The edge the issue names: twelve municipalities with 40-character names, an 80-character title, a 60-character name."""
    names = [(f"Čáhppesđuottar Ŋáŋŋ Šuoŧžä {i:02d} " + "a" * 40)[:40].strip() for i in range(12)]
    kommuner = [{"navn": n, "malform": "nynorsk" if i % 2 else "bokmal"} for i, n in enumerate(names)]
    title = ("Regional lensmann i Nordre Čáhppesđuottar lensmannsdistrikt, Troms politidistrikt " + "x" * 80)[
        :80
    ].strip()
    return {
        "politirad": {
            "navn": "Politirådet i Nordre Čáhppesđuottar",
            "region": "Nordre Čáhppesđuottar",
            "kontaktledd": "kommunedirektørene",
            "koordinator": "slt",
        },
        "kommuner": kommuner,
        "politi": {
            "distrikt": "Troms politidistrikt",
            "enheter": [{"navn": "Nordre Čáhppesđuottar lensmannsdistrikt", "leder": "lensmann"}],
        },
        "medlemmer": [{"tittel": "Ordfører", "kommune": "alle", "omtale": "ordførerne"}],
        "moter": {"per_kommune": 1, "felles": 1, "felles_sted": "rådhuset"},
        "gyldighet": {},
        "signering": {
            "signatarer": [{"tittel": title, "felt": "politiet", "navn": ("Ánte Máret Čuđe-Ŋuolja " * 3)[:60].strip()}]
            + [{"tittel": "Ordfører", "kommune": k["navn"], "felt": f"ordforer_{i}"} for i, k in enumerate(kommuner)]
        },
    }


def _meeting(data: dict) -> dict:
    return {
        "kommune": data["kommuner"][0]["navn"],
        "dato": "2025-03-11",
        "saker": [{"nummer": "1/25", "tittel": "Orientering", "innleder": "Ordfører"}],
    }


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def workspace():
    need("soffice", "pdftotext")
    folder = Path(tempfile.mkdtemp(prefix="politidok-councils-"))
    shutil.copytree(ROOT / "templates", folder / "templates")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="POLITIDOK_COUNCILS" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(council=councils())
@example(council=_largest())
def test_any_council_builds_and_reads_right(workspace, council):
    agreements = workspace / "agreements"
    shutil.rmtree(agreements, ignore_errors=True)
    region = agreements / "rad"
    (region / "moter").mkdir(parents=True)
    (region / "avtale.yaml").write_text(yaml.safe_dump(council, allow_unicode=True), encoding="utf-8")
    (region / "moter" / "2025-03-11.yaml").write_text(
        yaml.safe_dump(_meeting(council), allow_unicode=True), encoding="utf-8"
    )
    out = workspace / "output"
    shutil.rmtree(out, ignore_errors=True)
    proc = run_cli(
        "build",
        "rad",
        "--agreements",
        str(agreements),
        "--templates",
        str(workspace / "templates"),
        "--output",
        str(out),
        "--only",
        "samarbeidsavtale",
        "--only",
        "innkalling",
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout + yaml.safe_dump(council, allow_unicode=True)
    pdf = out / "rad" / "samarbeidsavtale.pdf"
    verified = run_cli("verify", str(pdf))
    assert verified.returncode == 0, verified.stdout + verified.stderr

    text = pdftotext(pdf)
    flat = _flat(text)
    for k in council["kommuner"]:
        assert _flat(k["navn"]) in flat
        for other in k.get("andre_navn", []):
            assert _flat(other["navn"]) in flat
    assert _flat(council["politi"]["distrikt"]) in flat
    assert _flat(council["politi"]["enheter"][0]["navn"]) in flat
    if len(council["kommuner"]) == 1:
        assert not re.search(r"\b(kommunene|kommunenes|ordførerne|hver kommune)\b", text), text

    # no page without text of its own (beyond the footer)
    reader = PdfReader(str(pdf))
    for i, page in enumerate(reader.pages):
        assert re.sub(r"Side \d+ av \d+", "", page.extract_text()).strip(), f"page {i + 1} is empty"

    # one signature field per signatory, lying over its underscore line
    signatories = council["signering"]["signatarer"]
    with pikepdf.open(pdf) as doc:
        fields = list(doc.Root.AcroForm.Fields)
        assert sorted(str(f.T) for f in fields) == sorted(s["felt"] for s in signatories)
        for f in fields:
            page_index = next(i for i, p in enumerate(doc.pages) if p.obj.objgen == f.P.objgen)
            lines = []

            def visit(t, cm, tm, _font, _size, lines=lines):
                if t.strip() and set(t.strip()) == {"_"}:
                    lines.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

            reader.pages[page_index].extract_text(visitor_text=visit)
            x0, y0 = float(f.Rect[0]), float(f.Rect[1])
            assert any(abs(x - x0) < 1 and abs(y - (y0 + 3)) < 1 for x, y in lines), (str(f.T), x0, y0, lines)
