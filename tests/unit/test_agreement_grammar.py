"""The agreement reads right in both målformer: subjects and adjectives agree, and «kommunen»/«kommunene»
(«kommunane») follow the number of municipalities, in templates/{nb,nn}/samarbeidsavtale.docx.

Rendered with docxtpl (no LibreOffice): Sogn (six municipalities, nynorsk), Hallingdal (six, bokmål) and
Kåfjord (one), each also in the other målform."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from conftest import ROOT

from politidok import documents
from politidok.core.options import BuildOptions
from politidok.load import load_region
from politidok.render import render_docx
from politidok.render.dumptext import dump
from politidok.render.typography import NBSP


def _text(region: str, malform: str, tmp_path: Path) -> str:
    """The agreement's body text, one line per paragraph, for `region` written in `malform`."""
    loaded = load_region(ROOT / "agreements" / region)
    politirad = loaded.avtale.politirad.model_copy(update={"malform": malform})
    loaded = dataclasses.replace(loaded, avtale=loaded.avtale.model_copy(update={"politirad": politirad}))
    todo = documents.plan(loaded, ROOT / "templates", BuildOptions(frozenset({"samarbeidsavtale"})))
    [doc] = [d for d in todo.documents if d.kind == "samarbeidsavtale"]
    assert doc.malform == malform
    out = render_docx(doc.template, doc.context, doc.info, tmp_path / f"{region}-{malform}.docx")
    return dump(out).replace(NBSP, " ").partition("\n[header")[0]  # non-breaking spaces: render.typography


# what a secretary reads wrong: (pattern, why)
WRONG = {
    "nb": [
        (r"\ber ansvarlig for\b", "two subjects: «ansvarlige»"),
        (r"\bForebyggende er\b", "a noun: «Forebygging er»"),
        (r"tilstrekkelig ressurser", "plural: «tilstrekkelige ressurser»"),
        (r"Politirådet har (fra .* )?blitt enige", "a singular subject, a plural adjective"),
        (r"etablerte kontaktledd som", "«de … kontaktleddene»"),
        (r"samordne tett videre", "no object"),
        (r"oppdatert om og inneha", "a preposition without its object"),
        (r"strategisk forpliktende", "two adjectives: «strategisk og forpliktende»"),
        (r"i året( i hver kommune)? og ad hoc", "«… og møtes ad hoc»"),
        (r"møtene som lagres", "the minutes are stored, not the meetings"),
    ],
    "nn": [
        (r"I politirådet er partane frå", "«Partane i politirådet vart … samde»"),
        (r"i året( i kvar kommune)? og ad hoc", "«… og møtest ad hoc»"),
    ],
}
PLURAL = {
    "nb": [
        (
            "Kommunene og politiet er ansvarlige for at anbefalinger i politirådet blir fulgt opp av kommunene, politiet "
            "eller andre."
        ),
        "andre områder som kommunene eller politiet legger frem",
        "Bruke kommunenes politivedtekter",
        "revisjon av kommunenes politivedtekter",
        "på lik linje med politikontaktene.",
        "Forebygging er politiets hovedstrategi, og det forebyggende arbeidet",
        "har tilstrekkelige ressurser til å inngå et tett samarbeid",
    ],
    "nn": [
        (
            "Kommunane og politiet har ansvaret for at tilrådingar frå politirådet blir følgde opp av kommunane, "
            "politiet eller andre."
        ),
        "andre område som kommunane eller politiet legg fram",
        "Bruke politivedtektene i kommunane",
        "Gå jamleg gjennom politivedtektene i kommunane",
        "på lik linje med politikontaktane.",
        "## Hovudoppgåvene til politikontakten i kommunesamarbeidet",
    ],
}
SINGULAR = {
    "nb": [
        (
            "Kommunen og politiet er ansvarlige for at anbefalinger i politirådet blir fulgt opp av kommunen, politiet "
            "eller andre."
        ),
        "Bruke kommunens politivedtekter",
        "på lik linje med politikontakten.",
    ],
    "nn": [
        (
            "Kommunen og politiet har ansvaret for at tilrådingar frå politirådet blir følgde opp av kommunen, "
            "politiet eller andre."
        ),
        "Bruke politivedtektene i kommunen",
        "på lik linje med politikontakten.",
    ],
}


@pytest.mark.parametrize("malform", ["nb", "nn"])
@pytest.mark.parametrize("region", ["sogn", "hallingdal", "kafjord"])
def test_the_agreement_reads_right_for_one_municipality_or_several(tmp_path, region, malform):
    text = _text(region, malform, tmp_path)
    one = region == "kafjord"
    for pattern, why in WRONG[malform]:
        assert not re.search(pattern, text), why
    for sentence in (SINGULAR if one else PLURAL)[malform]:
        assert sentence in text
    if not one:  # several municipalities: no sentence speaks of «the municipality» (but of «kommune» as a party)
        assert not re.search(r"\b(kommunen|kommunens|Kommunen)\b", text)
    if malform == "nb":
        assert "Partene i politirådet " in text and "Politirådet har blitt" not in text
    else:
        assert "Partane i politirådet " in text


def test_the_date_the_priority_areas_were_agreed_on(tmp_path):
    hallingdal = _text("hallingdal", "nb", tmp_path)
    assert "Partene i politirådet ble 25. oktober 2024 enige om å videreføre følgende satsingsområder:" in hallingdal
    assert "Partane i politirådet vart 25. oktober 2024 samde om å halde fram med desse satsingsområda:" in _text(
        "hallingdal", "nn", tmp_path
    )
    kafjord = _text("kafjord", "nb", tmp_path)  # no date, no continuation, no period
    assert "Partene i politirådet er enige om følgende satsingsområder:" in kafjord
    sogn = _text("sogn", "nn", tmp_path)
    assert "Partane i politirådet er samde om desse satsingsområda for perioden 2025–2026:" in sogn
