"""Free text in two målformer: `{nb: …, nn: …}` for any text; each document takes its own målform's text."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import ROOT

from politidok import documents
from politidok.core.errors import InputError
from politidok.load import load_region
from politidok.load.malform import gaps, resolve
from politidok.load.values import Tospraakleg


@pytest.fixture()
def hallingdal(tmp_path):
    shutil.copytree(ROOT / "agreements" / "hallingdal", tmp_path / "hallingdal")
    return tmp_path / "hallingdal"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_text_in_both_malformer_is_read_and_resolved(hallingdal):
    meeting = hallingdal / "moter" / "2025-11-20-felles.yaml"
    title = yaml.safe_load(meeting.read_text(encoding="utf-8"))["saker"][0]["tittel"]
    _edit(meeting, f"tittel: {title}", f"tittel: {{nb: {title}, nn: Nynorsk tittel for saka}}")
    region = load_region(hallingdal)
    sak = region.moter["2025-11-20-felles"].saker[0]
    assert isinstance(sak.tittel, Tospraakleg) and str(sak.tittel) == title
    assert resolve(sak, "nn").tittel == "Nynorsk tittel for saka" and resolve(sak, "nb").tittel == title
    # the joint meeting's two invitations: each takes its own målform's title
    todo = documents.plan(region, ROOT / "templates")
    by_stem = todo.by_stem()
    nn = by_stem["innkalling-2025-11-20-felles-nn"].context["saker"][0]["tittel"]
    nb = by_stem["innkalling-2025-11-20-felles-nb"].context["saker"][0]["tittel"]
    assert (nb, nn) == (title, "Nynorsk tittel for saka")
    assert type(nn) is str  # resolved: no two-målform value reaches a template


def test_a_text_in_one_malform_only_is_a_warning_where_the_other_is_needed(hallingdal):
    _edit(hallingdal / "avtale.yaml", "  region: Hallingdal", "  region: {nb: Hallingdal}")
    region = load_region(hallingdal)
    [gap] = gaps(region, {"nb", "nn"})
    assert gap.file.endswith("avtale.yaml") and gap.field == "politirad.region"
    assert gap.line == next(
        i
        for i, line in enumerate((hallingdal / "avtale.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "region: {nb: Hallingdal}" in line
    )
    assert gap.message.startswith("teksten finnes bare på bokmål; dokumenter på nynorsk får den på bokmål")
    assert gaps(region, {"nb"}) == []  # no document in nynorsk: nothing is missing


def test_an_unknown_malform_key_is_refused_at_its_line(hallingdal):
    _edit(hallingdal / "avtale.yaml", "  region: Hallingdal", "  region: {nb: Hallingdal, en: Hallingdal}")
    _edit(hallingdal / "avtale.yaml", "navn: Politirådet i Hallingdal", "navn: {}")
    with pytest.raises(InputError) as info:
        load_region(hallingdal)
    messages = {p.field: p.message for p in info.value.problems}
    assert messages["politirad.region"] == "ukjent målform «en» (en tekst på to målformer har nøklene nb og nn)"
    assert messages["politirad.navn"].startswith("er tom")
