"""Free text in two målformer: `{nb: …, nn: …}` for any text; each document takes its own målform's text."""

from __future__ import annotations

from typing import Annotated, get_args, get_origin

import pytest
import yaml
from conftest import ROOT, copy_agreements
from pydantic import BaseModel

from politidok import documents
from politidok.build.commands import shown
from politidok.context.meetings import politirad_malform
from politidok.core.errors import InputError
from politidok.load import load_region
from politidok.load.evalmodels import Evaluering
from politidok.load.malform import FRITEKST, gaps, resolve
from politidok.load.models import Avtale, Mote, Sak
from politidok.load.planmodels import Handlingsplan
from politidok.load.values import Tospraakleg, _to_malformer


@pytest.fixture()
def hallingdal(tmp_path):
    copy_agreements(ROOT / "agreements" / "hallingdal", tmp_path / "hallingdal")
    return tmp_path / "hallingdal"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_text_in_both_malformer_is_read_and_resolved(hallingdal):
    meeting = hallingdal / "moter" / "2025-11-20-felles.yaml"
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    title = "Godkjenning av innkalling og saksliste"
    data["saker"][0]["tittel"] = {"nb": title, "nn": "Nynorsk tittel for saka"}
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
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


def test_a_bad_text_in_one_malform_is_refused_at_its_own_line(hallingdal):
    plan = hallingdal / "handlingsplan" / "2025.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("  nn: ", text.index("innledning:"))  # the introduction's nynorsk, to the next key
    plan.write_text(text[:start] + "  nn: \u2800\n\n" + text[text.index("tiltak:", start) :], encoding="utf-8")
    _edit(plan, "  - id: T-2025-01\n", "  - id: T-2025-01\n    offentlig_tekst: {nb: Patrulje, nn: 3}\n")
    with pytest.raises(InputError) as info:
        load_region(hallingdal)
    found = {(p.field, p.line): p.message for p in info.value.problems if p.file.endswith("handlingsplan/2025.yaml")}
    assert found == {
        ("innledning.nn", _line(plan, "  nn: \u2800")): "inneholder bare usynlige tegn – fyll inn tekst",
        ("tiltak[1].offentlig_tekst.nn", _line(plan, "offentlig_tekst:")): "må være tekst, ikke tall",
    }


def _warnings(folder) -> list:
    """What `politidok sjekk` warns about the region in `folder` as the text in one målform only."""
    region = load_region(folder)
    todo = documents.plan(region, ROOT / "templates")
    return gaps(region, shown(todo), politirad_malform(region.avtale))


