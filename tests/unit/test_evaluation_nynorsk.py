"""Issue 14, item 5: the evaluation report and its saksframlegg in nynorsk when the council writes nynorsk."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT
from pydantic import ValidationError

from politidok.context import evaluation
from politidok.context.meetings import politirad_malform
from politidok.load import load_region
from politidok.load.models import Politirad
from politidok.render.chart import chart_png

REGION = ROOT / "agreements" / "hallingdal"


@pytest.fixture(scope="module")
def region():
    return load_region(REGION)


def _with(avtale, malformer: list[str] | None = None, **politirad):
    update = {}
    if malformer is not None:
        update["kommuner"] = [k.model_copy(update={"malform": m}) for k, m in zip(avtale.kommuner, malformer)]
    if politirad:
        update["politirad"] = avtale.politirad.model_copy(update=politirad)
    return avtale.model_copy(update=update)


def test_malform_of_the_report(region):
    avtale = region.avtale
    n = len(avtale.kommuner)
    assert {k.malform for k in avtale.kommuner} == {"nb", "nn", "noytral"}
    assert politirad_malform(avtale) == "nb"  # mixed: bokmål, as before
    assert politirad_malform(_with(avtale, ["nn"] * n)) == "nn"
    assert politirad_malform(_with(avtale, ["nn"] * (n - 1) + ["nb"])) == "nb"
    # a neutral municipality counts as the council's choice for neutral ones
    assert politirad_malform(_with(avtale, ["nn"] * (n - 1) + ["noytral"])) == "nb"
    assert politirad_malform(_with(avtale, ["nn"] * (n - 1) + ["noytral"], noytral_malform="nn")) == "nn"
    # the council's own field decides over the municipalities
    assert politirad_malform(_with(avtale, malform="nn")) == "nn"
    assert politirad_malform(_with(avtale, ["nn"] * n, malform="nb")) == "nb"


def test_malform_field_is_checked():
    base = {"navn": "Politirådet i X", "region": "X", "kontaktledd": "kommunedirektøren"}
    assert Politirad.model_validate(base).malform is None
    for written, meant in (("nynorsk", "nn"), ("nn", "nn"), ("Nynorsk", "nn"), ("bokmål", "nb"), ("nb", "nb")):
        assert Politirad.model_validate({**base, "malform": written}).malform == meant
    for bad in ("noytral", "se", "nnn", 1):
        with pytest.raises(ValidationError, match=r"må være nb \(bokmål\) eller nn \(nynorsk\)"):
            Politirad.model_validate({**base, "malform": bad})


def _facts(region):
    ev = region.evalueringer[2025]
    return ev, evaluation.facts(region.avtale, region.moter, ev, region.handlingsplaner.get(2025))


def test_report_context_in_nynorsk(region):
    ev, facts = _facts(region)
    nb = evaluation.report_context(region.avtale, ev, facts, None)
    nn = evaluation.report_context(region.avtale, ev, facts, None, "nn")
    assert nb["sammendrag"]["statusliste"] == "seks er gjennomført, to pågår, ett er ikke startet og ett er utgått"
    assert nn["sammendrag"]["statusliste"] == "seks er gjennomførte, to pågår, eitt er ikkje starta og eitt er utgått"
    assert nn["sammendrag"]["ord"]["forfalt_stor"] == "Eitt" and nb["sammendrag"]["ord"]["forfalt_stor"] == "Ett"
    assert nn["sammendrag"]["ord"]["planlagt"] == "sju" and nn["lukket_ord"] == "Eitt"
    statuses = {t["status"] for o in nn["omrader"] for t in o["tiltak"]}
    assert statuses == {"gjennomført", "pågår", "ikkje starta", "utgått", "pågår – forfalle"}
    frister = " ".join(t["frist"] for o in nn["omrader"] for t in o["tiltak"])
    assert "(overhalden)" in frister and "(ikkje overhalden)" in frister and "(ikkje nådd)" in frister
    assert not re.search(r"ikke|holdt|forfalt", frister + " ".join(statuses))
    assert {h["slutt"] for h in nn["historikk"]} <= {"gjennomført", "pågår", "ikkje starta", "utgått", "vidareført"}
    assert nn["statustabell"][-1]["omrade"] == "Sum"
    # what the secretary wrote is not translated
    assert nn["utfordringer"] == nb["utfordringer"]
    assert nn["moter"] == [
        {**m, "datoer": m["datoer"].replace("(uten referat)", "(utan referat)")} for m in nb["moter"]
    ]
    assert nn["moter"][0]["datoer"] == "16.09.2025 (utan referat)"  # Flå: called, no minutes
    titles = evaluation.area_titles(region.avtale)
    alt = evaluation.chart_alt(facts, titles, "nn")
    assert "1 ikkje starta" in alt and "ikke" not in alt
    assert alt.replace("ikkje starta", "ikke startet") == evaluation.chart_alt(facts, titles)


def _drawn_texts(monkeypatch, *args) -> list[str]:
    """The texts the chart draws (legend, axis title, labels, numbers)."""
    from PIL import ImageDraw

    drawn: list[str] = []
    original = ImageDraw.ImageDraw.text

    def text(self, xy, value, *rest, **kwargs):
        drawn.append(str(value))
        return original(self, xy, value, *rest, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
    chart_png(*args)
    monkeypatch.undo()
    return drawn


def test_chart_legend_in_nynorsk(region, monkeypatch):
    _ev, facts = _facts(region)
    titles = evaluation.area_titles(region.avtale)
    nn = _drawn_texts(monkeypatch, facts, titles, "nn")
    nb = _drawn_texts(monkeypatch, facts, titles)
    assert "Tal på tiltak" in nn and "Ikkje starta" in nn and "Antall tiltak" not in nn
    assert "Antall tiltak" in nb and "Ikke startet" in nb and "Ikkje starta" not in nb


def test_case_in_nynorsk(region):
    ev, facts = _facts(region)
    sak = evaluation.sak(region.avtale, ev, facts, "nn")
    assert sak.malform == "nn"
    assert sak.tittel == "Årleg evaluering av politirådsarbeidet 2025 – Politirådet i Hallingdal"
    assert sak.ingress.startswith("Evalueringsrapporten for 2025 blir lagd fram for politirådsmøtet på Hallingtinget.")
    assert "skal evaluerast årleg i samband med" in sak.ingress
    text = sak.saksopplysninger[0].avsnitt
    assert text.startswith(
        "I 2025 vart det halde seks av sju planlagde politirådsmøte; det manglar referat frå Flå (16.09.2025)."
    )
    assert "Møta vedtok ti tiltak: seks er gjennomførte, to pågår, eitt er ikkje starta og eitt er utgått." in text
    assert text.endswith("Eitt tiltak har passert fristen utan å vere gjennomført.")
    assert "læringspunkt blir førte vidare" in sak.saksopplysninger[1].sitat
    assert sak.tilradning_overskrift == "Tilråding"  # «Tilrådning» in evaluering/2025.yaml
    assert evaluation.sak(region.avtale, ev, facts).malform == "nb"
    # one meeting, no fixed plan, nothing overdue
    one = evaluation.Facts(
        2025,
        facts.report_date,
        [a for a in facts.actions if not a.forfalt][:1],
        [evaluation.MeetingRow("Gol", 0, 1, [facts.report_date])],
        0,
        {None: Counter({facts.actions[0].status: 1})},
    )
    text = evaluation.sak(region.avtale, ev, one, "nn").saksopplysninger[0].avsnitt
    assert text == (
        "I 2025 vart det halde eitt politirådsmøte (politirådet møtest ved behov). Møtet vedtok eitt "
        "tiltak: eitt er gjennomført. Ingen tiltak har passert fristen utan å vere gjennomført."
    )