def _line(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _by_field(found: list, file: str) -> dict:
    return {g.field: g for g in found if g.file.endswith(file)}


@pytest.mark.parametrize("region", ["hallingdal", "sogn", "kafjord", "midt-troms", "trondelag-sor"])
def test_the_example_regions_give_every_text_a_document_shows_in_its_malform(region):
    # the texts shown in both målformer (the joint meeting, the plan) are given in both; what the nynorsk
    # municipalities' documents show, in nynorsk; what the bokmål ones show (Hol's minutes), in bokmål
    assert [str(g) for g in _warnings(ROOT / "agreements" / region)] == []


def test_a_text_written_once_that_documents_in_both_malformer_show_is_a_warning(hallingdal):
    meeting = hallingdal / "moter" / "2025-11-20-felles.yaml"
    title = resolve(load_region(hallingdal).moter["2025-11-20-felles"].saker[2].tittel, "nb")
    text = meeting.read_text(encoding="utf-8")
    start = text.index("  - nummer: 3/25")
    block = text[start:]
    old = block[block.index("    tittel:") : block.index("    innleder:")]
    meeting.write_text(text[:start] + block.replace(old, f"    tittel: {title}\n", 1), encoding="utf-8")
    [gap] = _warnings(hallingdal)
    assert gap.file.endswith("moter/2025-11-20-felles.yaml") and gap.field == "saker[3].tittel"
    assert gap.line == _line(meeting, f"tittel: {title}")
    assert gap.message == (
        "teksten er skrevet bare én gang, men står i dokumenter på både bokmål (referat-2025-11-20-felles-nb, "
        "innkalling-2025-11-20-felles-nb og kalender-2025-11-20-felles) og nynorsk (referat-2025-11-20-felles-nn "
        "og innkalling-2025-11-20-felles-nn): skriv den som nb: og nn:"
    )


def test_a_text_written_once_in_a_nynorsk_municipalitys_documents_is_taken_as_the_councils(hallingdal):
    # Hallingdal writes bokmål: «Lokalt situasjonsbilde» in Gol's minutes is bokmål in a nynorsk document
    meeting = hallingdal / "moter" / "2025-02-10-gol.yaml"
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    data["saker"][1]["tittel"] = "Lokalt situasjonsbilde – ungdomsmiljøet i Gol"
    data["saker"][1]["vedtak"] = {"nn": "Politirådet tek orienteringa til etterretning."}  # marked nynorsk: fine
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [gap] = _warnings(hallingdal)
    assert (gap.field, gap.line) == ("saker[2].tittel", _line(meeting, "tittel: Lokalt situasjonsbilde"))
    assert gap.message == (
        "teksten er skrevet bare én gang og regnes som bokmål (politirådets målform), men står i dokumenter på "
        "nynorsk (referat-2025-02-10-gol, innkalling-2025-02-10-gol og kalender-2025-02-10-gol): skriv den som "
        "nb: og nn:, eller som nn: om den alt er på nynorsk"
    )


def test_a_measure_in_nynorsk_only_in_a_bokmal_municipalitys_minutes_is_a_warning(hallingdal):
    # Hol is bokmål: its minutes print T-2025-04, adopted in Ål; written in nynorsk only, Hol gets nynorsk
    plan = hallingdal / "handlingsplan" / "2025.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    [measure] = [t for t in data["tiltak"] if t["id"] == "T-2025-04"]
    measure["tiltak"] = {"nn": measure["tiltak"]["nn"]}
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = _by_field(_warnings(hallingdal), "handlingsplan/2025.yaml")
    gap = found.pop("tiltak[4].tiltak")
    assert not found  # one line per field
    assert gap.line == _line(plan, "id: T-2025-04") + 2
    assert gap.message == (
        "teksten finnes bare på nynorsk; dokumentene på bokmål (evalueringsrapport-2025, handlingsplan-2025-nb og "
        "referat-2025-04-08-hol) får den på nynorsk: legg til nb: med teksten på bokmål"
    )


def test_a_text_in_one_malform_that_no_document_in_the_other_shows_is_no_warning(hallingdal):
    # the agreement is bokmål only in Hallingdal: its texts need no nynorsk
    _edit(hallingdal / "avtale.yaml", "  region: Hallingdal", "  region: {nb: Hallingdal}")
    assert _warnings(hallingdal) == []


def test_every_text_field_is_free_text_or_a_name(hallingdal):
    # a new text field must be sorted: free text (FRITEKST, checked for both målformer) or not (names, places,
    # role titles, which core.words writes in the document's målform, references and codes)
    not_free = {
        "Navn": {"navn"},
        "Kommune": {"navn", "parallellnavn"},
        "Klassifikasjon": {"system", "klasse", "tittel"},
        "Arkiv": {"arkivdel", "var_referanse", "deres_referanse"},
        "Politienhet": {"navn", "leder", "kommuner"},
        "Politi": {"distrikt"},
        "Regionrad": {"navn"},
        "Politirad": {"navn", "sekretar", "region"},
        "Medlem": {"tittel", "kommune", "organisasjon", "navn"},
        "Tjenestested": {"sted"},
        "Kontaktpunkt": {"sted"},
        "Tjenestetilbud": {"dekning", "nettside"},
        "Moter": {"felles_sted"},
        "Signatar": {"tittel", "kommune", "navn"},
        "Logo": {"fil"},
        "Brevhode": {"sekretariat", "adresse", "telefon", "e_post"},
        "Saksgang": {"utvalg", "saksnummer"},
        "Sak": {"organ", "saksnummer", "saksbehandler"},
        "Blokk": {"kilde"},
        "Deltaker": {"tittel", "kommune", "organisasjon", "navn", "parti", "delvis"},
        "Tiltak": {"ansvarlig"},
        "Motevedlegg": {"fil", "tittel"},  # the title of the attached document, as it is written
        "Vedlegg": {"tittel"},
        "Motesak": {"innleder", "unntatt_offentlighet"},
        "Referat": {"referent"},
        "Mote": {"kommune", "sted"},
        "Vedtatt": {"mote"},
        "Plantiltak": {"ansvarlig"},
        "Evalueringssak": {"organ", "saksnummer", "saksbehandler"},
        "Plansak": {"organ", "saksnummer", "saksbehandler"},
    }
    seen: dict[str, set[str]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in seen:
            return
        seen[model.__name__] = set()
        for name, info in model.model_fields.items():
            if _tekst(info.metadata) and info.annotation in (str, str | None):  # Tekst, Langtekst
                seen[model.__name__].add(name)
            for arg in _types(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    visit(arg)
                elif arg == "tekst":  # list[Tekst]
                    seen[model.__name__].add(name)

    for model in (Avtale, Sak, Mote, Handlingsplan, Evaluering):
        visit(model)
    texts = {name: fields for name, fields in seen.items() if fields}
    for name, fields in texts.items():
        free = FRITEKST.get(name, frozenset())
        assert fields == set(free) | not_free.get(name, set()), name
        assert not set(free) & not_free.get(name, set()), name


def _tekst(metadata) -> bool:
    """Whether a type's metadata makes it a text the YAML may give in two målformer (values.Tekst, Langtekst)."""
    return any(getattr(m, "func", None) is _to_malformer for m in metadata)


def _types(annotation) -> list:
    """The models in an annotation (list[Model], Model | None …), and «tekst» for a Tekst among them."""
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return ["tekst"] if _tekst(args[1:]) else []
    return [t for a in args for t in _types(a)] if args else [annotation]
